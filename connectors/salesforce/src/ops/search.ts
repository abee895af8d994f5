import type { ConnectorClient, OperationIO } from '../../../../src/connectors/types.js';
import type { OperationResult } from '../../../../src/engine/result.js';
import { rest } from './shared.js';

/** search: a SOSL search, GET /search?q=FIND {…} …; the answer is `{searchRecords: […]}`. */
export async function search(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  return rest(client).call({ method: 'GET', path: '/search', query: { q: String(params.q) }, log: io.log });
}
