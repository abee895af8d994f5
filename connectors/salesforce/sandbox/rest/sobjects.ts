import { describeObject, globalEntry } from './describe.js';
import { recordErrors, requireObjectBody } from './errors.js';
import { registerExternalIdRoutes } from './external-ids.js';
import { recentItem, recentRecords, touchRecent } from './recent.js';
import { deleted, insert, isResponse, objectOf, recordAt, retrieved, saveOptions } from './records.js';
import { resolveRelationships } from './relationships.js';
import { registerReplicationRoutes } from './replication.js';
import type { RestRequest, RestResponse, RestRouter } from './router.js';

/**
 * The sObject resources: describeGlobal, basic info, describe (with ETag and conditional GETs),
 * and create / retrieve / update / delete by id. External ids and the updated/deleted windows
 * live in their own modules.
 */
export function registerSObjectRoutes(router: RestRouter): void {
  router.add('GET', '/sobjects', describeGlobal);
  router.add('GET', '/sobjects/:type', basicInfo);
  router.add('POST', '/sobjects/:type', create);
  router.add('GET', '/sobjects/:type/describe', describe);
  router.add('GET', '/sobjects/:type/:id', retrieve);
  router.add('PATCH', '/sobjects/:type/:id', update);
  router.add('DELETE', '/sobjects/:type/:id', remove);
  registerReplicationRoutes(router);
  registerExternalIdRoutes(router);
}

/** `GET /sobjects`: every object; 304 when nothing changed since If-Modified-Since. */
function describeGlobal(req: RestRequest): RestResponse {
  const objects = req.org.store.objects();
  if (notModifiedSince(req, Math.max(...objects.map((o) => o.modified)))) return { status: 304 };
  return { status: 200, body: { encoding: 'UTF-8', maxBatchSize: 200, sobjects: objects.map((o) => globalEntry(o, req.version)) } };
}

/** `GET /sobjects/{T}`: the describeGlobal entry plus the user's recent records of that type. */
function basicInfo(req: RestRequest, params: Readonly<Record<string, string>>): RestResponse {
  const def = objectOf(req, params.type!);
  if (isResponse(def)) return def;
  const recentItems = recentRecords(req.org, req.session.userId, 200, def.name).map((r) => recentItem(req.org, r, req.version));
  return { status: 200, body: { objectDescribe: globalEntry(def, req.version), recentItems } };
}

/** `GET /sobjects/{T}/describe` with ETag / Last-Modified; If-None-Match or If-Modified-Since can answer 304. */
function describe(req: RestRequest, params: Readonly<Record<string, string>>): RestResponse {
  const def = objectOf(req, params.type!);
  if (isResponse(def)) return def;
  const d = describeObject(def, req.version, req.baseUrl);
  const headers = { ETag: d.etag, 'Last-Modified': d.lastModified };
  const match = req.headers['if-none-match'];
  if (match !== undefined && match.split(',').some((t) => t.trim() === d.etag || t.trim() === '*')) return { status: 304, headers };
  if (match === undefined && notModifiedSince(req, def.modified)) return { status: 304, headers };
  return { status: 200, headers, body: d.body };
}

/** `POST /sobjects/{T}`: 201 with Location and `{id, success, errors}`, or 400 with the errors. */
function create(req: RestRequest, params: Readonly<Record<string, string>>): RestResponse {
  const def = objectOf(req, params.type!);
  if (isResponse(def)) return def;
  return insert(req, def, false);
}

/** `GET /sobjects/{T}/{id}[?fields=]`. */
function retrieve(req: RestRequest, params: Readonly<Record<string, string>>): RestResponse {
  const def = objectOf(req, params.type!);
  if (isResponse(def)) return def;
  const record = recordAt(req, def, params.id!, false);
  if (isResponse(record)) return record;
  return retrieved(req, def, record);
}

/** `PATCH /sobjects/{T}/{id}`: 204, or the errors. */
function update(req: RestRequest, params: Readonly<Record<string, string>>): RestResponse {
  const def = objectOf(req, params.type!);
  if (isResponse(def)) return def;
  const record = recordAt(req, def, params.id!, true);
  if (isResponse(record)) return record;
  const invalid = requireObjectBody(req.body, def.name);
  if (invalid) return invalid;
  const resolved = resolveRelationships(req.org.store, def, req.body as Record<string, unknown>);
  if ('errors' in resolved) return recordErrors(resolved.errors);
  const outcome = req.org.store.update(record.id, resolved.input, saveOptions(req), def.name);
  if (!outcome.ok) return recordErrors(outcome.errors);
  touchRecent(req.org, req.session.userId, record.id);
  return { status: 204 };
}

/** `DELETE /sobjects/{T}/{id}`: 204; deleting again is 404 ENTITY_IS_DELETED. */
function remove(req: RestRequest, params: Readonly<Record<string, string>>): RestResponse {
  const def = objectOf(req, params.type!);
  if (isResponse(def)) return def;
  const record = recordAt(req, def, params.id!, true);
  if (isResponse(record)) return record;
  return deleted(req, record.id);
}

/** Whether If-Modified-Since says the client's copy (second precision) is still current. */
function notModifiedSince(req: RestRequest, modified: number): boolean {
  const header = req.headers['if-modified-since'];
  if (header === undefined) return false;
  const since = Date.parse(header);
  return !Number.isNaN(since) && Math.floor(modified / 1000) * 1000 <= since;
}
