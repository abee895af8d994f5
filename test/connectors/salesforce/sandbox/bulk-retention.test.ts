import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { JOB_RETENTION_MS, JobStore, MAX_FINISHED_JOBS, type Job, type JobState } from '../../../../connectors/salesforce/sandbox/bulk/jobs.js';
import { useApi, useSandbox } from './helpers.js';

// Bulk API 2.0 over real HTTP, what the sandbox keeps: query results go to spool files as the job
// runs and pages are streamed from them (the heap does not grow with the results); a job's files
// go when it is deleted, when an admin reset clears it, and when it expires 7 days (org clock)
// after it finished; the number of finished jobs kept is capped.

const HEAP_ROWS = 5000;
const ctx = useSandbox({
  seed: {
    records: {
      Lead: [
        ...Array.from({ length: HEAP_ROWS }, (_, i) => ({ LastName: `Heap ${i}`, FirstName: 'Bulk', Company: 'Heap Co', AnnualRevenue: i * 1.5 })),
        { LastName: 'Ünïcödé "quoted"', FirstName: 'two\nlines', Company: 'Paging Co' },
        ...Array.from({ length: 20 }, (_, i) => ({ LastName: `Pagé ${i}`, FirstName: i % 2 ? 'ß, | and ;' : '', Company: 'Paging Co' })),
      ],
    },
  },
});
const api = useApi(ctx);
const { call, waitForJob } = api;
const V = '/services/data/v62.0';

async function queryJob(query: string, options: Record<string, unknown> = {}): Promise<string> {
  const res = await call('POST', `${V}/jobs/query`, { operation: 'query', query, ...options });
  expect(res.status).toBe(200);
  expect((await waitForJob('query', res.json.id)).state).toBe('JobComplete');
  return res.json.id as string;
}

async function ingestJob(): Promise<string> {
  const job = (await call('POST', `${V}/jobs/ingest`, { object: 'Contact', operation: 'insert' })).json;
  expect((await call('PUT', `${V}/jobs/ingest/${job.id}/batches`, 'LastName\nKept\n')).status).toBe(201);
  await call('PATCH', `${V}/jobs/ingest/${job.id}`, { state: 'UploadComplete' });
  expect((await waitForJob('ingest', job.id)).state).toBe('JobComplete');
  return job.id as string;
}

/** The spool files of a job: every sandbox's spool directory is `<tmp>/ferry-bulk-*`, file names start with the job id. */
function filesOf(jobId: string): string[] {
  return readdirSync(tmpdir())
    .filter((d) => d.startsWith('ferry-bulk-'))
    .flatMap((d) => {
      const dir = join(tmpdir(), d);
      return existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith(jobId)) : [];
    });
}

