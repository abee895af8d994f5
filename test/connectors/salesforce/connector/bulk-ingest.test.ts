import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { BodyStream } from '../../../../src/engine/body-stream.js';
import { useSalesforce } from './harness.js';
import { bulkCalls, captured, streamOf } from './bulk-helpers.js';

// bulkIngest: one step from data to finished jobs — splitting at maxBytesPerJob (header in every
// job, records whole), conversion of JSON and NDJSON, waiting with a bounded poll, the summary,
// failed rows, and its faults.
const sf = useSalesforce();
afterEach(() => {
  sf.sandbox.admin.clearFaults();
  sf.sandbox.admin.setLimits({ max: 15000, used: 0 });
});

type Summary = {
  jobs: { id: string; state: string; records: number; bytes: number; numberRecordsProcessed?: number; numberRecordsFailed?: number; errorMessage?: string }[];
  recordsUploaded: number;
  recordsProcessed: number;
  recordsFailed: number;
  failedRows?: Record<string, string>[];
};

/** The saved rows of one job (successful results), as objects of strings. */
async function savedRows(id: string): Promise<Record<string, string>[]> {
  const out = await sf.run(`- salesforce.getSuccessfulResults: { configKey: sf, jobId: "${id}", responseVariable: r }`);
  return captured(out).payload as Record<string, string>[];
}

const HEADER = 'Name,Description\n';

/** Pieces with a pause before each but the first, as a slow client sends them. */
async function* slowly(pieces: readonly string[]): AsyncGenerator<Buffer> {
  for (const [i, piece] of pieces.entries()) {
    if (i > 0) await new Promise((r) => setTimeout(r, 150));
    yield Buffer.from(piece);
  }
}
const ROWS = ['Split 1,one\n', 'Split 2,"two, with a comma"\n', 'Split 3,"three\nspans two lines"\n', 'Split 4,four\n', 'Split 5,"five ""quoted"""\n', 'Split 6,six\n'];

describe('bulkIngest splits at maxBytesPerJob', () => {
  it('a streamed CSV becomes several jobs, each with the header and whole records (a quoted line break stays inside its record)', async () => {
    // cut the stream mid-record so the splitter has to find the boundaries itself
    const text = HEADER + ROWS.join('');
    const pieces = [text.slice(0, 7), text.slice(7, 40), text.slice(40, 41), text.slice(41)];
    const { mc } = await sf.run('- salesforce.bulkIngest: { configKey: sf, object: Account, operation: insert, maxBytesPerJob: 60, waitForCompletion: true, pollInterval: 20, responseVariable: r }\n- respond: { body: done }', {
      payload: new BodyStream(streamOf(pieces), 'text/csv'),
      contentType: 'text/csv',
    });
    expect(mc.error).toBeNull();
    const summary = captured({ mc } as never).payload as Summary;
    // 60 bytes a job, the header (17) included: rows 1+2, 3, 4+5, 6
    expect(summary.jobs.map((j) => j.records)).toEqual([2, 1, 2, 1]);
    expect(summary.jobs.map((j) => j.bytes)).toEqual([17 + 12 + 28, 17 + 32, 17 + 13 + 26, 17 + 12]);
    expect(summary.jobs.every((j) => j.state === 'JobComplete' && j.numberRecordsFailed === 0)).toBe(true);
    expect(summary).toMatchObject({ recordsUploaded: 6, recordsProcessed: 6, recordsFailed: 0 });
    const perJob = await Promise.all(summary.jobs.map((j) => savedRows(j.id)));
    expect(perJob.map((rows) => rows.map((r) => r.Name))).toEqual([['Split 1', 'Split 2'], ['Split 3'], ['Split 4', 'Split 5'], ['Split 6']]);
    expect(perJob.flat().map((r) => r.Description)).toEqual(['one', 'two, with a comma', 'three\nspans two lines', 'four', 'five "quoted"', 'six']);
  });

  it('a record larger than the budget goes alone into a job; the default budget keeps everything in one', async () => {
    const big = `Oversized,"${'x'.repeat(200)}"\n`;
    const split = await sf.run('- salesforce.bulkIngest: { configKey: sf, object: Account, operation: insert, maxBytesPerJob: 100, inputData: "${vars.csv}", responseVariable: r }', { vars: { csv: `${HEADER}Small,one\n${big}Small Again,two\n` } });
    expect((captured(split).payload as Summary).jobs.map((j) => j.records)).toEqual([1, 1, 1]);
    const whole = await sf.run('- salesforce.bulkIngest: { configKey: sf, object: Account, operation: insert, maxBytesPerJob: 1kb, inputData: "${vars.csv}", responseVariable: r }', { vars: { csv: HEADER + ROWS.join('') } });
    expect((captured(whole).payload as Summary).jobs.map((j) => j.records)).toEqual([6]);
  });

  it('without waiting it answers once the jobs are closed (UploadComplete)', async () => {
    const before = sf.sandbox.admin.requests().length;
    const out = await sf.run('- salesforce.bulkIngest: { configKey: sf, object: Account, operation: INSERT, inputData: "Name\\nNo Wait\\n", responseVariable: r }');
    expect(captured(out).payload).toEqual({ jobs: [{ id: expect.stringMatching(/^750/), state: 'UploadComplete', records: 1, bytes: 13 }], recordsUploaded: 1 });
    expect(captured(out).attributes.jobs).toEqual([(captured(out).payload as Summary).jobs[0]!.id]);
    expect(bulkCalls(sf, before).map((c) => c.method)).toEqual(['POST', 'PUT', 'PATCH']);
  });

  it('the job options reach every job; no data row means no job', async () => {
    const before = sf.sandbox.admin.requests().length;
    const out = await sf.run('- salesforce.bulkIngest: { configKey: sf, object: Account, operation: insert, columnDelimiter: PIPE, lineEnding: CRLF, maxBytesPerJob: 20, inputData: "${vars.csv}", waitForCompletion: true, pollInterval: 20, responseVariable: r }', {
      vars: { csv: 'Name|Phone\r\nPiped A|1\r\nPiped B|2\r\n' },
    });
    const summary = captured(out).payload as Summary;
    expect(summary.jobs).toHaveLength(2);
    expect(summary.recordsProcessed).toBe(2);
    const creates = bulkCalls(sf, before).filter((c) => c.method === 'POST');
    expect(creates.map((c) => JSON.parse(c.body!))).toEqual([
      { object: 'Account', operation: 'insert', columnDelimiter: 'PIPE', lineEnding: 'CRLF' },
      { object: 'Account', operation: 'insert', columnDelimiter: 'PIPE', lineEnding: 'CRLF' },
    ]);
    expect(sf.sandbox.admin.records('Account').find((a) => a.Name === 'Piped B')).toMatchObject({ Phone: '2' });
    const empty = await sf.run('- salesforce.bulkIngest: { configKey: sf, object: Account, operation: insert, inputData: "Name,Phone\\n", waitForCompletion: true, responseVariable: r }');
    expect(captured(empty).payload).toEqual({ jobs: [], recordsUploaded: 0, recordsProcessed: 0, recordsFailed: 0 });
  });
});

