import type { ConnectorClient, OperationIO } from '../../../../src/connectors/types.js';
import type { OperationResult } from '../../../../src/engine/result.js';
import { bindSoql } from '../soql.js';
import { fetchAllPages, limitPage } from './paging.js';
import { rest } from './shared.js';

// fetchAll without maxRecords stops here: enough for any flow that holds records in memory, and
// the cut is visible (done: false, attributes.truncated), unlike jsforce's silent 10,000
const DEFAULT_FETCH_ALL_MAX = 50_000;

/**
 * query: SOQL through /query (or /queryAll). `bindings` fill `:name` placeholders with escaped
 * literals (see ../soql.ts); `batchSize` asks for pages of 200–2000 rows (Sforce-Query-Options);
 * `fetchAll` follows every nextRecordsUrl up to `maxRecords`; `maxRecords` alone cuts the page.
 */
export async function query(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  const c = rest(client);
  const bindings = params.bindings as Record<string, unknown> | undefined;
  const q = bindings === undefined ? String(params.q) : bindSoql(String(params.q), bindings, (names) => io.log.warn({ bindings: names }, 'salesforce.query: bindings not used by q'));
  const headers = params.batchSize === undefined ? undefined : { 'sforce-query-options': `batchSize=${String(params.batchSize)}` };
  const first = await c.call({ method: 'GET', path: params.queryAll === true ? '/queryAll' : '/query', query: { q }, headers, log: io.log });
  if (first.statusCode >= 400) return first;
  const maxRecords = params.maxRecords as number | undefined;
  if (params.fetchAll === true) return fetchAllPages(c, first, maxRecords ?? DEFAULT_FETCH_ALL_MAX, io, headers);
  return maxRecords === undefined ? first : limitPage(first, maxRecords);
}
