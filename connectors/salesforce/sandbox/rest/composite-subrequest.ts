import { OLDEST_LIVE_VERSION, parseApiVersion, restErrorBody } from '../context.js';
import { Rollback } from '../store/org-store.js';
import { notFound } from './errors.js';
import type { RestHandler, RestRequest, RestResponse, RestRouter } from './router.js';

/**
 * Running one subrequest of composite, composite/batch or composite/graph through the same
 * RestRouter the top-level API uses: its url split into version, path and query, a RestRequest
 * built on the caller's session, and the answer in the shape the composite responses report.
 */

/** Where a subrequest url points: `v62.0`, the path below it, and its query parameters. */
export interface SubrequestTarget {
  readonly versionText: string;
  /** below the version, e.g. `/sobjects/Account`; no trailing slash */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
}

/** A subrequest's answer: status, body (null when there was none) and response headers. */
export interface SubrequestOutcome {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;
}

// Subrequests of an allOrNone composite: collections inside it roll back as a whole, whatever
// their own allOrNone says.
const ALL_OR_NONE = new WeakSet<RestRequest>();

/** True when the request is a subrequest of an allOrNone composite (or a graph). */
export function inAllOrNoneComposite(req: RestRequest): boolean {
  return ALL_OR_NONE.has(req);
}

/** The methods a composite subrequest may use (case-sensitive, as Salesforce checks them). */
export const SUBREQUEST_METHODS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

const API_URL = /^\/?(?:services\/data\/)?(v[^/?]+)(\/[^?]*)?$/;

/**
 * Split `/services/data/v62.0/sobjects/Account?fields=Name` (or batch's `v62.0/sobjects/…`);
 * undefined when it is not a REST API url. Query strings may hold raw spaces, as Salesforce's own
 * composite examples send them.
 */
export function parseSubrequestUrl(url: string): SubrequestTarget | undefined {
  const q = url.indexOf('?');
  const m = API_URL.exec(q === -1 ? url : url.slice(0, q));
  if (!m) return undefined;
  const query: Record<string, string> = {};
  if (q !== -1) for (const [k, v] of new URLSearchParams(url.slice(q + 1))) query[k] = v;
  return { versionText: m[1]!, path: (m[2] ?? '').replace(/\/+$/, '') || '/', query };
}

/** `62` from `v62.0`; NaN when it is not a version. */
export function versionNumber(versionText: string): number {
  const m = /^v?(\d+)\.0$/.exec(versionText);
  return m ? Number(m[1]) : Number.NaN;
}

/** Only from the API version a resource appeared in; earlier versions do not know the url (404). */
export function since(minVersion: number, handler: RestHandler): RestHandler {
  return (req, params) => (versionNumber(req.version) >= minVersion ? handler(req, params) : notFound());
}

/** True for the composite resources that cannot themselves be subrequests (collections can). */
export function isCompositeFamily(path: string): boolean {
  return /^\/composite(?:\/(?:batch|tree|graph)(?:\/.*)?)?$/i.test(path);
}

/** True for subrequests Salesforce counts against the five query/collections slots of a composite. */
export function isQueryOrCollections(path: string): boolean {
  return /^\/(?:query|queryAll|composite\/sobjects)(?:\/|$)/i.test(path);
}

/**
 * Run one subrequest through the router as the caller's session. A retired or unknown version is
 * answered as the top-level API answers it; a handler that throws becomes a 500 for this
 * subrequest only (a Rollback is the caller's transaction control and passes through).
 */
export function runSubrequest(
  router: RestRouter,
  parent: RestRequest,
  method: string,
  target: SubrequestTarget,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
  allOrNone = false,
): SubrequestOutcome {
  const parsed = parseApiVersion(target.versionText);
  if ('gone' in parsed) {
    return outcome({ status: 410, body: restErrorBody('GONE', `API version ${target.versionText.slice(1)} is no longer supported. Use a version from ${OLDEST_LIVE_VERSION}.0 or later.`) });
  }
  if ('unknown' in parsed) return outcome({ status: 404, body: restErrorBody('NOT_FOUND', 'The requested resource does not exist') });
  if (isCompositeFamily(target.path)) return outcome({ status: 404, body: restErrorBody('NOT_FOUND', 'The requested resource does not exist') });
  const lowered: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) lowered[k.toLowerCase()] = v;
  const request: RestRequest = {
    method,
    path: target.path,
    version: parsed.version,
    query: target.query,
    headers: { ...parent.headers, ...lowered },
    body,
    session: parent.session,
    org: parent.org,
    baseUrl: parent.baseUrl,
  };
  if (allOrNone) ALL_OR_NONE.add(request);
  try {
    return outcome(router.handle(request));
  } catch (err) {
    if (err instanceof Rollback) throw err;
    const message = err instanceof Error ? err.message : String(err);
    return outcome({ status: 500, body: restErrorBody('UNKNOWN_EXCEPTION', `An unexpected error occurred: ${message}`) });
  }
}

// Headers that describe the composite envelope rather than the subrequest (Salesforce leaves them out).
const ENVELOPE_HEADERS = new Set(['content-type', 'content-length', 'sforce-limit-info', 'vary']);

function outcome(res: RestResponse): SubrequestOutcome {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers ?? {})) {
    if (!ENVELOPE_HEADERS.has(name.toLowerCase())) headers[canonicalHeaderName(name)] = value;
  }
  return { status: res.status, body: res.body === undefined ? null : res.body, headers };
}

/** `location` → `Location`, `etag` → `ETag`: the casing Salesforce's composite httpHeaders show. */
export function canonicalHeaderName(name: string): string {
  if (name.toLowerCase() === 'etag') return 'ETag';
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1).toLowerCase())
    .join('-');
}