describe('bulkIngest converts JSON and NDJSON', () => {
  it('a JSON array body: #N/A for null, the union of the fields as columns', async () => {
    const payload = [{ Name: 'Ingest Json 1', Phone: '1' }, { Name: 'Ingest Json 2', Website: null }, { Name: 'Ingest Json 3', Phone: '3', Website: 'w3' }];
    const out = await sf.run('- salesforce.bulkIngest: { configKey: sf, object: Account, operation: insert, waitForCompletion: true, pollInterval: 20, responseVariable: r }', { payload });
    const summary = captured(out).payload as Summary;
    expect(summary.recordsProcessed).toBe(3);
    expect((await savedRows(summary.jobs[0]!.id)).map((r) => [r.Name, r.Phone, r.Website])).toEqual([
      ['Ingest Json 1', '1', ''],
      ['Ingest Json 2', '', '#N/A'],
      ['Ingest Json 3', '3', 'w3'],
    ]);
  });

  it('a streamed NDJSON body, split across jobs with the converted header in each', async () => {
    const lines = Array.from({ length: 5 }, (_, i) => `${JSON.stringify(i === 2 ? { Name: `Nd Ingest ${i}`, Site: 'only here' } : { Name: `Nd Ingest ${i}` })}\n`);
    const out = await sf.run('- salesforce.bulkIngest: { configKey: sf, object: Account, operation: insert, maxBytesPerJob: 60, waitForCompletion: true, pollInterval: 20, responseVariable: r }\n- respond: { body: done }', {
      payload: new BodyStream(streamOf(lines), 'application/x-ndjson'),
      contentType: 'application/x-ndjson',
    });
    expect(out.mc.error).toBeNull();
    const summary = captured(out).payload as Summary;
    expect(summary.jobs.length).toBeGreaterThan(1);
    expect(summary.recordsProcessed).toBe(5);
    const rows = (await Promise.all(summary.jobs.map((j) => savedRows(j.id)))).flat();
    expect(rows.map((r) => Object.keys(r).slice(2))).toEqual(Array(5).fill(['Name', 'Site']));
    expect(rows.map((r) => r.Site)).toEqual(['', '', 'only here', '', '']);
  });
});

