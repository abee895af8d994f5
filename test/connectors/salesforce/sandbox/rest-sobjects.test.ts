import { describe, expect, it } from 'vitest';
import { ID18, id15, REST_DATETIME, restClient } from './rest-client.js';
import { useSandbox } from './helpers.js';

const ctx = useSandbox();
const api = restClient(() => ctx.url);

const DESCRIBE_KEYS = [
  'actionOverrides', 'activateable', 'associateEntityType', 'associateParentEntity', 'childRelationships', 'compactLayoutable', 'createable', 'custom',
  'customSetting', 'deepCloneable', 'defaultImplementation', 'deletable', 'deprecatedAndHidden', 'extendedBy', 'extendsInterfaces', 'feedEnabled', 'fields',
  'hasSubtypes', 'implementedBy', 'implementsInterfaces', 'isInterface', 'isSubtype', 'keyPrefix', 'label', 'labelPlural', 'layoutable', 'listviewable',
  'lookupLayoutable', 'mergeable', 'mruEnabled', 'name', 'namedLayoutInfos', 'networkScopeFieldName', 'queryable', 'recordTypeInfos', 'replicateable',
  'retrieveable', 'searchLayoutable', 'searchable', 'sobjectDescribeOption', 'supportedScopes', 'triggerable', 'undeletable', 'updateable', 'urls',
];
const FIELD_KEYS = [
  'aggregatable', 'autoNumber', 'byteLength', 'calculated', 'calculatedFormula', 'cascadeDelete', 'caseSensitive', 'compoundFieldName', 'controllerName',
  'createable', 'custom', 'defaultValue', 'defaultValueFormula', 'defaultedOnCreate', 'dependentPicklist', 'deprecatedAndHidden', 'digits',
  'displayLocationInDecimal', 'encrypted', 'externalId', 'extraTypeInfo', 'filterable', 'filteredLookupInfo', 'groupable', 'highScaleNumber', 'htmlFormatted',
  'idLookup', 'inlineHelpText', 'label', 'length', 'mask', 'maskType', 'name', 'nameField', 'namePointing', 'nillable', 'permissionable', 'picklistValues',
  'polymorphicForeignKey', 'precision', 'queryByDistance', 'referenceTargetField', 'referenceTo', 'relationshipName', 'relationshipOrder', 'restrictedDelete',
  'restrictedPicklist', 'scale', 'searchPrefilterable', 'soapType', 'sortable', 'type', 'unique', 'updateable', 'writeRequiresMasterRead',
];
const GLOBAL_KEYS = [
  'activateable', 'associateEntityType', 'associateParentEntity', 'createable', 'custom', 'customSetting', 'deepCloneable', 'deletable', 'deprecatedAndHidden',
  'feedEnabled', 'hasSubtypes', 'isInterface', 'isSubtype', 'keyPrefix', 'label', 'labelPlural', 'layoutable', 'mergeable', 'mruEnabled', 'name', 'queryable',
  'replicateable', 'retrieveable', 'searchable', 'triggerable', 'undeletable', 'updateable', 'urls',
];

