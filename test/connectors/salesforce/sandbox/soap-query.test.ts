import { beforeAll, describe, expect, it } from 'vitest';
import { useSandbox } from './helpers.js';
import { call, childOrder, faultOf, list, soapLogin } from './soap-helpers.js';

const WIDGETS = 450;
const ctx = useSandbox({
  seed: {
    objects: [{ name: 'Widget__c', keyPrefix: 'a0W', fields: [{ name: 'Size__c', type: 'int' }] }],
    records: { Widget__c: Array.from({ length: WIDGETS }, (_, i) => ({ Name: `Widget ${String(i).padStart(3, '0')}`, Size__c: i })) },
  },
});
let sid = '';
beforeAll(async () => {
  sid = await soapLogin(ctx.url);
});

const query = (soql: string, headers: Record<string, string> = {}, operation = 'query') =>
  call(ctx.url, sid, `<${operation}><queryString>${soql.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</queryString></${operation}>`, headers);
const nil = { '@_xsi:nil': 'true' };
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('query: records as the partner API writes them', () => {
  it('Id twice, values as text, parents as sObjects, child subqueries as nested QueryResults (nil when empty)', async () => {
    const res = await query("SELECT Id, Name, AnnualRevenue, CreatedDate, Owner.Name, (SELECT LastName FROM Contacts ORDER BY LastName), (SELECT Subject FROM Tasks) FROM Account WHERE Name = 'Edge Communications'");
    expect(res.status).toBe(200);
    expect(res.text).toContain('xmlns:sf="urn:sobject.partner.soap.sforce.com"');
    const result = res.body.queryResponse.result;
    expect(childOrder(res.text, 'result')).toEqual(['done', 'queryLocator', 'records', 'size']);
    expect(result).toMatchObject({ '@_xsi:type': 'QueryResult', done: 'true', queryLocator: nil, size: '1' });
    expect(childOrder(res.text, 'records')).toEqual(['sf:type', 'sf:Id', 'sf:Id', 'sf:Name', 'sf:AnnualRevenue', 'sf:CreatedDate', 'sf:Owner', 'sf:Contacts', 'sf:Tasks']);
    const record = result.records;
    expect(record['@_xsi:type']).toBe('sf:sObject');
    expect(record['sf:Id'][0]).toMatch(/^001[A-Za-z0-9]{15}$/);
    expect(record['sf:Id'][1]).toBe(record['sf:Id'][0]);
    expect(record['sf:AnnualRevenue']).toBe('1.39E8');
    expect(record['sf:CreatedDate']).toMatch(ISO);
    expect(record['sf:Owner']).toEqual({ '@_xsi:type': 'sf:sObject', 'sf:type': 'User', 'sf:Id': nil, 'sf:Name': 'Ferry Admin' });
    expect(record['sf:Contacts']).toMatchObject({ '@_xsi:type': 'QueryResult', done: 'true', queryLocator: nil, size: '2' });
    expect(list(record['sf:Contacts'].records).map((r) => r['sf:LastName'])).toEqual(['Forbes', 'Gonzalez']);
    expect(list(record['sf:Contacts'].records)[0]).toEqual({ '@_xsi:type': 'sf:sObject', 'sf:type': 'Contact', 'sf:Id': nil, 'sf:LastName': 'Forbes' });
    expect(record['sf:Tasks']).toEqual(nil);
  });

  it('an Id that is not selected appears once, nil; null fields are xsi:nil; canonical casing', async () => {
    const res = await query("select name, phone, rating from account where name = 'Sample Account for Entitlements'");
    expect(res.body.queryResponse.result.records).toEqual({ '@_xsi:type': 'sf:sObject', 'sf:type': 'Account', 'sf:Id': nil, 'sf:Name': 'Sample Account for Entitlements', 'sf:Phone': nil, 'sf:Rating': nil });
  });

  it('an empty parent reference is a nil element', async () => {
    await call(ctx.url, sid, '<create><sObjects><type>Contact</type><LastName>Lonely</LastName></sObjects></create>');
    const res = await query("SELECT LastName, Account.Name FROM Contact WHERE LastName = 'Lonely'");
    expect(res.body.queryResponse.result.records['sf:Account']).toEqual(nil);
  });

  it.each([
    ['currency in Java notation', "SELECT Amount FROM Opportunity WHERE Name = 'Edge Emergency Generator'", 'sf:Amount', '75000.0'],
    ['date', "SELECT CloseDate FROM Opportunity WHERE Name = 'Edge Emergency Generator'", 'sf:CloseDate', '2026-12-15'],
    ['boolean', "SELECT IsWon FROM Opportunity WHERE Name = 'Edge Emergency Generator'", 'sf:IsWon', 'false'],
    ['int', "SELECT NumberOfEmployees FROM Account WHERE Name = 'Edge Communications'", 'sf:NumberOfEmployees', '1000'],
    ['large currency', "SELECT AnnualRevenue FROM Account WHERE Name = 'United Oil & Gas Corp.'", 'sf:AnnualRevenue', '5.6E9'],
  ])('%s', async (_name, soql, field, value) => {
    const res = await query(soql);
    expect(res.body.queryResponse.result.records[field]).toBe(value);
  });

  it('COUNT() answers the count as size and no records', async () => {
    const res = await query('SELECT COUNT() FROM Widget__c');
    expect(res.body.queryResponse.result).toEqual({ '@_xsi:type': 'QueryResult', done: 'true', queryLocator: nil, size: String(WIDGETS) });
  });

  it('aggregates are AggregateResult sObjects whose values say their xsd type', async () => {
    const res = await query("SELECT Industry, COUNT(Id) n, SUM(AnnualRevenue) FROM Account WHERE Industry = 'Energy' GROUP BY Industry");
    expect(res.text).toContain('xmlns:xsd="http://www.w3.org/2001/XMLSchema"');
    expect(res.body.queryResponse.result.records).toEqual({
      '@_xsi:type': 'sf:sObject',
      'sf:type': 'AggregateResult',
      'sf:Id': nil,
      'sf:Industry': { '#text': 'Energy', '@_xsi:type': 'xsd:string' },
      'sf:n': { '#text': '3', '@_xsi:type': 'xsd:int' },
      'sf:expr0': { '#text': '5.6E9', '@_xsi:type': 'xsd:double' },
    });
  });

  it('queryAll includes the recycle bin; query does not', async () => {
    const created = await call(ctx.url, sid, '<create><sObjects><type>Widget__c</type><Name>Binned</Name></sObjects></create>');
    await call(ctx.url, sid, `<delete><ids>${created.body.createResponse.result.id}</ids></delete>`);
    const soql = "SELECT Name, IsDeleted FROM Widget__c WHERE Name = 'Binned'";
    expect((await query(soql)).body.queryResponse.result.size).toBe('0');
    const all = await query(soql, {}, 'queryAll');
    expect(all.body.queryAllResponse.result.records).toMatchObject({ 'sf:Name': 'Binned', 'sf:IsDeleted': 'true' });
  });
});

