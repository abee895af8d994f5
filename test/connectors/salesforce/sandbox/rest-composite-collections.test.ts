import { describe, expect, it } from 'vitest';
import { useSandbox } from './helpers.js';
import { ID18, id15, restClient } from './rest-client.js';

// sObject Collections: /composite/sobjects create, update, upsert, delete, retrieve (reference §2.5).
const ctx = useSandbox();
const api = restClient(() => ctx.url);

const ROLLED_BACK = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};
const NAME_MISSING = { statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Name]', fields: ['Name'] };
const account = (fields: Record<string, unknown>) => ({ attributes: { type: 'Account' }, ...fields });
const stored = (type: string, id: string) => ctx.sandbox.admin.records(type, true).find((r) => r.Id === id);
const named = (name: string) => ctx.sandbox.admin.records('Account').filter((r) => r.Name === name);
const usage = (headers: Headers) => Number(/api-usage=(\d+)\//.exec(headers.get('sforce-limit-info') ?? '')?.[1]);

async function newAccounts(...names: string[]): Promise<string[]> {
  const res = await api.post('/composite/sobjects', { records: names.map((Name) => account({ Name })) });
  return res.body.map((r: { id: string }) => r.id);
}

describe('sandbox sObject Collections: create (POST /composite/sobjects)', () => {
  it("the documentation's example: mixed types, results in input order, 200", async () => {
    const res = await api.post('/composite/sobjects', {
      allOrNone: false,
      records: [account({ Name: 'example.com', BillingCity: 'San Francisco' }), { attributes: { type: 'Contact' }, LastName: 'Johnson', FirstName: 'Erica' }],
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(res.body).toEqual([
      { id: expect.stringMatching(ID18('001')), success: true, errors: [] },
      { id: expect.stringMatching(ID18('003')), success: true, errors: [] },
    ]);
    expect(Object.keys(res.body[0])).toEqual(['id', 'success', 'errors']);
    expect(stored('Contact', res.body[1].id)).toMatchObject({ LastName: 'Johnson', FirstName: 'Erica' });
  });

  it('allOrNone false: the failed record has no id key and uses statusCode; the good one is saved', async () => {
    const res = await api.post('/composite/sobjects', { records: [account({ Industry: 'Banking' }), account({ Name: 'Partial Good' })] });
    expect(res.status).toBe(200);
    expect(res.body[0]).toEqual({ success: false, errors: [NAME_MISSING] });
    expect(res.body[0]).not.toHaveProperty('id');
    expect(res.body[1]).toEqual({ id: expect.stringMatching(ID18('001')), success: true, errors: [] });
    expect(named('Partial Good')).toHaveLength(1);
  });

  it('allOrNone true: nothing is saved and the good record reports ALL_OR_NONE_OPERATION_ROLLED_BACK (no id: it never existed)', async () => {
    const res = await api.post('/composite/sobjects', { allOrNone: true, records: [account({ Name: 'All Or None Good' }), account({ Industry: 'Banking' })] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { success: false, errors: [ROLLED_BACK] },
      { success: false, errors: [NAME_MISSING] },
    ]);
    expect(named('All Or None Good')).toEqual([]);
  });

  it.each([
    ['no attributes.type', { Name: 'Typeless' }, { statusCode: 'INVALID_TYPE', message: 'Must send a concrete entity type.', fields: [] }],
    ['an unknown type', { attributes: { type: 'Nope__c' }, Name: 'x' }, { statusCode: 'INVALID_TYPE', message: "sObject type 'Nope__c' is not supported.", fields: [] }],
    ['an id on insert', account({ Name: 'With Id', Id: '001000000000000AAA' }), { statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', message: 'cannot specify Id in an insert call', fields: ['Id'] }],
    ['a bad email', { attributes: { type: 'Contact' }, LastName: 'Mail', Email: 'badone' }, { statusCode: 'INVALID_EMAIL_ADDRESS', message: 'Email: invalid email address: badone', fields: ['Email'] }],
  ])('%s is a per-record error', async (_name, record, error) => {
    const res = await api.post('/composite/sobjects', { records: [record] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([{ success: false, errors: [error] }]);
  });

  it('a value of the wrong JSON type fails the whole call with 400 JSON_PARSER_ERROR, saving nothing', async () => {
    const res = await api.post('/composite/sobjects', { records: [account({ Name: 'Parsed Fine' }), account({ Name: 'Bad Number', NumberOfEmployees: 'many' })] });
    expect(res.status).toBe(400);
    expect(res.body).toEqual([{ message: expect.stringContaining('Cannot deserialize instance of int from VALUE_STRING value many'), errorCode: 'JSON_PARSER_ERROR' }]);
    expect(named('Parsed Fine')).toEqual([]);
  });

  it('parent relationships by external id resolve as in single creates', async () => {
    await api.post('/composite/sobjects', { records: [account({ Name: 'Ext Parent', External_Id__c: 'EXT-COLL-1' })] });
    const res = await api.post('/composite/sobjects', { records: [{ attributes: { type: 'Contact' }, LastName: 'Child', Account: { External_Id__c: 'EXT-COLL-1' } }] });
    expect(res.body[0].success).toBe(true);
    expect(stored('Contact', res.body[0].id)?.AccountId).toBe(named('Ext Parent')[0]?.Id);
  });

  it('the whole call is one API request', async () => {
    const first = await api.post('/composite/sobjects', { records: [account({ Name: 'Count A' })] });
    const second = await api.post('/composite/sobjects', { records: [account({ Name: 'Count B' }), account({ Name: 'Count C' }), account({ Name: 'Count D' })] });
    expect(usage(second.headers)).toBe(usage(first.headers) + 1);
  });

  const alternating = Array.from({ length: 11 }, (_, i) => (i % 2 === 0 ? account({ Name: `Chunk ${i}` }) : { attributes: { type: 'Contact' }, LastName: `Chunk ${i}` }));
  it.each([
    ['201 records', 'EXCEEDED_ID_LIMIT', 'record limit reached. cannot submit more than 200 records into this call', { records: Array.from({ length: 201 }, (_, i) => account({ Name: `Too Many ${i}` })) }],
    ['11 type chunks', 'INVALID_OPERATION', 'Cannot have more than 10 chunks in a single operation. Please rearrange the data to reduce chunking.', { records: alternating }],
    ['no records', 'JSON_PARSER_ERROR', expect.any(String), { allOrNone: true }],
  ])('%s → 400 %s, nothing saved', async (_name, errorCode, message, body) => {
    const res = await api.post('/composite/sobjects', body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual([{ message, errorCode }]);
    expect(named('Too Many 0')).toEqual([]);
    expect(named('Chunk 0')).toEqual([]);
  });

  it('collections arrived in API 42.0: v41.0 is 404', async () => {
    const res = await api.post('/composite/sobjects', { records: [account({ Name: 'Too Early' })] }, { version: '41.0' });
    expect(res.status).toBe(404);
    expect(res.body).toEqual([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
  });
});

describe('sandbox sObject Collections: update (PATCH /composite/sobjects)', () => {
  it('updates records of several types by id or Id, 15- or 18-character', async () => {
    const [accountId] = await newAccounts('Update Me');
    const contact = await api.post('/sobjects/Contact', { LastName: 'Update Me Too' });
    const res = await api.patch('/composite/sobjects', {
      allOrNone: false,
      records: [account({ id: id15(accountId!), NumberOfEmployees: 27000 }), { attributes: { type: 'Contact' }, Id: contact.body.id, Title: 'Lead Engineer' }],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { id: accountId, success: true, errors: [] },
      { id: contact.body.id, success: true, errors: [] },
    ]);
    expect(stored('Account', accountId!)?.NumberOfEmployees).toBe(27000);
    expect(stored('Contact', contact.body.id)?.Title).toBe('Lead Engineer');
  });

  it.each([
    ['an id of another object (the documented example)', { attributes: { type: 'Contact' }, id: '001xx000003DGb2999', Title: 'x' }, { statusCode: 'MALFORMED_ID', message: 'Contact ID: id value of incorrect type: 001xx000003DGb2999', fields: ['Id'] }],
    ['no id at all', account({ Name: 'No Id' }), { statusCode: 'MISSING_ARGUMENT', message: 'Id not specified in an update call', fields: [] }],
  ])('%s is a per-record error without an id key', async (_name, record, error) => {
    const res = await api.patch('/composite/sobjects', { records: [record] });
    expect(res.body).toEqual([{ success: false, errors: [error] }]);
  });

  it('allOrNone true: the good record keeps its id, reports the roll-back, and is unchanged', async () => {
    const [accountId] = await newAccounts('Keep My Name');
    const res = await api.patch('/composite/sobjects', {
      allOrNone: true,
      records: [account({ id: accountId, Name: 'Changed Name' }), { attributes: { type: 'Contact' }, id: '001xx000003DGb2999', Title: 'x' }],
    });
    expect(res.body).toEqual([
      { id: accountId, success: false, errors: [ROLLED_BACK] },
      { success: false, errors: [{ statusCode: 'MALFORMED_ID', message: 'Contact ID: id value of incorrect type: 001xx000003DGb2999', fields: ['Id'] }] },
    ]);
    expect(stored('Account', accountId!)?.Name).toBe('Keep My Name');
  });
});

describe('sandbox sObject Collections: upsert (PATCH /composite/sobjects/{T}/{extIdField})', () => {
  it('inserts then updates by external id, with created true / false', async () => {
    const records = [account({ Name: 'Company One', External_Id__c: 'UPS-AAA' }), account({ Name: 'Company Two', External_Id__c: 'UPS-BBB' })];
    const first = await api.patch('/composite/sobjects/Account/External_Id__c', { allOrNone: false, records });
    expect(first.status).toBe(200);
    expect(first.body).toEqual([
      { id: expect.stringMatching(ID18('001')), success: true, errors: [], created: true },
      { id: expect.stringMatching(ID18('001')), success: true, errors: [], created: true },
    ]);
    expect(Object.keys(first.body[0])).toEqual(['id', 'success', 'errors', 'created']);
    const second = await api.patch('/composite/sobjects/account/external_id__c', { records: [account({ Name: 'Company One Renamed', External_Id__c: 'UPS-AAA' })] });
    expect(second.body).toEqual([{ id: first.body[0].id, success: true, errors: [], created: false }]);
    expect(stored('Account', first.body[0].id)?.Name).toBe('Company One Renamed');
  });

  it('allOrNone true: an updated record keeps its id in the roll-back result, a new one has none', async () => {
    await api.patch('/composite/sobjects/Account/External_Id__c', { records: [account({ Name: 'Existing Upsert', External_Id__c: 'UPS-OLD' })] });
    const res = await api.patch('/composite/sobjects/Account/External_Id__c', {
      allOrNone: true,
      records: [account({ Name: 'Existing Upsert Changed', External_Id__c: 'UPS-OLD' }), account({ Name: 'Brand New', External_Id__c: 'UPS-NEW' }), account({ External_Id__c: 'UPS-NONAME' })],
    });
    const existing = named('Existing Upsert')[0]!;
    expect(res.body).toEqual([
      { id: existing.Id, success: false, errors: [ROLLED_BACK] },
      { success: false, errors: [ROLLED_BACK] },
      { success: false, errors: [NAME_MISSING] },
    ]);
    expect(named('Brand New')).toEqual([]);
  });

  it.each([
    ['an unknown external id field', '/composite/sobjects/Account/Nope__c', [account({ Name: 'x' })], 404, [{ message: 'Provided external ID field does not exist or is not accessible: Nope__c', errorCode: 'NOT_FOUND' }]],
    ['a field that is not an external id', '/composite/sobjects/Account/Phone', [account({ Name: 'x' })], 404, [{ message: 'Provided external ID field does not exist or is not accessible: Phone', errorCode: 'NOT_FOUND' }]],
    ['an unknown object', '/composite/sobjects/Nope__c/External_Id__c', [account({ Name: 'x' })], 404, [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]],
    ['records of another type (upsert takes one type only)', '/composite/sobjects/Account/External_Id__c', [account({ Name: 'x', External_Id__c: 'M-1' }), { attributes: { type: 'Contact' }, LastName: 'y' }], 400, [{ message: expect.any(String), errorCode: 'INVALID_TYPE' }]],
  ])('%s → %s', async (_name, path, records, status, body) => {
    const res = await api.patch(path, { records });
    expect(res.status).toBe(status);
    expect(res.body).toEqual(body);
  });

  it('upsert arrived in API 46.0: v45.0 is 404', async () => {
    const res = await api.patch('/composite/sobjects/Account/External_Id__c', { records: [account({ Name: 'x', External_Id__c: 'V45' })] }, { version: '45.0' });
    expect(res.status).toBe(404);
  });
});

describe('sandbox sObject Collections: delete (DELETE /composite/sobjects?ids=)', () => {
  it('deletes records of any types in order; a malformed id and a deleted one fail without an id key', async () => {
    const [a, b] = await newAccounts('Delete A', 'Delete B');
    await api.del(`/composite/sobjects?ids=${b}`);
    const res = await api.del(`/composite/sobjects?ids=${a},001RM000003oLrB000,${b}&allOrNone=false`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { id: a, success: true, errors: [] },
      { success: false, errors: [{ statusCode: 'MALFORMED_ID', message: 'malformed id 001RM000003oLrB000', fields: [] }] },
      { success: false, errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }] },
    ]);
    expect(stored('Account', a!)?.IsDeleted).toBe(true);
  });

  it('allOrNone=true: the good id keeps its id in the roll-back result and the record is not deleted', async () => {
    const [a] = await newAccounts('Do Not Delete');
    const res = await api.del(`/composite/sobjects?ids=${a},001RM000003oLrB000&allOrNone=true`);
    expect(res.body).toEqual([
      { id: a, success: false, errors: [ROLLED_BACK] },
      { success: false, errors: [{ statusCode: 'MALFORMED_ID', message: 'malformed id 001RM000003oLrB000', fields: [] }] },
    ]);
    expect(stored('Account', a!)?.IsDeleted).toBe(false);
  });

  it.each([
    ['no ids', '/composite/sobjects', 'MISSING_ARGUMENT'],
    ['201 ids', `/composite/sobjects?ids=${Array.from({ length: 201 }, () => '001000000000000AAA').join(',')}`, 'EXCEEDED_ID_LIMIT'],
  ])('%s → 400 %s', async (_name, path, errorCode) => {
    const res = await api.del(path);
    expect(res.status).toBe(400);
    expect(res.body).toEqual([{ message: expect.any(String), errorCode }]);
  });
});

describe('sandbox sObject Collections: retrieve (GET or POST /composite/sobjects/{T})', () => {
  it("GET with ids and fields: records in id order, fields in canonical casing, null for an unknown id (the documentation's example)", async () => {
    const [a, b] = await newAccounts('Acme', 'Global Media');
    const res = await api.get(`/composite/sobjects/Account?ids=${a},${b},001xx000003DGb9AAG&fields=id,name`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${a}` }, Id: a, Name: 'Acme' },
      { attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${b}` }, Id: b, Name: 'Global Media' },
      null,
    ]);
  });

  it('POST with {ids, fields}: Id is added when not asked for; deleted records, other types and malformed ids are null', async () => {
    const [a, gone] = await newAccounts('Retrieve Me', 'Retrieve Gone');
    await api.del(`/sobjects/Account/${gone}`);
    const contact = await api.post('/sobjects/Contact', { LastName: 'Not An Account' });
    const res = await api.post('/composite/sobjects/Account', { ids: [id15(a!), gone, contact.body.id, 'garbage'], fields: ['Name', 'NumberOfEmployees'] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([{ attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${a}` }, Name: 'Retrieve Me', NumberOfEmployees: null, Id: a }, null, null, null]);
  });

  it.each([
    ['an unknown field', '/composite/sobjects/Account?ids=001000000000000AAA&fields=Name,Nope__c', 400, 'INVALID_FIELD'],
    ['no fields', '/composite/sobjects/Account?ids=001000000000000AAA', 400, 'MISSING_ARGUMENT'],
    ['no ids', '/composite/sobjects/Account?fields=Name', 400, 'MISSING_ARGUMENT'],
    ['an unknown object', '/composite/sobjects/Nope__c?ids=001000000000000AAA&fields=Name', 404, 'NOT_FOUND'],
  ])('GET with %s → %d %s', async (_name, path, status, errorCode) => {
    const res = await api.get(path);
    expect(res.status).toBe(status);
    expect(res.body).toEqual([{ message: expect.any(String), errorCode }]);
  });

  it('the INVALID_FIELD message is the one SOQL gives for an unknown column', async () => {
    const res = await api.get('/composite/sobjects/Account?ids=001000000000000AAA&fields=Nope__c');
    expect(res.body[0].message).toBe(
      "No such column 'Nope__c' on entity 'Account'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
    );
  });

  it('POST takes up to 2000 ids; 2001 → 400 EXCEEDED_ID_LIMIT', async () => {
    const ok = await api.post('/composite/sobjects/Account', { ids: Array.from({ length: 2000 }, () => '001000000000000AAA'), fields: ['Name'] });
    expect(ok.status).toBe(200);
    expect(ok.body).toHaveLength(2000);
    const tooMany = await api.post('/composite/sobjects/Account', { ids: Array.from({ length: 2001 }, () => '001000000000000AAA'), fields: ['Name'] });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toEqual([{ message: 'record limit reached. cannot submit more than 2000 records into this call', errorCode: 'EXCEEDED_ID_LIMIT' }]);
  });
});
