import { randomBytes } from 'node:crypto';
import { executeSosl, executeSoql, parseSosl, parseSoql } from '../soql/index.js';
import { isoDateTime, parseDateTime } from '../time.js';
import { callerOf, objectOrFault, type CallContext, type CallHandler } from './call.js';
import { Faults, SoapFault, withSoqlFaults } from './faults.js';
import { queryResultXml, sobjectXml } from './results.js';
import { child, each, el, leaf, textOf } from './xml.js';

/**
 * query, queryAll and queryMore (pages through the org's shared cursors, QueryOptions.batchSize
 * between 200 and 2000, default 2000), search (SOSL), and the replication calls getUpdated and
 * getDeleted.
 */

const DEFAULT_BATCH = 2000;
const MIN_BATCH = 200;
const MINUTE = 60_000;
const DAY = 86_400_000;
// how far back the replication calls reach
const UPDATED_DAYS = 30;
const DELETED_DAYS = 15;

function batchSize(c: CallContext): number {
  return Math.min(DEFAULT_BATCH, Math.max(MIN_BATCH, c.headers.batchSize ?? DEFAULT_BATCH));
}

function queryCall(includeDeleted: boolean): CallHandler {
  return (c) => {
    // the raw text: error positions (Row/Column) refer to it as sent
    const text = child(c.call, 'queryString')?.text ?? '';
    if (text.trim() === '') throw new SoapFault('MALFORMED_QUERY', 'SOQL statements cannot be empty or null', 'MalformedQueryFault');
    const now = c.org.now();
    const result = withSoqlFaults(() => executeSoql(parseSoql(text), c.org.store, { includeDeleted, now }));
    const page = c.org.cursors.first(result, batchSize(c), callerOf(c).userId);
    return queryResultXml(result, page.rows, page.done, page.locator, c.org.store);
  };
}

const queryMore: CallHandler = (c) => {
  const page = c.org.cursors.next(textOf(c.call, 'queryLocator') ?? '');
  if (!page) throw Faults.invalidLocator();
  return queryResultXml(page.result, page.rows, page.done, page.locator, c.org.store);
};

const search: CallHandler = (c) => {
  const text = child(c.call, 'searchString')?.text ?? '';
  if (text.trim() === '') throw new SoapFault('MALFORMED_SEARCH', 'No search term found. The search term must be enclosed in braces.', 'MalformedSearchFault');
  const result = withSoqlFaults(() => executeSosl(parseSosl(text), c.org.store, { includeDeleted: false, now: c.org.now() }));
  const records = result.rows.map((row) => el('searchRecords', sobjectXml('record', row, c.org.store))).join('');
  return el('result', leaf('queryId', randomBytes(9).toString('hex')) + records);
};

/** The checked window of a replication call; seconds are ignored, as Salesforce does. */
function replicationWindow(c: CallContext, days: number): { type: string; start: number; end: number; latest: number } {
  const def = objectOrFault(c, textOf(c.call, 'sObjectType'));
  const instant = (name: string): number => {
    const text = textOf(c.call, name) ?? '';
    const ms = parseDateTime(text);
    if (ms === undefined) throw Faults.badValue(text, 'xsd:dateTime');
    return Math.floor(ms / MINUTE) * MINUTE;
  };
  const start = instant('startDate');
  const end = instant('endDate');
  const now = c.org.now();
  if (end - start < MINUTE) throw new SoapFault('INVALID_REPLICATION_DATE', 'startDate must chronologically precede endDate by more than one minute');
  if (start < now - days * DAY) throw new SoapFault('INVALID_REPLICATION_DATE', `startDate cannot be more than ${days} days ago`);
  return { type: def.name, start, end, latest: Math.min(end, Math.floor(now / MINUTE) * MINUTE) };
}

const getUpdated: CallHandler = (c) => {
  const w = replicationWindow(c, UPDATED_DAYS);
  const ids = c.org.store.updatedIds(w.type, w.start, w.end);
  return el('result', each('ids', ids) + leaf('latestDateCovered', isoDateTime(w.latest)));
};

const getDeleted: CallHandler = (c) => {
  const w = replicationWindow(c, DELETED_DAYS);
  const deleted = c.org.store.deletedIds(w.type, w.start, w.end);
  const earliest = Math.floor((c.org.now() - DELETED_DAYS * DAY) / MINUTE) * MINUTE;
  return el(
    'result',
    deleted.map((d) => el('deletedRecords', leaf('deletedDate', isoDateTime(d.deletedDate)) + leaf('id', d.id))).join('') +
      leaf('earliestDateAvailable', isoDateTime(earliest)) +
      leaf('latestDateCovered', isoDateTime(w.latest)),
  );
};

/** The query and replication operations by name. */
export const QUERY_CALLS: Readonly<Record<string, CallHandler>> = {
  query: queryCall(false),
  queryAll: queryCall(true),
  queryMore,
  search,
  getUpdated,
  getDeleted,
};
