import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server/start.js';
import { ROOT } from './helpers/cli.js';
import { startExample } from './helpers/example.js';

// The example project's `salesforce` API (WSO2's SOAP and Bulk API 2.0 examples, scenarios S1-S3
// and B1-B9 of the reference, with the reference's curl requests) and its `bulk` API (streamed
// loads and exports), over real HTTP against the embedded sandbox org.

let server: RunningServer;
let sandbox = '';
const resultsDir = mkdtempSync(join(tmpdir(), 'ferry-example-results-'));

beforeAll(async () => {
  server = await startExample({ FERRY_RESULTS_DIR: resultsDir });
  sandbox = server.sandboxUrl!;
});
afterAll(async () => {
  await server.close();
  rmSync(resultsDir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  type: string | null;
  text: string;
  json: any;
}
async function call(path: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(`${server.url}${path}`, init);
  const text = await res.text();
  const type = res.headers.get('content-type');
  return { status: res.status, type, text, json: type?.includes('json') && text !== '' ? JSON.parse(text) : undefined };
}
const xml = (body: string): RequestInit => ({ method: 'POST', headers: { 'content-type': 'text/xml' }, body });
const withId = (id: string): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id }) });
const admin = async (path: string, init: RequestInit = {}): Promise<any> => {
  const res = await fetch(`${sandbox}/__sandbox/${path}`, init);
  const text = await res.text();
  return text === '' ? undefined : JSON.parse(text);
};
const accounts = async (): Promise<Record<string, unknown>[]> => admin('records/Account');
const sandboxRequests = async (): Promise<{ method: string; path: string; body: string | null }[]> => admin('requests');

/** Poll an info resource until the job has finished. */
async function finished(path: string, id: string): Promise<any> {
  for (let i = 0; i < 200; i++) {
    const info = (await call(path, withId(id))).json;
    if (['JobComplete', 'Failed', 'Aborted'].includes(info.state)) return info;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`job ${id} did not finish`);
}

const B1_CSV = 'Name,ShippingCity,NumberOfEmployees,AnnualRevenue,Website,Description\nLorem Ipsum,Milano,2676,912260031,https://ft.com/lacus/at.jsp,"Lorem ipsum dolor sit amet"';

describe('salesforce API: SOAP (S1-S3)', () => {
  it('S1: createRecords turns <Name> into a SOAP create and answers the SOAP envelope verbatim', async () => {
    await admin('requests', { method: 'DELETE' });
    const res = await call('/salesforce/createRecords', xml('<Name>Engineers</Name>'));
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/xml/);
    expect(res.text).toMatch(/<LimitInfoHeader><limitInfo><current>\d+<\/current><limit>15000<\/limit><type>API REQUESTS<\/type><\/limitInfo><\/LimitInfoHeader>/);
    const id = /<createResponse><result><id>(001\w{15})<\/id><success>true<\/success><\/result><\/createResponse>/.exec(res.text)?.[1];
    expect((await accounts()).find((a) => a.Id === id)).toMatchObject({ Name: 'Engineers' });
    const sent = (await sandboxRequests()).filter((r) => r.path.startsWith('/services/Soap/'));
    expect(sent.map((r) => /<(?:\w+:)?(login|create)>/.exec(r.body ?? '')?.[1])).toEqual(['login', 'create']);
    expect(sent[1]!.body).toContain('<urn:allOrNone>false</urn:allOrNone>');
  });

  it('S2: queryRecords runs the XML queryString with batchSize 200, on the session S1 opened', async () => {
    await admin('requests', { method: 'DELETE' });
    const res = await call('/salesforce/queryRecords', xml('<queryString>select id,name from Account</queryString>'));
    expect(res.status).toBe(200);
    expect(res.text).toContain('<queryResponse><result xsi:type="QueryResult"><done>true</done><queryLocator xsi:nil="true"/>');
    const names = [...res.text.matchAll(/<sf:Name>([^<]*)<\/sf:Name>/g)].map((m) => m[1]);
    expect(names).toContain('Engineers');
    expect(names).toHaveLength((await accounts()).length);
    expect(res.text).toContain(`<size>${names.length}</size>`);
    const sent = (await sandboxRequests()).filter((r) => r.path.startsWith('/services/Soap/'));
    // WSO2 logs in on every message; the session is kept
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toContain('<urn:QueryOptions><urn:batchSize>200</urn:batchSize></urn:QueryOptions>');
  });

  it('S3: more rows than batchSize → done false and a locator; queryMoreRecords reads the next page', async () => {
    const more = Array.from({ length: 250 }, (_, i) => ({ Name: `Paged Account ${String(i).padStart(3, '0')}` }));
    await admin('seed', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ records: { Account: more } }) });
    const total = (await accounts()).length;
    const first = await call('/salesforce/queryRecords', xml('<queryString>select id,name from Account</queryString>'));
    expect(first.text).toContain('<done>false</done>');
    const locator = /<queryLocator>([^<]+-200)<\/queryLocator>/.exec(first.text)?.[1];
    expect(locator).toBeDefined();
    expect(first.text.match(/<records /g)).toHaveLength(200);
    expect(first.text).toContain(`<size>${total}</size>`);
    const second = await call('/salesforce/queryMoreRecords', xml(`<queryLocator>${locator}</queryLocator>`));
    expect(second.status).toBe(200);
    expect(second.text).toContain('<queryMoreResponse><result xsi:type="QueryResult"><done>');
    expect(second.text.match(/<records /g)).toHaveLength(Math.min(200, total - 200));
  });
});

