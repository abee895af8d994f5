import { Rollback } from '../store/org-store.js';
import { CompositeReferences } from './composite-references.js';
import { parseSubrequestUrl, runSubrequest, SUBREQUEST_METHODS, versionNumber, type SubrequestTarget } from './composite-subrequest.js';
import { jsonParserError, restError } from './errors.js';
import type { RestRequest, RestResponse, RestRouter } from './router.js';

/**
 * The subrequest list shared by composite and composite/graph: reading and checking
 * `compositeRequest`, then running it in order with references between subrequests and, for
 * allOrNone, inside one store transaction that is undone when a subrequest fails.
 */

/** One checked subrequest of a composite request or graph. */
export interface CompositeSubrequest {
  readonly method: string;
  /** as sent; may hold `@{…}` references */
  readonly url: string;
  readonly referenceId: string;
  readonly body: unknown;
  readonly httpHeaders: Readonly<Record<string, string>>;
  /** the url before references are resolved (version and path never hold references) */
  readonly target: SubrequestTarget;
}

/** One entry of `compositeResponse`, keys in Salesforce's order. */
export interface CompositeSubrequestResult {
  readonly body: unknown;
  readonly httpHeaders: Readonly<Record<string, string>>;
  readonly httpStatusCode: number;
  readonly referenceId: string;
}

const ROLLED_BACK_MESSAGE = 'The transaction was rolled back since another operation in the same transaction failed.';

// Subrequests inherit these from the top-level request; naming them is a 400 for the whole call.
const INHERITED_HEADERS = new Set(['accept', 'authorization', 'content-type']);
const REFERENCE_ID = /^[A-Za-z0-9][A-Za-z0-9_]*$/;

/** `Provided referenceId (…) must start with…`, Salesforce's wording for an illegal referenceId. */
export function illegalReferenceIdMessage(referenceId: string): string {
  return `Provided referenceId ('${referenceId}') must start with a letter or a number, and it can contain only letters, numbers and underscores ('_').`;
}

/**
 * Check a `compositeRequest` list: at most `max` subrequests, each with a method, a
 * `/services/data/vNN.N/…` url and a unique referenceId (letters, digits and underscores from
 * API 52.0; earlier versions let bad ones through and fail the references to them instead).
 */
export function readSubrequests(list: unknown, apiVersion: number, max: number, what = 'compositeRequest'): CompositeSubrequest[] | RestResponse {
  if (!Array.isArray(list)) return jsonParserError(`Required field '${what}' is missing or is not an array`);
  if (list.length > max) return restError(400, 'LIMIT_EXCEEDED', `Exceeded the maximum of ${max} subrequests in ${what}`);
  const seen = new Set<string>();
  const out: CompositeSubrequest[] = [];
  for (const item of list) {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return jsonParserError(`Each entry of ${what} must be a JSON object`);
    const fields = item as Record<string, unknown>;
    // Salesforce's deserialiser accepts property names in any casing (its own docs send "referenceID")
    const get = (name: string): unknown => fields[Object.keys(fields).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name];
    const method = get('method');
    const url = get('url');
    const referenceId = get('referenceId');
    if (typeof method !== 'string' || !SUBREQUEST_METHODS.has(method)) return jsonParserError(`Invalid HTTP method for subrequest: ${String(method)}. Use one of GET, POST, PUT, PATCH, DELETE.`);
    const target = typeof url === 'string' && url.startsWith('/services/data/') ? parseSubrequestUrl(url) : undefined;
    if (typeof url !== 'string' || !target) return jsonParserError(`Invalid url for subrequest: ${String(url)}. The url must start with /services/data/vXX.X/`);
    if (typeof referenceId !== 'string' || referenceId === '') return jsonParserError(`Required field 'referenceId' is missing for subrequest ${url}`);
    if (apiVersion >= 52 && !REFERENCE_ID.test(referenceId)) return jsonParserError(illegalReferenceIdMessage(referenceId));
    if (seen.has(referenceId)) return jsonParserError(`Duplicate referenceId provided in the request: ${referenceId}`);
    seen.add(referenceId);
    const headers = readHeaders(get('httpHeaders'));
    if ('error' in headers) return headers.error;
    out.push({ method, url, referenceId, body: get('body'), httpHeaders: headers.headers, target });
  }
  return out;
}

