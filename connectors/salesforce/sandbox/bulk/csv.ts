/**
 * Bulk API 2.0's CSV dialect: six column delimiters, LF or CRLF line endings, `"` quoting with
 * `""` escapes, UTF-8 with an optional BOM. Parsing and writing go through csv-parse and
 * csv-stringify as streams, so neither an upload nor a result file is ever held whole in memory.
 */
import { parse, type Parser } from 'csv-parse';
import { stringify, type Options as StringifyOptions, type Stringifier } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';

export const COLUMN_DELIMITERS = { BACKQUOTE: '`', CARET: '^', COMMA: ',', PIPE: '|', SEMICOLON: ';', TAB: '\t' } as const;
export type ColumnDelimiter = keyof typeof COLUMN_DELIMITERS;

export const LINE_ENDINGS = { LF: '\n', CRLF: '\r\n' } as const;
export type LineEnding = keyof typeof LINE_ENDINGS;

/** How a job's CSV is laid out (the job's columnDelimiter and lineEnding). */
export interface CsvFormat {
  readonly columnDelimiter: ColumnDelimiter;
  readonly lineEnding: LineEnding;
}

/**
 * A streaming parser for a job's uploaded CSV. The record delimiter is exactly the job's line
 * ending: a CRLF file in an LF job keeps its `\r` in the last column, as Salesforce does.
 */
export function csvParser(format: CsvFormat): Parser {
  return parse({
    delimiter: COLUMN_DELIMITERS[format.columnDelimiter],
    record_delimiter: LINE_ENDINGS[format.lineEnding],
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
  });
}

/** Result rows as Salesforce writes them: every value quoted, empty ones too. */
function resultOptions(format: CsvFormat): StringifyOptions {
  return { delimiter: COLUMN_DELIMITERS[format.columnDelimiter], record_delimiter: LINE_ENDINGS[format.lineEnding], quoted: true, quoted_empty: true };
}

/** A streaming writer of result rows. */
export function csvStringifier(format: CsvFormat): Stringifier {
  return stringify(resultOptions(format));
}

/** One result row as text, line ending included (when its length in bytes matters). */
export function csvRow(format: CsvFormat, cells: readonly string[]): string {
  return stringifySync([cells], resultOptions(format));
}

/**
 * A result file's header line: Salesforce's own columns quoted (`"sf__Id"`), the job's original
 * column names as the client wrote them, quoted only when they must be.
 */
export function headerLine(format: CsvFormat, quoted: readonly string[], original: readonly string[]): string {
  const delimiter = COLUMN_DELIMITERS[format.columnDelimiter];
  const cells = [...quoted.map(quote), ...original.map((name) => (needsQuotes(name, delimiter) ? quote(name) : name))];
  return cells.join(delimiter) + LINE_ENDINGS[format.lineEnding];
}

/** Query results quote every header cell: `"Id","Account.Name"`. */
export function quotedHeaderLine(format: CsvFormat, names: readonly string[]): string {
  return names.map(quote).join(COLUMN_DELIMITERS[format.columnDelimiter]) + LINE_ENDINGS[format.lineEnding];
}

function quote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

function needsQuotes(text: string, delimiter: string): boolean {
  return text.includes(delimiter) || text.includes('"') || text.includes('\n') || text.includes('\r');
}

/**
 * A double as Java's Double.toString writes it, which is how Bulk results show double, currency
 * and percent values: `2676.0`, `0.5`, `9.12260031E8`, `1.0E-4`.
 */
export function javaDouble(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(n);
  if (abs >= 1e-3 && abs < 1e7) {
    const text = String(n);
    return text.includes('.') ? text : `${text}.0`;
  }
  const [mantissa, exponent] = n.toExponential().split('e') as [string, string];
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}
