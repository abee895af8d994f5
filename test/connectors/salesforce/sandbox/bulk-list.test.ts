import { beforeAll, describe, expect, it } from 'vitest';
import { useApi, useSandbox } from './helpers.js';

// Listing Bulk API 2.0 jobs over real HTTP: 1,000 jobs a page, nextRecordsUrl with a queryLocator
// (`01g…-1000`, under /jobs/ingest for both lists, as Salesforce writes it), filters.

const ctx = useSandbox();
const api = useApi(ctx);
const { call } = api;
const V = '/services/data/v62.0';
const INGEST_JOBS = 1205;
const QUERY_JOBS = 3;
const ingestIds: string[] = [];

beforeAll(async () => {
  for (let i = 0; i < INGEST_JOBS; i += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, INGEST_JOBS - i) }, () => call('POST', `${V}/jobs/ingest`, { object: 'Account', operation: 'insert' })),
    );
    ingestIds.push(...batch.map((r) => r.json.id as string));
  }
  for (let i = 0; i < QUERY_JOBS; i++) await call('POST', `${V}/jobs/query`, { operation: 'query', query: 'SELECT Id FROM Account' });
}, 60_000);

describe('GET /jobs/ingest', () => {
  it('pages 1,000 jobs at a time; nextRecordsUrl carries the locator until done', async () => {
    const first = await call('GET', `${V}/jobs/ingest`);
    expect(first.status).toBe(200);
    expect(Object.keys(first.json)).toEqual(['done', 'records', 'nextRecordsUrl']);
    expect(first.json.done).toBe(false);
    expect(first.json.records).toHaveLength(1000);
    expect(first.json.nextRecordsUrl).toMatch(/^\/services\/data\/v62\.0\/jobs\/ingest\?queryLocator=01g[A-Za-z0-9]+-1000$/);
    const second = await call('GET', first.json.nextRecordsUrl);
    expect(second.json).toMatchObject({ done: true, nextRecordsUrl: null });
    expect(second.json.records).toHaveLength(INGEST_JOBS - 1000);
    const listed = [...first.json.records, ...second.json.records].map((r: { id: string }) => r.id);
    expect(listed).toEqual(ingestIds);
  });

  it('list entries have the list shape: an Open job shows its contentUrl', async () => {
    const { json } = await call('GET', `${V}/jobs/ingest`);
    expect(Object.keys(json.records[0])).toEqual([
      'id', 'operation', 'object', 'createdById', 'createdDate', 'systemModstamp', 'state', 'concurrencyMode', 'contentType', 'apiVersion', 'jobType', 'contentUrl', 'lineEnding', 'columnDelimiter',
    ]);
    expect(json.records[0]).toMatchObject({ jobType: 'V2Ingest', state: 'Open', contentUrl: `services/data/v62.0/jobs/ingest/${ingestIds[0]}/batches` });
  });

  it.each([
    ['jobType=V2Ingest', INGEST_JOBS],
    ['jobType=V2Query', 0],
    ['jobType=Classic', 0],
    ['jobType=BigObjectIngest', 0],
    ['isPkChunkingEnabled=true', 0],
    ['concurrencyMode=parallel', INGEST_JOBS],
    ['concurrencyMode=serial', 0],
  ])('?%s lists %d jobs', async (qs, count) => {
    let { json } = await call('GET', `${V}/jobs/ingest?${qs}`);
    let total = json.records.length;
    while (!json.done) {
      ({ json } = await call('GET', json.nextRecordsUrl));
      total += json.records.length;
    }
    expect(total).toBe(count);
  });

  it('a locator it never gave out → 400', async () => {
    const res = await call('GET', `${V}/jobs/ingest?queryLocator=01gNOPE-1000`);
    expect(res.status).toBe(400);
    expect(res.json).toEqual([{ errorCode: 'INVALID_QUERY_LOCATOR', message: 'invalid query locator' }]);
  });

  it('a deleted job drops out of the list', async () => {
    const id = ingestIds[0]!;
    await call('PATCH', `${V}/jobs/ingest/${id}`, { state: 'Aborted' });
    expect((await call('DELETE', `${V}/jobs/ingest/${id}`)).status).toBe(204);
    const { json } = await call('GET', `${V}/jobs/ingest`);
    expect(json.records.some((r: { id: string }) => r.id === id)).toBe(false);
  });
});

describe('GET /jobs/query', () => {
  it('lists only query jobs, in one page here', async () => {
    const { json } = await call('GET', `${V}/jobs/query`);
    expect(json).toMatchObject({ done: true, nextRecordsUrl: null });
    expect(json.records).toHaveLength(QUERY_JOBS);
    expect(json.records.map((r: { jobType: string; operation: string }) => [r.jobType, r.operation])).toEqual(Array(QUERY_JOBS).fill(['V2Query', 'query']));
  });
});
