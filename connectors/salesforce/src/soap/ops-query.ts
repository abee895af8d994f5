import type { ConnectorClient, OperationIO } from '../../../../src/connectors/types.js';
import type { OperationResult } from '../../../../src/engine/result.js';
import { FerryError } from '../../../../src/errors.js';
import { bindSoql } from '../soql.js';
import { partner, type SoapHeaders } from './envelope.js';
import { invoke, named, soapOperation, toResult, wantsXml, type SoapOutcome } from './operation.js';
import { objectName } from './records-input.js';

/**
 * soapQuery, soapQueryAll, soapQueryMore, soapSearch, soapGetDeleted and soapGetUpdated.
 *
 * A query answer is `{done, queryLocator, records, size}`. Like WSO2, each query page leaves its
 * locator in the message property `salesforce.query.queryLocator` (with `salesforce.query.done`
 * and `salesforce.query.recordSize`), so soapQueryMore without a queryLocator continues the last
 * query of the same message. `fetchAll` follows every locator and answers one result.
 */

type Params = Record<string, unknown>;

/** WSO2's message property names. */
export const LOCATOR_PROP = 'salesforce.query.queryLocator';
const DONE_PROP = 'salesforce.query.done';
const SIZE_PROP = 'salesforce.query.recordSize';

// fetchAll without maxRecords stops here, visibly (done: false), like the REST query's fetchAll
const DEFAULT_FETCH_ALL_MAX = 50_000;
// 50,000 records at the smallest batch (200) is 250 pages: a query needing more is a runaway
const MAX_PAGES = 500;

interface QueryPage {
  done?: boolean;
  queryLocator?: string | null;
  records?: unknown[];
  size?: number;
}

/** Leave the page's locator (or its absence, when done) in the message, as WSO2 does. */
function remember(io: OperationIO, page: QueryPage): void {
  const props = io.message.props;
  if (page.done === false && page.queryLocator) props[LOCATOR_PROP] = page.queryLocator;
  else delete props[LOCATOR_PROP];
  props[DONE_PROP] = String(page.done !== false);
  props[SIZE_PROP] = String(page.size ?? 0);
}

function batchHeaders(params: Params): SoapHeaders | undefined {
  return params.batchSize === undefined ? undefined : { batchSize: Number(params.batchSize) };
}

function queryCall(call: 'query' | 'queryAll', op: string) {
  return async (client: ConnectorClient, params: Params, io: OperationIO): Promise<OperationResult> => {
    const xml = wantsXml(params);
    const fetchAll = params.fetchAll === true;
    const maxRecords = params.maxRecords as number | undefined;
    if (xml && (fetchAll || maxRecords !== undefined)) {
      throw new FerryError('FERRY_ERR_CONNECTOR_PARAMS', `salesforce.${op}: fetchAll and maxRecords shape the JSON answer; with outputType XML each page is Salesforce's envelope (use soapQueryMore)`);
    }
    const bindings = params.bindings as Record<string, unknown> | undefined;
    const text = String(params.queryString);
    const q = bindings === undefined ? text : bindSoql(text, bindings, (names) => io.log.warn({ bindings: names }, `salesforce.${op}: bindings not used by queryString`));
    const headers = batchHeaders(params);
    const first = await invoke(client, io, { name: call, body: partner('queryString', q, named(op, 'queryString')), headers, results: 'one' });
    if (first.statusCode >= 400) return toResult(first, xml);
    if (fetchAll) return fetchAllPages(client, io, first, maxRecords ?? DEFAULT_FETCH_ALL_MAX, headers, op);
    const page = first.json as QueryPage;
    if (maxRecords !== undefined && (page.records?.length ?? 0) > maxRecords) {
      // cut mid-page: no locator could resume at the right row
      const cut = { ...page, done: false, queryLocator: null, records: page.records!.slice(0, maxRecords) };
      remember(io, cut);
      return toResult(first, false, { truncated: true }, cut);
    }
    remember(io, page);
    return toResult(first, xml);
  };
}

/** soapQuery: SOQL through `query`; `batchSize` goes in QueryOptions (200–2000). */
export const soapQuery = queryCall('query', 'soapQuery');

/** soapQueryAll: `queryAll`, deleted and archived records included. */
export const soapQueryAll = queryCall('queryAll', 'soapQueryAll');

