/**
 * `GET /jobs/ingest` and `GET /jobs/query`: every job of the kind, up to 1,000 per page, with
 * Salesforce's filters (jobType, concurrencyMode, isPkChunkingEnabled) and `queryLocator` paging.
 */
import type { FastifyReply } from 'fastify';
import type { Call } from './call.js';
import { BulkError, sendJson } from './http.js';
import { listEntry } from './job-info.js';
import type { JobKind } from './jobs.js';

const JOB_TYPES: Readonly<Record<JobKind, string>> = { ingest: 'V2Ingest', query: 'V2Query' };

/** Answer a job list request. */
export function listJobs(c: Call, kind: JobKind): FastifyReply {
  const { jobType, concurrencyMode, isPkChunkingEnabled, queryLocator } = c.query;
  // PK chunking belongs to Bulk API 1.0 jobs; Classic and BigObjectIngest jobs do not exist here
  const none = (jobType !== undefined && jobType !== JOB_TYPES[kind]) || isPkChunkingEnabled === 'true' || (concurrencyMode !== undefined && concurrencyMode.toLowerCase() !== 'parallel');
  const page = c.bulk.jobs.list((job) => !none && job.kind === kind, queryLocator);
  if (!page) throw new BulkError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
  // Salesforce's nextRecordsUrl points at /jobs/ingest for both lists; its locator pages either one
  const nextRecordsUrl = page.locator === undefined ? null : `/services/data/v${c.version}/jobs/ingest?queryLocator=${page.locator}`;
  return sendJson(c.reply, 200, { done: page.locator === undefined, records: page.jobs.map(listEntry), nextRecordsUrl }, c.pretty);
}