async function newAccount(fields: Record<string, unknown> = {}): Promise<string> {
  const res = await api.post('/sobjects/Account', { Name: `Acct ${Math.random()}`, ...fields });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

describe('REST describeGlobal and basic info', () => {
  it('GET /sobjects lists every object with the describeGlobal key set, urls for the request version, and Sforce-Limit-Info', async () => {
    const res = await api.get('/sobjects', { version: '60.0' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(res.headers.get('sforce-limit-info')).toMatch(/^api-usage=\d+\/15000$/);
    expect(res.body.encoding).toBe('UTF-8');
    expect(res.body.maxBatchSize).toBe(200);
    const names = res.body.sobjects.map((o: { name: string }) => o.name);
    expect(names).toEqual(expect.arrayContaining(['Account', 'Contact', 'Lead', 'Opportunity', 'Case', 'Task', 'User']));
    const account = res.body.sobjects.find((o: { name: string }) => o.name === 'Account');
    expect(Object.keys(account)).toEqual(GLOBAL_KEYS);
    expect(account).toMatchObject({ keyPrefix: '001', label: 'Account', labelPlural: 'Accounts', createable: true, queryable: true, custom: false });
    expect(account.urls).toEqual({ sobject: '/services/data/v60.0/sobjects/Account', describe: '/services/data/v60.0/sobjects/Account/describe', rowTemplate: '/services/data/v60.0/sobjects/Account/{ID}' });
  });

  it.each([
    ['a date after the last metadata change', 304, 'Wed, 01 Jan 2031 00:00:00 GMT'],
    ['a date before it', 200, 'Wed, 01 Jan 2020 00:00:00 GMT'],
    ['an unparseable date', 200, 'yesterday'],
  ])('GET /sobjects with If-Modified-Since %s → %d', async (_name, status, since) => {
    const res = await api.get('/sobjects', { headers: { 'if-modified-since': since } });
    expect(res.status).toBe(status);
    if (status === 304) expect(res.text).toBe('');
  });

  it('GET /sobjects/{T} gives objectDescribe and the recent items of that type (case-insensitive type, canonical output)', async () => {
    const id = await newAccount({ Name: 'Recent Basic Info' });
    const res = await api.get('/sobjects/account');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['objectDescribe', 'recentItems']);
    expect(res.body.objectDescribe.name).toBe('Account');
    expect(res.body.recentItems[0]).toEqual({ attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${id}` }, Id: id, Name: 'Recent Basic Info' });
  });
});

describe('REST describe', () => {
  it('has every key of the recorded describe, every field key, child relationships, ETag and Last-Modified', async () => {
    const res = await api.get('/sobjects/Account/describe');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(DESCRIBE_KEYS);
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]{8}"$/);
    expect(new Date(res.headers.get('last-modified')!).toUTCString()).toBe(res.headers.get('last-modified'));
    for (const f of res.body.fields) expect(Object.keys(f)).toEqual(FIELD_KEYS);
    const byName = new Map(res.body.fields.map((f: { name: string }) => [f.name, f]));
    expect(byName.get('Id')).toMatchObject({ type: 'id', soapType: 'tns:ID', byteLength: 18, nillable: false, createable: false });
    expect(byName.get('Name')).toMatchObject({ type: 'string', length: 255, byteLength: 765, nameField: true, nillable: false });
    expect(byName.get('BillingCity')).toMatchObject({ compoundFieldName: 'BillingAddress' });
    expect(byName.get('BillingAddress')).toMatchObject({ type: 'address', soapType: 'urn:address', queryByDistance: true, aggregatable: false });
    expect(byName.get('BillingStreet')).toMatchObject({ type: 'textarea', extraTypeInfo: 'plaintextarea' });
    expect(byName.get('sample__c')).toMatchObject({ custom: true, externalId: true, idLookup: true, unique: true });
    expect(byName.get('Industry')).toMatchObject({ type: 'picklist' });
    expect((byName.get('Industry') as { picklistValues: unknown[] }).picklistValues[0]).toEqual({ active: true, defaultValue: false, label: 'Agriculture', validFor: null, value: 'Agriculture' });
    expect(res.body.childRelationships).toContainEqual({
      cascadeDelete: false, childSObject: 'Contact', deprecatedAndHidden: false, field: 'AccountId', junctionIdListNames: [], junctionReferenceTo: [], relationshipName: 'Contacts', restrictedDelete: false,
    });
    expect(res.body.recordTypeInfos[0]).toMatchObject({ master: true, name: 'Master', recordTypeId: '012000000000000AAA' });
    expect(res.body.urls.uiDetailTemplate).toBe(`${ctx.url}/{ID}`);
    expect(res.body.urls.describe).toBe('/services/data/v62.0/sobjects/Account/describe');
  });

  it('Contact describe: reference fields and person-name parts', async () => {
    const res = await api.get('/sobjects/Contact/describe');
    const byName = new Map(res.body.fields.map((f: { name: string }) => [f.name, f]));
    expect(byName.get('AccountId')).toMatchObject({ type: 'reference', referenceTo: ['Account'], relationshipName: 'Account', byteLength: 18, polymorphicForeignKey: false });
    expect(byName.get('LastName')).toMatchObject({ compoundFieldName: 'Name', nillable: false });
    expect(byName.get('Name')).toMatchObject({ extraTypeInfo: 'personname', createable: false });
  });

  it.each([
    ['If-None-Match with the ETag', 304, (etag: string) => ({ 'if-none-match': etag })],
    ['If-None-Match with another ETag', 200, () => ({ 'if-none-match': '"00000000"' })],
    ['If-Modified-Since after the change', 304, () => ({ 'if-modified-since': 'Wed, 01 Jan 2031 00:00:00 GMT' })],
    ['If-Modified-Since before the change', 200, () => ({ 'if-modified-since': 'Wed, 01 Jan 2020 00:00:00 GMT' })],
  ])('conditional describe: %s → %d', async (_name, status, headers) => {
    const first = await api.get('/sobjects/Account/describe');
    const res = await api.get('/sobjects/Account/describe', { headers: headers(first.headers.get('etag')!) });
    expect(res.status).toBe(status);
    expect(res.headers.get('etag')).toBe(first.headers.get('etag'));
    if (status === 304) expect(res.text).toBe('');
  });

  it('an unknown object → 404 NOT_FOUND', async () => {
    const res = await api.get('/sobjects/Nope__c/describe');
    expect(res).toMatchObject({ status: 404, body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }] });
  });
});

describe('REST create', () => {
  it('201 with Location, {id, success, errors} and an 18-character id with the Account key prefix', async () => {
    const res = await api.post('/sobjects/Account', { name: 'lower-case key', Industry: 'Energy' });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body)).toEqual(['id', 'success', 'errors']);
    expect(res.body).toMatchObject({ success: true, errors: [] });
    expect(res.body.id).toMatch(ID18('001'));
    expect(res.headers.get('location')).toBe(`/services/data/v62.0/sobjects/Account/${res.body.id}`);
    const read = await api.get(`/sobjects/Account/${res.body.id}`);
    expect(read.body.Name).toBe('lower-case key');
  });

  it.each([
    ['a missing required field', { Industry: 'Energy' }, [{ message: 'Required fields are missing: [Name]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Name'] }]],
    ['an unknown field', { Name: 'x', Foo__c: 1 }, [{ message: "No such column 'Foo__c' on sobject of type Account", errorCode: 'INVALID_FIELD', fields: [] }]],
    ['a wrongly typed number', { Name: 'x', NumberOfEmployees: 'many' }, [{ message: expect.stringContaining('Cannot deserialize instance of int from VALUE_STRING value many'), errorCode: 'JSON_PARSER_ERROR' }]],
    ['a too long string', { Name: 'x', Phone: '5'.repeat(41) }, [{ message: expect.stringMatching(/^Account Phone: data value too large: 5{41} \(max length=40\)$/), errorCode: 'STRING_TOO_LONG', fields: ['Phone'] }]],
    ['a read-only field', { Name: 'x', CreatedDate: '2020-01-01T00:00:00Z' }, [{ message: expect.stringContaining('Unable to create/update fields: CreatedDate.'), errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', fields: ['CreatedDate'] }]],
  ])('%s → 400 with errorCode at the top level', async (_name, body, errors) => {
    const res = await api.post('/sobjects/Account', body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(errors);
  });

  it.each([
    ['no body', undefined, 'The HTTP entity body is required, but this request has no entity body.'],
    ['an array', '[]', 'Cannot deserialize instance of Account from START_ARRAY value [line:1, column:1]'],
    ['malformed JSON', '{"Name": }', expect.stringMatching(/^Unexpected character \('}' \(code 125\)\) at \[line:1, column:\d+\]$/)],
  ])('%s → 400 JSON_PARSER_ERROR', async (_name, raw, message) => {
    const res = await api.call('POST', '/sobjects/Account', raw === undefined ? {} : { raw });
    expect(res).toMatchObject({ status: 400, body: [{ message, errorCode: 'JSON_PARSER_ERROR' }] });
  });

  it('an email that is not one → INVALID_EMAIL_ADDRESS naming the field label', async () => {
    const res = await api.post('/sobjects/Contact', { LastName: 'Mail', Email: 'badone' });
    expect(res.body).toEqual([{ message: 'Email: invalid email address: badone', errorCode: 'INVALID_EMAIL_ADDRESS', fields: ['Email'] }]);
  });

  it('a parent given by external id ("Account": {"sample__c": …}) sets the reference field', async () => {
    const parent = await newAccount({ sample__c: 'EXT-PARENT-1' });
    const res = await api.post('/sobjects/Contact', { LastName: 'Child', Account: { sample__c: 'EXT-PARENT-1' } });
    expect(res.status).toBe(201);
    const read = await api.get(`/sobjects/Contact/${res.body.id}?fields=AccountId`);
    expect(read.body.AccountId).toBe(parent);
    const missing = await api.post('/sobjects/Contact', { LastName: 'Orphan', Account: { sample__c: 'NOPE' } });
    expect(missing.body).toEqual([{ message: 'Foreign key external ID: NOPE not found for field sample__c in entity Account', errorCode: 'INVALID_FIELD', fields: [] }]);
  });

  it('an unknown object → 404 NOT_FOUND', async () => {
    const res = await api.post('/sobjects/Nope', { Name: 'x' });
    expect(res).toMatchObject({ status: 404, body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }] });
  });
});

describe('REST retrieve', () => {
  it('returns attributes then every field in canonical casing, explicit nulls, REST datetimes and compound addresses', async () => {
    const id = await newAccount({ Name: 'Retrieve Me', BillingCity: 'Austin', BillingState: 'TX', AnnualRevenue: 1000.5 });
    const res = await api.get(`/sobjects/ACCOUNT/${id}`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)[0]).toBe('attributes');
    expect(res.body.attributes).toEqual({ type: 'Account', url: `/services/data/v62.0/sobjects/Account/${id}` });
    expect(res.body).toMatchObject({ Id: id, Name: 'Retrieve Me', IsDeleted: false, Phone: null, Website: null, AnnualRevenue: 1000.5, ParentId: null });
    expect(res.body.CreatedDate).toMatch(REST_DATETIME);
    expect(res.body.SystemModstamp).toMatch(REST_DATETIME);
    expect(res.body.BillingAddress).toEqual({ city: 'Austin', country: null, geocodeAccuracy: null, latitude: null, longitude: null, postalCode: null, state: 'TX', street: null });
    expect(res.body.ShippingAddress).toBeNull();
  });

  it('accepts the 15-character id and answers with the 18-character one', async () => {
    const id = await newAccount();
    const res = await api.get(`/sobjects/Account/${id15(id)}`);
    expect(res.status).toBe(200);
    expect(res.body.Id).toBe(id);
  });

  it('?fields= returns those fields (plus attributes, and Id after them), parent paths nested', async () => {
    const parent = await newAccount({ Name: 'Parent Co' });
    const child = await api.post('/sobjects/Contact', { LastName: 'Kid', AccountId: parent });
    const res = await api.get(`/sobjects/Contact/${child.body.id}?fields=lastname,Account.Name`);
    expect(res.body).toEqual({
      attributes: { type: 'Contact', url: `/services/data/v62.0/sobjects/Contact/${child.body.id}` },
      LastName: 'Kid',
      Account: { attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${parent}` }, Name: 'Parent Co' },
      Id: child.body.id,
    });
    expect(Object.keys(res.body as object)).toEqual(['attributes', 'LastName', 'Account', 'Id']);
  });

  it('?fields= with an unknown field → 400 INVALID_FIELD with the SOQL position message', async () => {
    const id = await newAccount();
    const res = await api.get(`/sobjects/Account/${id}?fields=Name,Bogus__c`);
    expect(res.status).toBe(400);
    expect(res.body[0].errorCode).toBe('INVALID_FIELD');
    expect(res.body[0].message).toMatch(/ERROR at Row:1:Column:\d+\nNo such column 'Bogus__c' on entity 'Account'/);
  });

  it.each([
    ['a malformed id segment', 404, '23foo', [{ message: 'Provided external ID field does not exist or is not accessible: 23foo', errorCode: 'NOT_FOUND' }]],
    ['a well-formed unknown id', 404, '001000000000000AAA', [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]],
    ['an 18-character id with a wrong checksum', 404, '001000000000000ZZZ', [{ message: 'Provided external ID field does not exist or is not accessible: 001000000000000ZZZ', errorCode: 'NOT_FOUND' }]],
  ])('%s → %d', async (_name, status, segment, body) => {
    const res = await api.get(`/sobjects/Account/${segment}`);
    expect(res.status).toBe(status);
    expect(res.body).toEqual(body);
  });

  it('an id of another object → 404 on GET, 400 MALFORMED_ID on PATCH', async () => {
    const id = await newAccount();
    expect((await api.get(`/sobjects/Contact/${id}`)).status).toBe(404);
    const res = await api.patch(`/sobjects/Contact/${id}`, { LastName: 'x' });
    expect(res).toMatchObject({ status: 400, body: [{ message: `Contact ID: id value of incorrect type: ${id}`, errorCode: 'MALFORMED_ID', fields: ['Id'] }] });
  });
});

