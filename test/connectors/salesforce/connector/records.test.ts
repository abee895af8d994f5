import { describe, expect, it } from 'vitest';
import { useSalesforce } from './harness.js';

// create, update, upsert, delete, getDeleted, getUpdated, createBulk, createTree against the
// sandbox org over real HTTP.
const sf = useSalesforce();

type Result = { payload?: unknown; attributes: { statusCode: number } };
const json = (value: unknown) => JSON.stringify(value);
const accounts = () => sf.sandbox.admin.records('Account');
const account = (id: string) => accounts().find((r) => r.Id === id);

/** Create an Account through the sandbox's REST API (setup for update/delete tests). */
async function newAccount(fields: Record<string, unknown>): Promise<string> {
  const { mc } = await sf.run(`- salesforce.create: { configKey: sf, sObjectName: Account, fieldAndValue: ${json(fields)}, responseVariable: r }`);
  return ((mc.vars.r as Result).payload as { id: string }).id;
}

/** A date-time in ISO-8601 with a +05:30 offset, like WSO2's samples. */
function withOffset(ms: number): string {
  return new Date(ms + 5.5 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, '+05:30');
}

describe('salesforce.create', () => {
  it.each([
    ['an object', '{ Name: Engineers, Description: "This Account belongs to WSO2" }'],
    ['text holding JSON (MI style)', `'{"Name":"Engineers","Description":"This Account belongs to WSO2"}'`],
    ['an expression', '"${payload.account}"'],
  ])('creates from %s, and retrieveSObject reads it back', async (_label, fieldAndValue) => {
    const input = { payload: { account: { Name: 'Engineers', Description: 'This Account belongs to WSO2' } } };
    const { mc } = await sf.run(
      `- salesforce.create: { configKey: sf, sObjectName: Account, fieldAndValue: ${fieldAndValue}, responseVariable: created }
- salesforce.retrieveSObject: { configKey: sf, sObjectName: Account, rowId: "\${vars.created.payload.id}", responseVariable: read }`,
      input,
    );
    const created = mc.vars.created as Result;
    expect(created.attributes.statusCode).toBe(201);
    expect(created.payload).toEqual({ id: expect.stringMatching(/^001[A-Za-z0-9]{15}$/), success: true, errors: [] });
    const id = (created.payload as { id: string }).id;
    const read = mc.vars.read as Result;
    expect(read.attributes.statusCode).toBe(200);
    expect(read.payload).toMatchObject({ attributes: { type: 'Account' }, Id: id, Name: 'Engineers', Description: 'This Account belongs to WSO2' });
    // the message body was left alone (responseVariable without overwriteBody)
    expect(mc.payload).toEqual(input.payload);
    expect(account(id)).toMatchObject({ Name: 'Engineers' });
  });

  it('without responseVariable the answer replaces the body (MI legacy)', async () => {
    const { response, json: body } = await sf.run('- salesforce.create: { configKey: sf, sObjectName: Contact, fieldAndValue: { LastName: Evans } }');
    expect(response.status).toBe(201);
    expect(body).toEqual({ id: expect.stringMatching(/^003/), success: true, errors: [] });
  });

  describe('a validation error (REQUIRED_FIELD_MISSING)', () => {
    const salesforceError = [{ message: 'Required fields are missing: [Name]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Name'] }];

    it('is a fault whose ${error.code}, ${error.status} and ${error.detail} are Salesforce’s', async () => {
      const { response, json: body } = await sf.run('- sequence: guarded', {}, {
        'sequences/guarded.yaml': `name: guarded
steps:
  - salesforce.create: { configKey: sf, sObjectName: Account, fieldAndValue: { Description: no name } }
onError:
  - respond: { status: 422, body: { code: "\${error.code}", status: "\${error.status}", detail: "\${error.detail}", message: "\${error.message}" } }
`,
      });
      expect(response.status).toBe(422);
      expect(body).toEqual({ code: 'REQUIRED_FIELD_MISSING', status: 400, detail: salesforceError, message: 'Required fields are missing: [Name]' });
    });

    it('unhandled, the default fault answer passes Salesforce’s status and body through', async () => {
      const { mc, response, json: body } = await sf.run('- salesforce.create: { configKey: sf, sObjectName: Account, fieldAndValue: {} }');
      expect(mc.error).toMatchObject({ code: 'REQUIRED_FIELD_MISSING', status: 400, detail: salesforceError });
      expect(response.status).toBe(400);
      expect(body).toEqual(salesforceError);
    });

    it('with failOnError: false stays in the variable for the flow to branch on', async () => {
      const { mc } = await sf.run('- salesforce.create: { configKey: sf, sObjectName: Account, fieldAndValue: {}, responseVariable: r, failOnError: false }');
      expect(mc.error).toBeNull();
      expect(mc.vars.r).toMatchObject({ payload: salesforceError, attributes: { statusCode: 400 } });
    });
  });

  it.each([
    ['a JSON array', `'[{"Name":"x"}]'`],
    ['text that is not JSON', 'not json'],
  ])('refuses fieldAndValue holding %s before calling Salesforce', async (_label, value) => {
    sf.sandbox.admin.clearRequests();
    const { mc } = await sf.run(`- salesforce.create: { configKey: sf, sObjectName: Account, fieldAndValue: ${value} }`);
    expect(mc.error).toMatchObject({ code: 'FERRY_ERR_CONNECTOR_PARAMS', status: 400, message: 'fieldAndValue must be a JSON object or text holding one' });
    expect(sf.sandbox.admin.requests().filter((r) => (r as { method: string }).method === 'POST' && String((r as { path: string }).path).includes('/sobjects'))).toEqual([]);
  });

  it.each([
    ['a missing fieldAndValue', '{ configKey: sf, sObjectName: Account }', /missing required parameter 'fieldAndValue'/],
    ['an sObjectName that is no API name', '{ configKey: sf, sObjectName: "Account/x", fieldAndValue: {} }', /salesforce\.create: sObjectName: must match pattern/],
    ['a fieldAndValue of the wrong type', '{ configKey: sf, sObjectName: Account, fieldAndValue: 5 }', /salesforce\.create: fieldAndValue: must be object/],
  ])('reports %s at load', async (_label, config, message) => {
    await expect(sf.run(`- salesforce.create: ${config}`)).rejects.toThrow(message);
  });
});

