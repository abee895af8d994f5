/**
 * JSON records as Bulk CSV: nested objects flattened to relationship columns
 * (`{Account: {External_Id__c: "A1"}}` → `Account.External_Id__c`, Salesforce's header for a
 * lookup by external id), REST's `attributes` left out, `null` written as `#N/A` (Bulk's "set
 * to null"), a field a record lacks left empty (Bulk's "leave as it is"), the columns the union
 * of every record's fields in the order first seen. Rows are written by csv-stringify in the
 * job's delimiter and line ending.
 */
import { stringify } from 'csv-stringify/sync';
import { BULK_INPUT, bulkFault, COLUMN_DELIMITERS, type CsvLayout, LINE_ENDINGS } from './shared.js';

/** The cell that sets a field to null. */
export const NULL_CELL = '#N/A';

/** One record's cells by column name. */
export type Cells = Map<string, string>;

/** A record's cells; `where` names it in errors (`record 3`, `line 12`). */
export function flatten(record: unknown, where: string): Cells {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    throw bulkFault(BULK_INPUT, `${where} is not a JSON object`);
  }
  const cells: Cells = new Map();
  const walk = (obj: Record<string, unknown>, prefix: string) => {
    for (const [key, value] of Object.entries(obj)) {
      if (key === 'attributes' && value !== null && typeof value === 'object') continue;
      const name = prefix + key;
      if (value === undefined) continue;
      if (value === null) cells.set(name, NULL_CELL);
      else if (typeof value === 'string') cells.set(name, value);
      else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') cells.set(name, String(value));
      else if (Array.isArray(value)) throw bulkFault(BULK_INPUT, `${where}: field ${name} holds a list; a Bulk CSV cell holds one value (a multi-select picklist is "a;b")`);
      else walk(value as Record<string, unknown>, `${name}.`);
    }
  };
  walk(record as Record<string, unknown>, '');
  return cells;
}

/** The union of columns, in the order first seen. */
export class Columns {
  readonly #names = new Set<string>();

  add(cells: Cells): void {
    for (const name of cells.keys()) this.#names.add(name);
  }

  get list(): string[] {
    return [...this.#names];
  }
}

/** Writes CSV lines in a job's layout. */
export class CsvWriter {
  readonly #options: { delimiter: string; record_delimiter: string; eof: boolean };
  readonly columns: readonly string[];

  constructor(layout: CsvLayout, columns: readonly string[]) {
    this.#options = { delimiter: COLUMN_DELIMITERS[layout.columnDelimiter], record_delimiter: LINE_ENDINGS[layout.lineEnding], eof: true };
    this.columns = columns;
  }

  /** The header line. */
  header(): string {
    return stringify([this.columns as string[]], this.#options);
  }

  /** One record's line, its cells in column order ("" where it has none). */
  row(cells: Cells): string {
    return stringify([this.columns.map((c) => cells.get(c) ?? '')], this.#options);
  }
}

/** Records without a single field between them cannot make a CSV. */
export function noColumns(columns: Columns, records: number): void {
  if (records > 0 && columns.list.length === 0) throw bulkFault(BULK_INPUT, 'the records have no fields');
}

/** Records held in memory (a JSON array payload) as a header and lines. */
export function recordsToCsv(records: readonly unknown[], layout: CsvLayout): { header: string; lines: string[] } {
  const flat = records.map((r, i) => flatten(r, `record ${i + 1}`));
  const columns = new Columns();
  for (const cells of flat) columns.add(cells);
  noColumns(columns, flat.length);
  const writer = new CsvWriter(layout, columns.list);
  return { header: writer.header(), lines: flat.map((cells) => writer.row(cells)) };
}
