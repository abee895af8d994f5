import { toId18 } from '../ids.js';
import type { FieldDef, ObjectDef, SRecord } from '../model.js';
import { noSuchExternalIdField, notFound, recordErrors, requireObjectBody, restError } from './errors.js';
import { sobjectUrl } from './format.js';
import { touchRecent } from './recent.js';
import { deleted, firstValue, insert, isResponse, objectOf, retrieved, saveOptions } from './records.js';
import { lookupValue, resolveRelationships } from './relationships.js';
import type { RestRequest, RestResponse, RestRouter } from './router.js';

/**
 * sObject rows by external id: get (300 with the matching URLs when several match), upsert by
 * PATCH (201 created / 200 updated with `created` from v46, 204 before), delete, and the
 * `POST /sobjects/{T}/{field}` insert that treats a null external id (usually Id) as "create".
 */
export function registerExternalIdRoutes(router: RestRouter): void {
  router.add('GET', '/sobjects/:type/:field/:value', getByExternalId);
  router.add('PATCH', '/sobjects/:type/:field/:value', upsert);
  router.add('DELETE', '/sobjects/:type/:field/:value', deleteByExternalId);
  router.add('POST', '/sobjects/:type/:field', insertWithNullExternalId);
}

/** An external-id field of the object (Id and idLookup fields count), or undefined. */
function externalIdField(def: ObjectDef, name: string): FieldDef | undefined {
  const field = def.fieldMap.get(name.toLowerCase());
  return field && (field.externalId || field.idLookup) ? field : undefined;
}

/** Live records whose field holds the URL's value. */
function matching(req: RestRequest, def: ObjectDef, field: FieldDef, value: string): SRecord[] {
  if (field.type === 'id') {
    const id = toId18(value);
    const record = id === undefined ? undefined : req.org.store.get(id);
    return record && !record.deleted && record.type === def.name ? [record] : [];
  }
  return req.org.store.findByField(def.name, field, lookupValue(field, value));
}

/** 300 Multiple Choices: the URLs of every matching record. */
function multipleChoices(req: RestRequest, def: ObjectDef, ids: readonly string[]): RestResponse {
  return { status: 300, body: ids.map((id) => sobjectUrl(req.version, def.name, id)) };
}

/** The one record `/sobjects/{type}/{field}/{value}` names, or the answer why there is none (404, 300). */
function theRecord(req: RestRequest, params: Readonly<Record<string, string>>): { def: ObjectDef; record: ReturnType<typeof matching>[number] } | RestResponse {
  const def = objectOf(req, params.type!);
  if (isResponse(def)) return def;
  const field = externalIdField(def, params.field!);
  if (!field) return noSuchExternalIdField(params.field!);
  const found = matching(req, def, field, params.value!);
  if (found.length === 0) return notFound();
  if (found.length > 1) return multipleChoices(req, def, found.map((r) => r.id));
  return { def, record: found[0]! };
}

function getByExternalId(req: RestRequest, params: Readonly<Record<string, string>>): RestResponse {
  const one = theRecord(req, params);
  return 'record' in one ? retrieved(req, one.def, one.record) : one;
}

function upsert(req: RestRequest, params: Readonly<Record<string, string>>): RestResponse {
  const def = objectOf(req, params.type!);
  if (isResponse(def)) return def;
  const field = externalIdField(def, params.field!);
  if (!field) return notFound();
  const invalid = requireObjectBody(req.body, def.name);
  if (invalid) return invalid;
  const value = params.value!;
  const body = req.body as Record<string, unknown>;
  // the URL carries the key; the body may repeat it only with the same value
  const repeated = Object.keys(body).find((k) => k.toLowerCase() === field.name.toLowerCase());
  if (repeated !== undefined && String(body[repeated]) !== value) {
    return restError(400, 'INVALID_FIELD', `The value of ${field.name} in the request body differs from the external ID in the URL: ${value}`, [field.name]);
  }
  const found = matching(req, def, field, value);
  if (found.length > 1) return multipleChoices(req, def, found.map((r) => r.id));
  if (found.length === 0 && (field.type === 'id' || firstValue(req.query.updateOnly) === 'true')) return notFound();

  const resolved = resolveRelationships(req.org.store, def, body);
  if ('errors' in resolved) return recordErrors(resolved.errors);
  const input = Object.fromEntries(Object.entries(resolved.input).filter(([k]) => k.toLowerCase() !== field.name.toLowerCase()));
  if (field.type !== 'id') input[field.name] = lookupValue(field, value);
  const outcome = found.length === 1 ? req.org.store.update(found[0]!.id, input, saveOptions(req), def.name) : req.org.store.create(def.name, input, saveOptions(req));
  if (!outcome.ok) return recordErrors(outcome.errors);
  touchRecent(req.org, req.session.userId, outcome.id);
  const modern = Number(req.version) >= 46;
  if (found.length === 0) {
    const created: Record<string, unknown> = { id: outcome.id, success: true, errors: [] };
    if (modern) created.created = true;
    return { status: 201, headers: { Location: sobjectUrl(req.version, def.name, outcome.id) }, body: created };
  }
  return modern ? { status: 200, body: { id: outcome.id, success: true, errors: [], created: false } } : { status: 204 };
}

function deleteByExternalId(req: RestRequest, params: Readonly<Record<string, string>>): RestResponse {
  const one = theRecord(req, params);
  return 'record' in one ? deleted(req, one.record.id) : one;
}

/** `POST /sobjects/{T}/Id` (or another external-id field): an upsert whose key is null, so an insert. */
function insertWithNullExternalId(req: RestRequest, params: Readonly<Record<string, string>>): RestResponse {
  const def = objectOf(req, params.type!);
  if (isResponse(def)) return def;
  if (!externalIdField(def, params.field!)) return noSuchExternalIdField(params.field!);
  return insert(req, def, true);
}
