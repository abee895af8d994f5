import type { ConnectorClient, OperationIO } from '../../../../src/connectors/types.js';
import type { OperationResult } from '../../../../src/engine/result.js';
import { FerryError } from '../../../../src/errors.js';
import type { SalesforceRestClient } from '../client.js';
import { rest, seg } from './shared.js';

/**
 * Query paging: `queryMore` (one more page from a `nextRecordsUrl`) and the page loop behind
 * `query`'s `fetchAll`. Continuations always go to `/query/{locator}` of the connection's own API
 * version, for query and queryAll alike (as jsforce does), whatever host or version the URL named.
 */

/** A page of a query answer as Salesforce sends it. */
interface QueryPage {
  totalSize?: number;
  done?: boolean;
  nextRecordsUrl?: string;
  records?: unknown[];
}

// fetchAll's bound on calls, whatever maxRecords says: 50,000 records at the smallest page size
// (200) is 250 pages, so a query needing more pages is a runaway
const MAX_PAGES = 500;

// Salesforce's locators are `<cursor id>-<rows served so far>` (01gRO0000016PIAYA2-2000)
const LOCATOR = /^[A-Za-z0-9]+-\d+$/;

/** The locator in a nextRecordsUrl (a full URL, a path, or the locator alone), or a coded error. */
export function locatorOf(nextRecordsUrl: string): string {
  const path = nextRecordsUrl.trim().replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').replace(/[?#].*$/, '');
  const locator = path.split('/').filter((s) => s !== '').pop() ?? '';
  if (!LOCATOR.test(locator)) {
    throw new FerryError('FERRY_ERR_CONNECTOR_PARAMS', `salesforce.queryMore: nextRecordsUrl '${nextRecordsUrl}' holds no query locator (…/query/01g…-2000)`);
  }
  return locator;
}

/** GET the page at a locator. */
function page(client: SalesforceRestClient, locator: string, io: OperationIO, headers?: Record<string, string>): Promise<OperationResult> {
  return client.call({ method: 'GET', path: `/query/${seg(locator)}`, headers, log: io.log });
}

/** queryMore: the next page of a query, from its `nextRecordsUrl`. */
export async function queryMore(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  return page(rest(client), locatorOf(String(params.nextRecordsUrl)), io);
}

/**
 * Follow `nextRecordsUrl` from a first page until the query is done or `maxRecords` records are
 * held. The answer is one query result: `totalSize` as Salesforce counted it, every record, and
 * `done: true` — or, when cut at maxRecords, `done: false` (with the `nextRecordsUrl` to go on
 * from only when the cut fell on a page boundary; mid-page, no URL would resume at the right row).
 * `attributes.pages` tells how many calls it took. An error answer on any page is the result.
 * A continuation that cannot advance (a locator seen before, a page with no records that is not
 * the last) or more than MAX_PAGES pages is FERRY_ERR_CALL_BAD_RESPONSE, not an endless loop.
 */
export async function fetchAllPages(client: SalesforceRestClient, first: OperationResult, maxRecords: number, io: OperationIO, headers?: Record<string, string>): Promise<OperationResult> {
  let last = first;
  let body = first.payload as QueryPage;
  const records: unknown[] = [];
  let pages = 1;
  const seen = new Set<string>();
  for (;;) {
    const got = body.records ?? [];
    const room = maxRecords - records.length;
    if (got.length > room) {
      records.push(...got.slice(0, room));
      return result(last, body, records, pages, { done: false });
    }
    records.push(...got);
    if (body.done !== false || !body.nextRecordsUrl) return result(last, body, records, pages, { done: true });
    if (records.length >= maxRecords) return result(last, body, records, pages, { done: false, nextRecordsUrl: body.nextRecordsUrl });
    const locator = locatorOf(body.nextRecordsUrl);
    if (seen.has(locator) || (got.length === 0 && pages > 1) || pages >= MAX_PAGES) {
      const why = pages >= MAX_PAGES ? `more than ${MAX_PAGES} pages` : seen.has(locator) ? `locator ${locator} came back twice` : 'an empty page that is not the last';
      throw new FerryError('FERRY_ERR_CALL_BAD_RESPONSE', `salesforce.query fetchAll stopped after ${pages} pages: ${why}`);
    }
    seen.add(locator);
    last = await page(client, locator, io, headers);
    if (last.statusCode >= 400) return last;
    body = last.payload as QueryPage;
    pages++;
  }
}

/** One page cut to `maxRecords` (query without fetchAll): `done: false` and no nextRecordsUrl when cut. */
export function limitPage(first: OperationResult, maxRecords: number): OperationResult {
  const body = first.payload as QueryPage;
  const records = body.records ?? [];
  if (records.length <= maxRecords) return first;
  return result(first, body, records.slice(0, maxRecords), 1, { done: false });
}

function result(last: OperationResult, body: QueryPage, records: unknown[], pages: number, end: { done: boolean; nextRecordsUrl?: string }): OperationResult {
  const payload: QueryPage = { totalSize: body.totalSize ?? records.length, done: end.done };
  if (end.nextRecordsUrl) payload.nextRecordsUrl = end.nextRecordsUrl;
  payload.records = records;
  return { ...last, payload, attributes: { ...last.attributes, pages, truncated: !end.done } };
}