describe('query paging: QueryOptions.batchSize and queryMore', () => {
  const soql = 'SELECT Name FROM Widget__c ORDER BY Name';

  it('pages with locators <cursor>-<offset> until done; size is the total', async () => {
    const first = await query(soql, { QueryOptions: '<batchSize>200</batchSize>' });
    const r1 = first.body.queryResponse.result;
    expect(r1).toMatchObject({ done: 'false', size: String(WIDGETS) });
    expect(r1.queryLocator).toMatch(/^01g[A-Za-z0-9]+-200$/);
    expect(list(r1.records)).toHaveLength(200);
    const second = await call(ctx.url, sid, `<queryMore><queryLocator>${r1.queryLocator}</queryLocator></queryMore>`);
    const r2 = second.body.queryMoreResponse.result;
    expect(r2.queryLocator).toBe(r1.queryLocator.replace(/-200$/, '-400'));
    expect(list(r2.records)[0]['sf:Name']).toBe('Widget 200');
    const third = (await call(ctx.url, sid, `<queryMore><queryLocator>${r2.queryLocator}</queryLocator></queryMore>`)).body.queryMoreResponse.result;
    expect(third).toMatchObject({ done: 'true', queryLocator: nil, size: String(WIDGETS) });
    expect(list(third.records).map((r) => r['sf:Name']).at(-1)).toBe('Widget 449');
  });

  it.each([
    ['no QueryOptions: the default batch of 2000', undefined, WIDGETS],
    ['batchSize below the minimum is raised to 200', '50', 200],
    ['batchSize above the maximum is lowered to 2000', '5000', WIDGETS],
    ['batchSize 300', '300', 300],
  ])('%s', async (_name, batch, rows) => {
    const res = await query(soql, batch === undefined ? {} : { QueryOptions: `<batchSize>${batch}</batchSize>` });
    expect(list(res.body.queryResponse.result.records)).toHaveLength(rows);
  });

  it.each([
    ['an unknown locator', '01gDEADBEEF-200'],
    ['a locator past the end', 'garbage'],
  ])('%s → INVALID_QUERY_LOCATOR', async (_name, locator) => {
    const res = await call(ctx.url, sid, `<queryMore><queryLocator>${locator}</queryLocator></queryMore>`);
    expect(res.status).toBe(500);
    expect(faultOf(res)).toMatchObject({ code: 'sf:INVALID_QUERY_LOCATOR', string: 'INVALID_QUERY_LOCATOR: invalid query locator' });
    expect(Object.keys(faultOf(res).detail ?? {})).toEqual(['sf:InvalidQueryLocatorFault']);
  });
});

