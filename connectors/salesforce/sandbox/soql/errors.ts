/**
 * SOQL/SOSL errors in Salesforce's shape. Positioned errors carry a message of the form
 * `\n<excerpt of the offending line>\n<spaces>^\nERROR at Row:R:Column:C\n<reason>`, as the REST
 * body's `message` and the SOAP fault's `exceptionMessage` show it.
 */

/** Where an error points: an offset into the query text. */
export interface ErrorAt {
  readonly offset: number;
  /**
   * Salesforce's lexer reports the 0-based character index as the column (recorded: `'Anne\-Marie'`
   * starting at index 64 is reported as Column:64, and the caret lands one character left of
   * the quote), while parser and metadata errors report the 1-based column.
   */
  readonly zeroBasedColumn?: boolean;
}

/** A SOQL/SOSL failure: Salesforce's error code, the position, and the message clients see. */
export class SoqlError extends Error {
  readonly code: string;
  /** 1-based row of the offending token */
  readonly row: number;
  /** column as Salesforce reports it (1-based, except lexer errors: see ErrorAt) */
  readonly column: number;
  /** the reason alone, without the excerpt and position lines */
  readonly reason: string;

  constructor(code: string, reason: string, row: number, column: number, message: string) {
    super(message);
    this.name = 'SoqlError';
    this.code = code;
    this.reason = reason;
    this.row = row;
    this.column = column;
  }
}

/** An error with Salesforce's excerpt / caret / `ERROR at Row:R:Column:C` lines. */
export function positioned(code: string, text: string, at: ErrorAt, reason: string): SoqlError {
  const { row, column, lineStart, lineEnd } = locate(text, at);
  const line = text.slice(lineStart, lineEnd);
  const caret = Math.max(0, Math.min(column - 1, line.length));
  const [from, to] = excerptWindow(line, caret);
  const message = `\n${line.slice(from, to)}\n${' '.repeat(caret - from)}^\nERROR at Row:${row}:Column:${column}\n${reason}`;
  return new SoqlError(code, reason, row, column, message);
}

/** An error whose message is the bare reason (Salesforce gives no position for these), still located for callers. */
export function unpositioned(code: string, text: string, at: ErrorAt, reason: string): SoqlError {
  const { row, column } = locate(text, at);
  return new SoqlError(code, reason, row, column, reason);
}

/** `MALFORMED_QUERY` at a position. */
export function malformed(text: string, at: ErrorAt | number, reason: string): SoqlError {
  return positioned('MALFORMED_QUERY', text, typeof at === 'number' ? { offset: at } : at, reason);
}

/** `unexpected token: 'X'` — the parser's generic complaint. */
export function unexpectedToken(text: string, offset: number, tokenText: string, code = 'MALFORMED_QUERY'): SoqlError {
  return positioned(code, text, { offset }, `unexpected token: '${tokenText}'`);
}

const WSDL_HINT = 'Please reference your WSDL or the describe call for the appropriate names.';

/** INVALID_FIELD for a column that does not exist on an object. */
export function noSuchColumn(text: string, offset: number, column: string, entity: string): SoqlError {
  return positioned(
    'INVALID_FIELD',
    text,
    { offset },
    `No such column '${column}' on entity '${entity}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. ${WSDL_HINT}`,
  );
}

/** INVALID_FIELD for an unknown parent relationship in a field path. */
export function badRelationship(text: string, offset: number, name: string): SoqlError {
  return positioned(
    'INVALID_FIELD',
    text,
    { offset },
    `Didn't understand relationship '${name}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. ${WSDL_HINT}`,
  );
}

/** INVALID_TYPE for an unknown child relationship in a subquery's FROM. */
export function badChildRelationship(text: string, offset: number, name: string): SoqlError {
  return positioned(
    'INVALID_TYPE',
    text,
    { offset },
    `Didn't understand relationship '${name}' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. ${WSDL_HINT}`,
  );
}

/** INVALID_TYPE for an unknown sObject. */
export function unsupportedType(text: string, offset: number, name: string): SoqlError {
  return positioned(
    'INVALID_TYPE',
    text,
    { offset },
    `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. ${WSDL_HINT}`,
  );
}

interface Location {
  readonly row: number;
  readonly column: number;
  readonly lineStart: number;
  readonly lineEnd: number;
}

function locate(text: string, at: ErrorAt): Location {
  const offset = Math.max(0, Math.min(at.offset, text.length));
  let row = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text[i] === '\n') {
      row++;
      lineStart = i + 1;
    }
  }
  let lineEnd = text.indexOf('\n', lineStart);
  if (lineEnd < 0) lineEnd = text.length;
  // a CR before the LF belongs to the line break, not to the excerpt
  if (lineEnd > lineStart && text[lineEnd - 1] === '\r') lineEnd--;
  const index = offset - lineStart;
  return { row, column: at.zeroBasedColumn ? index : index + 1, lineStart, lineEnd };
}

/** How far either side of the caret Salesforce's excerpt reaches before snapping to whole tokens. */
const EXCERPT_REACH = 30;

/**
 * Long lines are cut to about 30 characters either side of the caret, widened so that no token
 * is cut (inferred from recorded messages: the excerpt starts at the token 30 characters back,
 * e.g. a whole string literal, and ends with the token 30 characters ahead).
 */
function excerptWindow(line: string, caret: number): [number, number] {
  const spans = tokenSpans(line);
  let from = Math.max(0, caret - EXCERPT_REACH);
  let to = Math.min(line.length, caret + EXCERPT_REACH);
  for (const [s, e] of spans) {
    if (s < from && from < e) from = s;
    if (s < to && to < e) to = e;
  }
  return [from, to];
}

/** Rough token spans of one line: words (with dots), quoted strings; enough to avoid cutting a token. */
function tokenSpans(line: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let i = 0;
  while (i < line.length) {
    const ch = line[i]!;
    if (ch === "'") {
      let j = i + 1;
      while (j < line.length && line[j] !== "'") j += line[j] === '\\' ? 2 : 1;
      spans.push([i, Math.min(line.length, j + 1)]);
      i = j + 1;
    } else if (/[A-Za-z0-9_.$:+-]/.test(ch)) {
      let j = i + 1;
      while (j < line.length && /[A-Za-z0-9_.$:+-]/.test(line[j]!)) j++;
      spans.push([i, j]);
      i = j;
    } else {
      i++;
    }
  }
  return spans;
}
