import { executeSoql, parseSoql, SoqlError } from '../soql/index.js';
import { restError, soqlError } from './errors.js';
import { renderQueryPage } from './format.js';
import { firstValue, renderContext } from './records.js';
import type { RestRequest, RestResponse, RestRouter } from './router.js';
import { registerSearchRoutes } from './search.js';

/**
 * SOQL over REST: `/query?q=` and `/queryAll?q=` (recycle bin included), paged by
 * `Sforce-Query-Options: batchSize=N` with `nextRecordsUrl` continuations served by
 * `/query/{locator}` (and `/queryAll/{locator}`), from the cursors SOAP's queryMore shares.
 * SOSL search is registered alongside.
 */
export function registerQueryRoutes(router: RestRouter): void {
  router.add('GET', '/query', (req) => query(req, false));
  router.add('GET', '/queryAll', (req) => query(req, true));
  router.add('GET', '/query/:locator', more);
  router.add('GET', '/queryAll/:locator', more);
  registerSearchRoutes(router);
}

const DEFAULT_BATCH = 2000;
const MIN_BATCH = 200;
const MAX_BATCH = 2000;

function query(req: RestRequest, includeDeleted: boolean): RestResponse {
  const text = firstValue(req.query.q);
  if (text === undefined || text.trim() === '') return restError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
  try {
    const result = executeSoql(parseSoql(text), req.org.store, { includeDeleted, now: req.org.now() });
    const page = req.org.cursors.first(result, batchSize(req), req.session.userId);
    return { status: 200, body: renderQueryPage(page, renderContext(req)) };
  } catch (err) {
    if (err instanceof SoqlError) return soqlError(err);
    throw err;
  }
}

function more(req: RestRequest, params: Readonly<Record<string, string>>): RestResponse {
  const page = req.org.cursors.next(params.locator!);
  if (!page) return restError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
  return { status: 200, body: renderQueryPage(page, renderContext(req)) };
}

/**
 * The batch size a `Sforce-Query-Options: batchSize=N` header asks for, kept within 200–2000
 * (Salesforce treats the size as a hint and never goes outside that range).
 */
export function batchSize(req: RestRequest): number {
  const header = req.headers['sforce-query-options'];
  const m = header === undefined ? null : /(?:^|[;,\s])batchSize\s*=\s*(\d+)/i.exec(header);
  if (!m) return DEFAULT_BATCH;
  return Math.min(MAX_BATCH, Math.max(MIN_BATCH, Number(m[1])));
}
