import { keyPrefixOf, toId18 } from '../ids.js';
import type { ObjectDef } from '../model.js';
import type { SaveInput } from '../store/org-store.js';
import { failed, listParam, recordError, runItems, succeeded, tooManyRecords, type ItemOutcome } from './collections-results.js';
import { retrieveByBody, retrieveByQuery } from './collections-retrieve.js';
import { since } from './composite-subrequest.js';
import { jsonParserError, noSuchExternalIdField, notFound, requireObjectBody, restError } from './errors.js';
import { saveOptions } from './records.js';
import { resolveRelationships } from './relationships.js';
import type { RestRequest, RestResponse, RestRouter } from './router.js';

/**
 * sObject Collections below `/composite/sobjects` (API 42.0+, upsert 46.0+): create, update,
 * upsert, delete and retrieve of up to 200 records (2000 for retrieve) in one call. Always 200
 * with one result per record in input order, unless the request itself is malformed (400).
 */

const MAX_RECORDS = 200;
// consecutive records of one type form a chunk; Salesforce saves at most this many per call
const MAX_CHUNKS = 10;

/** Register the collection routes on the router. */
export function registerCollectionRoutes(router: RestRouter): void {
  router.add('POST', '/composite/sobjects', since(42, createRecords));
  router.add('PATCH', '/composite/sobjects', since(42, updateRecords));
  router.add('DELETE', '/composite/sobjects', since(42, deleteRecords));
  router.add('GET', '/composite/sobjects/:type', since(42, (req, params) => retrieveByQuery(req, params.type!)));
  router.add('POST', '/composite/sobjects/:type', since(42, (req, params) => retrieveByBody(req, params.type!)));
  router.add('PATCH', '/composite/sobjects/:type/:field', since(46, (req, params) => upsertRecords(req, params.type!, params.field!)));
}

function createRecords(req: RestRequest): RestResponse {
  const input = readRecords(req.body, true);
  if ('response' in input) return input.response;
  const options = saveOptions(req);
  return runItems(req, input.records, input.allOrNone, (record) => {
    const type = recordType(req, record);
    if ('error' in type) return type.error;
    const idKey = keyOf(record, 'id');
    if (idKey !== undefined && record[idKey] !== null && record[idKey] !== '') {
      return failed(recordError('INVALID_FIELD_FOR_INSERT_UPDATE', 'cannot specify Id in an insert call', ['Id']));
    }
    const resolved = resolveRelationships(req.org.store, type.def, without(record, idKey));
    if ('errors' in resolved) return failed(...resolved.errors);
    const outcome = req.org.store.create(type.def.name, resolved.input, options);
    return outcome.ok ? succeeded(outcome.id) : failed(...outcome.errors);
  });
}

function updateRecords(req: RestRequest): RestResponse {
  const input = readRecords(req.body, true);
  if ('response' in input) return input.response;
  const options = saveOptions(req);
  return runItems(req, input.records, input.allOrNone, (record) => {
    const type = recordType(req, record);
    if ('error' in type) return type.error;
    const idKey = keyOf(record, 'id');
    const raw = idKey === undefined ? undefined : record[idKey];
    if (raw === undefined || raw === null || raw === '') return failed(recordError('MISSING_ARGUMENT', 'Id not specified in an update call'));
    // an id is text; anything else (an array, a deep object) is refused without being stringified
    const id = typeof raw === 'string' ? toId18(raw) : undefined;
    if (!id || keyPrefixOf(id) !== type.def.keyPrefix) {
      return failed(recordError('MALFORMED_ID', `${type.def.label} ID: id value of incorrect type: ${typeof raw === 'string' ? raw : typeof raw}`, ['Id']));
    }
    const resolved = resolveRelationships(req.org.store, type.def, without(record, idKey));
    if ('errors' in resolved) return failed(...resolved.errors);
    const outcome = req.org.store.update(id, resolved.input, options, type.def.name);
    return outcome.ok ? succeeded(outcome.id, { existed: true }) : failed(...outcome.errors);
  });
}

