import type { ConnectorClient, OperationIO } from '../../../../src/connectors/types.js';
import type { OperationResult } from '../../../../src/engine/result.js';
import { SalesforceSoapClient } from '../soap/client.js';
import { soapGetServerTimestamp } from '../soap/ops-session.js';
import { rest } from './shared.js';

/**
 * testConnection (WSO2's testconnection): GET /limits for an oauth2 connection, the SOAP
 * getServerTimestamp call (which needs a login) for a basicAuth one; the result's payload is
 * `{isValidConnection: true|false}` and never a fault, so a flow can branch on it.
 */
export async function testConnection(client: ConnectorClient, _params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  try {
    const result = client instanceof SalesforceSoapClient ? await soapGetServerTimestamp(client, {}, io) : await rest(client).call({ method: 'GET', path: '/limits', log: io.log });
    return { ...result, statusCode: 200, contentType: 'application/json', payload: { isValidConnection: result.statusCode === 200 } };
  } catch (err) {
    return { payload: { isValidConnection: false, error: (err as Error).message }, contentType: 'application/json', headers: {}, statusCode: 200 };
  }
}
