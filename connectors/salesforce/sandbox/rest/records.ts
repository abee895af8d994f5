import { toId18 } from '../ids.js';
import type { ObjectDef, SRecord } from '../model.js';
import type { SaveOptions } from '../store/org-store.js';
import { executeSoql, parseSoql, SoqlError } from '../soql/index.js';
import { noSuchExternalIdField, notFound, recordErrors, requireObjectBody, restError, soqlError } from './errors.js';
import { renderRecord, renderRow, sobjectUrl, type RenderContext } from './format.js';
import { resolveRelationships } from './relationships.js';
import { touchRecent } from './recent.js';
import type { RestRequest, RestResponse } from './router.js';

/** Lookups and answers the sObject resources share. */

/** The object a URL names (any casing), or 404 NOT_FOUND. */
export function objectOf(req: RestRequest, type: string): ObjectDef | RestResponse {
  return req.org.store.object(type) ?? notFound();
}

/** Whether a lookup produced an answer rather than the thing looked up. */
export function isResponse(value: unknown): value is RestResponse {
  return typeof value === 'object' && value !== null && 'status' in value && typeof (value as { status: unknown }).status === 'number';
}

/** How REST saves: typed JSON values, as the calling user. */
export function saveOptions(req: RestRequest): SaveOptions {
  return { mode: 'json', userId: req.session.userId };
}

/** How query results and records render for this request. */
export function renderContext(req: RestRequest): RenderContext {
  return { version: req.version, records: req.org.store };
}

/**
 * The record an `/sobjects/{T}/{id}` URL names. A segment that is not id-shaped is read as an
 * external-id field name (Salesforce's wording); an id of another object is MALFORMED_ID for
 * writes and NOT_FOUND for reads; a deleted record is ENTITY_IS_DELETED.
 */
export function recordAt(req: RestRequest, def: ObjectDef, segment: string, write: boolean): SRecord | RestResponse {
  const id = toId18(segment);
  if (id === undefined) return noSuchExternalIdField(segment);
  const other = req.org.store.objectOfId(id);
  if (other && other.name !== def.name) {
    return write ? restError(400, 'MALFORMED_ID', `${def.label} ID: id value of incorrect type: ${segment}`, ['Id']) : notFound();
  }
  const record = req.org.store.get(id);
  if (!record || record.type !== def.name) return notFound();
  if (record.deleted) return restError(404, 'ENTITY_IS_DELETED', 'entity is deleted', []);
  return record;
}

/**
 * 200 with a record: every field, or with `?fields=A,B` those fields, which Salesforce runs as a
 * SOQL query (so unknown fields get SOQL's INVALID_FIELD message and parent paths work).
 */
export function retrieved(req: RestRequest, def: ObjectDef, record: SRecord): RestResponse {
  touchRecent(req.org, req.session.userId, record.id);
  const fields = firstValue(req.query.fields)?.trim();
  if (!fields) return { status: 200, body: renderRecord(record, def, req.version) };
  // Salesforce adds Id after the fields asked for when it is not among them
  const withId = fields.split(',').some((f) => f.trim().toLowerCase() === 'id') ? fields : `${fields}, Id`;
  try {
    const query = parseSoql(`SELECT ${withId} FROM ${def.name} WHERE Id = '${record.id}'`);
    const result = executeSoql(query, req.org.store, { includeDeleted: false, now: req.org.now() });
    const row = result.rows[0];
    return row ? { status: 200, body: renderRow(row, renderContext(req)) } : notFound();
  } catch (err) {
    if (err instanceof SoqlError) return soqlError(err);
    throw err;
  }
}

/** A query parameter's value; repeated parameters arrive as arrays, the first one counts. */
export function firstValue(value: unknown): string | undefined {
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** Every value of a query parameter, whether repeated or given once. */
export function allValues(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [];
}

/** Insert the body as a record of `def`; `asUpsert` adds the `created` flag (v46+) of upsert answers. */
export function insert(req: RestRequest, def: ObjectDef, asUpsert: boolean): RestResponse {
  const invalid = requireObjectBody(req.body, def.name);
  if (invalid) return invalid;
  const resolved = resolveRelationships(req.org.store, def, req.body as Record<string, unknown>);
  if ('errors' in resolved) return recordErrors(resolved.errors);
  const outcome = req.org.store.create(def.name, resolved.input, saveOptions(req));
  if (!outcome.ok) return recordErrors(outcome.errors);
  touchRecent(req.org, req.session.userId, outcome.id);
  const body: Record<string, unknown> = { id: outcome.id, success: true, errors: [] };
  if (asUpsert && Number(req.version) >= 46) body.created = true;
  return { status: 201, headers: { Location: sobjectUrl(req.version, def.name, outcome.id) }, body };
}

/** Delete a record by id: 204, or its errors. */
export function deleted(req: RestRequest, id: string): RestResponse {
  const outcome = req.org.store.delete(id);
  if (outcome.ok) return { status: 204 };
  return recordErrors(outcome.errors, outcome.errors[0]?.statusCode === 'ENTITY_IS_DELETED' ? 404 : 400);
}
