import type { ConnectorClient, OperationIO } from '../../../../src/connectors/types.js';
import type { OperationResult } from '../../../../src/engine/result.js';
import { objectBody } from './params.js';
import { rest, seg } from './shared.js';

// The User resources below /sobjects/User/{userId}. Unlike WSO2 3.x, whose getUserInformation
// path is a broken literal, the id really reaches the URL, and these calls get the connection's
// timeout like every other.

/** getUserInformation: GET /sobjects/User/{userId} — the User record. */
export async function getUserInformation(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  return rest(client).call({ method: 'GET', path: `/sobjects/User/${seg(params.userId)}`, log: io.log });
}

/** resetPassword: DELETE /sobjects/User/{userId}/password — answers a generated `{NewPassword}`. */
export async function resetPassword(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  return rest(client).call({ method: 'DELETE', path: `/sobjects/User/${seg(params.userId)}/password`, log: io.log });
}

/** setPassword: POST /sobjects/User/{userId}/password with `{NewPassword}` — 204, payload null. */
export async function setPassword(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  const body = objectBody(params.fieldAndValue, 'fieldAndValue');
  return rest(client).call({ method: 'POST', path: `/sobjects/User/${seg(params.userId)}/password`, body, log: io.log });
}
