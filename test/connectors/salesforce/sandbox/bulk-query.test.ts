import { beforeAll, describe, expect, it } from 'vitest';
import { useApi, useSandbox } from './helpers.js';

// Bulk API 2.0 query jobs over real HTTP: create/info shapes, CSV results in SELECT order, paging
// by Sforce-Locator and maxRecords the way jsforce loops over it, resultPages, and the refusals.

const PAGING_ROWS = 21_000;
const ctx = useSandbox({
  seed: {
    records: {
      Account: [{ _ref: 'bulkqParent', Name: 'Bulkq Parent', AnnualRevenue: 139000000 }],
      Contact: [
        { LastName: 'Bulkq', FirstName: 'Has "Quotes", Commas', AccountId: '@bulkqParent', Birthdate: '1980-01-02', Email: 'bulkq@example.com' },
        { LastName: 'Bulkq Orphan', Birthdate: null },
      ],
      Lead: Array.from({ length: PAGING_ROWS }, (_, i) => ({ LastName: `Pager ${i}`, Company: 'Paging Co' })),
    },
  },
});
const api = useApi(ctx);
const { call, waitForJob } = api;
const V = '/services/data/v62.0';

async function queryJob(query: string, extra: Record<string, unknown> = {}, version = V): Promise<string> {
  const res = await call('POST', `${version}/jobs/query`, { operation: 'query', query, ...extra });
  expect(res.status).toBe(200);
  await waitForJob('query', res.json.id, version);
  return res.json.id as string;
}

const PAGING_QUERY = "SELECT Id, LastName FROM Lead WHERE Company = 'Paging Co'";

