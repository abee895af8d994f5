import { describe, expect, it } from 'vitest';
import { useSalesforce } from './harness.js';

const sf = useSalesforce();

type Result = { payload?: unknown; attributes: Record<string, unknown> };
const v = (out: { mc: { vars: Record<string, unknown> } }, name = 'r') => out.mc.vars[name] as Result;
const accounts = () => sf.sandbox.admin.records('Account') as Record<string, unknown>[];
const byName = (name: string) => accounts().find((a) => a.Name === name);
const ok = { id: expect.stringMatching(/^001\w{15}$/), success: true, errors: [] };

/** The last call that reached the sandbox below /composite/sobjects. */
function lastCall(): { method: string; path: string; query: string; body: string | null } {
  const calls = sf.sandbox.admin.requests() as { method: string; path: string; query: string; body: string | null }[];
  return [...calls].reverse().find((c) => c.path.includes('/composite/sobjects'))!;
}

describe('createRecords', () => {
  it.each([
    ['records with attributes.type', '[{ attributes: { type: Account }, Name: Coll A1 }, { attributes: { type: Account }, Name: Coll A2 }]', '', ['Coll A1', 'Coll A2']],
    ['sObjectName filling attributes.type', '[{ Name: Coll B1 }, { Name: Coll B2, attributes: {} }]', ', sObjectName: Account', ['Coll B1', 'Coll B2']],
  ])('%s → one {id, success, errors} per record, in order', async (_name, records, extra, names) => {
    const out = await sf.run(`- salesforce.createRecords: { configKey: sf, records: ${records}${extra}, responseVariable: r }`);
    expect(v(out).attributes.statusCode).toBe(200);
    expect(v(out).payload).toEqual([ok, ok]);
    const ids = (v(out).payload as { id: string }[]).map((r) => r.id);
    expect(names.map((n) => byName(n)?.Id)).toEqual(ids);
    expect(lastCall()).toMatchObject({ method: 'POST', path: '/services/data/v60.0/composite/sobjects' });
    expect(JSON.parse(lastCall().body!)).toMatchObject({ allOrNone: false, records: [{ attributes: { type: 'Account' } }, { attributes: { type: 'Account' } }] });
  });

  it('a failed record is data, not a fault: success false and no id (allOrNone false)', async () => {
    const out = await sf.run('- salesforce.createRecords: { configKey: sf, sObjectName: Account, records: [{ Name: Coll C1 }, { Description: no name }], responseVariable: r }');
    expect(out.mc.error).toBeNull();
    expect(v(out).payload).toEqual([ok, { success: false, errors: [{ statusCode: 'REQUIRED_FIELD_MISSING', message: expect.any(String), fields: ['Name'] }] }]);
    expect(byName('Coll C1')).toBeDefined();
  });

  it('allOrNone true rolls the good records back (given as text "true", as MI passes it)', async () => {
    const out = await sf.run('- salesforce.createRecords: { configKey: sf, sObjectName: Account, allOrNone: "${vars.all}", records: [{ Name: Coll D1 }, { Description: no name }], responseVariable: r }', { vars: { all: 'true' } });
    const [first, second] = v(out).payload as { success: boolean; errors: { statusCode: string }[] }[];
    expect(first).toMatchObject({ success: false, errors: [{ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK' }] });
    expect(second).toMatchObject({ success: false, errors: [{ statusCode: 'REQUIRED_FIELD_MISSING' }] });
    expect(byName('Coll D1')).toBeUndefined();
    expect(JSON.parse(lastCall().body!)).toMatchObject({ allOrNone: true });
  });

  it('more than 200 records → FERRY_ERR_CONNECTOR_PARAMS before any call', async () => {
    sf.sandbox.admin.clearRequests();
    const records = Array.from({ length: 201 }, (_, i) => ({ Name: `Too many ${i}` }));
    const out = await sf.run('- salesforce.createRecords: { configKey: sf, sObjectName: Account, records: "${payload.records}" }', { payload: { records } });
    expect(out.mc.error).toMatchObject({ code: 'FERRY_ERR_CONNECTOR_PARAMS', status: 400, message: expect.stringContaining('must NOT have more than 200 items') });
    expect(sf.sandbox.admin.requests()).toEqual([]);
  });

  it.each([
    ['no records at all', 'sObjectName: Account'],
    ['an empty list', 'records: []'],
    ['records as a number', 'records: 5'],
  ])('%s is a load error', async (_name, params) => {
    await expect(sf.run(`- salesforce.createRecords: { configKey: sf, ${params} }`)).rejects.toThrow(/FERRY_ERR_ARTIFACT_SCHEMA/);
  });

  it('a record of an unknown type is a per-record INVALID_TYPE', async () => {
    const out = await sf.run('- salesforce.createRecords: { configKey: sf, records: [{ attributes: { type: Nope }, Name: x }], responseVariable: r }');
    expect(v(out).payload).toEqual([{ success: false, errors: [expect.objectContaining({ statusCode: 'INVALID_TYPE' })] }]);
  });
});

describe('updateRecords, upsertRecords, deleteRecords, retrieveRecords', () => {
  /** Create accounts through the sandbox's own collections and return their ids. */
  async function make(...names: string[]): Promise<string[]> {
    const out = await sf.run('- salesforce.createRecords: { configKey: sf, sObjectName: Account, records: "${payload}", responseVariable: r }', { payload: names.map((Name) => ({ Name })) });
    return (v(out).payload as { id: string }[]).map((r) => r.id);
  }

  it('updateRecords: PATCH with each record’s Id', async () => {
    const [a, b] = await make('Upd 1', 'Upd 2');
    const out = await sf.run('- salesforce.updateRecords: { configKey: sf, sObjectName: Account, records: "${payload}", responseVariable: r }', {
      payload: [{ Id: a, Industry: 'Energy' }, { id: b, Industry: 'Apparel' }],
    });
    expect(v(out).payload).toEqual([{ ...ok, id: a }, { ...ok, id: b }]);
    expect(lastCall()).toMatchObject({ method: 'PATCH', path: '/services/data/v60.0/composite/sobjects' });
    expect([byName('Upd 1')?.Industry, byName('Upd 2')?.Industry]).toEqual(['Energy', 'Apparel']);
  });

  it('updateRecords: a malformed id fails its record only', async () => {
    const [a] = await make('Upd 3');
    const out = await sf.run('- salesforce.updateRecords: { configKey: sf, sObjectName: Account, records: "${payload}", responseVariable: r }', { payload: [{ Id: a, Phone: '1' }, { Id: 'nope', Phone: '2' }] });
    expect(v(out).payload).toEqual([{ ...ok, id: a }, { success: false, errors: [expect.objectContaining({ statusCode: 'MALFORMED_ID' })] }]);
  });

  it('upsertRecords: created true for new, false for existing external ids', async () => {
    const steps = '- salesforce.upsertRecords: { configKey: sf, sObjectName: Account, externalIDField: External_Id__c, records: "${payload}", responseVariable: r }';
    const first = await sf.run(steps, { payload: [{ External_Id__c: 'EXT-1', Name: 'Ups 1' }] });
    expect(v(first).payload).toEqual([{ ...ok, created: true }]);
    const second = await sf.run(steps, { payload: [{ External_Id__c: 'EXT-1', Name: 'Ups 1 renamed' }, { External_Id__c: 'EXT-2', Name: 'Ups 2' }] });
    expect(v(second).payload).toEqual([
      { ...ok, id: (v(first).payload as { id: string }[])[0]!.id, created: false },
      { ...ok, created: true },
    ]);
    expect(lastCall()).toMatchObject({ method: 'PATCH', path: '/services/data/v60.0/composite/sobjects/Account/External_Id__c' });
    expect(byName('Ups 1 renamed')).toMatchObject({ External_Id__c: 'EXT-1' });
  });

  it('upsertRecords: an unknown external-id field is a fault with Salesforce’s code', async () => {
    const out = await sf.run('- salesforce.upsertRecords: { configKey: sf, sObjectName: Account, externalIDField: Nope__c, records: [{ Name: x }] }');
    expect(out.mc.error).toMatchObject({ code: 'NOT_FOUND', status: 404, detail: [expect.objectContaining({ errorCode: 'NOT_FOUND' })] });
    expect(out.response.status).toBe(404);
  });

  it('upsertRecords: sObjectName must be an API name (load error)', async () => {
    await expect(sf.run('- salesforce.upsertRecords: { configKey: sf, sObjectName: "Account/../x", externalIDField: Id, records: [{ Name: x }] }')).rejects.toThrow(/FERRY_ERR_ARTIFACT_SCHEMA/);
  });

  it.each([
    ['a list', (ids: string[]) => ids],
    ['comma text', (ids: string[]) => ` ${ids.join(' , ')} `],
  ])('deleteRecords with ids as %s', async (_name, form) => {
    const ids = await make('Del 1', 'Del 2');
    const out = await sf.run('- salesforce.deleteRecords: { configKey: sf, ids: "${payload.ids}", allOrNone: true, responseVariable: r }', { payload: { ids: form(ids) } });
    expect(v(out).payload).toEqual(ids.map((id) => ({ ...ok, id })));
    const call = lastCall();
    expect(call).toMatchObject({ method: 'DELETE', path: '/services/data/v60.0/composite/sobjects' });
    expect(Object.fromEntries(new URLSearchParams(call.query))).toEqual({ ids: ids.join(','), allOrNone: 'true' });
    expect(byName('Del 1')).toBeUndefined();
  });

  it('deleteRecords: deleting again fails per record (ENTITY_IS_DELETED)', async () => {
    const [id] = await make('Del 3');
    await sf.run('- salesforce.deleteRecords: { configKey: sf, ids: ["${vars.id}"] }', { vars: { id } });
    const out = await sf.run('- salesforce.deleteRecords: { configKey: sf, ids: ["${vars.id}"], responseVariable: r }', { vars: { id } });
    expect(v(out).payload).toEqual([{ success: false, errors: [expect.objectContaining({ statusCode: 'ENTITY_IS_DELETED' })] }]);
  });

  it.each([
    ['201 ids as a list', Array.from({ length: 201 }, (_, i) => `001000000000${String(i).padStart(3, '0')}`), 'must NOT have more than 200 items'],
    ['201 ids as comma text', Array.from({ length: 201 }, (_, i) => `001000000000${String(i).padStart(3, '0')}`).join(','), 'holds 201 entries; at most 200'],
    ['only commas', ',,', 'ids is empty'],
    ['an id with a comma inside a list', ['a,b'], 'must match pattern'],
  ])('deleteRecords: %s → FERRY_ERR_CONNECTOR_PARAMS, no call', async (_name, ids, message) => {
    sf.sandbox.admin.clearRequests();
    const out = await sf.run('- salesforce.deleteRecords: { configKey: sf, ids: "${payload.ids}" }', { payload: { ids } });
    expect(out.mc.error).toMatchObject({ code: 'FERRY_ERR_CONNECTOR_PARAMS', message: expect.stringContaining(message) });
    expect(sf.sandbox.admin.requests()).toEqual([]);
  });

  it.each([
    ['GET for up to 200 ids (a list of fields)', 0, 'GET', '["Name", "Industry"]'],
    ['POST with a body for more than 200 ids (comma text fields)', 250, 'POST', '"Name,Industry"'],
  ])('retrieveRecords: %s; null for ids not found', async (_name, unknown, method, fields) => {
    const [a, b] = await make('Ret 1', 'Ret 2');
    const filler = Array.from({ length: unknown }, (_, i) => `001000000000${String(i).padStart(3, '0')}`);
    const out = await sf.run(`- salesforce.retrieveRecords: { configKey: sf, sObjectName: Account, ids: "\${payload}", fields: ${fields}, responseVariable: r }`, { payload: [a, '001000000000ZZZ', ...filler, b] });
    const records = v(out).payload as (Record<string, unknown> | null)[];
    expect(records).toHaveLength(3 + unknown);
    expect(records[0]).toEqual({ attributes: { type: 'Account', url: `/services/data/v60.0/sobjects/Account/${a}` }, Name: 'Ret 1', Industry: null, Id: a });
    expect(records[1]).toBeNull();
    expect(records.at(-1)).toMatchObject({ Name: 'Ret 2', Id: b });
    const call = lastCall();
    expect(call).toMatchObject({ method, path: '/services/data/v60.0/composite/sobjects/Account' });
    if (method === 'GET') expect(new URLSearchParams(call.query).get('fields')).toBe('Name,Industry');
    else expect(JSON.parse(call.body!)).toMatchObject({ fields: ['Name', 'Industry'], ids: expect.any(Array) });
  });

  it.each([
    ['an unknown field', 'Account', 'Nope', 'INVALID_FIELD', 400],
    ['an unknown sObject', 'Nope', 'Name', 'NOT_FOUND', 404],
  ])('retrieveRecords: %s → a fault with its code; failOnError false keeps it', async (_name, type, field, code, status) => {
    const out = await sf.run(`- salesforce.retrieveRecords: { configKey: sf, sObjectName: ${type}, ids: "001000000000AAA", fields: ${field} }`);
    expect(out.mc.error).toMatchObject({ code, status });
    const kept = await sf.run(`- salesforce.retrieveRecords: { configKey: sf, sObjectName: ${type}, ids: "001000000000AAA", fields: ${field}, failOnError: false, responseVariable: r }`);
    expect(v(kept)).toMatchObject({ attributes: { statusCode: status }, payload: [{ errorCode: code }] });
  });

  it('retrieveRecords: more than 2000 ids → FERRY_ERR_CONNECTOR_PARAMS', async () => {
    const ids = Array.from({ length: 2001 }, (_, i) => `0010000000${String(i).padStart(5, '0')}`);
    const out = await sf.run('- salesforce.retrieveRecords: { configKey: sf, sObjectName: Account, ids: "${payload}", fields: Name }', { payload: ids });
    expect(out.mc.error).toMatchObject({ code: 'FERRY_ERR_CONNECTOR_PARAMS', message: expect.stringContaining('must NOT have more than 2000 items') });
  });
});
