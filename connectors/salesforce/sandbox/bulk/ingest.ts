/**
 * Bulk API 2.0 ingest jobs (`/jobs/ingest…`): create (JSON, or multipart with the data), the one
 * CSV upload, close / abort, job info, delete, and the three result files.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { FastifyReply } from 'fastify';
import { toId18 } from '../ids.js';
import type { Call } from './call.js';
import { BulkError, invalidValue, jsonObjectBody, notFound, sendCsv, sendJson } from './http.js';
import { createdInfo, ingestInfo, stateChangeInfo } from './job-info.js';
import { csvOptions, stateWord } from './job-options.js';
import { INGEST_OPERATIONS, TERMINAL_STATES, type IngestJob, type IngestOperation, type JobState } from './jobs.js';
import { boundaryOf, parseMultipart } from './multipart.js';
import { drainIngest, startIngest } from './process.js';
import { discardJob } from './retention.js';
import { base64Size, MAX_UPLOAD_BASE64_BYTES } from './spool.js';

/** The most CSV a multipart create may carry (characters). */
export const MAX_MULTIPART_CONTENT = 100_000;

const JOB_STATES: readonly JobState[] = ['Open', 'UploadComplete', 'InProgress', 'JobComplete', 'Failed', 'Aborted'];
const DELETABLE: ReadonlySet<JobState> = new Set(['UploadComplete', 'JobComplete', 'Aborted', 'Failed']);

/** The job a path names, or 404. */
function ingestJob(c: Call): IngestJob {
  const job = c.bulk.jobs.get(c.segments[0]!, 'ingest');
  if (!job || job.kind !== 'ingest') throw notFound();
  return job;
}

/** A new ingest job from a create request's JSON, or the error Salesforce gives for it. */
function newJob(c: Call, body: Record<string, unknown>, state: 'Open' | 'UploadComplete'): IngestJob {
  const { operation, object, externalIdFieldName, assignmentRuleId } = body;
  if (typeof operation !== 'string' || !INGEST_OPERATIONS.includes(operation as IngestOperation)) throw invalidValue('operation', operation);
  const format = csvOptions(body);
  const store = c.bulk.ctx.org.store;
  const def = typeof object === 'string' ? store.object(object) : undefined;
  if (!def) throw new BulkError(400, 'INVALIDJOB', `InvalidJob : Unable to find object: ${typeof object === 'string' ? object : ''}`);
  let extField: string | undefined;
  if (operation === 'upsert') {
    if (typeof externalIdFieldName !== 'string' || externalIdFieldName.trim() === '') {
      throw new BulkError(400, 'INVALIDJOB', `InvalidJob : External ID was blank for ${def.name}. An External ID must be specified for upsert.`);
    }
    const field = def.fieldMap.get(externalIdFieldName.toLowerCase());
    if (!field || !(field.externalId || field.type === 'id')) {
      throw new BulkError(400, 'INVALIDJOB', `InvalidJob : Field name provided, ${externalIdFieldName} does not match an External ID for ${def.name}`);
    }
    extField = field.name;
  }
  let ruleId: string | undefined;
  if (assignmentRuleId !== undefined && assignmentRuleId !== null) {
    ruleId = typeof assignmentRuleId === 'string' ? toId18(assignmentRuleId) : undefined;
    if (!ruleId) throw invalidValue('assignmentRuleId', assignmentRuleId);
  }
  const id = c.bulk.jobs.nextId();
  const now = c.bulk.ctx.org.now();
  return {
    kind: 'ingest',
    id,
    operation: operation as IngestOperation,
    object: def.name,
    createdById: c.session.userId,
    createdDate: now,
    systemModstamp: now,
    state,
    apiVersion: c.version,
    ...format,
    externalIdFieldName: extField,
    assignmentRuleId: ruleId,
    numberRecordsProcessed: 0,
    numberRecordsFailed: 0,
    retries: 0,
    totalProcessingTime: 0,
    apiActiveProcessingTime: 0,
    started: false,
    uploadedBytes: undefined,
    uploading: false,
    errorMessage: undefined,
    files: c.bulk.spool.files(id),
    settled: Promise.resolve(),
    cancelled: false,
  };
}

/** `POST /jobs/ingest`: JSON → an Open job; multipart (job + content) → a job already UploadComplete. */
export async function createIngest(c: Call): Promise<FastifyReply> {
  const contentType = c.req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data/i.test(contentType)) {
    const job = newJob(c, jsonObjectBody(c.req), 'Open');
    c.bulk.jobs.add(job);
    return sendJson(c.reply, 200, createdInfo(job), c.pretty);
  }
  const boundary = boundaryOf(contentType);
  const parts = boundary && typeof c.req.body === 'string' ? parseMultipart(c.req.body, boundary) : new Map();
  const jobPart = parts.get('job');
  const content = parts.get('content');
  if (!jobPart) throw new BulkError(400, 'INVALIDJOB', 'InvalidJob : The multipart request has no job part');
  let spec: unknown;
  try {
    spec = JSON.parse(jobPart.body);
  } catch {
    throw new BulkError(400, 'JSON_PARSER_ERROR', 'The job part of the multipart request is not valid JSON');
  }
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) throw new BulkError(400, 'JSON_PARSER_ERROR', 'The job part of the multipart request is not a JSON object');
  if (!content) throw new BulkError(400, 'INVALIDJOB', 'InvalidJob : The multipart request has no content part');
  if (content.body.length > MAX_MULTIPART_CONTENT) {
    throw new BulkError(400, 'INVALIDJOB', `InvalidJob : The content part of a multipart request can't exceed ${MAX_MULTIPART_CONTENT} characters. Upload larger data with a separate request.`);
  }
  const job = newJob(c, spec as Record<string, unknown>, 'UploadComplete');
  job.uploadedBytes = await c.bulk.spool.write(job.files.upload, content.body);
  c.bulk.jobs.add(job);
  startIngest(c.bulk.ctx, job);
  return sendJson(c.reply, 200, createdInfo(job), c.pretty);
}