function upsertRecords(req: RestRequest, typeName: string, fieldName: string): RestResponse {
  const def = req.org.store.object(typeName);
  if (!def) return notFound();
  const field = def.fieldMap.get(fieldName.toLowerCase());
  if (!field || !(field.externalId || field.idLookup)) return noSuchExternalIdField(fieldName);
  const input = readRecords(req.body, false);
  if ('response' in input) return input.response;
  const stranger = input.records.map((r) => attributeType(r)).find((t) => t !== undefined && t.toLowerCase() !== def.name.toLowerCase());
  if (stranger !== undefined) {
    return restError(400, 'INVALID_TYPE', `Upserting by ${def.name}.${field.name} takes ${def.name} records only, not ${stranger}`);
  }
  const options = saveOptions(req);
  return runItems(req, input.records, input.allOrNone, (record) => {
    const type = recordType(req, record);
    if ('error' in type) return type.error;
    const resolved = resolveRelationships(req.org.store, def, record);
    if ('errors' in resolved) return failed(...resolved.errors);
    const outcome = req.org.store.upsert(def.name, field.name, resolved.input, options);
    return outcome.ok ? succeeded(outcome.id, { created: outcome.created, existed: !outcome.created }) : failed(...outcome.errors);
  });
}

function deleteRecords(req: RestRequest): RestResponse {
  const ids = listParam(req.query.ids);
  if (ids.length === 0) return restError(400, 'MISSING_ARGUMENT', 'ids parameter is required: a comma-separated list of the record ids to delete');
  if (ids.length > MAX_RECORDS) return tooManyRecords(MAX_RECORDS);
  const allOrNone = String(req.query.allOrNone ?? '').toLowerCase() === 'true';
  return runItems(req, ids, allOrNone, (raw): ItemOutcome => {
    const id = toId18(raw);
    if (!id) return failed(recordError('MALFORMED_ID', `malformed id ${raw}`));
    const outcome = req.org.store.delete(id);
    return outcome.ok ? succeeded(outcome.id, { existed: true }) : failed(...outcome.errors);
  });
}

type Records = { readonly records: readonly Record<string, unknown>[]; readonly allOrNone: boolean } | { readonly response: RestResponse };

/** The `{allOrNone, records}` body, checked: at most 200 objects, and (create/update) at most 10 type chunks. */
function readRecords(body: unknown, chunked: boolean): Records {
  const notObject = requireObjectBody(body, 'SObjectCollectionRequest');
  if (notObject) return { response: notObject };
  const { records, allOrNone } = body as Record<string, unknown>;
  if (!Array.isArray(records)) return { response: jsonParserError(`Required field 'records' is missing or is not an array`) };
  if (records.length > MAX_RECORDS) return { response: tooManyRecords(MAX_RECORDS) };
  if (records.some((r) => r === null || typeof r !== 'object' || Array.isArray(r))) return { response: jsonParserError('Each entry of records must be a JSON object') };
  const typed = records as Record<string, unknown>[];
  if (chunked && chunks(typed) > MAX_CHUNKS) {
    return { response: restError(400, 'INVALID_OPERATION', 'Cannot have more than 10 chunks in a single operation. Please rearrange the data to reduce chunking.') };
  }
  return { records: typed, allOrNone: allOrNone === true };
}

function chunks(records: readonly Record<string, unknown>[]): number {
  let count = 0;
  let last: string | undefined;
  for (const r of records) {
    const type = (attributeType(r) ?? '').toLowerCase();
    if (count === 0 || type !== last) count++;
    last = type;
  }
  return count;
}

function attributeType(record: Record<string, unknown>): string | undefined {
  const attributes = record.attributes;
  const type = attributes !== null && typeof attributes === 'object' ? (attributes as Record<string, unknown>).type : undefined;
  return typeof type === 'string' && type !== '' ? type : undefined;
}

/** The object a record names in `attributes.type`, or the record's error. */
function recordType(req: RestRequest, record: Record<string, unknown>): { def: ObjectDef } | { error: ItemOutcome } {
  const type = attributeType(record);
  if (type === undefined) return { error: failed(recordError('INVALID_TYPE', 'Must send a concrete entity type.')) };
  const def = req.org.store.object(type);
  return def ? { def } : { error: failed(recordError('INVALID_TYPE', `sObject type '${type}' is not supported.`)) };
}

function keyOf(record: Record<string, unknown>, name: string): string | undefined {
  return Object.keys(record).find((k) => k.toLowerCase() === name);
}

function without(record: Record<string, unknown>, key: string | undefined): SaveInput {
  if (key === undefined) return record;
  const { [key]: _dropped, ...rest } = record;
  return rest;
}

