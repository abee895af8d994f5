import { beforeAll, describe, expect, it } from 'vitest';
import { useSandbox } from './helpers.js';
import { call, childOrder, faultOf, list, soapLogin } from './soap-helpers.js';

const ctx = useSandbox();
let sid = '';
beforeAll(async () => {
  sid = await soapLogin(ctx.url);
});

const unique = (prefix: string) => `${prefix} ${Math.random().toString(36).slice(2, 10)}`;
const accounts = () => ctx.sandbox.admin.records('Account');
const byId = (type: string, id: string, deleted = false) => ctx.sandbox.admin.records(type, deleted).find((r) => r.Id === id);
const sobject = (type: string, fields: string) => `<sObjects><type>${type}</type>${fields}</sObjects>`;
const ALL_OR_NONE = { AllOrNoneHeader: '<allOrNone>true</allOrNone>' };

async function createAccount(name = unique('Crud')): Promise<string> {
  const res = await call(ctx.url, sid, `<create>${sobject('Account', `<Name>${name}</Name>`)}</create>`);
  return res.body.createResponse.result.id as string;
}

describe('create', () => {
  it('answers one SaveResult per record in input order, errors before id before success', async () => {
    const name = unique('Created');
    const res = await call(ctx.url, sid, `<create>${sobject('Account', `<Name>${name}</Name><NumberOfEmployees>12</NumberOfEmployees>`)}${sobject('Account', '<Phone>1</Phone>')}</create>`);
    expect(res.status).toBe(200);
    const [good, bad] = list(res.body.createResponse.result);
    expect(good.id).toMatch(/^001[A-Za-z0-9]{15}$/);
    expect(good.success).toBe('true');
    expect(bad).toEqual({
      errors: { fields: 'Name', message: 'Required fields are missing: [Name]', statusCode: 'REQUIRED_FIELD_MISSING' },
      id: { '@_xsi:nil': 'true' },
      success: 'false',
    });
    expect(res.text).toContain('<result><id>');
    expect(res.text).toContain('<result><errors><fields>Name</fields><message>Required fields are missing: [Name]</message><statusCode>REQUIRED_FIELD_MISSING</statusCode></errors><id xsi:nil="true"/><success>false</success></result>');
    expect(byId('Account', good.id)).toMatchObject({ Name: name, NumberOfEmployees: 12 });
  });

  it.each([
    ['an Id', 'Account', '<Id>001000000000000</Id><Name>x</Name>', 'INVALID_FIELD_FOR_INSERT_UPDATE', 'cannot specify Id in an insert call'],
    ['an unknown field', 'Account', '<Name>x</Name><Bogus__c>1</Bogus__c>', 'INVALID_FIELD', "No such column 'Bogus__c' on sobject of type Account"],
    ['a bad email', 'Contact', '<LastName>x</LastName><Email>not-an-email</Email>', 'INVALID_EMAIL_ADDRESS', 'Email: invalid email address: not-an-email'],
    ['text in an int field', 'Account', '<Name>x</Name><NumberOfEmployees>many</NumberOfEmployees>', 'INVALID_TYPE_ON_FIELD_IN_RECORD', 'Employees: value not of required type: many'],
    ['a read-only field', 'Account', '<Name>x</Name><CreatedDate>2020-01-01T00:00:00Z</CreatedDate>', 'INVALID_FIELD_FOR_INSERT_UPDATE', 'Unable to create/update fields: CreatedDate.'],
  ])('a record with %s fails with %s', async (_name, type, fields, statusCode, message) => {
    const res = await call(ctx.url, sid, `<create>${sobject(type, fields)}</create>`);
    const result = res.body.createResponse.result;
    expect(result.success).toBe('false');
    expect(result.errors.statusCode).toBe(statusCode);
    expect(result.errors.message.startsWith(message)).toBe(true);
  });

  it.each([
    ['an unknown sObject type', sobject('Nope__c', '<Name>x</Name>'), 'INVALID_TYPE', "INVALID_TYPE: sObject type 'Nope__c' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names."],
    ['no type at all', '<sObjects><Name>x</Name></sObjects>', 'INVALID_TYPE', 'INVALID_TYPE: Must send a concrete entity type.'],
    ['201 records', sobject('Account', '<Name>x</Name>').repeat(201), 'EXCEEDED_ID_LIMIT', 'EXCEEDED_ID_LIMIT: record limit reached. cannot submit more than 200 records into this call'],
  ])('%s faults the whole call and writes nothing', async (_name, records, code, faultstring) => {
    const before = accounts().length;
    const res = await call(ctx.url, sid, `<create>${sobject('Account', '<Name>Never stored</Name>')}${records}</create>`);
    expect(res.status).toBe(500);
    expect(faultOf(res)).toMatchObject({ code: `sf:${code}`, string: faultstring });
    if (code === 'INVALID_TYPE') {
      expect(faultOf(res).detail?.['sf:InvalidSObjectFault']).toMatchObject({ 'sf:exceptionCode': 'INVALID_TYPE', 'sf:row': '-1', 'sf:column': '-1' });
    }
    expect(accounts().length).toBe(before);
  });

  it('a parent given by external id as a nested sObject is resolved to its Id', async () => {
    const ext = unique('EXT').replace(' ', '-');
    const accountId = (await call(ctx.url, sid, `<create>${sobject('Account', `<Name>Parent</Name><External_Id__c>${ext}</External_Id__c>`)}</create>`)).body.createResponse.result.id;
    const res = await call(
      ctx.url,
      sid,
      `<create>${sobject('Contact', `<LastName>Child</LastName><Account><type>Account</type><External_Id__c>${ext}</External_Id__c></Account>`)}${sobject('Contact', '<LastName>Orphan</LastName><Account><type>Account</type><External_Id__c>nope</External_Id__c></Account>')}</create>`,
    );
    const [good, bad] = list(res.body.createResponse.result);
    expect(byId('Contact', good.id)?.AccountId).toBe(accountId);
    expect(bad.errors).toMatchObject({ statusCode: 'INVALID_FIELD', message: 'Foreign key external ID: nope not found for field External_Id__c in entity Account' });
  });
});