describe('query faults carry the SOQL error text, row and column', () => {
  it.each([
    ['a misspelt keyword', 'SELECT Id FRM Account', 'MALFORMED_QUERY', 'MalformedQueryFault', 1, 11, "unexpected token: 'FRM'"],
    ['an unknown field', 'SELECT Foo FROM Account', 'INVALID_FIELD', 'InvalidFieldFault', 1, 8, "No such column 'Foo' on entity 'Account'."],
    ['an unknown object', 'SELECT Id FROM Nope', 'INVALID_TYPE', 'InvalidSObjectFault', 1, 16, "sObject type 'Nope' is not supported."],
    ['an error on the second line', 'SELECT Id\nFROM Account WHERE Nme = 1', 'INVALID_FIELD', 'InvalidFieldFault', 2, 20, "No such column 'Nme' on entity 'Account'."],
  ])('%s → %s', async (_name, soql, code, kind, row, column, reason) => {
    const res = await query(soql);
    expect(res.status).toBe(500);
    const fault = faultOf(res);
    expect(fault.code).toBe(`sf:${code}`);
    expect(fault.string.startsWith(`${code}: \n`)).toBe(true);
    expect(fault.string).toContain(`ERROR at Row:${row}:Column:${column}\n${reason}`);
    expect(childOrder(res.text, `sf:${kind}`)).toEqual(['sf:exceptionCode', 'sf:exceptionMessage', 'sf:row', 'sf:column']);
    expect(fault.detail?.[`sf:${kind}`]).toMatchObject({ 'sf:exceptionCode': code, 'sf:row': String(row), 'sf:column': String(column) });
  });

  it('an empty queryString is malformed', async () => {
    const res = await query('');
    expect(faultOf(res).string).toBe('MALFORMED_QUERY: SOQL statements cannot be empty or null');
  });
});