describe('salesforce.update', () => {
  it.each([
    ['an 18-character id', (id: string) => id],
    ['a 15-character id', (id: string) => id.slice(0, 15)],
  ])('changes the record by %s and answers 204 with a null payload', async (_label, idOf) => {
    const id = await newAccount({ Name: 'Before' });
    const { mc } = await sf.run(`- salesforce.update: { configKey: sf, sObjectName: Account, Id: "${idOf(id)}", fieldAndValue: { Name: After, Industry: Energy }, responseVariable: r }`);
    expect(mc.vars.r).toMatchObject({ payload: null, attributes: { statusCode: 204 } });
    expect(account(id)).toMatchObject({ Name: 'After', Industry: 'Energy' });
  });

  it.each([
    ['an unknown id', '001000000000000AAA', 'NOT_FOUND', 404],
    ['an invalid field', null, 'INVALID_FIELD', 400],
  ])('faults on %s', async (_label, fixedId, code, status) => {
    const id = fixedId ?? (await newAccount({ Name: 'Target' }));
    const fields = fixedId ? '{ Name: x }' : '{ NoSuchField__c: x }';
    const { mc, response } = await sf.run(`- salesforce.update: { configKey: sf, sObjectName: Account, Id: "${id}", fieldAndValue: ${fields} }`);
    expect(mc.error).toMatchObject({ code, status });
    expect(response.status).toBe(status);
  });
});