/** `PUT /jobs/ingest/{id}/batches`: the job's one CSV upload, streamed to disk → 201, no body. */
export async function uploadIngest(c: Call): Promise<FastifyReply> {
  const job = ingestJob(c);
  if (job.uploadedBytes !== undefined || job.uploading) {
    throw new BulkError(
      400,
      'BULK_API_ERROR',
      `Found multipe contents for job: <${job.id.slice(0, 15)}>, please 'Close' / 'Abort' / 'Delete' the current Job then create a new Job and make sure you only do 'PUT' once on a given Job.`,
    );
  }
  if (job.state !== 'Open') throw new BulkError(400, 'INVALIDJOBSTATE', `Unable to upload data: the job is in state ${job.state}`);
  const body = c.req.body;
  let source = body instanceof Readable ? body : Readable.from([typeof body === 'string' ? body : '']);
  // Bulk API 2.0 takes gzip-compressed uploads; the limit counts the CSV itself
  if (/^\s*gzip\s*$/i.test(String(c.req.headers['content-encoding'] ?? ''))) {
    const gunzip = createGunzip();
    source.on('error', (err) => gunzip.destroy(err));
    source = source.pipe(gunzip);
  }
  job.uploading = true;
  try {
    const outcome = await c.bulk.spool.receive(source, job.files.upload).catch((err: unknown) => {
      throw new BulkError(400, 'INVALID_REQUEST', `The job data could not be read: ${(err as Error).message}`);
    });
    if (!outcome.ok) {
      throw new BulkError(413, 'REQUEST_TOO_LARGE', `Job data exceeds the maximum upload size of ${MAX_UPLOAD_BASE64_BYTES} bytes (base64-encoded size ${base64Size(outcome.bytes)})`);
    }
    job.uploadedBytes = outcome.bytes;
  } finally {
    job.uploading = false;
  }
  return c.reply.code(201).send();
}

/** `PATCH /jobs/ingest/{id}` `{"state":"UploadComplete"|"Aborted"}`. */
export function patchIngest(c: Call): FastifyReply {
  const job = ingestJob(c);
  const { state } = jsonObjectBody(c.req);
  if (typeof state !== 'string' || !JOB_STATES.includes(state as JobState)) throw invalidValue('state', state);
  const now = c.bulk.ctx.org.now();
  if (state === 'UploadComplete') {
    if (job.state !== 'Open') throw new BulkError(400, 'INVALIDJOBSTATE', `Closing already ${stateWord(job.state)} Job not allowed`);
    if (job.uploading) throw new BulkError(400, 'INVALIDJOBSTATE', 'Closing a Job while its data is being uploaded is not allowed');
    job.state = 'UploadComplete';
    job.systemModstamp = now;
    startIngest(c.bulk.ctx, job);
  } else if (state === 'Aborted') {
    if (TERMINAL_STATES.has(job.state)) throw new BulkError(400, 'INVALIDJOBSTATE', `Aborting already ${stateWord(job.state)} Job not allowed`);
    const wasRunning = job.state === 'InProgress';
    job.state = 'Aborted';
    job.cancelled = true;
    job.systemModstamp = now;
    // a running job writes its own unprocessed rows; one that never started has all of them left
    if (!wasRunning) drainIngest(job);
  } else {
    throw new BulkError(400, 'INVALIDJOBSTATE', `Changing the state of a Job to ${state} is not allowed`);
  }
  return sendJson(c.reply, 200, stateChangeInfo(job), c.pretty);
}

/** `GET /jobs/ingest/{id}`. */
export function getIngest(c: Call): FastifyReply {
  return sendJson(c.reply, 200, ingestInfo(ingestJob(c)), c.pretty);
}

/** `DELETE /jobs/ingest/{id}`: only once nothing is running; the job's files go with it. */
export function deleteIngest(c: Call): FastifyReply {
  const job = ingestJob(c);
  if (!DELETABLE.has(job.state)) throw new BulkError(400, 'API_ERROR', 'Error encountered when deleting the job because the job is not terminated');
  discardJob(c.bulk, job);
  return c.reply.code(204).send();
}

const RESULT_FILES: Readonly<Record<string, keyof IngestJob['files']>> = {
  successfulresults: 'successful',
  failedresults: 'failed',
  unprocessedrecords: 'unprocessed',
};

/** Whether a path's second segment names one of the result resources. */
export function isResultResource(segment: string): boolean {
  return Object.hasOwn(RESULT_FILES, segment.toLowerCase());
}

/** `GET …/successfulResults`, `…/failedResults`, `…/unprocessedrecords`: CSV, once the job has finished. */
export async function ingestResults(c: Call): Promise<FastifyReply> {
  const job = ingestJob(c);
  if (!TERMINAL_STATES.has(job.state)) throw new BulkError(400, 'INVALIDJOBSTATE', `Results are not available while the job is in state ${job.state}`);
  await job.settled;
  const file = job.files[RESULT_FILES[c.segments[1]!.toLowerCase()]!];
  return sendCsv(c.req, c.reply, '', createReadStream(file));
}
