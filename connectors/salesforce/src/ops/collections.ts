import type { ConnectorClient, OperationIO } from '../../../../src/connectors/types.js';
import type { OperationResult } from '../../../../src/engine/result.js';
import { FerryError } from '../../../../src/errors.js';
import { rest, seg } from './shared.js';

/**
 * sObject Collections (`/composite/sobjects`): many records in one call, ≤200 (≤2000 ids for
 * retrieve). The descriptor's maxItems refuses longer arrays before a call is made; comma text is
 * counted here. Salesforce answers 200 with one `{id, success, errors}` per record even when some
 * failed, so per-record failures are data for the flow, not faults.
 */

const MAX_RECORDS = 200;
const MAX_RETRIEVE_IDS = 2000;
// ids in a GET url up to this many; more go in a POST body (19 chars each would pass URL limits)
const MAX_IDS_IN_URL = 200;

type Records = Record<string, unknown>[];

/**
 * Records with `attributes.type` filled from `sObjectName` where a record names none (Salesforce
 * needs the type on every record); records are copied, never changed in place.
 */
function typed(records: Records, sObjectName: unknown): Records {
  if (typeof sObjectName !== 'string') return records;
  return records.map((r) => {
    if (r.attributes === undefined) return { ...r, attributes: { type: sObjectName } };
    const attributes = r.attributes as Record<string, unknown> | null;
    // attributes that are not an object are Salesforce's to refuse, as sent
    if (attributes === null || typeof attributes !== 'object' || attributes.type !== undefined) return r;
    return { ...r, attributes: { ...attributes, type: sObjectName } };
  });
}

/** An `ids`/`fields` parameter (array, or comma-separated text) as a list, at most `max` long. */
function list(value: unknown, name: string, op: string, max: number): string[] {
  const items = (Array.isArray(value) ? value.map(String) : String(value).split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0) throw new FerryError('FERRY_ERR_CONNECTOR_PARAMS', `salesforce.${op}: ${name} is empty`);
  if (items.length > max) throw new FerryError('FERRY_ERR_CONNECTOR_PARAMS', `salesforce.${op}: ${name} holds ${items.length} entries; at most ${max} per call`);
  return items;
}

/** createRecords: POST /composite/sobjects. */
export async function createRecords(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  const records = typed(params.records as Records, params.sObjectName);
  return rest(client).call({ method: 'POST', path: '/composite/sobjects', body: { allOrNone: params.allOrNone === true, records }, log: io.log });
}

/** updateRecords: PATCH /composite/sobjects (each record carries its Id). */
export async function updateRecords(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  const records = typed(params.records as Records, params.sObjectName);
  return rest(client).call({ method: 'PATCH', path: '/composite/sobjects', body: { allOrNone: params.allOrNone === true, records }, log: io.log });
}

/** upsertRecords: PATCH /composite/sobjects/{sObjectName}/{externalIDField}. */
export async function upsertRecords(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  const records = typed(params.records as Records, params.sObjectName);
  const path = `/composite/sobjects/${seg(params.sObjectName)}/${seg(params.externalIDField)}`;
  return rest(client).call({ method: 'PATCH', path, body: { allOrNone: params.allOrNone === true, records }, log: io.log });
}

/** deleteRecords: DELETE /composite/sobjects?ids=…&allOrNone=…. */
export async function deleteRecords(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  const ids = list(params.ids, 'ids', 'deleteRecords', MAX_RECORDS);
  return rest(client).call({ method: 'DELETE', path: '/composite/sobjects', query: { ids: ids.join(','), allOrNone: params.allOrNone === true }, log: io.log });
}

/** retrieveRecords: GET /composite/sobjects/{sObjectName}?ids=…&fields=… (POST with a body for many ids). */
export async function retrieveRecords(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  const ids = list(params.ids, 'ids', 'retrieveRecords', MAX_RETRIEVE_IDS);
  const fields = list(params.fields, 'fields', 'retrieveRecords', Number.MAX_SAFE_INTEGER);
  const path = `/composite/sobjects/${seg(params.sObjectName)}`;
  const c = rest(client);
  if (ids.length <= MAX_IDS_IN_URL) return c.call({ method: 'GET', path, query: { ids: ids.join(','), fields: fields.join(',') }, log: io.log });
  return c.call({ method: 'POST', path, body: { ids, fields }, log: io.log });
}
