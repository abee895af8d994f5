/**
 * Bulk API 2.0 query jobs (`/jobs/query…`): create (the SOQL is checked at once, and what Bulk
 * cannot run is refused), job info, abort, delete, results paged by `Sforce-Locator` /
 * `maxRecords` (streamed from the job's result file), and resultPages.
 */
import type { FastifyReply } from 'fastify';
import type { ObjectDef } from '../model.js';
import { columnPaths, parseSoql, SoqlError, validateSoql, type QueryOptions, type SoqlQuery } from '../soql/index.js';
import type { OrgStore } from '../store/org-store.js';
import type { Call } from './call.js';
import { quotedHeaderLine } from './csv.js';
import { BulkError, invalidValue, jsonObjectBody, notFound, sendCsv, sendJson } from './http.js';
import { createdInfo, queryInfo, stateChangeInfo } from './job-info.js';
import { csvOptions, stateWord } from './job-options.js';
import { QUERY_OPERATIONS, type JobState, type QueryJob, type QueryOperation, type QueryResultSize } from './jobs.js';
import { resultRows } from './query-results.js';
import { startQuery } from './query-run.js';
import { discardJob } from './retention.js';

/** Records per results page when the client gives no maxRecords. */
export const DEFAULT_MAX_RECORDS = 10_000;
const PAGES_PER_RESULT_PAGES = 5;
// resultPages exists from API version 58.0
const RESULT_PAGES_SINCE = 58;
const ABORTABLE: ReadonlySet<JobState> = new Set(['UploadComplete', 'InProgress']);
const DELETABLE: ReadonlySet<JobState> = new Set(['JobComplete', 'Aborted', 'Failed']);

/** Salesforce's locators are the base64 of a row offset without padding (`MTAwMDA` is 10000). */
export function encodeLocator(offset: number): string {
  return Buffer.from(String(offset)).toString('base64').replace(/=+$/, '');
}

/** The row offset of a locator, or undefined if it is not one this sandbox gave out. */
export function decodeLocator(locator: string): number | undefined {
  const text = Buffer.from(locator, 'base64').toString('utf8');
  return /^\d+$/.test(text) && encodeLocator(Number(text)) === locator ? Number(text) : undefined;
}

function sqlError(err: unknown): unknown {
  return err instanceof SoqlError ? new BulkError(400, err.code, err.message) : err;
}

/** What Bulk API 2.0 cannot run, refused when the job is created. */
function unsupported(query: SoqlQuery): string | undefined {
  if (query.hasChildSubqueries) return 'Aggregate Relationships not supported in Bulk Query';
  if (query.groupBy.length > 0) return 'GROUP BY is not supported in Bulk Query';
  if (query.isCount || query.hasAggregates) return 'Aggregate functions are not supported in Bulk Query';
  if (query.offset !== undefined) return 'OFFSET is not supported in Bulk Query';
  return undefined;
}

/** Whether a column path ends at a compound (address) field, which Bulk refuses to select. */
function isCompound(store: OrgStore, def: ObjectDef, path: string): boolean {
  const parts = path.split('.');
  let current: ObjectDef | undefined = def;
  for (const hop of parts.slice(0, -1)) {
    const reference: ObjectDef['fields'][number] | undefined = current?.parentMap.get(hop.toLowerCase());
    current = reference?.referenceTo[0] === undefined ? undefined : store.object(reference.referenceTo[0]);
  }
  return current?.fieldMap.get(parts[parts.length - 1]!.toLowerCase())?.type === 'address';
}

function queryJob(c: Call): QueryJob {
  const job = c.bulk.jobs.get(c.segments[0]!, 'query');
  if (!job || job.kind !== 'query') throw notFound();
  return job;
}

/** `POST /jobs/query`. */
export function createQuery(c: Call): FastifyReply {
  const body = jsonObjectBody(c.req);
  const { operation, query } = body;
  if (typeof operation !== 'string' || !QUERY_OPERATIONS.includes(operation as QueryOperation)) throw invalidValue('operation', operation);
  if (typeof query !== 'string' || query.trim() === '') throw invalidValue('query', query);
  const format = csvOptions(body);
  const store = c.bulk.ctx.org.store;
  const options: QueryOptions = { includeDeleted: operation === 'queryAll', now: c.bulk.ctx.org.now() };
  let parsed: SoqlQuery;
  let columns: string[];
  try {
    parsed = parseSoql(query);
    const refused = unsupported(parsed);
    if (refused) throw new BulkError(400, 'API_ERROR', refused);
    validateSoql(parsed, store, options);
    columns = columnPaths(parsed, store, options);
  } catch (err) {
    throw sqlError(err);
  }
  const def = store.object(parsed.object)!;
  if (columns.some((path) => isCompound(store, def, path))) throw new BulkError(400, 'API_ERROR', 'Selecting compound data not supported in Bulk Query');
  const id = c.bulk.jobs.nextId();
  const now = c.bulk.ctx.org.now();
  const job: QueryJob = {
    kind: 'query',
    id,
    operation: operation as QueryOperation,
    object: def.name,
    createdById: c.session.userId,
    createdDate: now,
    systemModstamp: now,
    state: 'UploadComplete',
    apiVersion: c.version,
    ...format,
    query: parsed,
    columns,
    files: c.bulk.spool.queryFiles(id),
    result: undefined,
    numberRecordsProcessed: 0,
    retries: 0,
    totalProcessingTime: 0,
    settled: Promise.resolve(),
    cancelled: false,
  };
  c.bulk.jobs.add(job);
  startQuery(c.bulk.ctx, job);
  return sendJson(c.reply, 200, createdInfo(job), c.pretty);
}