describe('bulkIngest results and faults', () => {
  it('includeFailedRows adds the failed records as JSON', async () => {
    const out = await sf.run('- salesforce.bulkIngest: { configKey: sf, object: Account, operation: insert, inputData: "${vars.csv}", waitForCompletion: true, includeFailedRows: true, pollInterval: 20, responseVariable: r }', {
      vars: { csv: 'Name,Description\nKept,fine\n,no name\n' },
    });
    const summary = captured(out).payload as Summary;
    expect(summary).toMatchObject({ recordsProcessed: 2, recordsFailed: 1, jobs: [{ state: 'JobComplete', numberRecordsProcessed: 2, numberRecordsFailed: 1 }] });
    expect(summary.failedRows).toEqual([{ sf__Id: '', sf__Error: expect.stringContaining('REQUIRED_FIELD_MISSING'), Name: '', Description: 'no name' }]);
  });

  it('a job that fails is the SALESFORCE_BULK_JOB_FAILED fault (502) whose detail is the summary', async () => {
    const out = await sf.run('- salesforce.bulkIngest: { configKey: sf, object: Account, operation: insert, inputData: "Name,Bogus__c\\nX,y\\n", waitForCompletion: true, pollInterval: 20 }');
    expect(out.response.status).toBe(502);
    expect(out.mc.error).toMatchObject({ code: 'SALESFORCE_BULK_JOB_FAILED', message: expect.stringContaining('Failed: InvalidBatch : Field name not found : Bogus__c') });
    const detail = (out.mc.error as { detail: Summary }).detail;
    expect(detail.jobs[0]).toMatchObject({ state: 'Failed', errorMessage: 'InvalidBatch : Field name not found : Bogus__c' });
    // the default answer is the summary itself
    expect(out.json).toEqual(detail);
  });

  it('waiting past timeout is SALESFORCE_BULK_TIMEOUT (504) naming the job, with a bounded number of polls', async () => {
    const before = sf.sandbox.admin.requests().length;
    const started = Date.now();
    const out = await sf.run('- salesforce.bulkIngest: { configKey: sf, object: Account, operation: insert, inputData: "Name\\nSlow\\n", waitForCompletion: true, timeout: 60ms, pollInterval: 20 }');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(out.response.status).toBe(504);
    const jobId = bulkCalls(sf, before).find((c) => c.method === 'POST')!;
    expect(out.mc.error).toMatchObject({ code: 'SALESFORCE_BULK_TIMEOUT', message: expect.stringMatching(/job 750\w+ \((UploadComplete|InProgress)\) not finished after 60 ms/) });
    expect(jobId).toBeDefined();
    const polls = bulkCalls(sf, before).filter((c) => c.method === 'GET').length;
    expect(polls).toBeGreaterThanOrEqual(2);
    expect(polls).toBeLessThanOrEqual(5);
  });

  it("Salesforce's refusal to create a job (an upsert without its key) is the step's fault; nothing is uploaded", async () => {
    const before = sf.sandbox.admin.requests().length;
    const out = await sf.run('- salesforce.bulkIngest: { configKey: sf, object: Account, operation: upsert, inputData: "Name\\nX\\n" }');
    expect(out.mc.error).toMatchObject({ code: 'INVALIDJOB', status: 400 });
    expect(bulkCalls(sf, before).map((c) => c.method)).toEqual(['POST']);
  });

  it('a refusal after some jobs were submitted: the answer names them (attributes.jobs), they keep running', async () => {
    await sf.run('- salesforce.limits: { configKey: sf }'); // the connection's token, fetched before the limit is set
    sf.sandbox.admin.setLimits({ used: 0, max: 3 }); // create, upload, close of the first job; the second create is refused
    const out = await sf.run('- salesforce.bulkIngest: { configKey: sf, object: Account, operation: insert, maxBytesPerJob: 30, inputData: "${vars.csv}", failOnError: false, responseVariable: r }', {
      vars: { csv: `${HEADER}Limited 1,a\nLimited 2,b\n` },
    });
    const r = captured(out);
    expect(r.attributes.statusCode).toBe(403);
    expect(r.payload).toEqual([{ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' }]);
    expect(r.attributes.jobs).toHaveLength(1);
  });

  it('a CSV that breaks off mid-way (an unclosed quote) is SALESFORCE_BULK_INPUT; the job being filled is aborted', async () => {
    const before = sf.sandbox.admin.requests().length;
    const out = await sf.run('- salesforce.bulkIngest: { configKey: sf, object: Account, operation: insert, maxBytesPerJob: 30 }\n- respond: { body: done }', {
      payload: new BodyStream(Readable.from(slowly([`${HEADER}Fine 1,a\nFine 2,b\nFine 3,c\n`, 'Broken,"never closed\n'])), 'text/csv'),
      contentType: 'text/csv',
    });
    expect(out.response.status).toBe(400);
    expect(out.mc.error).toMatchObject({ code: 'SALESFORCE_BULK_INPUT', message: expect.stringContaining('the CSV cannot be read') });
    const patches = bulkCalls(sf, before).filter((c) => c.method === 'PATCH').map((c) => JSON.parse(c.body!).state);
    // one record per job (30 bytes): Fine 1 and Fine 2 were submitted, Fine 3's job is aborted
    expect(patches).toEqual(['UploadComplete', 'UploadComplete', 'Aborted']);
  });
});