describe('salesforce.upsert', () => {
  it.each([
    ['a text value', 'ext-1', '"ext-1"'],
    ['a number (WSO2 sample Id=15222)', '15222', '15222'],
  ])('by %s: first created (201, created true), then updated (200, created false)', async (_label, value, literal) => {
    const step = (name: string) => `- salesforce.upsert: { configKey: sf, sObjectName: Account, externalIDField: External_Id__c, Id: ${literal}, fieldAndValue: { Name: ${name} }, responseVariable: r }`;
    const first = await sf.run(step('john'));
    expect(first.mc.vars.r).toMatchObject({ attributes: { statusCode: 201 }, payload: { id: expect.stringMatching(/^001/), success: true, errors: [], created: true } });
    const id = ((first.mc.vars.r as Result).payload as { id: string }).id;
    const second = await sf.run(step('johnny'));
    expect(second.mc.vars.r).toMatchObject({ attributes: { statusCode: 200 }, payload: { id, success: true, errors: [], created: false } });
    expect(accounts().filter((a) => a.External_Id__c === value)).toEqual([expect.objectContaining({ Id: id, Name: 'johnny' })]);
  });

  it('a value matching several records is the fault MULTIPLE_CHOICES with the record URLs', async () => {
    const email = 'twin@example.com';
    await sf.run(`- salesforce.createBulk: { configKey: sf, sObjectName: Contact, fieldAndValue: { records: [
    { attributes: { type: Contact, referenceId: t1 }, LastName: One, Email: ${email} },
    { attributes: { type: Contact, referenceId: t2 }, LastName: Two, Email: ${email} } ] } }`);
    const { mc, response, json: body } = await sf.run(`- salesforce.upsert: { configKey: sf, sObjectName: Contact, externalIDField: Email, Id: "${email}", fieldAndValue: { LastName: Three } }`);
    expect(mc.error).toMatchObject({ code: 'MULTIPLE_CHOICES', status: 300, detail: [expect.stringMatching(/\/sobjects\/Contact\/003/), expect.stringMatching(/\/sobjects\/Contact\/003/)] });
    expect(response.status).toBe(300);
    expect(body).toEqual((mc.error as { detail: unknown }).detail);
  });

  it('an unknown external-id field is NOT_FOUND (404)', async () => {
    const { mc } = await sf.run('- salesforce.upsert: { configKey: sf, sObjectName: Account, externalIDField: Nope__c, Id: x, fieldAndValue: { Name: x } }');
    expect(mc.error).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });
});

describe('salesforce.delete', () => {
  it.each([['idToDelete'], ['Id']])('deletes by %s (204, null payload); the record is gone', async (param) => {
    const id = await newAccount({ Name: 'Doomed' });
    const { mc } = await sf.run(`- salesforce.delete: { configKey: sf, sObjectName: Account, ${param}: "${id}", responseVariable: r }`);
    expect(mc.vars.r).toMatchObject({ payload: null, attributes: { statusCode: 204 } });
    expect(account(id)).toBeUndefined();
    expect(sf.sandbox.admin.records('Account', true).find((r) => r.Id === id)).toBeDefined();
  });

  it('deleting twice: ENTITY_IS_DELETED (404) as a fault, or kept with failOnError: false', async () => {
    const id = await newAccount({ Name: 'Twice' });
    await sf.run(`- salesforce.delete: { configKey: sf, sObjectName: Account, idToDelete: "${id}" }`);
    const faulted = await sf.run(`- salesforce.delete: { configKey: sf, sObjectName: Account, idToDelete: "${id}" }`);
    expect(faulted.mc.error).toMatchObject({ code: 'ENTITY_IS_DELETED', status: 404 });
    const kept = await sf.run(`- salesforce.delete: { configKey: sf, sObjectName: Account, Id: "${id}", responseVariable: r, failOnError: false }`);
    expect(kept.mc.vars.r).toMatchObject({ attributes: { statusCode: 404 }, payload: [{ errorCode: 'ENTITY_IS_DELETED' }] });
  });

  it('naming both idToDelete and its alias Id is a load error', async () => {
    await expect(sf.run('- salesforce.delete: { configKey: sf, sObjectName: Account, idToDelete: a, Id: b }')).rejects.toThrow(/idToDelete and Id are the same parameter; give one/);
  });
});

