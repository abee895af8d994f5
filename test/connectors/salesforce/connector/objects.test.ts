import { describe, expect, it } from 'vitest';
import { useSalesforce } from './harness.js';

// describeGlobal, describeSObject, retrieveSObject, getRecordByExternalId against the sandbox org.
const sf = useSalesforce();

type Result = { payload?: unknown; attributes: { statusCode: number } };
type Logged = { method: string; path: string; query: string };
const edge = () => sf.sandbox.admin.records('Account').find((a) => a.Name === 'Edge Communications')!;
const lastRequest = () => sf.sandbox.admin.requests().at(-1) as Logged;

describe('payload shapes', () => {
  it.each([
    [
      'describeGlobal',
      '{ configKey: sf }',
      '/sobjects',
      (p: Record<string, unknown>) => {
        expect(p).toMatchObject({ encoding: 'UTF-8', maxBatchSize: 200 });
        const names = (p.sobjects as { name: string }[]).map((o) => o.name);
        expect(names).toEqual(expect.arrayContaining(['Account', 'Contact', 'User']));
        expect((p.sobjects as Record<string, unknown>[])[0]).toMatchObject({ name: expect.any(String), label: expect.any(String), queryable: expect.any(Boolean), urls: expect.any(Object) });
      },
    ],
    [
      'describeSObject',
      '{ configKey: sf, sObjectName: Account }',
      '/sobjects/Account/describe',
      (p: Record<string, unknown>) => {
        expect(p).toMatchObject({ name: 'Account', label: 'Account', keyPrefix: '001', urls: expect.any(Object), childRelationships: expect.any(Array), recordTypeInfos: expect.any(Array) });
        const fields = p.fields as { name: string; type: string; externalId: boolean }[];
        expect(fields.find((f) => f.name === 'Name')).toMatchObject({ type: 'string' });
        expect(fields.find((f) => f.name === 'External_Id__c')).toMatchObject({ externalId: true });
      },
    ],
    [
      'retrieveSObject',
      () => `{ configKey: sf, sObjectName: Account, rowId: "${String(edge().Id)}" }`,
      () => `/sobjects/Account/${String(edge().Id)}`,
      (p: Record<string, unknown>) => {
        expect(p).toMatchObject({ attributes: { type: 'Account', url: expect.stringMatching(/\/sobjects\/Account\/001/) }, Id: edge().Id, Name: 'Edge Communications', Industry: 'Electronics' });
        // every field, nulls included
        expect(p).toHaveProperty('Fax', null);
      },
    ],
  ])('%s', async (op, config, path, check) => {
    const cfg = typeof config === 'function' ? config() : config;
    const { mc } = await sf.run(`- salesforce.${op}: ${cfg.replace(/ }$/, ', responseVariable: r }')}`);
    const r = mc.vars.r as Result;
    expect(r.attributes.statusCode).toBe(200);
    check(r.payload as Record<string, unknown>);
    expect(lastRequest()).toMatchObject({ method: 'GET', path: `/services/data/v60.0${typeof path === 'function' ? path() : path}` });
  });
});