/** `GET /jobs/query/{id}`. */
export function getQuery(c: Call): FastifyReply {
  return sendJson(c.reply, 200, queryInfo(queryJob(c)), c.pretty);
}

/** `PATCH /jobs/query/{id}` `{"state":"Aborted"}`: only while queued or running. */
export function patchQuery(c: Call): FastifyReply {
  const job = queryJob(c);
  const { state } = jsonObjectBody(c.req);
  if (state !== 'Aborted') {
    if (typeof state !== 'string' || !['Open', 'UploadComplete', 'InProgress', 'JobComplete', 'Failed'].includes(state)) throw invalidValue('state', state);
    throw new BulkError(400, 'INVALIDJOBSTATE', `Changing the state of a Job to ${state} is not allowed`);
  }
  if (!ABORTABLE.has(job.state)) throw new BulkError(400, 'INVALIDJOBSTATE', `Aborting already ${stateWord(job.state)} Job not allowed`);
  job.state = 'Aborted';
  job.cancelled = true;
  job.systemModstamp = c.bulk.ctx.org.now();
  return sendJson(c.reply, 200, stateChangeInfo(job), c.pretty);
}

/** `DELETE /jobs/query/{id}`: only finished jobs. */
export function deleteQuery(c: Call): FastifyReply {
  const job = queryJob(c);
  if (!DELETABLE.has(job.state)) throw new BulkError(400, 'API_ERROR', 'Error encountered when deleting the job because the job is not terminated');
  discardJob(c.bulk, job);
  return c.reply.code(204).send();
}

/** A completed job read with the API version it was created with (Salesforce answers 409 otherwise). */
function completedJob(c: Call): QueryJob & { result: QueryResultSize } {
  const job = queryJob(c);
  if (job.apiVersion !== c.version) {
    throw new BulkError(409, 'API_ERROR', `Job ${job.id} was created with API version ${job.apiVersion}; get its results with the same version`);
  }
  if (job.state !== 'JobComplete' || !job.result) throw new BulkError(400, 'INVALIDJOBSTATE', `Results are not available while the job is in state ${job.state}`);
  return job as QueryJob & { result: QueryResultSize };
}

function offsetParam(locator: string | undefined): number {
  if (locator === undefined || locator === '') return 0;
  const offset = decodeLocator(locator);
  if (offset === undefined) throw new BulkError(400, 'INVALID_QUERY_LOCATOR', `invalid query locator: ${locator}`);
  return offset;
}

/** `GET /jobs/query/{id}/results[?locator=&maxRecords=]`: one CSV page, `Sforce-Locator` naming the next (`null` at the end). */
export async function queryResults(c: Call): Promise<FastifyReply> {
  const job = completedJob(c);
  const offset = offsetParam(c.query.locator);
  const max = c.query.maxRecords;
  let size = DEFAULT_MAX_RECORDS;
  if (max !== undefined) {
    if (!/^\d+$/.test(max) || Number(max) < 1) throw invalidValue('maxRecords', max);
    size = Number(max);
  }
  const { records } = job.result;
  const end = Math.max(offset, Math.min(offset + size, records));
  const body = await resultRows(job.files, job.result, offset, end);
  return sendCsv(c.req, c.reply, quotedHeaderLine(job, job.columns), body, {
    'Sforce-Locator': end < records ? encodeLocator(end) : 'null',
    'Sforce-NumberOfRecords': String(end - offset),
  });
}

/** `GET /jobs/query/{id}/resultPages[?locator=]` (v58+): up to five result URLs for parallel download. */
export function queryResultPages(c: Call): FastifyReply {
  if (Number(c.version) < RESULT_PAGES_SINCE) throw notFound();
  const job = completedJob(c);
  const start = offsetParam(c.query.locator);
  const base = `/services/data/v${c.version}/jobs/query/${job.id}`;
  const resultPages: { resultUrl: string }[] = [];
  let offset = start;
  do {
    resultPages.push({ resultUrl: `${base}/results?locator=${encodeLocator(offset)}` });
    offset += DEFAULT_MAX_RECORDS;
  } while (offset < job.result.records && resultPages.length < PAGES_PER_RESULT_PAGES);
  const nextRecordsUrl = offset < job.result.records ? `${base}/resultpages?locator=${encodeLocator(offset)}` : null;
  return sendJson(c.reply, 200, { resultPages, nextRecordsUrl, done: nextRecordsUrl === null }, c.pretty);
}
