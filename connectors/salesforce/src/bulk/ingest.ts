/**
 * bulkIngest (beyond WSO2): a whole Bulk API 2.0 load in one step. The data (the message body —
 * streamed or not —, or `inputData`) is CSV, a JSON array or NDJSON (converted; see input.ts,
 * csv-records.ts, ndjson.ts). It is cut into as many jobs as needed so that no job's upload
 * passes `maxBytesPerJob` (default 100 MB, Salesforce's advice; a job always takes at least one
 * record), only between records and with the header line at the top of every job. Each job is
 * created, uploaded (streamed: the data is never held whole) and closed in turn; creating a job
 * right before its upload renews an expired session, so the streamed upload goes with a fresh
 * token. With `waitForCompletion` the jobs are polled until they finish (see wait.ts) and the
 * answer sums them up; `includeFailedRows` adds the failed records (held in memory).
 *
 * Failures: an error answer while jobs are being made (create, upload, close) aborts the job
 * being filled and is the step's answer (a fault with Salesforce's code); jobs already closed
 * keep running and are named in `attributes.jobs` and the log. A job that ends Failed or Aborted
 * is the fault SALESFORCE_BULK_JOB_FAILED (502) whose detail is the whole summary.
 */
import { toBytes } from '../../../../src/config/units.js';
import type { ConnectorClient, OperationIO } from '../../../../src/connectors/types.js';
import type { OperationResult } from '../../../../src/engine/result.js';
import { FerryError } from '../../../../src/errors.js';
import type { SalesforceRestClient } from '../client.js';
import { rest } from '../ops/shared.js';
import { csvToJsonArray } from './csv-json.js';
import { recordsToCsv } from './csv-records.js';
import { csvSource } from './csv-split.js';
import { findInput, type Input } from './input.js';
import { ingestJobSpec, setJobState } from './jobs.js';
import { ndjsonStreamToCsv, ndjsonTextToCsv, type CsvSource } from './ndjson.js';
import { download } from './output.js';
import { answerFault, BULK_JOB_FAILED, bulkFault, type ColumnDelimiter, type CsvLayout, flag, jobPath, type LineEnding, ok } from './shared.js';
import { JobUpload } from './upload.js';
import { waitForJobs, waitOptions, type JobInfo } from './wait.js';

export const DEFAULT_MAX_BYTES_PER_JOB = 100 * 1024 * 1024;
/** Salesforce's limit: 150 MB once base64-encoded. */
export const MAX_BYTES_PER_JOB = Math.floor((150 * 1024 * 1024 * 3) / 4);

const STEP = 'salesforce.bulkIngest';

/** One job as the summary shows it. */
export interface JobSummary {
  id: string;
  state: string;
  /** records uploaded to it */
  records: number;
  /** bytes of CSV uploaded to it */
  bytes: number;
  numberRecordsProcessed?: number;
  numberRecordsFailed?: number;
  errorMessage?: string;
}

function maxBytes(value: unknown): number {
  if (value === undefined || value === null || value === '') return DEFAULT_MAX_BYTES_PER_JOB;
  const bytes = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : toBytes(value as number | string);
  if (bytes < 1 || bytes > MAX_BYTES_PER_JOB) throw new FerryError('FERRY_ERR_CONNECTOR_PARAMS', `maxBytesPerJob must be between 1 and ${MAX_BYTES_PER_JOB} bytes (Salesforce's 150 MB once base64-encoded)`);
  return bytes;
}

/** The data as a CSV header and records (undefined when there is no record at all). */
async function sourceOf(input: Input, layout: CsvLayout): Promise<CsvSource | undefined> {
  switch (input.kind) {
    case 'csv-text':
      return csvSource(input.text, layout);
    case 'csv-stream':
      return csvSource(input.stream, layout);
    case 'ndjson-stream':
      return ndjsonStreamToCsv(input.stream, layout);
    default: {
      const csv = input.kind === 'records' ? recordsToCsv(input.records, layout) : ndjsonTextToCsv(input.text, layout);
      return { header: csv.header, lines: (async function* () { yield* csv.lines; })(), close: async () => undefined };
    }
  }
}