describe('search (SOSL)', () => {
  it('answers SearchResult: queryId, then one searchRecords per row with its sObject', async () => {
    const res = await call(ctx.url, sid, '<search><searchString>FIND {Edge} IN NAME FIELDS RETURNING Account(Id, Name)</searchString></search>');
    expect(res.status).toBe(200);
    expect(childOrder(res.text, 'result')[0]).toBe('queryId');
    const records = list(res.body.searchResponse.result.searchRecords);
    expect(records).toHaveLength(1);
    expect(records[0].record).toMatchObject({ '@_xsi:type': 'sf:sObject', 'sf:type': 'Account', 'sf:Name': 'Edge Communications' });
    expect(records[0].record['sf:Id']).toHaveLength(2);
  });

  it('a search without braces → MalformedSearchFault', async () => {
    const res = await call(ctx.url, sid, '<search><searchString>FIND Edge RETURNING Account</searchString></search>');
    expect(res.status).toBe(500);
    expect(faultOf(res).code).toBe('sf:MALFORMED_SEARCH');
    expect(Object.keys(faultOf(res).detail ?? {})).toEqual(['sf:MalformedSearchFault']);
  });
});

describe('getUpdated and getDeleted', () => {
  const at = (offsetMinutes: number) => new Date(Date.now() + offsetMinutes * 60_000).toISOString();
  const window = (op: string, type: string, start: string, end: string) =>
    call(ctx.url, sid, `<${op}><sObjectType>${type}</sObjectType><startDate>${start}</startDate><endDate>${end}</endDate></${op}>`);

  it('report ids changed and deleted within the window, latestDateCovered on a whole minute', async () => {
    const id = (await call(ctx.url, sid, '<create><sObjects><type>Widget__c</type><Name>Replicated</Name></sObjects></create>')).body.createResponse.result.id;
    const updated = await window('getUpdated', 'Widget__c', at(-10), at(5));
    expect(childOrder(updated.text, 'result').at(-1)).toBe('latestDateCovered');
    expect(list(updated.body.getUpdatedResponse.result.ids)).toContain(id);
    expect(updated.body.getUpdatedResponse.result.latestDateCovered).toMatch(/:\d\d:00\.000Z$/);

    await call(ctx.url, sid, `<delete><ids>${id}</ids></delete>`);
    const deleted = await window('getDeleted', 'Widget__c', at(-10), at(5));
    const result = deleted.body.getDeletedResponse.result;
    const order = childOrder(deleted.text, 'result');
    expect(order.slice(-2)).toEqual(['earliestDateAvailable', 'latestDateCovered']);
    expect(new Set(order.slice(0, -2))).toEqual(new Set(['deletedRecords']));
    const mine = list(result.deletedRecords).find((d) => d.id === id);
    expect(mine?.deletedDate).toMatch(ISO);
    expect(childOrder(deleted.text, 'deletedRecords')).toEqual(['deletedDate', 'id']);
    expect(result.earliestDateAvailable).toMatch(ISO);
  });

  it.each([
    ['a start after the end', 'getUpdated', 'Widget__c', at(5), at(-5), 'sf:INVALID_REPLICATION_DATE'],
    ['a start more than 30 days back', 'getUpdated', 'Widget__c', at(-31 * 24 * 60), at(0), 'sf:INVALID_REPLICATION_DATE'],
    ['a start more than 15 days back for deletions', 'getDeleted', 'Widget__c', at(-16 * 24 * 60), at(0), 'sf:INVALID_REPLICATION_DATE'],
    ['an unknown type', 'getUpdated', 'Nope__c', at(-5), at(0), 'sf:INVALID_TYPE'],
    ['a date that is not an xsd:dateTime', 'getDeleted', 'Widget__c', 'yesterday', at(0), 'soapenv:Client'],
  ])('%s → %s', async (_name, op, type, start, end, code) => {
    const res = await window(op, type, start, end);
    expect(res.status).toBe(500);
    expect(faultOf(res).code).toBe(code);
  });
});
