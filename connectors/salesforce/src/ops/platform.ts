import type { ConnectorClient, OperationIO } from '../../../../src/connectors/types.js';
import type { OperationResult } from '../../../../src/engine/result.js';
import { FerryError } from '../../../../src/errors.js';
import { rest, seg } from './shared.js';

/**
 * Org-level resources and the two escape hatches: `limits`, `recentItems`, `callApexRest` (any
 * method below /services/apexrest/) and `rawRequest` (any other REST resource). A path given as a
 * parameter is split into segments, each decoded and re-encoded, so `?`, `#` or an encoded `/`
 * stay inside their segment, and `.`/`..` segments are refused: a path cannot climb out of the
 * tree it is meant for or reach another host, and the connection's bearer token goes nowhere else.
 */

type Query = Record<string, string | number | boolean>;

/** limits: GET /limits (the org's limits as `{Name: {Max, Remaining}}`). */
export async function limits(client: ConnectorClient, _params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  return rest(client).call({ method: 'GET', path: '/limits', log: io.log });
}

/** recentItems: GET /recent[?limit=n] (the user's recently used records, newest first). */
export async function recentItems(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  return rest(client).call({ method: 'GET', path: '/recent', query: { limit: params.limit as number | undefined }, log: io.log });
}

/** A user's path as encoded segments joined by `/` (leading `/`, no trailing one), or a coded error. */
export function safePath(path: string, op: string): string {
  const parts = path.split('/').filter((s) => s !== '');
  const out: string[] = [];
  for (const part of parts) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(part);
    } catch {
      throw new FerryError('FERRY_ERR_CONNECTOR_PARAMS', `salesforce.${op}: path segment '${part}' is not valid percent-encoding`);
    }
    if (decoded === '.' || decoded === '..') throw new FerryError('FERRY_ERR_CONNECTOR_PARAMS', `salesforce.${op}: path may not hold '.' or '..' segments`);
    out.push(seg(decoded));
  }
  return `/${out.join('/')}`;
}

/** callApexRest: any method on /services/apexrest/{path}, with optional query, body and content type. */
export async function callApexRest(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  const path = `/services/apexrest${safePath(String(params.path), 'callApexRest')}`;
  return rest(client).call({
    method: String(params.method),
    path,
    query: params.query as Query | undefined,
    body: params.body,
    contentType: params.contentType as string | undefined,
    log: io.log,
  });
}

// the connection owns these: a flow must not replace the token or the framing
const RESERVED_HEADERS = new Set(['authorization', 'host', 'content-length', 'transfer-encoding', 'connection']);

/**
 * rawRequest: any REST resource. A path starting with /services/ is taken from the host's root
 * (/services/data/v62.0/…, /services/apexrest/…); any other path hangs below the connection's
 * /services/data/vNN.N. A full URL is refused (the token would go to whoever it names).
 */
export async function rawRequest(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  const raw = String(params.path);
  if (/^[a-z][a-z0-9+.-]*:/i.test(raw) || raw.startsWith('//')) {
    throw new FerryError('FERRY_ERR_CONNECTOR_PARAMS', `salesforce.rawRequest: path must be a path on the connection's instance, not a URL`);
  }
  const path = safePath(raw, 'rawRequest');
  const headers: Record<string, string> = {};
  let contentType: string | undefined;
  for (const [name, value] of Object.entries((params.headers ?? {}) as Record<string, string>)) {
    const lower = name.toLowerCase();
    if (RESERVED_HEADERS.has(lower)) throw new FerryError('FERRY_ERR_CONNECTOR_PARAMS', `salesforce.rawRequest: header '${name}' is set by the connection`);
    if (lower === 'content-type') contentType = value;
    else headers[lower] = value;
  }
  return rest(client).call({
    method: String(params.method),
    path,
    query: params.query as Query | undefined,
    body: params.body,
    contentType,
    headers,
    log: io.log,
  });
}