describe('query jobs: the documented flow', () => {
  it('create answers UploadComplete; the job runs InProgress → JobComplete; info adds jobType, counts and isPkChunkingSupported', async () => {
    const created = await call('POST', `${V}/jobs/query`, { operation: 'query', query: 'SELECT Id, Name FROM account' });
    expect(created.status).toBe(200);
    expect(Object.keys(created.json)).toEqual(['id', 'operation', 'object', 'createdById', 'createdDate', 'systemModstamp', 'state', 'concurrencyMode', 'contentType', 'apiVersion', 'lineEnding', 'columnDelimiter']);
    expect(created.json).toMatchObject({ operation: 'query', object: 'Account', state: 'UploadComplete', concurrencyMode: 'Parallel', contentType: 'CSV', apiVersion: 62, lineEnding: 'LF', columnDelimiter: 'COMMA' });
    expect(created.text).toContain('"apiVersion":62.0,');
    const info = await waitForJob('query', created.json.id);
    expect(Object.keys(info)).toEqual([
      'id', 'operation', 'object', 'createdById', 'createdDate', 'systemModstamp', 'state', 'concurrencyMode', 'contentType', 'apiVersion', 'jobType', 'lineEnding',
      'columnDelimiter', 'numberRecordsProcessed', 'retries', 'totalProcessingTime', 'isPkChunkingSupported',
    ]);
    expect(info).toMatchObject({ state: 'JobComplete', jobType: 'V2Query', numberRecordsProcessed: ctx.sandbox.admin.records('Account').length, retries: 0, isPkChunkingSupported: true });
  });

  it('results: quoted CSV in SELECT order, parent fields as Account.Name, empty for a missing parent, Bulk’s value notation', async () => {
    const id = await queryJob("SELECT Id, firstname, LastName, Account.Name, Account.AnnualRevenue, Birthdate, IsDeleted, CreatedDate FROM Contact WHERE LastName LIKE 'Bulkq%' ORDER BY LastName");
    const res = await call('GET', `${V}/jobs/query/${id}/results`, undefined, { accept: 'text/csv' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv;charset=UTF-8');
    expect(res.headers.get('sforce-locator')).toBe('null');
    expect(res.headers.get('sforce-numberofrecords')).toBe('2');
    const [header, first, second, end] = res.text.split('\n');
    expect(header).toBe('"Id","FirstName","LastName","Account.Name","Account.AnnualRevenue","Birthdate","IsDeleted","CreatedDate"');
    expect(first).toMatch(/^"003[A-Za-z0-9]{15}","Has ""Quotes"", Commas","Bulkq","Bulkq Parent","1.39E8","1980-01-02","false","\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"$/);
    expect(second).toMatch(/^"003[A-Za-z0-9]{15}","","Bulkq Orphan","","","","false","[^"]+Z"$/);
    expect(end).toBe('');
  });

  it('queryAll includes deleted records (IsDeleted true); query does not', async () => {
    const del = await call('POST', `${V}/jobs/ingest`, { object: 'Contact', operation: 'delete' });
    const orphan = ctx.sandbox.admin.records('Contact').find((r) => r.LastName === 'Bulkq Orphan')!;
    await call('PUT', `${V}/jobs/ingest/${del.json.id}/batches`, `Id\n${String(orphan.Id)}\n`);
    await call('PATCH', `${V}/jobs/ingest/${del.json.id}`, { state: 'UploadComplete' });
    await waitForJob('ingest', del.json.id);
    const soql = "SELECT LastName, IsDeleted FROM Contact WHERE LastName = 'Bulkq Orphan'";
    const live = await queryJob(soql);
    const all = await queryJob(soql, { operation: 'queryAll' });
    expect((await call('GET', `${V}/jobs/query/${live}/results`)).text).toBe('"LastName","IsDeleted"\n');
    expect((await call('GET', `${V}/jobs/query/${all}/results`)).text).toBe('"LastName","IsDeleted"\n"Bulkq Orphan","true"\n');
    expect((await call('GET', `${V}/jobs/query/${all}`)).json.operation).toBe('queryAll');
  });
});

describe('query results paging', () => {
  let jobId = '';
  beforeAll(async () => {
    jobId = await queryJob(PAGING_QUERY);
  }, 30_000);

  /** Fetch pages as jsforce does: follow Sforce-Locator until it is the string 'null'. */
  async function allPages(maxRecords?: number): Promise<{ locators: string[]; counts: number[]; ids: string[] }> {
    const locators: string[] = [];
    const counts: number[] = [];
    const ids: string[] = [];
    let locator: string | undefined;
    for (;;) {
      const params = new URLSearchParams();
      if (locator) params.set('locator', locator);
      if (maxRecords) params.set('maxRecords', String(maxRecords));
      // jsforce asks for later pages at `jobs/query//<id>/results`
      const res = await call('GET', `${V}/jobs/query/${locator ? '/' : ''}${jobId}/results?${params}`);
      expect(res.status).toBe(200);
      const rows = res.text.split('\n').filter((l) => l !== '');
      expect(rows[0]).toBe('"Id","LastName"');
      ids.push(...rows.slice(1).map((r) => r.slice(1, 19)));
      counts.push(Number(res.headers.get('sforce-numberofrecords')));
      locator = res.headers.get('sforce-locator')!;
      locators.push(locator);
      if (locator === 'null') return { locators, counts, ids };
    }
  }

  it('without maxRecords: pages of 10,000, locators like Salesforce’s MTAwMDA, the literal null last', async () => {
    const { locators, counts, ids } = await allPages();
    expect(locators).toEqual(['MTAwMDA', 'MjAwMDA', 'null']);
    expect(counts).toEqual([10_000, 10_000, 1000]);
    expect(new Set(ids).size).toBe(PAGING_ROWS);
  });

  it.each([
    [7000, ['NzAwMA', 'MTQwMDA', 'null'], [7000, 7000, 7000]],
    [20_000, ['MjAwMDA', 'null'], [20_000, 1000]],
    [PAGING_ROWS, ['null'], [PAGING_ROWS]],
  ])('maxRecords=%d pages as %j', async (max, locators, counts) => {
    const pages = await allPages(max);
    expect(pages.locators).toEqual(locators);
    expect(pages.counts).toEqual(counts);
    expect(new Set(pages.ids).size).toBe(PAGING_ROWS);
  });

  it('a locator can be read again and gives the same page', async () => {
    const a = await call('GET', `${V}/jobs/query/${jobId}/results?locator=NzAwMA&maxRecords=3`);
    const b = await call('GET', `${V}/jobs/query/${jobId}/results?locator=NzAwMA&maxRecords=3`);
    expect(a.text).toBe(b.text);
    expect(a.headers.get('sforce-locator')).toBe('NzAwMw');
  });

  it.each([
    ['a locator that was never given out', '?locator=bm9wZQ', 'INVALID_QUERY_LOCATOR'],
    ['maxRecords of 0', '?maxRecords=0', 'API_ERROR'],
    ['maxRecords that is no number', '?maxRecords=many', 'API_ERROR'],
  ])('%s → 400 %s', async (_name, qs, errorCode) => {
    const res = await call('GET', `${V}/jobs/query/${jobId}/results${qs}`);
    expect(res.status).toBe(400);
    expect(res.json[0].errorCode).toBe(errorCode);
  });

  it('resultPages (v58+) lists up to five result URLs with their locators', async () => {
    const res = await call('GET', `${V}/jobs/query/${jobId}/resultPages`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      resultPages: ['MA', 'MTAwMDA', 'MjAwMDA'].map((l) => ({ resultUrl: `${V}/jobs/query/${jobId}/results?locator=${l}` })),
      nextRecordsUrl: null,
      done: true,
    });
    const second = await call('GET', res.json.resultPages[1].resultUrl);
    expect(second.headers.get('sforce-numberofrecords')).toBe('10000');
  });

  it('results must be read with the API version the job was created with (409), resultPages needs v58', async () => {
    const res = await call('GET', `/services/data/v61.0/jobs/query/${jobId}/results`);
    expect(res.status).toBe(409);
    const old = await queryJob('SELECT Id FROM Account LIMIT 1', {}, '/services/data/v57.0');
    expect((await call('GET', `/services/data/v57.0/jobs/query/${old}/resultPages`)).status).toBe(404);
    expect((await call('GET', `/services/data/v57.0/jobs/query/${old}/results`)).status).toBe(200);
  });
});

describe('query jobs: what Bulk refuses', () => {
  it.each([
    ['GROUP BY', 'SELECT Industry FROM Account GROUP BY Industry', 'API_ERROR', 'GROUP BY is not supported in Bulk Query'],
    ['COUNT()', 'SELECT COUNT() FROM Account', 'API_ERROR', 'Aggregate functions are not supported in Bulk Query'],
    ['an aggregate function', 'SELECT MAX(AnnualRevenue) FROM Account', 'API_ERROR', 'Aggregate functions are not supported in Bulk Query'],
    ['OFFSET', 'SELECT Id FROM Account LIMIT 5 OFFSET 2', 'API_ERROR', 'OFFSET is not supported in Bulk Query'],
    ['a parent-to-child subquery', 'SELECT Name, (SELECT LastName FROM Contacts) FROM Account', 'API_ERROR', 'Aggregate Relationships not supported in Bulk Query'],
    ['a compound address field', 'SELECT Id, BillingAddress FROM Account', 'API_ERROR', 'Selecting compound data not supported in Bulk Query'],
  ])('%s → 400 %s', async (_name, query, errorCode, message) => {
    const res = await call('POST', `${V}/jobs/query`, { operation: 'query', query });
    expect(res.status).toBe(400);
    expect(res.json).toEqual([{ errorCode, message }]);
  });

  it.each([
    ['a syntax error', 'SELECT Id FRM Account', 'MALFORMED_QUERY', /ERROR at Row:1:Column:\d+\nunexpected token: 'FRM'$/],
    ['an unknown field', 'SELECT Id, Nope__c FROM Account', 'INVALID_FIELD', /No such column 'Nope__c' on entity 'Account'/],
    ['an unknown object', 'SELECT Id FROM Nope__c', 'INVALID_TYPE', /sObject type 'Nope__c' is not supported/],
  ])('%s → 400 %s with the SOQL error text', async (_name, query, errorCode, message) => {
    const res = await call('POST', `${V}/jobs/query`, { operation: 'query', query });
    expect(res.status).toBe(400);
    expect(res.json[0].errorCode).toBe(errorCode);
    expect(res.json[0].message).toMatch(message);
  });

  it.each([
    ['an ingest operation', { operation: 'insert', query: 'SELECT Id FROM Account' }, "Invalid value: 'insert' supplied for property: 'operation'"],
    ['no query', { operation: 'query' }, "Invalid value: '' supplied for property: 'query'"],
    ['a content type other than CSV', { operation: 'query', query: 'SELECT Id FROM Account', contentType: 'JSON' }, "Invalid value: 'JSON' supplied for property: 'contentType'"],
  ])('%s → 400 API_ERROR', async (_name, body, message) => {
    const res = await call('POST', `${V}/jobs/query`, body);
    expect(res.json).toEqual([{ errorCode: 'API_ERROR', message }]);
  });
});

describe('query jobs: abort, delete, list', () => {
  it('a queued job can be aborted (once) and then never runs; a completed one cannot', async () => {
    const created = await call('POST', `${V}/jobs/query`, { operation: 'query', query: PAGING_QUERY });
    const aborted = await call('PATCH', `${V}/jobs/query/${created.json.id}`, { state: 'Aborted' });
    expect(aborted.status).toBe(200);
    expect(Object.keys(aborted.json)).toEqual(['id', 'operation', 'object', 'createdById', 'createdDate', 'systemModstamp', 'state', 'concurrencyMode', 'contentType', 'apiVersion']);
    expect(aborted.json.state).toBe('Aborted');
    await new Promise((r) => setTimeout(r, 200));
    expect((await call('GET', `${V}/jobs/query/${created.json.id}`)).json).toMatchObject({ state: 'Aborted', numberRecordsProcessed: 0 });
    expect((await call('PATCH', `${V}/jobs/query/${created.json.id}`, { state: 'Aborted' })).json).toEqual([{ errorCode: 'INVALIDJOBSTATE', message: 'Aborting already Aborted Job not allowed' }]);
    const done = await queryJob('SELECT Id FROM Account LIMIT 1');
    const refused = await call('PATCH', `${V}/jobs/query/${done}`, { state: 'Aborted' });
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual([{ errorCode: 'INVALIDJOBSTATE', message: 'Aborting already Completed Job not allowed' }]);
  });

  it('results before the job is complete → 400; deleting it then → 400; once complete → 204 and gone', async () => {
    const created = await call('POST', `${V}/jobs/query`, { operation: 'query', query: 'SELECT Id FROM Account' });
    const early = await call('GET', `${V}/jobs/query/${created.json.id}/results`);
    expect(early.status).toBe(400);
    expect(early.json[0].errorCode).toBe('INVALIDJOBSTATE');
    const refused = await call('DELETE', `${V}/jobs/query/${created.json.id}`);
    expect(refused.json).toEqual([{ errorCode: 'API_ERROR', message: 'Error encountered when deleting the job because the job is not terminated' }]);
    await waitForJob('query', created.json.id);
    expect((await call('DELETE', `${V}/jobs/query/${created.json.id}`)).status).toBe(204);
    expect((await call('GET', `${V}/jobs/query/${created.json.id}`)).status).toBe(404);
    expect((await call('GET', `${V}/jobs/query/${created.json.id}/results`)).status).toBe(404);
  });

  it('GET /jobs/query lists query jobs only, in the list entry shape; jobType filters', async () => {
    const id = await queryJob('SELECT Id FROM Account LIMIT 1');
    const list = await call('GET', `${V}/jobs/query`);
    expect(Object.keys(list.json)).toEqual(['done', 'records', 'nextRecordsUrl']);
    expect(list.json).toMatchObject({ done: true, nextRecordsUrl: null });
    const entry = list.json.records.find((r: { id: string }) => r.id === id);
    expect(Object.keys(entry)).toEqual(['id', 'operation', 'object', 'createdById', 'createdDate', 'systemModstamp', 'state', 'concurrencyMode', 'contentType', 'apiVersion', 'jobType', 'lineEnding', 'columnDelimiter']);
    expect(list.json.records.every((r: { jobType: string }) => r.jobType === 'V2Query')).toBe(true);
    expect((await call('GET', `${V}/jobs/query?jobType=V2Query`)).json.records.length).toBe(list.json.records.length);
    expect((await call('GET', `${V}/jobs/query?jobType=Classic`)).json.records).toEqual([]);
  });
});
