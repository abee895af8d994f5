import type { ConnectorClient, OperationIO } from '../../../../src/connectors/types.js';
import type { OperationResult } from '../../../../src/engine/result.js';
import { fieldList } from './params.js';
import { rest, seg } from './shared.js';

/** describeGlobal: GET /sobjects — every object the user can see. */
export async function describeGlobal(client: ConnectorClient, _params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  return rest(client).call({ method: 'GET', path: '/sobjects', log: io.log });
}

/** describeSObject: GET /sobjects/{sObjectName}/describe — fields, relationships, record types. */
export async function describeSObject(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  return rest(client).call({ method: 'GET', path: `/sobjects/${seg(params.sObjectName)}/describe`, log: io.log });
}

/**
 * retrieveSObject: GET /sobjects/{sObjectName}/{rowId}, optionally `?fields=` (WSO2 3.x has no
 * fields parameter and always answers every field; Salesforce's own filter is cheaper).
 */
export async function retrieveSObject(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  return rest(client).call({
    method: 'GET',
    path: `/sobjects/${seg(params.sObjectName)}/${seg(params.rowId)}`,
    query: { fields: fieldList(params.fields) },
    log: io.log,
  });
}

/**
 * getRecordByExternalId: GET /sobjects/{sObjectName}/{externalIDField}/{value}. A value that
 * matches several records (Salesforce's 300) is the fault MULTIPLE_CHOICES.
 */
export async function getRecordByExternalId(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  const result = await rest(client).call({
    method: 'GET',
    path: `/sobjects/${seg(params.sObjectName)}/${seg(params.externalIDField)}/${seg(params.value)}`,
    query: { fields: fieldList(params.fields) },
    log: io.log,
  });
  return result;
}
