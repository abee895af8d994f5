import { expect } from 'vitest';
import { SoqlError, executeSoql, parseSoql } from '../../../../../connectors/salesforce/sandbox/soql/index.js';
import type { QueryOptions, QueryResult, QueryRow } from '../../../../../connectors/salesforce/sandbox/soql/index.js';
import { OPTIONS, SOURCE } from './fixture.js';

/** Parse and run against the fixture org. */
export function run(soql: string, options: QueryOptions = OPTIONS): QueryResult {
  return executeSoql(parseSoql(soql), SOURCE, options);
}

/** A row's cell value by name (field or aggregate cells). */
export function cell(row: QueryRow, name: string): unknown {
  const c = row.cells.find((x) => x.name === name);
  if (!c) throw new Error(`no cell ${name} in ${row.cells.map((x) => x.name).join(',')}`);
  if (c.kind === 'field' || c.kind === 'aggregate') return c.value;
  if (c.kind === 'parent') return c.row;
  return c.result;
}

/** The values of one column over all rows. */
export function column(result: QueryResult, name: string): unknown[] {
  return result.rows.map((r) => cell(r, name));
}

/** The SoqlError a function throws (fails the test when it throws nothing or something else). */
export function errorOf(fn: () => unknown): SoqlError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SoqlError);
    return e as SoqlError;
  }
  throw new Error('expected a SoqlError, nothing was thrown');
}
