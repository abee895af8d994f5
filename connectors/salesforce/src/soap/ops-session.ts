import type { ConnectorClient, OperationIO } from '../../../../src/connectors/types.js';
import type { OperationResult } from '../../../../src/engine/result.js';
import { soap } from './client.js';
import { partner } from './envelope.js';
import { invoke, named, soapOperation, toResult, wantsXml } from './operation.js';

// The session and user calls: soapGetUserInfo, soapGetServerTimestamp, soapSetPassword,
// soapResetPassword and soapLogout.

type Params = Record<string, unknown>;

/** soapGetUserInfo: `getUserInfo` (WSO2 3.x sends it with describeGlobal's action) → the user's and org's details. */
export async function soapGetUserInfo(client: ConnectorClient, params: Params, io: OperationIO): Promise<OperationResult> {
  return soapOperation(client, params, io, { name: 'getUserInfo', body: '', results: 'one' });
}

/** soapGetServerTimestamp: `{timestamp}` in UTC. */
export async function soapGetServerTimestamp(client: ConnectorClient, params: Params, io: OperationIO): Promise<OperationResult> {
  return soapOperation(client, params, io, { name: 'getServerTimestamp', body: '', results: 'one' });
}

/** soapSetPassword: a user's new password; the answer is `{}` (SetPasswordResult has no elements). */
export async function soapSetPassword(client: ConnectorClient, params: Params, io: OperationIO): Promise<OperationResult> {
  const body = partner('userId', String(params.userId).trim(), named('soapSetPassword', 'userId')) + partner('password', String(params.password), named('soapSetPassword', 'password'));
  return soapOperation(client, params, io, { name: 'setPassword', body, results: 'one' });
}

/** soapResetPassword: a generated password for a user → `{password}`. */
export async function soapResetPassword(client: ConnectorClient, params: Params, io: OperationIO): Promise<OperationResult> {
  const body = partner('userId', String(params.userId).trim(), named('soapResetPassword', 'userId'));
  return soapOperation(client, params, io, { name: 'resetPassword', body, results: 'one' });
}

/**
 * soapLogout: ends the session at Salesforce and forgets it, so the next operation logs in
 * again. It is not retried: a session Salesforce already refuses is not renewed just to end it.
 * The answer is `{}`.
 */
export async function soapLogout(client: ConnectorClient, params: Params, io: OperationIO): Promise<OperationResult> {
  const outcome = await invoke(client, io, { name: 'logout', body: '', results: 'none', retry: false });
  soap(client).forget(outcome.session, io.message.inbound);
  return toResult(outcome, wantsXml(params));
}