function readHeaders(value: unknown): { headers: Record<string, string> } | { error: RestResponse } {
  if (value === undefined || value === null) return { headers: {} };
  if (typeof value !== 'object' || Array.isArray(value)) return { error: jsonParserError('httpHeaders must be a JSON object of header names to values') };
  const headers: Record<string, string> = {};
  for (const [name, v] of Object.entries(value)) {
    if (INHERITED_HEADERS.has(name.toLowerCase())) {
      return { error: jsonParserError(`Header ${name} is not allowed in a subrequest: subrequests inherit Accept, Authorization and Content-Type from the top-level request`) };
    }
    headers[name] = String(v);
  }
  return { headers };
}

/**
 * Run the subrequests in order (collation is allowed to reorder only unrelated subrequests, so
 * request order is always a valid outcome). Without allOrNone a failed subrequest only halts the
 * ones that reference it; with allOrNone the first failure stops everything, the transaction is
 * undone, and every other subrequest reports PROCESSING_HALTED "rolled back".
 */
export function runSubrequests(router: RestRouter, parent: RestRequest, subrequests: readonly CompositeSubrequest[], allOrNone: boolean): CompositeSubrequestResult[] {
  const references = new CompositeReferences(versionNumber(parent.version) >= 52);
  const results: CompositeSubrequestResult[] = [];
  const runAll = (): void => {
    for (const sub of subrequests) {
      const result = runOne(router, parent, sub, references, allOrNone);
      results.push(result);
      const ok = !failed(sub, result, allOrNone);
      references.record(sub.referenceId, ok, result.body);
      if (!ok && allOrNone) throw new Rollback();
    }
  };
  if (!allOrNone) {
    runAll();
    return results;
  }
  try {
    parent.org.store.transaction(runAll);
    return results;
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
  }
  const failedAt = results.length - 1;
  return subrequests.map((sub, i) => (i === failedAt ? results[i]! : halted(sub.referenceId, ROLLED_BACK_MESSAGE)));
}

/** A subrequest that never ran: 400 PROCESSING_HALTED with the given reason. */
export function halted(referenceId: string, message: string): CompositeSubrequestResult {
  return { body: [{ errorCode: 'PROCESSING_HALTED', message }], httpHeaders: {}, httpStatusCode: 400, referenceId };
}

function runOne(router: RestRouter, parent: RestRequest, sub: CompositeSubrequest, references: CompositeReferences, allOrNone: boolean): CompositeSubrequestResult {
  const url = references.substitute(sub.url);
  if ('halted' in url) return halted(sub.referenceId, url.halted);
  const body = references.substitute(sub.body);
  if ('halted' in body) return halted(sub.referenceId, body.halted);
  // references may only change path segments and parameters, never the version
  const target = parseSubrequestUrl(String(url.value)) ?? sub.target;
  const res = runSubrequest(router, parent, sub.method, target, body.value, sub.httpHeaders, allOrNone);
  return { body: res.body, httpHeaders: res.headers, httpStatusCode: res.status, referenceId: sub.referenceId };
}

// Under allOrNone a collections subrequest with any failed record fails the composite too.
function failed(sub: CompositeSubrequest, result: CompositeSubrequestResult, allOrNone: boolean): boolean {
  if (result.httpStatusCode >= 400) return true;
  if (!allOrNone || !/^\/composite\/sobjects/i.test(sub.target.path) || !Array.isArray(result.body)) return false;
  return result.body.some((item) => item !== null && typeof item === 'object' && (item as { success?: unknown }).success === false);
}