describe('salesforce API: Bulk API 2.0 (B1-B9)', () => {
  let ingestJob = '';
  let queryJob = '';

  it('B1: createJobAndUploadData creates an insert job, uploads the CSV body and closes the job', async () => {
    await admin('requests', { method: 'DELETE' });
    const res = await call('/salesforce/createJobAndUploadData', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: B1_CSV });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: expect.stringMatching(/^750\w{15}$/), operation: 'insert', object: 'Account', state: 'UploadComplete', concurrencyMode: 'Parallel', contentType: 'CSV', apiVersion: 60 });
    ingestJob = res.json.id;
    const bulk = (await sandboxRequests()).filter((r) => r.path.includes('/jobs/'));
    expect(bulk.map((r) => `${r.method} ${r.path.replace(ingestJob, '{id}')}`)).toEqual([
      'POST /services/data/v60.0/jobs/ingest',
      'GET /services/data/v60.0/jobs/ingest/{id}',
      'PUT /services/data/v60.0/jobs/ingest/{id}/batches',
      'PATCH /services/data/v60.0/jobs/ingest/{id}',
    ]);
    expect(JSON.parse(bulk[0]!.body!)).toEqual({ object: 'Account', operation: 'insert', columnDelimiter: 'COMMA', lineEnding: 'LF' });
    // the sandbox logs an upload as '(streamed body)'; B4 reads back what it received
    expect(JSON.parse(bulk[3]!.body!)).toEqual({ state: 'UploadComplete' });
  });

  it('B2: createJobAndUploadFile uploads data/accounts.csv, by GET or POST', async () => {
    const file = readFileSync(join(ROOT, 'data/accounts.csv'), 'utf8');
    for (const method of ['GET', 'POST']) {
      const res = await call('/salesforce/createJobAndUploadFile', { method });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ object: 'Account', operation: 'insert', state: 'UploadComplete' });
      const info = await finished('/salesforce/getJobInfo', res.json.id);
      expect(info).toMatchObject({ state: 'JobComplete', numberRecordsProcessed: file.trim().split('\n').length - 1, numberRecordsFailed: 0 });
    }
    expect((await accounts()).filter((a) => a.Name === 'Dolor Sit')).toHaveLength(2);
  });

  it('B3: getJobInfo answers the finished job with its counts', async () => {
    const info = await finished('/salesforce/getJobInfo', ingestJob);
    expect(info).toMatchObject({ id: ingestJob, state: 'JobComplete', jobType: 'V2Ingest', lineEnding: 'LF', columnDelimiter: 'COMMA', numberRecordsProcessed: 1, numberRecordsFailed: 0, retries: 0 });
  });

  it('B4: getSuccessfulResults answers a JSON array whose values are all strings', async () => {
    const res = await call('/salesforce/getSuccessfulResults', withId(ingestJob));
    expect(res.status).toBe(200);
    expect(res.json).toEqual([
      {
        sf__Id: expect.stringMatching(/^001\w{15}$/),
        sf__Created: 'true',
        Name: 'Lorem Ipsum',
        ShippingCity: 'Milano',
        NumberOfEmployees: '2676',
        AnnualRevenue: '9.12260031E8', // a currency field, as Salesforce writes it back
        Website: 'https://ft.com/lacus/at.jsp',
        Description: 'Lorem ipsum dolor sit amet',
      },
    ]);
  });

  it('B5: getUnprocessedResults writes the CSV into configs.resultsDir and answers {"result":"success"}', async () => {
    const res = await call('/salesforce/getUnprocessedResults', withId(ingestJob));
    expect(res).toMatchObject({ status: 200, json: { result: 'success' } });
    const written = readFileSync(join(resultsDir, 'unprocessed-results.csv'), 'utf8');
    // every row was processed: the header alone
    expect(written).toBe('Name,ShippingCity,NumberOfEmployees,AnnualRevenue,Website,Description\n');
  });

  it('B6: deleteJob answers {"result":"Success"}; an unknown job is the 404 passed through', async () => {
    const res = await call('/salesforce/deleteJob', withId(ingestJob));
    expect(res).toMatchObject({ status: 200, json: { result: 'Success' } });
    const again = await call('/salesforce/deleteJob', withId(ingestJob));
    expect(again.status).toBe(404);
    expect(again.json).toEqual([{ errorCode: 'NOT_FOUND', message: expect.any(String) }]);
  });

  it('B7: createQuery creates the query job SELECT Id, name FROM Account', async () => {
    const res = await call('/salesforce/createQuery', { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: expect.stringMatching(/^750\w{15}$/), operation: 'query', object: 'Account', state: 'UploadComplete', contentType: 'CSV', lineEnding: 'LF', columnDelimiter: 'COMMA' });
    queryJob = res.json.id;
    expect((await call('/salesforce/createQuery')).json).toMatchObject({ operation: 'query', state: 'UploadComplete' });
  });

  it('B8: getQueryJobInfo answers the finished query job', async () => {
    const info = await finished('/salesforce/getQueryJobInfo', queryJob);
    expect(info).toMatchObject({ id: queryJob, state: 'JobComplete', jobType: 'V2Query', numberRecordsProcessed: (await accounts()).length, retries: 0 });
  });

  it('B9: getSuccessfulQueryResults answers the rows as a JSON array of {Id, Name}', async () => {
    const res = await call('/salesforce/getSuccessfulQueryResults', withId(queryJob));
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^application\/json/);
    const rows = res.json as { Id: string; Name: string }[];
    expect(rows).toHaveLength((await accounts()).length);
    expect(rows[0]).toEqual({ Id: expect.stringMatching(/^001\w{15}$/), Name: expect.any(String) });
    expect(rows.map((r) => r.Name)).toContain('Lorem Ipsum');
  });
});

