import type { ConnectorClient, OperationIO } from '../../../../src/connectors/types.js';
import type { OperationResult } from '../../../../src/engine/result.js';
import { rest } from './shared.js';

/**
 * testConnection (WSO2's testconnection): GET /limits; the result's payload is
 * `{isValidConnection: true|false}` and never a fault, so a flow can branch on it.
 */
export async function testConnection(client: ConnectorClient, _params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  try {
    const result = await rest(client).call({ method: 'GET', path: '/limits', log: io.log });
    return { ...result, statusCode: 200, contentType: 'application/json', payload: { isValidConnection: result.statusCode === 200 } };
  } catch (err) {
    return { payload: { isValidConnection: false, error: (err as Error).message }, contentType: 'application/json', headers: {}, statusCode: 200 };
  }
}