describe('REST update and delete', () => {
  it('PATCH → 204 without a body; the change is visible; LastModifiedDate moves on', async () => {
    const id = await newAccount({ Name: 'Before' });
    const res = await api.patch(`/sobjects/Account/${id}`, { Name: 'After', phone: '555' });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    const read = await api.get(`/sobjects/Account/${id}`);
    expect(read.body).toMatchObject({ Name: 'After', Phone: '555' });
  });

  it('PATCH can also arrive as POST ?_HttpMethod=PATCH', async () => {
    const id = await newAccount({ Name: 'Override' });
    const res = await api.post(`/sobjects/Account/${id}?_HttpMethod=PATCH`, { Name: 'Overridden' });
    expect(res.status).toBe(204);
    expect((await api.get(`/sobjects/Account/${id}`)).body.Name).toBe('Overridden');
  });

  it.each([
    ['clearing a required field', 400, 'Account', { Name: 'x' }, { Name: null }, [{ message: 'Required fields are missing: [Name]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Name'] }]],
    ['a bad restricted picklist value', 400, 'Lead', { LastName: 'L', Company: 'C' }, { Status: 'Nope' }, [{ message: 'Lead Status: bad value for restricted picklist field: Nope', errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', fields: ['Status'] }]],
    ['a reference to a missing record', 400, 'Contact', { LastName: 'C' }, { AccountId: '001000000000000AAA' }, [{ message: 'invalid cross reference id', errorCode: 'INVALID_CROSS_REFERENCE_KEY', fields: ['AccountId'] }]],
    ['a good restricted picklist value', 204, 'Lead', { LastName: 'L', Company: 'C' }, { Status: 'Working - Contacted' }, undefined],
  ])('PATCH %s → %d', async (_name, status, type, initial, change, errors) => {
    const created = await api.post(`/sobjects/${type}`, initial);
    const res = await api.patch(`/sobjects/${type}/${created.body.id}`, change);
    expect(res.status).toBe(status);
    expect(res.body).toEqual(errors);
  });

  it('DELETE → 204; again → 404 ENTITY_IS_DELETED; GET and PATCH of the deleted record → 404 ENTITY_IS_DELETED', async () => {
    const id = await newAccount();
    const first = await api.del(`/sobjects/Account/${id}`);
    expect(first.status).toBe(204);
    expect(first.text).toBe('');
    const again = await api.del(`/sobjects/Account/${id}`);
    expect(again).toMatchObject({ status: 404, body: [{ message: 'entity is deleted', errorCode: 'ENTITY_IS_DELETED', fields: [] }] });
    expect((await api.get(`/sobjects/Account/${id}`)).body[0].errorCode).toBe('ENTITY_IS_DELETED');
    expect((await api.patch(`/sobjects/Account/${id}`, { Name: 'x' })).status).toBe(404);
  });

  it('PATCH and DELETE accept the 15-character id', async () => {
    const id = await newAccount({ Name: 'Short id' });
    expect((await api.patch(`/sobjects/Account/${id15(id)}`, { Name: 'Short id 2' })).status).toBe(204);
    expect((await api.get(`/sobjects/Account/${id}`)).body.Name).toBe('Short id 2');
    expect((await api.del(`/sobjects/Account/${id15(id)}`)).status).toBe(204);
    expect((await api.get(`/sobjects/Account/${id}`)).body[0].errorCode).toBe('ENTITY_IS_DELETED');
  });

  it('DELETE of an unknown id → 404 NOT_FOUND', async () => {
    const res = await api.del('/sobjects/Account/001000000000000AAA');
    expect(res).toMatchObject({ status: 404, body: [{ errorCode: 'NOT_FOUND' }] });
  });

  it('an unsupported method on a known resource → 405 METHOD_NOT_ALLOWED', async () => {
    const res = await api.call('PUT', '/sobjects/Account');
    expect(res.status).toBe(405);
    expect(res.body[0].errorCode).toBe('METHOD_NOT_ALLOWED');
  });
});