/** Wait until a job's files are gone (they are removed once the job has settled). */
async function filesGone(jobId: string): Promise<boolean> {
  for (let i = 0; i < 200; i++) {
    if (filesOf(jobId).length === 0) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return false;
}

async function advanceClock(ms: number): Promise<void> {
  await fetch(`${ctx.url}/__sandbox/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceMs: ms }) });
}

// garbage collection on demand, so that what is measured is what is kept, not what awaits collection
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap plus Buffer memory in use, after a full collection. */
function liveBytes(): number {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

describe('query results live in spool files', () => {
  const HEAP_QUERY = "SELECT Id, FirstName, LastName, AnnualRevenue, CreatedDate, LastModifiedDate, SystemModstamp FROM Lead WHERE Company = 'Heap Co'";

  it('completed query jobs over thousands of rows do not keep their rows on the heap', async () => {
    // one job first, so that code compiled on first use is not counted as result memory
    await queryJob(HEAP_QUERY);
    const before = liveBytes();
    const jobs = [];
    for (let i = 0; i < 10; i++) jobs.push(await queryJob(HEAP_QUERY));
    const grown = liveBytes() - before;
    // kept as rendered rows, 10 × 5000 rows of 7 cells take about 14 MB
    expect(grown).toBeLessThan(4 * 1024 * 1024);
    const page = await call('GET', `${V}/jobs/query/${jobs[9]}/results?maxRecords=2`);
    expect(page.headers.get('sforce-numberofrecords')).toBe('2');
    expect(page.text.split('\n')).toHaveLength(4);
    for (const id of jobs) expect(filesOf(id).length).toBeGreaterThan(0);
  }, 60_000);

  it.each([
    ['COMMA', 'LF'],
    ['PIPE', 'CRLF'],
    ['TAB', 'LF'],
  ])('pages (%s, %s) cut at row boundaries, multi-byte text and embedded line breaks included, add up to the whole result', async (columnDelimiter, lineEnding) => {
    const id = await queryJob("SELECT LastName, FirstName FROM Lead WHERE Company = 'Paging Co' ORDER BY LastName", { columnDelimiter, lineEnding });
    const whole = await call('GET', `${V}/jobs/query/${id}/results`);
    expect(whole.headers.get('sforce-numberofrecords')).toBe('21');
    const eol = lineEnding === 'CRLF' ? '\r\n' : '\n';
    const [header, ...rest] = whole.text.split(eol);
    const body = rest.join(eol);
    expect(body).toContain('"Ünïcödé ""quoted"""');
    let pages = '';
    let locator = '';
    for (;;) {
      const res = await call('GET', `${V}/jobs/query/${id}/results?maxRecords=4${locator ? `&locator=${locator}` : ''}`);
      expect(res.text.startsWith(header + eol)).toBe(true);
      pages += res.text.slice(header!.length + eol.length);
      locator = res.headers.get('sforce-locator')!;
      if (locator === 'null') break;
    }
    expect(pages).toBe(body);
  });
});

describe('spool files are removed with their jobs', () => {
  it('DELETE of an ingest job and of a query job removes their files', async () => {
    const ingest = await ingestJob();
    const query = await queryJob("SELECT Id FROM Lead WHERE Company = 'Paging Co'");
    expect(filesOf(ingest)).toHaveLength(4);
    expect(filesOf(query)).toHaveLength(2);
    expect((await call('DELETE', `${V}/jobs/ingest/${ingest}`)).status).toBe(204);
    expect((await call('DELETE', `${V}/jobs/query/${query}`)).status).toBe(204);
    expect(await filesGone(ingest)).toBe(true);
    expect(await filesGone(query)).toBe(true);
  });

  it('an admin reset removes every job’s files', async () => {
    const ingest = await ingestJob();
    const query = await queryJob("SELECT Id FROM Lead WHERE Company = 'Paging Co'");
    expect(filesOf(ingest).length + filesOf(query).length).toBe(6);
    await fetch(`${ctx.url}/__sandbox/reset`, { method: 'POST' });
    expect(await filesGone(ingest)).toBe(true);
    expect(await filesGone(query)).toBe(true);
    await api.relogin();
    expect((await call('GET', `${V}/jobs/query/${query}`)).status).toBe(404);
  });

  it('a finished job expires 7 days (org clock) after it finished: gone from info and list, files removed', async () => {
    const ingest = await ingestJob();
    const query = await queryJob("SELECT Id FROM Lead WHERE Company = 'Paging Co'");
    await advanceClock(JOB_RETENTION_MS - 60_000);
    // the clock jump expired the session too
    await api.relogin();
    expect((await call('GET', `${V}/jobs/query/${query}`)).status).toBe(200);
    expect((await call('GET', `${V}/jobs/ingest/${ingest}`)).status).toBe(200);
    await advanceClock(120_000);
    expect((await call('GET', `${V}/jobs/query/${query}`)).status).toBe(404);
    expect((await call('GET', `${V}/jobs/ingest/${ingest}`)).status).toBe(404);
    expect((await call('GET', `${V}/jobs/query`)).json.records.map((j: { id: string }) => j.id)).not.toContain(query);
    expect(await filesGone(ingest)).toBe(true);
    expect(await filesGone(query)).toBe(true);
  });
});

describe('the job store keeps a bounded number of finished jobs', () => {
  const job = (id: string, state: JobState, systemModstamp: number) => ({ id, kind: 'query', state, systemModstamp }) as unknown as Job;

  it(`past ${MAX_FINISHED_JOBS} finished jobs the oldest finished ones go; running jobs are never expired`, () => {
    const store = new JobStore();
    store.add(job('running', 'InProgress', 0));
    for (let i = 0; i < MAX_FINISHED_JOBS + 5; i++) store.add(job(`done${i}`, i % 2 ? 'JobComplete' : 'Aborted', 1000));
    store.add(job('open', 'Open', 0));
    expect(store.expire(1000).map((j) => j.id)).toEqual(['done0', 'done1', 'done2', 'done3', 'done4']);
    expect(store.expire(1000)).toEqual([]);
    const left = store.expire(1000 + JOB_RETENTION_MS).map((j) => j.id);
    expect(left).toHaveLength(MAX_FINISHED_JOBS);
    expect([...store.all()].map((j) => j.id)).toEqual(['running', 'open']);
  });
});