/** soapQueryMore: the next page after `queryLocator`, or after the last query of this message. */
export async function soapQueryMore(client: ConnectorClient, params: Params, io: OperationIO): Promise<OperationResult> {
  const given = typeof params.queryLocator === 'string' && params.queryLocator.trim() !== '' ? params.queryLocator.trim() : undefined;
  const stored = io.message.props[LOCATOR_PROP];
  const locator = given ?? (typeof stored === 'string' && stored !== '' ? stored : undefined);
  if (locator === undefined) {
    throw new FerryError('FERRY_ERR_CONNECTOR_PARAMS', 'salesforce.soapQueryMore: no queryLocator — give one, or run soapQuery/soapQueryAll before it in this message (a query that is done has no more pages)');
  }
  const outcome = await invoke(client, io, { name: 'queryMore', body: partner('queryLocator', locator, named('soapQueryMore', 'queryLocator')), headers: batchHeaders(params), results: 'one' });
  if (outcome.statusCode < 400) remember(io, outcome.json as QueryPage);
  return toResult(outcome, wantsXml(params));
}

/**
 * Follow queryLocators from a first page until the query is done or `max` records are held; the
 * answer is one query result: every record, `size` as Salesforce counted, `done: true` — or, when
 * cut at `max`, `done: false` with the locator to go on from when the cut fell on a page boundary
 * (mid-page no locator resumes at the right row). `attributes.pages` says how many calls it took.
 * A locator seen before, an empty page that is not the last, or more than MAX_PAGES pages is
 * FERRY_ERR_CALL_BAD_RESPONSE, not an endless loop. An error answer on any page is the result.
 */
async function fetchAllPages(client: ConnectorClient, io: OperationIO, first: SoapOutcome, max: number, headers: SoapHeaders | undefined, op: string): Promise<OperationResult> {
  let last = first;
  let page = first.json as QueryPage;
  const records: unknown[] = [];
  const seen = new Set<string>();
  let pages = 1;
  const finish = (done: boolean, queryLocator: string | null): OperationResult => {
    const merged = { done, queryLocator, records, size: page.size ?? records.length };
    remember(io, merged);
    return toResult(last, false, { pages, truncated: !done }, merged);
  };
  for (;;) {
    const got = page.records ?? [];
    const room = max - records.length;
    if (got.length > room) {
      records.push(...got.slice(0, room));
      return finish(false, null);
    }
    records.push(...got);
    if (page.done !== false || !page.queryLocator) return finish(true, null);
    if (records.length >= max) return finish(false, page.queryLocator);
    const locator = page.queryLocator;
    if (seen.has(locator) || (got.length === 0 && pages > 1) || pages >= MAX_PAGES) {
      const why = pages >= MAX_PAGES ? `more than ${MAX_PAGES} pages` : seen.has(locator) ? `locator ${locator} came back twice` : 'an empty page that is not the last';
      throw new FerryError('FERRY_ERR_CALL_BAD_RESPONSE', `salesforce.${op} fetchAll stopped after ${pages} pages: ${why}`);
    }
    seen.add(locator);
    last = await invoke(client, io, { name: 'queryMore', body: partner('queryLocator', locator), headers, results: 'one' });
    if (last.statusCode >= 400) return toResult(last, false);
    page = last.json as QueryPage;
    pages++;
  }
}

/** soapSearch: SOSL through `search`; the answer is `{searchRecords: [{record}], …}`. */
export async function soapSearch(client: ConnectorClient, params: Params, io: OperationIO): Promise<OperationResult> {
  const body = partner('searchString', String(params.searchString), named('soapSearch', 'searchString'));
  return soapOperation(client, params, io, { name: 'search', body, results: 'one', lists: ['searchRecords'] });
}

/** `2020-06-15T05:05:53+0000` (WSO2's sample) → `…+00:00`: xsd:dateTime wants the colon. */
function dateTime(value: unknown): string {
  return String(value).trim().replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
}

function replication(call: 'getDeleted' | 'getUpdated', op: string) {
  return async (client: ConnectorClient, params: Params, io: OperationIO): Promise<OperationResult> => {
    const type = objectName(String(params.sObjectType ?? '').trim(), named(op, 'sObjectType'));
    const body = partner('sObjectType', type) + partner('startDate', dateTime(params.startDate), named(op, 'startDate')) + partner('endDate', dateTime(params.endDate), named(op, 'endDate'));
    return soapOperation(client, params, io, { name: call, body, results: 'one', lists: [call === 'getDeleted' ? 'deletedRecords' : 'ids'] });
  };
}

/** soapGetDeleted: `{deletedRecords: [{deletedDate, id}], earliestDateAvailable, latestDateCovered}` for a window. */
export const soapGetDeleted = replication('getDeleted', 'soapGetDeleted');

/** soapGetUpdated: `{ids, latestDateCovered}` for a window. */
export const soapGetUpdated = replication('getUpdated', 'soapGetUpdated');
