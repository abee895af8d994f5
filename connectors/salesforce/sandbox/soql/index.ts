/**
 * SOQL and SOSL for the sandbox org: parse once (no data needed, syntax errors with Salesforce's
 * positions and messages), then execute against a DataSource (metadata errors, then rows).
 */
import type { SoqlQuery, SoslQuery } from './ast.js';
import { runPlan } from './execute.js';
import { parseQueryText } from './parser.js';
import { planQuery } from './resolve.js';
import { runSearch } from './sosl-execute.js';
import { parseSearchText } from './sosl-parse.js';
import type { DataSource, QueryOptions, QueryResult, SearchResult } from './types.js';

export { SoqlError } from './errors.js';
export type { SoqlQuery, SoslQuery } from './ast.js';
export type * from './ast.js';
export type { DataSource, QueryCell, QueryOptions, QueryResult, QueryRow, SearchResult } from './types.js';

/** Parse a SOQL statement; throws SoqlError (MALFORMED_QUERY, NUMBER_OUTSIDE_VALID_RANGE). */
export function parseSoql(text: string): SoqlQuery {
  return parseQueryText(text);
}

/** Run a parsed SOQL query; throws SoqlError for names or types the org's metadata refuses. */
export function executeSoql(query: SoqlQuery, source: DataSource, options: QueryOptions): QueryResult {
  return runPlan(planQuery(query, source, options), source, options);
}

/** Check a parsed query against the org's metadata without running it (Bulk validates at job creation). */
export function validateSoql(query: SoqlQuery, source: DataSource, options: QueryOptions): void {
  planQuery(query, source, options);
}

/**
 * The columns of a query in SELECT order with canonical names (`Account.Name`), FIELDS(…)
 * expanded — what Bulk API 2.0 writes as its CSV header. Aggregates by alias or exprN.
 */
export function columnPaths(query: SoqlQuery, source: DataSource, options: QueryOptions): string[] {
  const plan = planQuery(query, source, options);
  if (plan.aggregate) return plan.aggregate.outputs.map((o) => o.name);
  return plan.items.flatMap((item) =>
    item.kind === 'field' ? [[...item.path.hops.map((h) => h.relationshipName!), item.path.field.name].join('.')] : [],
  );
}

/** Parse a SOSL statement; throws SoqlError (MALFORMED_SEARCH). */
export function parseSosl(text: string): SoslQuery {
  return parseSearchText(text);
}

/** Run a parsed SOSL search; rows per RETURNING object in the order named. */
export function executeSosl(query: SoslQuery, source: DataSource, options: QueryOptions): SearchResult {
  return runSearch(query, source, options);
}