describe('salesforce.getDeleted / getUpdated', () => {
  it.each([
    ['start/end', 'start', 'end'],
    ['startTime/endTime (WSO2 docs)', 'startTime', 'endTime'],
  ])('report the window’s changes with %s, and the values reach the query string', async (_label, startName, endName) => {
    const changed = await newAccount({ Name: 'Changed' });
    const removed = await newAccount({ Name: 'Removed' });
    await sf.run(`- salesforce.delete: { configKey: sf, sObjectName: Account, idToDelete: "${removed}" }`);
    // Salesforce covers whole minutes up to the current one: move the org on so they count
    sf.sandbox.admin.advanceClock(120_000);
    const start = withOffset(Date.now() - 3_600_000);
    const end = withOffset(Date.now() + 86_400_000);
    sf.sandbox.admin.clearRequests();
    const { mc } = await sf.run(`- salesforce.getUpdated: { configKey: sf, sObjectName: Account, ${startName}: "${start}", ${endName}: "${end}", responseVariable: updated }
- salesforce.getDeleted: { configKey: sf, sObjectName: Account, ${startName}: "${start}", ${endName}: "${end}", responseVariable: deleted }`);
    const updated = mc.vars.updated as Result;
    expect(updated.attributes.statusCode).toBe(200);
    expect(updated.payload).toEqual({ ids: expect.arrayContaining([changed]), latestDateCovered: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000\+0000$/) });
    const deleted = mc.vars.deleted as Result;
    expect(deleted.attributes.statusCode).toBe(200);
    expect(deleted.payload).toEqual({
      deletedRecords: expect.arrayContaining([{ id: removed, deletedDate: expect.any(String) }]),
      earliestDateAvailable: expect.any(String),
      latestDateCovered: expect.any(String),
    });
    const queries = sf.sandbox.admin.requests().filter((r) => /\/(updated|deleted)\/$/.test((r as { path: string }).path)) as { query: string }[];
    expect(queries.map((r) => new URLSearchParams(r.query).get('start'))).toEqual([start, start]);
    expect(queries.map((r) => new URLSearchParams(r.query).get('end'))).toEqual([end, end]);
  });

  it('a window that runs backwards is INVALID_REPLICATION_DATE (400)', async () => {
    const { mc } = await sf.run(`- salesforce.getUpdated: { configKey: sf, sObjectName: Account, start: "${withOffset(Date.now())}", end: "${withOffset(Date.now() - 3_600_000)}" }`);
    expect(mc.error).toMatchObject({ code: 'INVALID_REPLICATION_DATE', status: 400 });
  });

  it('a date that is not ISO-8601 is caught at load, or before the call when computed', async () => {
    await expect(sf.run('- salesforce.getDeleted: { configKey: sf, sObjectName: Account, start: yesterday, end: "2015-10-10T20:30:30+05:30" }')).rejects.toThrow(/main\.yaml:3:\d+ FERRY_ERR_ARTIFACT_SCHEMA salesforce\.getDeleted: start: must match pattern/);
    const { mc } = await sf.run('- salesforce.getDeleted: { configKey: sf, sObjectName: Account, start: "${payload.from}", end: "2015-10-10T20:30:30+05:30" }', { payload: { from: '10/05/2015' } });
    expect(mc.error).toMatchObject({ code: 'FERRY_ERR_CONNECTOR_PARAMS' });
  });
});

