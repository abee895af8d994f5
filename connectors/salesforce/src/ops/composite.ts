import type { ConnectorClient, OperationIO } from '../../../../src/connectors/types.js';
import type { OperationResult } from '../../../../src/engine/result.js';
import { jsonParam, rest } from './shared.js';

/**
 * The composite trio, as WSO2 3.x has them: `fieldAndValue` is Salesforce's request body (a JSON
 * object, or text holding one), posted as it is. Salesforce answers 200 even when subrequests
 * fail; their statuses are in the body (`httpStatusCode`, `statusCode`, `isSuccessful`), so only a
 * refused request as a whole (400 for a malformed body or too many subrequests) is a fault.
 */
function post(path: string, op: string) {
  return async (client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> =>
    rest(client).call({ method: 'POST', path, body: jsonParam(params.fieldAndValue, `salesforce.${op}: fieldAndValue`), log: io.log });
}

/** compositeRequest: POST /composite (dependent subrequests with @{ref} references, allOrNone). */
export const compositeRequest = post('/composite', 'compositeRequest');

/** compositeBatch: POST /composite/batch (≤25 independent subrequests, haltOnError). */
export const compositeBatch = post('/composite/batch', 'compositeBatch');

/** compositeGraph: POST /composite/graph (graphs of subrequests, each all-or-nothing). */
export const compositeGraph = post('/composite/graph', 'compositeGraph');
