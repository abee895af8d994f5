import type { ConnectorClient, OperationIO } from '../../../../src/connectors/types.js';
import { FerryError } from '../../../../src/errors.js';
import type { OperationResult } from '../../../../src/engine/result.js';
import { objectBody } from './params.js';
import { rest, seg } from './shared.js';

// Record operations. `fieldAndValue` is Salesforce's JSON body as MI passes it (an object, or
// text holding one). update, delete and setPassword answer 204: the payload is null and
// attributes.statusCode 204.

/** create: POST /sobjects/{sObjectName} — 201 `{id, success, errors}`. */
export async function create(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  const body = objectBody(params.fieldAndValue, 'fieldAndValue');
  return rest(client).call({ method: 'POST', path: `/sobjects/${seg(params.sObjectName)}`, body, log: io.log });
}

/** update: PATCH /sobjects/{sObjectName}/{Id} — 204, payload null. */
export async function update(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  const body = objectBody(params.fieldAndValue, 'fieldAndValue');
  return rest(client).call({ method: 'PATCH', path: `/sobjects/${seg(params.sObjectName)}/${seg(params.Id)}`, body, log: io.log });
}

/**
 * upsert: PATCH /sobjects/{sObjectName}/{externalIDField}/{Id} — 201 `{…, created: true}` when
 * inserted, 200 `{…, created: false}` when updated (API 46.0+; older versions answer 204). A
 * value matching several records is the fault MULTIPLE_CHOICES.
 */
export async function upsert(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  const body = objectBody(params.fieldAndValue, 'fieldAndValue');
  const path = `/sobjects/${seg(params.sObjectName)}/${seg(params.externalIDField)}/${seg(params.Id)}`;
  const result = await rest(client).call({ method: 'PATCH', path, body, log: io.log });
  return result;
}

/** delete: DELETE /sobjects/{sObjectName}/{idToDelete} — 204, payload null. */
export async function deleteRecord(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  return rest(client).call({ method: 'DELETE', path: `/sobjects/${seg(params.sObjectName)}/${seg(params.idToDelete)}`, log: io.log });
}

/**
 * getDeleted: GET /sobjects/{sObjectName}/deleted/?start=&end= — the window's deleted ids. The
 * values really reach the query string (WSO2 3.x loses them in its URL building).
 */
export async function getDeleted(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  return rest(client).call({ method: 'GET', path: `/sobjects/${seg(params.sObjectName)}/deleted/`, query: window(params), log: io.log });
}

/** getUpdated: GET /sobjects/{sObjectName}/updated/?start=&end= — the window's changed ids. */
export async function getUpdated(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  return rest(client).call({ method: 'GET', path: `/sobjects/${seg(params.sObjectName)}/updated/`, query: window(params), log: io.log });
}

/**
 * createBulk and createTree (WSO2 makes the same call for both): POST /composite/tree/{sObjectName}
 * with `{records: […]}`, nested child records allowed — 201 `{hasErrors, results}`.
 */
export async function createTree(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  const body = objectBody(params.fieldAndValue, 'fieldAndValue');
  if (!Array.isArray(body.records)) throw new FerryError('FERRY_ERR_CONNECTOR_PARAMS', 'fieldAndValue must hold a records array');
  return rest(client).call({ method: 'POST', path: `/composite/tree/${seg(params.sObjectName)}`, body, log: io.log });
}

function window(params: Record<string, unknown>): Record<string, string> {
  return { start: String(params.start), end: String(params.end) };
}
