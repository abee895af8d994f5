import { describe, expect, it } from 'vitest';
import { REST_DATETIME, restClient } from './rest-client.js';
import { useSandbox } from './helpers.js';

const ITEMS = 2103;
const ctx = useSandbox({
  seed: {
    objects: [{ name: 'Item__c', keyPrefix: 'a02', fields: [{ name: 'Seq__c', type: 'int' }] }],
    records: { Item__c: Array.from({ length: ITEMS }, (_, i) => ({ Name: `Item ${String(i).padStart(4, '0')}`, Seq__c: i })) },
  },
});
const api = restClient(() => ctx.url);
const q = (soql: string) => `/query?q=${encodeURIComponent(soql)}`;
const lastSegment = (url: string) => url.slice(url.lastIndexOf('/') + 1);

describe('REST query: shapes', () => {
  it('{totalSize, done, records} with attributes {type, url} on each record', async () => {
    const res = await api.get(q("SELECT Id, Name FROM Account WHERE Name = 'GenePoint'"));
    expect(res.status).toBe(200);
    expect(res.headers.get('sforce-limit-info')).toMatch(/^api-usage=\d+\/15000$/);
    expect(Object.keys(res.body)).toEqual(['totalSize', 'done', 'records']);
    const [record] = res.body.records;
    expect(res.body).toMatchObject({ totalSize: 1, done: true });
    expect(record).toEqual({ attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${record.Id}` }, Id: record.Id, Name: 'GenePoint' });
  });

  it('canonical casing whatever the query says; + in the URL is a space', async () => {
    const res = await api.get("/query?q=select+name,+BILLINGCITY+from+account+where+name+=+'genepoint'");
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.records[0])).toEqual(['attributes', 'Name', 'BillingCity']);
  });

  it('no rows → {totalSize: 0, done: true, records: []}', async () => {
    const res = await api.get(q("SELECT Id FROM Account WHERE Name = 'Nobody'"));
    expect(res.body).toEqual({ totalSize: 0, done: true, records: [] });
  });

  it('REST datetimes, explicit nulls and compound addresses in rows', async () => {
    const res = await api.get(q("SELECT CreatedDate, Website, BillingAddress FROM Account WHERE Name = 'Edge Communications'"));
    const [row] = res.body.records;
    expect(row.CreatedDate).toMatch(REST_DATETIME);
    expect(row.Website).toBeNull();
    expect(row.BillingAddress).toEqual({ city: 'Austin', country: null, geocodeAccuracy: null, latitude: null, longitude: null, postalCode: null, state: 'TX', street: null });
  });

  it('parent fields nest as records with their own attributes; a missing parent is null', async () => {
    const orphan = await api.post('/sobjects/Contact', { LastName: 'Orphanage' });
    const res = await api.get(q("SELECT LastName, Account.Name, Account.Owner.Name FROM Contact WHERE LastName IN ('Gonzalez', 'Orphanage') ORDER BY LastName"));
    const [gonzalez, orphanRow] = res.body.records;
    expect(gonzalez.Account).toMatchObject({ attributes: { type: 'Account', url: expect.stringMatching(/^\/services\/data\/v62\.0\/sobjects\/Account\/001/) }, Name: 'Edge Communications' });
    expect(gonzalez.Account.Owner).toMatchObject({ attributes: { type: 'User' }, Name: 'Ferry Admin' });
    expect(orphanRow).toEqual({ attributes: { type: 'Contact', url: `/services/data/v62.0/sobjects/Contact/${orphan.body.id}` }, LastName: 'Orphanage', Account: null });
  });

  it('child subqueries nest as {totalSize, done, records}; no children → null', async () => {
    const res = await api.get(q("SELECT Name, (SELECT LastName FROM Contacts ORDER BY LastName) FROM Account WHERE Name IN ('Edge Communications', 'GenePoint') ORDER BY Name"));
    const [edge, genepoint] = res.body.records;
    expect(edge.Contacts).toEqual({
      totalSize: 2,
      done: true,
      records: [
        { attributes: { type: 'Contact', url: expect.stringMatching(/^\/services\/data\/v62\.0\/sobjects\/Contact\/003/) }, LastName: 'Forbes' },
        { attributes: { type: 'Contact', url: expect.any(String) }, LastName: 'Gonzalez' },
      ],
    });
    expect(genepoint.Contacts).toBeNull();
  });

  it('aggregates → AggregateResult rows without url, aliases or exprN', async () => {
    const res = await api.get(q("SELECT Industry, COUNT(Id) n, MAX(AnnualRevenue) FROM Account WHERE Industry = 'Energy' GROUP BY Industry"));
    expect(res.body).toEqual({ totalSize: 1, done: true, records: [{ attributes: { type: 'AggregateResult' }, Industry: 'Energy', n: 3, expr0: 5600000000 }] });
  });

  it('MAX of a datetime comes back in REST datetime format', async () => {
    const res = await api.get(q('SELECT MAX(CreatedDate) latest FROM Account'));
    expect(res.body.records[0].latest).toMatch(REST_DATETIME);
  });

  it('SELECT COUNT() → totalSize is the count, records empty', async () => {
    const res = await api.get(q('SELECT COUNT() FROM Item__c'));
    expect(res.body).toEqual({ totalSize: ITEMS, done: true, records: [] });
  });
});

describe('REST query: paging', () => {
  it('default batch 2000: nextRecordsUrl `/services/data/vNN.N/query/01g…-2000`, then the rest with done: true', async () => {
    const first = await api.get(q('SELECT Name FROM Item__c ORDER BY Seq__c'), { version: '61.0' });
    expect(first.body).toMatchObject({ totalSize: ITEMS, done: false });
    expect(first.body.records).toHaveLength(2000);
    expect(first.body.nextRecordsUrl).toMatch(/^\/services\/data\/v61\.0\/query\/01g[A-Za-z0-9]+-2000$/);
    expect(Object.keys(first.body)).toEqual(['totalSize', 'done', 'nextRecordsUrl', 'records']);
    const second = await api.get(first.body.nextRecordsUrl);
    expect(second.status).toBe(200);
    expect(Object.keys(second.body)).toEqual(['totalSize', 'done', 'records']);
    expect(second.body).toMatchObject({ totalSize: ITEMS, done: true });
    expect(second.body.records).toHaveLength(ITEMS - 2000);
    expect(second.body.records[0].Name).toBe('Item 2000');
  });

  it.each([
    ['batchSize=500', 500],
    ['batchSize=50 (below the minimum)', 200],
    ['batchSize=5000 (above the maximum)', 2000],
    ['something unreadable', 2000],
  ])('Sforce-Query-Options: %s → pages of %d', async (option, size) => {
    const res = await api.get(q('SELECT Id FROM Item__c'), { headers: { 'sforce-query-options': option.split(' ')[0]! } });
    expect(res.body.records).toHaveLength(size);
    expect(res.body.nextRecordsUrl).toMatch(new RegExp(`-${size}$`));
  });

  it('jsforce-style continuation: /query/<last segment> walks every page, also for queryAll', async () => {
    let page = await api.get(`/queryAll?q=${encodeURIComponent('SELECT Seq__c FROM Item__c ORDER BY Seq__c')}`, { headers: { 'sforce-query-options': 'batchSize=1000' } });
    const seen: number[] = [];
    for (;;) {
      seen.push(...page.body.records.map((r: { Seq__c: number }) => r.Seq__c));
      if (page.body.done) break;
      page = await api.get(`/query/${lastSegment(page.body.nextRecordsUrl)}`);
    }
    expect(seen).toEqual(Array.from({ length: ITEMS }, (_, i) => i));
  });

  it('the same locator also works under /queryAll/', async () => {
    const first = await api.get(q('SELECT Id FROM Item__c'));
    const res = await api.get(`/queryAll/${lastSegment(first.body.nextRecordsUrl)}`);
    expect(res.body.records).toHaveLength(ITEMS - 2000);
  });

  it.each([['01gnope-2000'], ['garbage'], ['01g5g00000ABCDEF00-0']])('an unknown locator %s → 400 INVALID_QUERY_LOCATOR', async (locator) => {
    const res = await api.get(`/query/${locator}`);
    expect(res).toMatchObject({ status: 400, body: [{ message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' }] });
  });
});

describe('REST queryAll', () => {
  it('query hides deleted records; queryAll shows them with IsDeleted true', async () => {
    const created = await api.post('/sobjects/Account', { Name: 'Soon Deleted' });
    await api.del(`/sobjects/Account/${created.body.id}`);
    const soql = "SELECT Id, IsDeleted FROM Account WHERE Name = 'Soon Deleted'";
    expect((await api.get(q(soql))).body.totalSize).toBe(0);
    const all = await api.get(`/queryAll?q=${encodeURIComponent(soql)}`);
    expect(all.body.records).toEqual([{ attributes: { type: 'Account', url: expect.any(String) }, Id: created.body.id, IsDeleted: true }]);
  });
});

describe('REST query errors', () => {
  it.each([
    ['a typo', 'MALFORMED_QUERY', 'SELECT Id FRM Account', /^\nSELECT Id FRM Account\n {10}\^\nERROR at Row:1:Column:11\nunexpected token: 'FRM'$/],
    ['an unknown column', 'INVALID_FIELD', 'SELECT Foo__c FROM Account', /ERROR at Row:1:Column:8\nNo such column 'Foo__c' on entity 'Account'\. If you are attempting to use a custom field/],
    ['an unknown object', 'INVALID_TYPE', 'SELECT Id FROM Nope', /sObject type 'Nope' is not supported\./],
    ['an illegal escape', 'MALFORMED_QUERY', "SELECT Id FROM Account WHERE Name = 'a\\x'", /ERROR at Row:1:Column:\d+/],
    ['mixing AND and OR without parentheses', 'MALFORMED_QUERY', "SELECT Id FROM Account WHERE Name = 'a' AND Name = 'b' OR Name = 'c'", /ERROR at Row:1:Column:\d+/],
    ['OFFSET above 2000', 'NUMBER_OUTSIDE_VALID_RANGE', 'SELECT Id FROM Account LIMIT 10 OFFSET 2001', /Maximum SOQL offset allowed is 2000/],
  ])('%s → 400 %s', async (_name, code, soql, message) => {
    const res = await api.get(q(soql));
    expect(res.status).toBe(400);
    expect(res.body).toHaveLength(1);
    expect(res.body[0].errorCode).toBe(code);
    expect(res.body[0].message).toMatch(message);
  });

  it.each([['/query'], ['/query?q='], ['/queryAll?q=%20']])('%s without a query → 400 MALFORMED_QUERY', async (path) => {
    const res = await api.get(path);
    expect(res).toMatchObject({ status: 400, body: [{ message: 'A query string has to be specified', errorCode: 'MALFORMED_QUERY' }] });
  });
});

describe('REST search (SOSL)', () => {
  const find = (sosl: string, version?: string) => api.get(`/search?q=${encodeURIComponent(sosl)}`, { version });

  it('FIND … RETURNING Account(Id, Name) → {searchRecords: [...]} with attributes', async () => {
    const res = await find('FIND {GenePoint} IN ALL FIELDS RETURNING Account(Id, Name)');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['searchRecords']);
    expect(res.body.searchRecords).toEqual([{ attributes: { type: 'Account', url: expect.stringMatching(/\/sobjects\/Account\/001/) }, Id: expect.any(String), Name: 'GenePoint' }]);
  });

  it('API versions before 36.0 answer a bare array', async () => {
    const res = await find('FIND {GenePoint} RETURNING Account(Name)', '35.0');
    expect(Array.isArray(res.body)).toBe(true);
    expect(res.body[0].Name).toBe('GenePoint');
  });

  it.each([
    ['no braces', 'FIND GenePoint', 'MALFORMED_SEARCH', 'No search term found. The search term must be enclosed in braces.'],
    ['an unknown object', 'FIND {xyz} RETURNING Nope', 'INVALID_TYPE', expect.stringContaining("sObject type 'Nope' is not supported")],
  ])('%s → 400 %s', async (_name, sosl, code, message) => {
    const res = await find(sosl);
    expect(res).toMatchObject({ status: 400, body: [{ errorCode: code, message }] });
  });

  it('no q → 400 MALFORMED_SEARCH', async () => {
    const res = await api.get('/search');
    expect(res).toMatchObject({ status: 400, body: [{ errorCode: 'MALFORMED_SEARCH' }] });
  });
});

describe('REST parameterizedSearch', () => {
  it('GET with q, sobject, <obj>.fields and <obj>.limit', async () => {
    const res = await api.get('/parameterizedSearch?q=GenePoint&sobject=Account&Account.fields=id,name&Account.limit=10');
    expect(res.status).toBe(200);
    expect(res.body.searchRecords).toEqual([{ attributes: { type: 'Account', url: expect.any(String) }, Id: expect.any(String), Name: 'GenePoint' }]);
  });

  it('GET over several objects with global fields and reserved characters in q taken literally', async () => {
    const res = await api.get(`/parameterizedSearch?q=${encodeURIComponent('rose@edge.example')}&sobject=Contact&sobject=Lead&fields=Name`);
    expect(res.status).toBe(200);
    expect(res.body.searchRecords.map((r: { Name: string }) => r.Name)).toEqual(['Rose Gonzalez']);
  });

  it('POST with a JSON body {q, fields, sobjects}', async () => {
    const res = await api.post('/parameterizedSearch', { q: 'Edge', fields: ['Name'], sobjects: [{ name: 'Account' }, { name: 'Opportunity', fields: ['Name', 'Amount'] }] });
    expect(res.status).toBe(200);
    const byType = res.body.searchRecords.map((r: { attributes: { type: string } }) => r.attributes.type);
    expect(byType).toEqual(['Account', 'Opportunity']);
    expect(res.body.searchRecords[1]).toMatchObject({ Name: 'Edge Emergency Generator', Amount: 75000 });
  });

  it.each([
    ['no q', '/parameterizedSearch?sobject=Account', 'MISSING_ARGUMENT'],
    ['an unknown scope', '/parameterizedSearch?q=x&in=EVERYWHERE', 'INVALID_SEARCH_SCOPE'],
  ])('%s → 400 %s', async (_name, path, code) => {
    const res = await api.get(path);
    expect(res).toMatchObject({ status: 400, body: [{ errorCode: code }] });
  });
});
