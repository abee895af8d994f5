/**
 * The result files of a finished ingest job, WSO2's getSuccessfulResults, getFailedResults and
 * getUnprocessedResults: `GET /jobs/ingest/{id}/successfulResults|failedResults|unprocessedrecords`
 * (CSV), delivered as JSON or CSV into the body or a file (see output.ts).
 */
import type { ConnectorClient, OperationIO } from '../../../../src/connectors/types.js';
import type { OperationResult } from '../../../../src/engine/result.js';
import { rest } from '../ops/shared.js';
import { deliver, download, openOutput, outputOptions } from './output.js';
import { jobPath } from './shared.js';

type ResultFile = 'successfulResults' | 'failedResults' | 'unprocessedrecords';

async function jobResults(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO, file: ResultFile): Promise<OperationResult> {
  const sf = rest(client);
  const options = outputOptions(params);
  const out = await openOutput(options, sf);
  try {
    const { result, csv } = await download(sf, jobPath('ingest', params.jobId, file), {}, io);
    if (!csv) {
      await out?.discard();
      return result;
    }
    return await deliver(csv, result, options, out, io);
  } catch (err) {
    await out?.discard();
    throw err;
  }
}

/** getSuccessfulResults: `sf__Id`, `sf__Created` and the uploaded columns of each record that was saved. */
export function getSuccessfulResults(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  return jobResults(client, params, io, 'successfulResults');
}

/** getFailedResults: `sf__Id`, `sf__Error` and the uploaded columns of each record that failed. */
export function getFailedResults(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  return jobResults(client, params, io, 'failedResults');
}

/** getUnprocessedResults: the uploaded rows never processed (a failed or aborted job). */
export function getUnprocessedResults(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  return jobResults(client, params, io, 'unprocessedrecords');
}