describe('salesforce.retrieveSObject', () => {
  it.each([
    ['a list', '[Name, Industry]'],
    ['comma text', '"Name, Industry"'],
    ['an expression giving a list', '"${payload.fields}"'],
  ])('reads only the fields given as %s', async (_label, fields) => {
    const id = String(edge().Id);
    const { mc } = await sf.run(`- salesforce.retrieveSObject: { configKey: sf, sObjectName: Account, rowId: "${id}", fields: ${fields}, responseVariable: r }`, { payload: { fields: ['Name', 'Industry'] } });
    expect((mc.vars.r as Result).payload).toEqual({ attributes: { type: 'Account', url: expect.any(String) }, Name: 'Edge Communications', Industry: 'Electronics', Id: id });
    expect(new URLSearchParams(lastRequest().query).get('fields')).toBe('Name,Industry');
  });

  it('accepts a 15-character id and answers the 18-character one', async () => {
    const id = String(edge().Id);
    const { mc } = await sf.run(`- salesforce.retrieveSObject: { configKey: sf, sObjectName: Account, rowId: "${id.slice(0, 15)}", fields: Name, responseVariable: r }`);
    expect((mc.vars.r as Result).payload).toMatchObject({ Id: id, Name: 'Edge Communications' });
  });

  it('an unknown id is NOT_FOUND (404): a fault, or the variable with failOnError: false', async () => {
    const faulted = await sf.run('- salesforce.retrieveSObject: { configKey: sf, sObjectName: Account, rowId: 001000000000000AAA }');
    expect(faulted.mc.error).toMatchObject({ code: 'NOT_FOUND', status: 404, detail: [{ errorCode: 'NOT_FOUND' }] });
    expect(faulted.response.status).toBe(404);
    expect(faulted.json).toEqual([{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
    const kept = await sf.run('- salesforce.retrieveSObject: { configKey: sf, sObjectName: Account, rowId: 001000000000000AAA, responseVariable: r, failOnError: false }');
    expect(kept.mc.vars.r).toMatchObject({ attributes: { statusCode: 404 }, payload: [{ errorCode: 'NOT_FOUND' }] });
  });

  it('encodes the id as one path segment', async () => {
    const { mc } = await sf.run('- salesforce.retrieveSObject: { configKey: sf, sObjectName: Account, rowId: "${payload.id}" }', { payload: { id: 'x/../../limits?y=1' } });
    expect(lastRequest().path).toBe('/services/data/v60.0/sobjects/Account/x%2F..%2F..%2Flimits%3Fy%3D1');
    expect(mc.error).toMatchObject({ status: 404 });
  });

  it('an unknown field in fields is INVALID_FIELD (400)', async () => {
    const { mc } = await sf.run(`- salesforce.retrieveSObject: { configKey: sf, sObjectName: Account, rowId: "${String(edge().Id)}", fields: [Name, Nope__c] }`);
    expect(mc.error).toMatchObject({ code: 'INVALID_FIELD', status: 400 });
  });
});

describe('salesforce.describeSObject', () => {
  it('an unknown object is a fault with Salesforce’s code', async () => {
    const { mc } = await sf.run('- salesforce.describeSObject: { configKey: sf, sObjectName: Nope__c }');
    expect(mc.error).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  it.each([
    ['a missing sObjectName', '{ configKey: sf }', /missing required parameter 'sObjectName'/],
    ['an unknown parameter', '{ configKey: sf, sObjectName: Account, sobject: Account }', /sobject/],
    ['a configKey naming no connection', '{ configKey: nope, sObjectName: Account }', /connection 'nope' is not defined/],
  ])('reports %s at load', async (_label, config, message) => {
    await expect(sf.run(`- salesforce.describeSObject: ${config}`)).rejects.toThrow(message);
  });
});

describe('salesforce.getRecordByExternalId', () => {
  it.each([
    ['all fields', '', (p: Record<string, unknown>) => expect(p).toMatchObject({ Name: 'Ext Co', External_Id__c: 'EXT-42', Fax: null })],
    ['a fields list', ', fields: [Name]', (p: Record<string, unknown>) => expect(Object.keys(p).sort()).toEqual(['Id', 'Name', 'attributes'])],
  ])('reads the record by its external id (%s)', async (_label, extra, check) => {
    if (!sf.sandbox.admin.records('Account').some((a) => a.External_Id__c === 'EXT-42')) {
      await sf.run('- salesforce.create: { configKey: sf, sObjectName: Account, fieldAndValue: { Name: Ext Co, External_Id__c: EXT-42 } }');
    }
    const { mc } = await sf.run(`- salesforce.getRecordByExternalId: { configKey: sf, sObjectName: Account, externalIDField: External_Id__c, value: EXT-42${extra}, responseVariable: r }`);
    const r = mc.vars.r as Result;
    expect(r.attributes.statusCode).toBe(200);
    expect(r.payload).toMatchObject({ attributes: { type: 'Account' }, Id: expect.stringMatching(/^001/) });
    check(r.payload as Record<string, unknown>);
    expect(lastRequest().path).toBe('/services/data/v60.0/sobjects/Account/External_Id__c/EXT-42');
  });

  it('a value matching several records is the fault MULTIPLE_CHOICES (300) with the record URLs', async () => {
    await sf.run(`- salesforce.createBulk: { configKey: sf, sObjectName: Contact, fieldAndValue: { records: [
    { attributes: { type: Contact, referenceId: a }, LastName: Same, Email: same@example.com },
    { attributes: { type: Contact, referenceId: b }, LastName: Same, Email: same@example.com } ] } }`);
    const { mc, response, json } = await sf.run('- salesforce.getRecordByExternalId: { configKey: sf, sObjectName: Contact, externalIDField: Email, value: same@example.com }');
    expect(mc.error).toMatchObject({ code: 'MULTIPLE_CHOICES', status: 300, message: 'the external id matches 2 records' });
    expect(response.status).toBe(300);
    expect(json).toEqual([expect.stringMatching(/^\/services\/data\/v60\.0\/sobjects\/Contact\/003/), expect.stringMatching(/^\/services\/data\/v60\.0\/sobjects\/Contact\/003/)]);
  });

  it.each([
    ['no record holds the value', 'External_Id__c', 'NO-SUCH', 'NOT_FOUND'],
    ['the field is not an external id', 'Nope__c', 'x', 'NOT_FOUND'],
  ])('%s: a 404 fault', async (_label, field, value, code) => {
    const { mc } = await sf.run(`- salesforce.getRecordByExternalId: { configKey: sf, sObjectName: Account, externalIDField: ${field}, value: ${value} }`);
    expect(mc.error).toMatchObject({ code, status: 404 });
  });
});
