import { restErrorBody } from '../context.js';
import { parseSubrequestUrl, runSubrequest, SUBREQUEST_METHODS, versionNumber, type SubrequestTarget } from './composite-subrequest.js';
import { jsonParserError, requireObjectBody, restError } from './errors.js';
import type { RestRequest, RestResponse, RestRouter } from './router.js';

/**
 * `POST /composite/batch`: up to 25 independent subrequests run in order, each committed on its
 * own (a failure rolls nothing back), each counted as an API call. With `haltOnError` the ones
 * after a 4xx/5xx answer 412 BATCH_PROCESSING_HALTED. The batch itself always answers 200.
 */

const MAX_BATCH = 25;
// resources below this version cannot be batched (the resource itself arrived in 34.0)
const OLDEST_BATCH_VERSION = 34;

interface BatchSubrequest {
  readonly method: string;
  readonly target: SubrequestTarget;
  readonly body: unknown;
}

interface BatchResult {
  readonly statusCode: number;
  readonly result: unknown;
}

/** Run a composite/batch request. */
export function compositeBatch(router: RestRouter, req: RestRequest): RestResponse {
  const notObject = requireObjectBody(req.body, 'BatchRequest');
  if (notObject) return notObject;
  const input = req.body as Record<string, unknown>;
  const subrequests = readBatch(input.batchRequests, versionNumber(req.version), req.version);
  if (!Array.isArray(subrequests)) return subrequests;

  const haltOnError = input.haltOnError === true;
  const results: BatchResult[] = [];
  let halted = false;
  for (const [i, sub] of subrequests.entries()) {
    let result: BatchResult;
    if (halted) {
      result = { statusCode: 412, result: [{ errorCode: 'BATCH_PROCESSING_HALTED', message: 'Batch processing halted per request' }] };
    } else if (i > 0 && !req.org.limits.take()) {
      // the batch call itself was counted on arrival; every further subrequest is one more call
      result = { statusCode: 403, result: restErrorBody('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.') };
    } else {
      const res = runSubrequest(router, req, sub.method, sub.target, sub.body);
      result = { statusCode: res.status, result: res.body };
    }
    results.push(result);
    if (haltOnError && result.statusCode >= 400) halted = true;
  }
  return {
    status: 200,
    headers: { 'Sforce-Limit-Info': req.org.limits.header() },
    body: { hasErrors: results.some((r) => r.statusCode >= 400), results },
  };
}

/**
 * Check `batchRequests`. Problems found here fail the whole batch with 400 before anything
 * runs, whatever haltOnError says (Salesforce checks the request before processing it).
 */
function readBatch(list: unknown, batchVersion: number, batchVersionText: string): BatchSubrequest[] | RestResponse {
  if (!Array.isArray(list)) return jsonParserError(`Required field 'batchRequests' is missing or is not an array`);
  if (list.length > MAX_BATCH) return restError(400, 'LIMIT_EXCEEDED', `Exceeded the maximum of ${MAX_BATCH} subrequests in batchRequests`);
  const out: BatchSubrequest[] = [];
  for (const item of list) {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return jsonParserError('Each entry of batchRequests must be a JSON object');
    const { method, url, richInput } = item as Record<string, unknown>;
    if (typeof method !== 'string' || !SUBREQUEST_METHODS.has(method)) return jsonParserError(`Invalid HTTP method for subrequest: ${String(method)}. Use one of GET, POST, PUT, PATCH, DELETE.`);
    const target = typeof url === 'string' ? parseSubrequestUrl(url) : undefined;
    if (!target) return jsonParserError(`Invalid url for subrequest: ${String(url)}. The url must look like vXX.X/sobjects/…`);
    const version = versionNumber(target.versionText);
    if (!(version >= OLDEST_BATCH_VERSION && version <= batchVersion)) {
      return jsonParserError(`Invalid url for subrequest: ${String(url)}. Subrequests must use an API version from ${OLDEST_BATCH_VERSION}.0 to ${batchVersionText}`);
    }
    out.push({ method, target, body: richInput });
  }
  return out;
}