/** Abort a job that will not be completed; its own failure does not matter any more. */
async function abandon(client: SalesforceRestClient, id: string, io: OperationIO): Promise<void> {
  try {
    await setJobState(client, 'ingest', id, 'Aborted', io);
  } catch (err) {
    io.log.warn({ job: id, err: (err as Error).message }, 'bulkIngest could not abort a job it gave up');
  }
}

/** Jobs made one after another from a CSV source, each closed once its data is uploaded. */
class JobMaker {
  readonly jobs: JobSummary[] = [];
  #upload: JobUpload | undefined;

  constructor(
    private readonly client: SalesforceRestClient,
    private readonly spec: Record<string, unknown>,
    private readonly header: string,
    private readonly io: OperationIO,
  ) {}

  /** Add one record to the current job, or to a new one past the budget; an error answer stops it. */
  async add(line: string, budget: number): Promise<OperationResult | undefined> {
    const size = Buffer.byteLength(line);
    if (this.#upload && this.#upload.records > 0 && this.#upload.bytes + size > budget) {
      const refused = await this.close();
      if (refused) return refused;
    }
    if (!this.#upload) {
      const created = await this.client.call({ method: 'POST', path: '/jobs/ingest', body: this.spec, log: this.io.log });
      if (!ok(created)) return created;
      this.#upload = new JobUpload(this.client, (created.payload as { id: string }).id, this.io);
      if (!(await this.#upload.write(this.header))) return this.#early();
    }
    if (!(await this.#upload.write(line))) return this.#early();
    this.#upload.records++;
    return undefined;
  }

  /** Finish the current job's upload and close it; an error answer aborts it and is returned. */
  async close(): Promise<OperationResult | undefined> {
    const upload = this.#upload;
    if (!upload) return undefined;
    this.#upload = undefined;
    const uploaded = await this.#settle(upload);
    if (!ok(uploaded)) {
      await abandon(this.client, upload.jobId, this.io);
      return uploaded;
    }
    const closed = await setJobState(this.client, 'ingest', upload.jobId, 'UploadComplete', this.io);
    if (!ok(closed)) {
      await abandon(this.client, upload.jobId, this.io);
      return closed;
    }
    this.jobs.push({ id: upload.jobId, state: String((closed.payload as { state?: unknown }).state ?? 'UploadComplete'), records: upload.records, bytes: upload.bytes });
    return undefined;
  }

  /** Give up the job being filled (the data could not be read, or the connection failed). */
  async cancel(): Promise<void> {
    const upload = this.#upload;
    this.#upload = undefined;
    if (!upload) return;
    await upload.cancel();
    await abandon(this.client, upload.jobId, this.io);
  }

  /** The upload's answer; when the connection fails instead, the job is aborted and the failure thrown. */
  async #settle(upload: JobUpload): Promise<OperationResult> {
    try {
      return await upload.finish();
    } catch (err) {
      await abandon(this.client, upload.jobId, this.io);
      throw err;
    }
  }

  /** Salesforce answered before the upload was complete: that answer (an error) is the outcome. */
  async #early(): Promise<OperationResult> {
    const upload = this.#upload!;
    this.#upload = undefined;
    const answer = await this.#settle(upload);
    await abandon(this.client, upload.jobId, this.io);
    if (ok(answer)) throw new FerryError('FERRY_ERR_CALL_BAD_RESPONSE', `${STEP}: Salesforce accepted job ${upload.jobId}'s upload before it was complete`);
    return answer;
  }
}

/** An error answer of Salesforce's, with the jobs already submitted named beside it. */
function refusal(answer: OperationResult, jobs: readonly JobSummary[], io: OperationIO): OperationResult {
  if (jobs.length > 0) io.log.warn({ jobs: jobs.map((j) => j.id) }, 'bulkIngest stopped after submitting these jobs, which keep running');
  return { ...answer, attributes: { ...answer.attributes, jobs: jobs.map((j) => j.id) } };
}

/** The failed records of finished jobs, as JSON objects of strings. */
async function failedRows(client: SalesforceRestClient, jobs: readonly JobSummary[], io: OperationIO): Promise<Record<string, string>[]> {
  const rows: Record<string, string>[] = [];
  for (const job of jobs) {
    if (!job.numberRecordsFailed) continue;
    const { result, csv } = await download(client, jobPath('ingest', job.id, 'failedResults'), {}, io);
    if (!csv) throw answerFault(result, `${STEP} (failed results of job ${job.id})`);
    rows.push(...(await csvToJsonArray(csv)));
  }
  return rows;
}

/** bulkIngest: split, create, upload, close, and optionally wait and sum up. */
export async function bulkIngest(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  const sf = rest(client);
  const spec = ingestJobSpec(params);
  const layout: CsvLayout = { columnDelimiter: (spec.columnDelimiter as ColumnDelimiter | undefined) ?? 'COMMA', lineEnding: (spec.lineEnding as LineEnding | undefined) ?? 'LF' };
  const budget = maxBytes(params.maxBytesPerJob);
  const waiting = flag(params.waitForCompletion) === true;
  const wait = waitOptions(params);
  const input = await findInput(params, io, STEP, sf.projectDir);
  const source = await sourceOf(input, layout);
  const maker = new JobMaker(sf, spec, source?.header ?? '', io);
  if (source) {
    try {
      for await (const line of source.lines) {
        const refused = await maker.add(line, budget);
        if (refused) return refusal(refused, maker.jobs, io);
      }
      const refused = await maker.close();
      if (refused) return refusal(refused, maker.jobs, io);
    } catch (err) {
      await maker.cancel();
      if (maker.jobs.length > 0) io.log.warn({ jobs: maker.jobs.map((j) => j.id) }, 'bulkIngest failed after submitting these jobs, which keep running');
      throw err;
    } finally {
      await source.close();
    }
  }
  const jobs = maker.jobs;
  const recordsUploaded = jobs.reduce((n, j) => n + j.records, 0);
  const result = (payload: unknown): OperationResult => ({ statusCode: 200, contentType: 'application/json', headers: {}, payload, attributes: { jobs: jobs.map((j) => j.id) } });
  if (!waiting) return result({ jobs, recordsUploaded });

  const infos: JobInfo[] = await waitForJobs(sf, 'ingest', jobs.map((j) => j.id), wait, io, STEP);
  for (const [i, info] of infos.entries()) {
    const job = jobs[i]!;
    job.state = info.state;
    job.numberRecordsProcessed = Number(info.numberRecordsProcessed ?? 0);
    job.numberRecordsFailed = Number(info.numberRecordsFailed ?? 0);
    if (typeof info.errorMessage === 'string') job.errorMessage = info.errorMessage;
  }
  const summary: Record<string, unknown> = {
    jobs,
    recordsUploaded,
    recordsProcessed: jobs.reduce((n, j) => n + (j.numberRecordsProcessed ?? 0), 0),
    recordsFailed: jobs.reduce((n, j) => n + (j.numberRecordsFailed ?? 0), 0),
  };
  if (flag(params.includeFailedRows) === true) summary.failedRows = await failedRows(sf, jobs, io);
  const broken = jobs.filter((j) => j.state !== 'JobComplete');
  if (broken.length > 0) {
    const why = broken.map((j) => `${j.id} ${j.state}${j.errorMessage ? `: ${j.errorMessage}` : ''}`).join('; ');
    throw bulkFault(BULK_JOB_FAILED, `${STEP}: ${why}`, { detail: summary, response: { status: 502, contentType: 'application/json', body: summary } });
  }
  return result(summary);
}