describe('update', () => {
  it('sets fields, nulls fieldsToNull and xsi:nil fields', async () => {
    const id = await createAccount();
    await call(ctx.url, sid, `<update>${sobject('Account', `<Id>${id}</Id><Phone>555</Phone><Site>HQ</Site><Fax>1</Fax>`)}</update>`);
    const res = await call(ctx.url, sid, `<update><sObjects><type>Account</type><fieldsToNull>Phone</fieldsToNull><fieldsToNull>Site</fieldsToNull><Id>${id.slice(0, 15)}</Id><Fax xsi:nil="true"/><Industry>Energy</Industry></sObjects></update>`);
    expect(res.body.updateResponse.result).toEqual({ id, success: 'true' });
    expect(byId('Account', id)).toMatchObject({ Phone: null, Site: null, Fax: null, Industry: 'Energy' });
  });

  it.each([
    ['no Id', '<Name>x</Name>', 'MISSING_ARGUMENT', 'Id not specified in an update call'],
    ['an id with a wrong checksum', '<Id>001000000000000AAZ</Id><Name>x</Name>', 'MALFORMED_ID', 'Account ID: id value of incorrect type: 001000000000000AAZ'],
    ['an id that names no record', '<Id>001000000000000AAA</Id><Name>x</Name>', 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id'],
  ])('%s → %s', async (_name, fields, statusCode, message) => {
    const res = await call(ctx.url, sid, `<update>${sobject('Account', fields)}</update>`);
    expect(res.body.updateResponse.result).toMatchObject({ errors: { message, statusCode }, id: { '@_xsi:nil': 'true' }, success: 'false' });
  });
});

describe('upsert', () => {
  it('inserts, then updates by the external id; UpsertResult leads with created', async () => {
    const ext = unique('UP').replace(' ', '-');
    const first = await call(ctx.url, sid, `<upsert><externalIDFieldName>External_Id__c</externalIDFieldName>${sobject('Account', `<Name>First</Name><External_Id__c>${ext}</External_Id__c>`)}</upsert>`);
    expect(childOrder(first.text, 'result')).toEqual(['created', 'id', 'success']);
    const { id, created } = first.body.upsertResponse.result;
    expect(created).toBe('true');
    const second = await call(ctx.url, sid, `<upsert><externalIDFieldName>external_id__c</externalIDFieldName>${sobject('Account', `<Name>Second</Name><External_Id__c>${ext}</External_Id__c>`)}</upsert>`);
    expect(second.body.upsertResponse.result).toEqual({ created: 'false', id, success: 'true' });
    expect(byId('Account', id)?.Name).toBe('Second');
  });

  it('upserts by Id', async () => {
    const id = await createAccount();
    const res = await call(ctx.url, sid, `<upsert><externalIDFieldName>Id</externalIDFieldName>${sobject('Account', `<Id>${id}</Id><Name>Via Id</Name>`)}</upsert>`);
    expect(res.body.upsertResponse.result).toEqual({ created: 'false', id, success: 'true' });
  });

  it('a field that is not an external id faults the call', async () => {
    const res = await call(ctx.url, sid, `<upsert><externalIDFieldName>Name</externalIDFieldName>${sobject('Account', '<Name>x</Name>')}</upsert>`);
    expect(res.status).toBe(500);
    expect(faultOf(res).string).toBe('INVALID_FIELD: Field name provided, Name is not an External ID or indexed field for Account');
    expect(faultOf(res).detail?.['sf:InvalidFieldFault']).toMatchObject({ 'sf:row': '-1', 'sf:column': '-1' });
  });
});

describe('delete, undelete, emptyRecycleBin', () => {
  it('moves a record through the recycle bin and out of it', async () => {
    const id = await createAccount();
    const ids = `<ids>${id}</ids>`;
    expect((await call(ctx.url, sid, `<delete>${ids}</delete>`)).body.deleteResponse.result).toEqual({ id, success: 'true' });
    expect(byId('Account', id)).toBeUndefined();
    expect((await call(ctx.url, sid, `<delete>${ids}</delete>`)).body.deleteResponse.result).toEqual({ errors: { message: 'entity is deleted', statusCode: 'ENTITY_IS_DELETED' }, id, success: 'false' });
    expect((await call(ctx.url, sid, `<undelete>${ids}</undelete>`)).body.undeleteResponse.result).toEqual({ id, success: 'true' });
    expect(byId('Account', id)).toBeDefined();
    expect((await call(ctx.url, sid, `<undelete>${ids}</undelete>`)).body.undeleteResponse.result.errors.statusCode).toBe('UNDELETE_FAILED');
    await call(ctx.url, sid, `<delete>${ids}</delete>`);
    expect((await call(ctx.url, sid, `<emptyRecycleBin>${ids}</emptyRecycleBin>`)).body.emptyRecycleBinResponse.result).toEqual({ id, success: 'true' });
    expect(byId('Account', id, true)).toBeUndefined();
  });

  it('a malformed id is a per-record MALFORMED_ID', async () => {
    const res = await call(ctx.url, sid, '<delete><ids>garbage</ids></delete>');
    expect(res.body.deleteResponse.result).toEqual({ errors: { message: 'malformed id garbage', statusCode: 'MALFORMED_ID' }, id: { '@_xsi:nil': 'true' }, success: 'false' });
  });
});

describe('retrieve', () => {
  it('answers one sObject per id in order, nil for ids that name nothing; Id twice when listed', async () => {
    const id = await createAccount('Retrieved One');
    const res = await call(ctx.url, sid, `<retrieve><fieldList>Name, Id, AnnualRevenue</fieldList><sObjectType>Account</sObjectType><ids>${id}</ids><ids>001000000000000AAA</ids><ids>bad</ids></retrieve>`);
    const [found, missing, malformed] = list(res.body.retrieveResponse.result);
    expect(found).toEqual({ '@_xsi:type': 'sf:sObject', 'sf:type': 'Account', 'sf:Id': [id, id], 'sf:Name': 'Retrieved One', 'sf:AnnualRevenue': { '@_xsi:nil': 'true' } });
    expect(childOrder(res.text, 'result')).toEqual(['sf:type', 'sf:Id', 'sf:Name', 'sf:Id', 'sf:AnnualRevenue']);
    expect(missing).toEqual({ '@_xsi:nil': 'true' });
    expect(malformed).toEqual({ '@_xsi:nil': 'true' });
  });

  it.each([
    ['an unknown field', 'Name, Bogus', 'Account', 'sf:INVALID_FIELD'],
    ['an unknown type', 'Name', 'Nope', 'sf:INVALID_TYPE'],
  ])('%s faults', async (_name, fields, type, code) => {
    const res = await call(ctx.url, sid, `<retrieve><fieldList>${fields}</fieldList><sObjectType>${type}</sObjectType><ids>001000000000000AAA</ids></retrieve>`);
    expect(res.status).toBe(500);
    expect(faultOf(res).code).toBe(code);
  });
});

describe('AllOrNoneHeader and AllowFieldTruncationHeader', () => {
  it('allOrNone: one bad record rolls back the good ones, which report ALL_OR_NONE_OPERATION_ROLLED_BACK', async () => {
    const name = unique('AllOrNone');
    const records = `${sobject('Account', `<Name>${name}</Name>`)}${sobject('Account', '<Site>no name</Site>')}`;
    const res = await call(ctx.url, sid, `<create>${records}</create>`, ALL_OR_NONE);
    const [good, bad] = list(res.body.createResponse.result);
    expect(good).toEqual({
      errors: { message: 'Record rolled back because not all records were valid and the request was using AllOrNone header', statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK' },
      id: { '@_xsi:nil': 'true' },
      success: 'false',
    });
    expect(bad.errors.statusCode).toBe('REQUIRED_FIELD_MISSING');
    expect(accounts().some((r) => r.Name === name)).toBe(false);
    const without = await call(ctx.url, sid, `<create>${records}</create>`);
    expect(list(without.body.createResponse.result)[0].success).toBe('true');
    expect(accounts().some((r) => r.Name === name)).toBe(true);
  });

  it('allOrNone on delete: a failing id keeps every record', async () => {
    const id = await createAccount();
    const res = await call(ctx.url, sid, `<delete><ids>${id}</ids><ids>001000000000000AAA</ids></delete>`, ALL_OR_NONE);
    expect(list(res.body.deleteResponse.result).map((r) => r.success)).toEqual(['false', 'false']);
    expect(byId('Account', id)).toBeDefined();
  });

  it.each([
    ['Name (string, 255)', 'Name', 300, 255],
    ['Site (string, 80)', 'Site', 90, 80],
    ['Phone (phone, 40)', 'Phone', 41, 40],
  ])('allowFieldTruncation truncates %s instead of STRING_TOO_LONG', async (_name, field, length, max) => {
    const fields = `${field === 'Name' ? '' : '<Name>Truncated</Name>'}<${field}>${'x'.repeat(length)}</${field}>`;
    const refused = await call(ctx.url, sid, `<create>${sobject('Account', fields)}</create>`);
    expect(list(refused.body.createResponse.result.errors).map((e) => e.statusCode)).toContain('STRING_TOO_LONG');
    const res = await call(ctx.url, sid, `<create>${sobject('Account', fields)}</create>`, { AllowFieldTruncationHeader: '<allowFieldTruncation>true</allowFieldTruncation>' });
    const id = res.body.createResponse.result.id as string;
    expect((byId('Account', id)?.[field] as string).length).toBe(max);
  });

  it('allowFieldTruncation leaves types it does not cover (url) to fail', async () => {
    const res = await call(ctx.url, sid, `<create>${sobject('Account', `<Name>u</Name><Website>${'w'.repeat(300)}</Website>`)}</create>`, {
      AllowFieldTruncationHeader: '<allowFieldTruncation>true</allowFieldTruncation>',
    });
    expect(res.body.createResponse.result.errors.statusCode).toBe('STRING_TOO_LONG');
  });
});
