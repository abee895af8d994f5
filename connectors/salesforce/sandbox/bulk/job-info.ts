/**
 * The JobInfo shapes Bulk API 2.0 answers with. Each call has its own key set and order (create,
 * close/abort, job info, list entry), copied from Salesforce's documented and recorded responses.
 */
import { restDateTime } from '../time.js';
import type { IngestJob, Job, QueryJob } from './jobs.js';

type Info = Record<string, unknown>;

/** The keys every shape starts with, through `state` and the ingest-only options. */
function head(job: Job): Info {
  const info: Info = {
    id: job.id,
    operation: job.operation,
    object: job.object,
    createdById: job.createdById,
    createdDate: restDateTime(job.createdDate),
    systemModstamp: restDateTime(job.systemModstamp),
    state: job.state,
  };
  if (job.kind === 'ingest') {
    if (job.externalIdFieldName !== undefined) info.externalIdFieldName = job.externalIdFieldName;
    if (job.assignmentRuleId !== undefined) info.assignmentRuleId = job.assignmentRuleId;
  }
  info.concurrencyMode = 'Parallel';
  info.contentType = 'CSV';
  info.apiVersion = Number(job.apiVersion);
  return info;
}

/** `services/data/v62.0/jobs/ingest/<id>/batches`: no leading slash, as Salesforce writes it. */
export function contentUrl(job: IngestJob): string {
  return `services/data/v${job.apiVersion}/jobs/ingest/${job.id}/batches`;
}

/** The answer to creating a job (JSON or multipart): contentUrl only while the job is Open. */
export function createdInfo(job: Job): Info {
  const info = head(job);
  if (job.kind === 'ingest' && job.state === 'Open') info.contentUrl = contentUrl(job);
  info.lineEnding = job.lineEnding;
  info.columnDelimiter = job.columnDelimiter;
  return info;
}

/** The answer to closing or aborting a job: the short shape ending at apiVersion. */
export function stateChangeInfo(job: Job): Info {
  return head(job);
}

/** An entry of `GET /jobs/ingest` or `GET /jobs/query`. */
export function listEntry(job: Job): Info {
  const info = head(job);
  info.jobType = job.kind === 'ingest' ? 'V2Ingest' : 'V2Query';
  if (job.kind === 'ingest' && job.state === 'Open') info.contentUrl = contentUrl(job);
  info.lineEnding = job.lineEnding;
  info.columnDelimiter = job.columnDelimiter;
  return info;
}

/** `GET /jobs/ingest/{id}`: every field; the record counts appear once processing has begun. */
export function ingestInfo(job: IngestJob): Info {
  const info = listEntry(job);
  if (job.started) {
    info.numberRecordsProcessed = job.numberRecordsProcessed;
    info.numberRecordsFailed = job.numberRecordsFailed;
  }
  info.retries = job.retries;
  info.totalProcessingTime = job.totalProcessingTime;
  info.apiActiveProcessingTime = job.apiActiveProcessingTime;
  info.apexProcessingTime = 0;
  if (job.errorMessage !== undefined) info.errorMessage = job.errorMessage;
  return info;
}

/** `GET /jobs/query/{id}`: query jobs report no failures and no error message (Failed says nothing more). */
export function queryInfo(job: QueryJob): Info {
  const info = listEntry(job);
  info.numberRecordsProcessed = job.numberRecordsProcessed;
  info.retries = job.retries;
  info.totalProcessingTime = job.totalProcessingTime;
  info.isPkChunkingSupported = true;
  return info;
}
