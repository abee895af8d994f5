/**
 * Bulk API 2.0 query jobs, WSO2's operations: createQueryJob, getQueryJobInfo, getAllQueryJobInfo,
 * abortQueryJob, deleteQueryJob, getQueryJobResults. Unlike WSO2 3.x, createQueryJob sends only
 * the options given (WSO2 sends every key, empty ones included, which Salesforce refuses), and
 * getQueryJobResults applies `maxRecords`, `outputType`, `includeResultTo` and `filePath`.
 */
import type { ConnectorClient, OperationIO } from '../../../../src/connectors/types.js';
import type { OperationResult } from '../../../../src/engine/result.js';
import { FerryError } from '../../../../src/errors.js';
import { rest } from '../ops/shared.js';
import { jobInfo, listQuery, setJobState } from './jobs.js';
import { deliver, download, openOutput, outputOptions } from './output.js';
import { columnDelimiter, defined, deleted, jobPath, lineEnding, queryOperation, text } from './shared.js';

/** The JSON body of `POST /jobs/query`: only the options given. */
export function queryJobSpec(params: Record<string, unknown>): Record<string, unknown> {
  const query = text(params.query);
  if (!query) throw new FerryError('FERRY_ERR_CONNECTOR_PARAMS', 'query (SOQL) is required');
  const contentType = text(params.contentType)?.toUpperCase();
  if (contentType !== undefined && contentType !== 'CSV') throw new FerryError('FERRY_ERR_CONNECTOR_PARAMS', `contentType must be CSV, the only one Bulk API 2.0 has (got '${contentType}')`);
  return defined({
    operation: queryOperation(params.operation) ?? 'query',
    query,
    contentType,
    columnDelimiter: columnDelimiter(params.columnDelimiter),
    lineEnding: lineEnding(params.lineEnding),
  });
}

/** createQueryJob: POST /jobs/query → JobInfo with state UploadComplete (the query runs at once). */
export async function createQueryJob(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  return rest(client).call({ method: 'POST', path: '/jobs/query', body: queryJobSpec(params), log: io.log });
}

/** getQueryJobInfo: GET /jobs/query/{id} → JobInfo (state, numberRecordsProcessed, …). */
export async function getQueryJobInfo(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  return jobInfo(rest(client), 'query', params.queryJobId, io);
}

/** getAllQueryJobInfo: GET /jobs/query[?isPkChunkingEnabled&jobType&queryLocator] → {done, records, nextRecordsUrl}. */
export async function getAllQueryJobInfo(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  return rest(client).call({ method: 'GET', path: '/jobs/query', query: listQuery(params), log: io.log });
}

/** abortQueryJob: PATCH /jobs/query/{id} {state: Aborted} → JobInfo. */
export async function abortQueryJob(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  return setJobState(rest(client), 'query', params.queryJobId, 'Aborted', io);
}

/** deleteQueryJob: DELETE /jobs/query/{id} → 204, answered as WSO2 does: 200 {"result":"Success"}. */
export async function deleteQueryJob(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  return deleted(await rest(client).call({ method: 'DELETE', path: jobPath('query', params.queryJobId), log: io.log }));
}

/** The value of a header in a result (first of a list). */
export function header(result: OperationResult, name: string): string | undefined {
  const v = result.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Sforce-Locator as a locator to go on from: undefined on the last page (Salesforce says `null`) or when absent. */
export function nextLocator(result: OperationResult): string | undefined {
  const v = header(result, 'sforce-locator')?.trim();
  return v === undefined || v === '' || v === 'null' ? undefined : v;
}

/**
 * getQueryJobResults: one page of results, GET /jobs/query/{id}/results[?locator&maxRecords],
 * delivered as JSON or CSV into the body or a file. `attributes.locator` is the next page's
 * locator (absent on the last page) and `attributes.numberOfRecords` the page's row count; the
 * Sforce-Locator header is kept in `headers` as well.
 */
export async function getQueryJobResults(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  const sf = rest(client);
  const options = outputOptions(params);
  const out = await openOutput(options, sf);
  try {
    const max = text(params.maxRecords);
    const { result, csv } = await download(sf, jobPath('query', params.queryJobId, 'results'), { locator: text(params.locator), maxRecords: max === undefined ? undefined : Number(max) }, io);
    if (!csv) {
      await out?.discard();
      return result;
    }
    const count = header(result, 'sforce-numberofrecords');
    const attributes = { ...result.attributes, locator: nextLocator(result), numberOfRecords: count === undefined ? undefined : Number(count) };
    return await deliver(csv, { ...result, attributes }, options, out, io);
  } catch (err) {
    await out?.discard();
    throw err;
  }
}