describe('salesforce.createBulk / createTree (POST /composite/tree)', () => {
  it.each([
    [
      'createBulk (WSO2 sample: two Accounts)',
      'createBulk',
      { records: [
        { attributes: { type: 'Account', referenceId: 'ref1' }, name: 'wso2', phone: '1111111', website: 'www.salesforce1.com' },
        { attributes: { type: 'Account', referenceId: 'ref2' }, name: 'slwso2', phone: '22222222', website: 'www.salesforce2.com' },
      ] },
      ['ref1', 'ref2'],
    ],
    [
      'createTree (nested Contacts)',
      'createTree',
      { records: [
        { attributes: { type: 'Account', referenceId: 'acc1' }, Name: 'SampleAccount1', Contacts: { records: [
          { attributes: { type: 'Contact', referenceId: 'c1' }, LastName: 'Smith' },
          { attributes: { type: 'Contact', referenceId: 'c2' }, LastName: 'Evans' },
        ] } },
      ] },
      ['acc1', 'c1', 'c2'],
    ],
  ])('%s → 201 {hasErrors: false, results}', async (_label, op, body, refs) => {
    const { mc } = await sf.run(`- salesforce.${op}: { configKey: sf, sObjectName: Account, fieldAndValue: ${json(body)}, responseVariable: r }`);
    const r = mc.vars.r as Result;
    expect(r.attributes.statusCode).toBe(201);
    const payload = r.payload as { hasErrors: boolean; results: { referenceId: string; id: string }[] };
    expect(payload.hasErrors).toBe(false);
    expect(payload.results.map((x) => x.referenceId)).toEqual(refs);
    for (const x of payload.results) expect(x.id).toMatch(/^00[13][A-Za-z0-9]{15}$/);
    if (op === 'createTree') {
      const accountId = payload.results[0]!.id;
      const contacts = sf.sandbox.admin.records('Contact').filter((c) => c.AccountId === accountId);
      expect(contacts.map((c) => c.LastName).sort()).toEqual(['Evans', 'Smith']);
    } else {
      expect(accounts().filter((a) => a.Name === 'wso2' || a.Name === 'slwso2')).toHaveLength(2);
    }
  });

  it('an invalid record fails the whole tree: status 400 and Salesforce’s {hasErrors, results} in ${error.detail}, or in the variable', async () => {
    const body = { records: [
      { attributes: { type: 'Account', referenceId: 'good' }, Name: 'Tree Good' },
      { attributes: { type: 'Account', referenceId: 'bad' }, Description: 'no name' },
    ] };
    const before = accounts().length;
    const faulted = await sf.run(`- salesforce.createTree: { configKey: sf, sObjectName: Account, fieldAndValue: ${json(body)} }`);
    expect(faulted.mc.error).toMatchObject({ status: 400, detail: { hasErrors: true, results: [{ referenceId: 'bad', errors: [{ statusCode: 'REQUIRED_FIELD_MISSING' }] }] } });
    expect(faulted.response.status).toBe(400);
    const kept = await sf.run(`- salesforce.createTree: { configKey: sf, sObjectName: Account, fieldAndValue: ${json(body)}, responseVariable: r, failOnError: false }`);
    expect(kept.mc.vars.r).toMatchObject({ attributes: { statusCode: 400 }, payload: { hasErrors: true } });
    expect(accounts().length).toBe(before);
  });

  it('fieldAndValue without records: a load error as a literal, a parameter fault as text', async () => {
    await expect(sf.run('- salesforce.createTree: { configKey: sf, sObjectName: Account, fieldAndValue: { Name: x } }')).rejects.toThrow(/missing required property 'records'/);
    const { mc } = await sf.run(`- salesforce.createBulk: { configKey: sf, sObjectName: Account, fieldAndValue: '{"Name":"x"}' }`);
    expect(mc.error).toMatchObject({ code: 'FERRY_ERR_CONNECTOR_PARAMS', message: 'fieldAndValue must hold a records array' });
  });
});