describe('bulk API: streamed loads and exports', () => {
  const csv = (names: string[]) => `Name,Industry\n${names.map((n) => `${n},Energy\n`).join('')}`;

  it('POST /bulk/accounts loads a CSV and answers the job summary once the job is closed', async () => {
    const res = await call('/bulk/accounts', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv(['Bulk One', 'Bulk Two', 'Bulk Three']) });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ jobs: [{ id: expect.stringMatching(/^750/), state: 'UploadComplete', records: 3 }], recordsUploaded: 3 });
  });

  it('?wait=true waits for Salesforce and answers the counts; a JSON array works too', async () => {
    const res = await call('/bulk/accounts?wait=true', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ Name: 'Bulk Json', Industry: null }]) });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ jobs: [{ state: 'JobComplete', numberRecordsProcessed: 1 }], recordsUploaded: 1, recordsProcessed: 1, recordsFailed: 0 });
    expect((await accounts()).find((a) => a.Name === 'Bulk Json')).toMatchObject({ Industry: null });
  });

  it('a body larger than server.bodyLimit (10mb) streams through: the limits are separate', async () => {
    const rows = Array.from({ length: 120_000 }, (_, i) => `Large Upload ${i},Energy,"${'x'.repeat(60)}"\n`).join('');
    const body = `Name,Industry,Description\n${rows}`;
    expect(body.length).toBeGreaterThan(10 * 1024 * 1024);
    const res = await call('/bulk/accounts', { method: 'POST', headers: { 'content-type': 'text/csv' }, body });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ recordsUploaded: 120_000, jobs: [{ records: 120_000, bytes: Buffer.byteLength(body) }] });
    // the same body to a parsed resource is refused
    expect((await call('/echo', { method: 'POST', headers: { 'content-type': 'text/plain' }, body })).status).toBe(413);
    // back to the seed, so the job's 120,000 rows are not processed into the org (the connection's
    // token is gone with it: the next call renews it once)
    await admin('reset', { method: 'POST' });
  });

  it('GET /bulk/accounts.csv streams every Account as one CSV', async () => {
    const res = await call('/bulk/accounts.csv');
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/csv/);
    const lines = res.text.trimEnd().split('\n');
    // Salesforce quotes every field of query results
    expect(lines[0]).toBe('"Id","Name","Industry","Phone","Website","BillingCity"');
    expect(lines).toHaveLength((await accounts()).length + 1);
    expect(existsSync(join(ROOT, 'out'))).toBe(false);
  });

  it('a CSV with an unterminated quote is a 400 SALESFORCE_BULK_INPUT', async () => {
    const res = await call('/bulk/accounts', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'Name,Industry\n"Open quote,Energy\n' });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 'SALESFORCE_BULK_INPUT' });
  });

  it('an upload with no data row creates no job', async () => {
    const res = await call('/bulk/accounts', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'Name,Industry\n' });
    expect(res).toMatchObject({ status: 200, json: { jobs: [], recordsUploaded: 0 } });
  });
});
