/**
 * Bulk API 2.0 ingest jobs, WSO2's operations: createJob, uploadJobData, closeJob, abortJob,
 * deleteJob, getJobInfo, getAllJobInfo. Answers are Salesforce's JobInfo as it sends them;
 * deleteJob's 204 becomes WSO2's 200 `{"result":"Success"}`.
 */
import type { ConnectorClient, OperationIO } from '../../../../src/connectors/types.js';
import type { OperationResult } from '../../../../src/engine/result.js';
import { FerryError } from '../../../../src/errors.js';
import type { SalesforceRestClient } from '../client.js';
import { rest } from '../ops/shared.js';
import { recordsToCsv } from './csv-records.js';
import { findInput, inputFormat, type Input } from './input.js';
import { ndjsonStreamToCsv, ndjsonTextToCsv } from './ndjson.js';
import { columnDelimiter, defined, deleted, flag, ingestOperation, jobPath, layoutOf, lineEnding, ok, text } from './shared.js';
import { counting, JobUpload, uploadData } from './upload.js';

/** The JSON body of `POST /jobs/ingest` from WSO2's parameters: only those given. */
export function ingestJobSpec(params: Record<string, unknown>): Record<string, unknown> {
  const operation = ingestOperation(params.operation);
  if (!operation) throw new FerryError('FERRY_ERR_CONNECTOR_PARAMS', 'operation is required (insert, update, upsert, delete or hardDelete)');
  return defined({
    object: text(params.object),
    operation,
    externalIdFieldName: text(params.externalIdFieldName),
    columnDelimiter: columnDelimiter(params.columnDelimiter),
    lineEnding: lineEnding(params.lineEnding),
    assignmentRuleId: text(params.assignmentRuleId),
  });
}

/** createJob: POST /jobs/ingest → JobInfo with state Open. */
export async function createJob(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  return rest(client).call({ method: 'POST', path: '/jobs/ingest', body: ingestJobSpec(params), log: io.log });
}

/** A job state change: PATCH /jobs/ingest/{id} {state}. */
export function setJobState(client: SalesforceRestClient, kind: 'ingest' | 'query', jobId: unknown, state: 'UploadComplete' | 'Aborted', io: OperationIO): Promise<OperationResult> {
  return client.call({ method: 'PATCH', path: jobPath(kind, jobId), body: { state }, log: io.log });
}

/** A job's info: GET /jobs/{kind}/{id}. */
export function jobInfo(client: SalesforceRestClient, kind: 'ingest' | 'query', jobId: unknown, io: OperationIO): Promise<OperationResult> {
  return client.call({ method: 'GET', path: jobPath(kind, jobId), log: io.log });
}

/** closeJob: PATCH {state: UploadComplete} → JobInfo; Salesforce starts processing. */
export async function closeJob(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  return setJobState(rest(client), 'ingest', params.jobId, 'UploadComplete', io);
}

/** abortJob: PATCH {state: Aborted} → JobInfo. */
export async function abortJob(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  return setJobState(rest(client), 'ingest', params.jobId, 'Aborted', io);
}

/** deleteJob: DELETE /jobs/ingest/{id} → 204, answered as WSO2 does: 200 {"result":"Success"}. */
export async function deleteJob(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  return deleted(await rest(client).call({ method: 'DELETE', path: jobPath('ingest', params.jobId), log: io.log }));
}

/** getJobInfo: GET /jobs/ingest/{id} → JobInfo with state and record counts. */
export async function getJobInfo(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  return jobInfo(rest(client), 'ingest', params.jobId, io);
}

/** The query of a job list: WSO2's filters, empty ones and jobType All left out; queryLocator may be a nextRecordsUrl. */
export function listQuery(params: Record<string, unknown>): Record<string, string | undefined> {
  const type = text(params.jobType);
  const pk = flag(params.isPkChunkingEnabled);
  let locator = text(params.queryLocator);
  if (locator?.includes('queryLocator=')) locator = new URLSearchParams(locator.slice(locator.indexOf('?') + 1)).get('queryLocator') ?? undefined;
  return { isPkChunkingEnabled: pk === undefined ? undefined : String(pk), jobType: type === undefined || type.toLowerCase() === 'all' ? undefined : type, queryLocator: locator };
}

/** getAllJobInfo: GET /jobs/ingest[?isPkChunkingEnabled&jobType&queryLocator] → {done, records, nextRecordsUrl}. */
export async function getAllJobInfo(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  return rest(client).call({ method: 'GET', path: '/jobs/ingest', query: listQuery(params), log: io.log });
}

/**
 * uploadJobData: PUT /jobs/ingest/{id}/batches → 201, no body. The data is `inputData` (CSV text,
 * as WSO2) or the message body. CSV text is sent as it is (and re-sent once after a refused
 * session). Anything else — a streamed body, JSON, NDJSON — is preceded by reading the job's
 * info: that call renews an expired token (a stream cannot be sent twice), names the layout for
 * a conversion, and an unknown job is answered (404) before the body is touched. A streamed CSV
 * body goes straight from the client to Salesforce; JSON and NDJSON are converted to CSV in the
 * job's delimiter and line ending (a streamed NDJSON body in two passes over a temporary file).
 * `attributes.bytes` is the size of the CSV sent.
 */
export async function uploadJobData(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  const sf = rest(client);
  const jobId = String(params.jobId);
  const by = 'salesforce.uploadJobData';
  const given = typeof params.inputData === 'string' && params.inputData.trim() !== '' && (inputFormat(params.inputFormat) ?? 'CSV') === 'CSV';
  if (given) return withBytes(await uploadData(sf, jobId, params.inputData as string, io), Buffer.byteLength(params.inputData as string));
  const info = await jobInfo(sf, 'ingest', jobId, io);
  if (!ok(info)) return info;
  const layout = layoutOf(info.payload);
  const input: Input = await findInput(params, io, by, sf.projectDir);
  switch (input.kind) {
    case 'csv-text':
      return withBytes(await uploadData(sf, jobId, input.text, io), Buffer.byteLength(input.text));
    case 'csv-stream': {
      const counter = { bytes: 0 };
      return withBytes(await uploadData(sf, jobId, counting(input.stream, counter), io), counter.bytes);
    }
    case 'ndjson-stream': {
      const csv = await ndjsonStreamToCsv(input.stream, layout);
      try {
        // the first pass read the whole body, which may have taken long: renew the token now if it has expired
        const again = await jobInfo(sf, 'ingest', jobId, io);
        if (!ok(again)) return again;
        const upload = new JobUpload(sf, jobId, io);
        if (await upload.write(csv.header)) for await (const line of csv.lines) if (!(await upload.write(line))) break;
        return withBytes(await upload.finish(), upload.bytes);
      } finally {
        await csv.close();
      }
    }
    default: {
      const csv = input.kind === 'records' ? recordsToCsv(input.records, layout) : ndjsonTextToCsv(input.text, layout);
      const body = csv.header + csv.lines.join('');
      return withBytes(await uploadData(sf, jobId, body, io), Buffer.byteLength(body));
    }
  }
}

function withBytes(result: OperationResult, bytes: number): OperationResult {
  return ok(result) ? { ...result, attributes: { ...result.attributes, bytes } } : result;
}
