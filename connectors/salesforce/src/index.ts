/**
 * Ferry's Salesforce connector: REST, composite, user and Bulk 2.0 operations over oauth2
 * connections, SOAP partner operations over basicAuth ones. The operations are declared with their
 * parameter and result schemas in ../connector.yaml.
 */
import type { ConnectorClient, ConnectorIO, ConnectorModule, OperationFn } from '../../../src/connectors/types.js';
import type { OperationResult } from '../../../src/engine/result.js';
import { bulkOperations } from './bulk/index.js';
import { SalesforceRestClient } from './client.js';
import { createRecords, deleteRecords, retrieveRecords, updateRecords, upsertRecords } from './ops/collections.js';
import { compositeBatch, compositeGraph, compositeRequest } from './ops/composite.js';
import { queryMore } from './ops/paging.js';
import { callApexRest, limits, rawRequest, recentItems } from './ops/platform.js';
import { testConnection } from './ops/misc.js';
import { query } from './ops/query.js';
import { describeGlobal, describeSObject, getRecordByExternalId, retrieveSObject } from './ops/objects.js';
import { create, createTree, deleteRecord, getDeleted, getUpdated, update, upsert } from './ops/records.js';
import { search } from './ops/search.js';
import { SalesforceSoapClient, soapFaultOf, soapOperations } from './soap/index.js';
import { getUserInformation, resetPassword, setPassword } from './ops/users.js';

export { SalesforceSoapClient };

/** A client per connection: REST for oauth2, SOAP session for basicAuth. */
export function createClient(connection: { name: string; type: string; params: Readonly<Record<string, unknown>> }, io: ConnectorIO): ConnectorClient {
  return connection.type === 'basicAuth' ? new SalesforceSoapClient(connection.name, connection.params, io) : new SalesforceRestClient(connection.name, connection.params, io);
}

export const operations: Record<string, OperationFn> = {
  query,
  testConnection,
  search,
  describeGlobal,
  describeSObject,
  retrieveSObject,
  getRecordByExternalId,
  create,
  update,
  upsert,
  delete: deleteRecord,
  getDeleted,
  getUpdated,
  // WSO2 3.x makes the same composite/tree call for both
  createBulk: createTree,
  createTree,
  getUserInformation,
  resetPassword,
  setPassword,
  // ---- objects, records, users, search: add operations above this line ----
  queryMore,
  compositeRequest,
  compositeBatch,
  compositeGraph,
  createRecords,
  updateRecords,
  upsertRecords,
  deleteRecords,
  retrieveRecords,
  limits,
  recentItems,
  callApexRest,
  rawRequest,
  // ---- composite, collections, limits, recent, apex, raw, queryMore: add operations above this line ----
  // soapCreate … soapLogout: the 27 SOAP operations of WSO2 3.x (src/soap/)
  ...soapOperations,
  // ---- SOAP (basicAuth connection): add operations above this line ----
  // createJob … getQueryJobResults: WSO2 3.x's sixteen Bulk API 2.0 operations, plus bulkIngest and bulkQuery (src/bulk/)
  ...bulkOperations,
  // ---- Bulk API 2.0: add operations above this line ----
};

/**
 * Salesforce's error answers as faults: the REST array's first `errorCode` and `message` (a
 * second error is appended to the message), composite/tree's `{hasErrors, results: [{errors}]}`,
 * OAuth's `{error, error_description}`, 300 Multiple Choices (an external id matching
 * several records) as MULTIPLE_CHOICES, jsforce's name for it, and a SOAP fault (JSON or the
 * envelope itself) as its exceptionCode / faultcode without `sf:`, with the faultstring.
 */
export function describeError(result: OperationResult): { code: string; message: string } | undefined {
  const fault = soapFaultOf(result);
  if (fault) return fault;
  const body = result.payload;
  if (result.statusCode === 300) return { code: 'MULTIPLE_CHOICES', message: `the external id matches ${Array.isArray(body) ? body.length : 'several'} records` };
  const treeErrors = (body as { hasErrors?: boolean; results?: { errors?: { statusCode: string; message: string }[] }[] } | null)?.results?.flatMap((r) => r.errors ?? []);
  if (treeErrors && treeErrors.length > 0) return { code: treeErrors[0]!.statusCode, message: treeErrors.map((e) => e.message).join('; ') };
  if (Array.isArray(body) && body.length > 0 && typeof body[0]?.errorCode === 'string') {
    const errors = body as { errorCode: string; message?: string }[];
    return { code: errors[0]!.errorCode, message: errors.map((e) => e.message ?? e.errorCode).join('; ') };
  }
  if (body && typeof body === 'object' && typeof (body as { error?: unknown }).error === 'string') {
    const e = body as { error: string; error_description?: string };
    return { code: e.error, message: e.error_description ?? e.error };
  }
  return undefined;
}

// the shape Ferry's connector host expects of this module
export const connectorModule: ConnectorModule = { createClient, operations, describeError };
