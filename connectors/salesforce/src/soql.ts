/**
 * SOQL literals built from untrusted values (reference §5.1), and `query`'s `bindings`: `:name`
 * placeholders in the SOQL text replaced by escaped literals. A value can only ever become one
 * literal; it can never close a quote, add a condition or change the query's shape.
 *
 * Binding values: a string is always a string literal (`'O\'Brien'`), even when it looks like a
 * number or a date — the type is the caller's decision, never guessed from the text; a finite
 * number is a plain decimal (no exponent: SOQL has none); true/false/null as such; an array is an
 * IN list `('a','b')` (an empty one is refused: `IN ()` is malformed SOQL); and typed objects:
 * `{date: "2024-01-31"}`, `{datetime: "2024-01-31T10:00:00+02:00"}` (sent as UTC, no millis),
 * `{contains: s}` / `{startsWith: s}` / `{endsWith: s}` (LIKE patterns: `s` escaped, `%` and
 * `_` in it taken literally, the wildcards added around it).
 */
import { FerryError } from '../../../src/errors.js';

// the only escapes a SOQL string literal may hold; other control characters go as \uXXXX
const ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/**
 * The text of a string literal without its quotes. One pass over the value, so the backslash an
 * escape adds is never escaped again (the "backslash first" rule of §5.1 by construction).
 */
export function soqlEscape(value: string): string {
  return value.replace(/[\\'"\n\r\t\b\f\u0000-\u001f\u007f]/g, (ch) => ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A quoted, escaped SOQL string literal: `O'Brien` → `'O\'Brien'`. */
export function soqlString(value: string): string {
  return `'${soqlEscape(value)}'`;
}

/**
 * Text for inside a LIKE pattern's quotes: escaped as a string, then `%` → `\%` and `_` → `\_`
 * so they match themselves. No quotes: the caller adds the wildcards it means, e.g.
 * `Name LIKE '%${soqlLike(x)}%'`.
 */
export function soqlLike(value: string): string {
  return soqlEscape(value).replace(/[%_]/g, (ch) => `\\${ch}`);
}

/** A number as SOQL writes it: plain decimal, never `1e+21`; NaN and Infinity have no literal. */
export function soqlNumber(value: number): string | undefined {
  if (!Number.isFinite(value)) return undefined;
  if (Object.is(value, -0)) return '0';
  const text = String(value);
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!m) return text;
  const [, sign, int, frac = '', exp] = m;
  const digits = `${int}${frac}`;
  const point = int!.length + Number(exp);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** `YYYY-MM-DD` when the text is a real calendar date. */
function dateLiteral(text: string): string | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text ? text : undefined;
}

/** `YYYY-MM-DDThh:mm:ssZ` in UTC for an ISO datetime with a zone (a zoneless time is ambiguous). */
function dateTimeLiteral(text: string): string | undefined {
  if (!DATETIME.test(text)) return undefined;
  const ms = Date.parse(text.toUpperCase().replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(ms) || dateLiteral(text.slice(0, 10)) === undefined) return undefined;
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

// sticky: matched exactly at a `:`
const PLACEHOLDER = /:([A-Za-z_][A-Za-z0-9_]*)/y;

const TYPED = ['date', 'datetime', 'contains', 'startsWith', 'endsWith'] as const;

/** A coded parameter error about one binding. */
function bad(name: string, message: string): FerryError {
  return new FerryError('FERRY_ERR_CONNECTOR_PARAMS', `salesforce.query: binding '${name}' ${message}`);
}

/** One binding value as a SOQL literal (an IN list for arrays); throws a coded error for what has none. */
export function soqlLiteral(value: unknown, name: string, inList = false): string {
  if (typeof value === 'string') return soqlString(value);
  if (typeof value === 'number') {
    const text = soqlNumber(value);
    if (text === undefined) throw bad(name, `is ${String(value)}, which SOQL cannot express`);
    return text;
  }
  if (typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    if (inList) throw bad(name, 'holds a list inside a list');
    if (value.length === 0) throw bad(name, 'is an empty list: `IN ()` is malformed SOQL, so branch on the empty case before querying');
    return `(${value.map((v) => soqlLiteral(v, name, true)).join(',')})`;
  }
  if (typeof value === 'object') return typedLiteral(value as Record<string, unknown>, name);
  throw bad(name, `is ${typeof value}, which has no SOQL literal`);
}

/** `{date}`, `{datetime}`, `{contains}`, `{startsWith}`, `{endsWith}`. */
function typedLiteral(value: Record<string, unknown>, name: string): string {
  const keys = Object.keys(value);
  const kind = keys.length === 1 ? TYPED.find((k) => k === keys[0]) : undefined;
  if (!kind) throw bad(name, `is an object; give a string, number, boolean, null, list, or one of {${TYPED.join('|')}: …}`);
  const inner = value[kind];
  if (typeof inner !== 'string') throw bad(name, `{${kind}} must hold text`);
  switch (kind) {
    case 'date': {
      const text = dateLiteral(inner);
      if (text === undefined) throw bad(name, `{date: ${JSON.stringify(inner)}} is not a YYYY-MM-DD calendar date`);
      return text;
    }
    case 'datetime': {
      const text = dateTimeLiteral(inner);
      if (text === undefined) throw bad(name, `{datetime: ${JSON.stringify(inner)}} is not an ISO datetime with a zone (2024-01-31T10:00:00Z)`);
      return text;
    }
    case 'contains':
      return `'%${soqlLike(inner)}%'`;
    case 'startsWith':
      return `'${soqlLike(inner)}%'`;
    case 'endsWith':
      return `'%${soqlLike(inner)}'`;
  }
}

/**
 * Replace every `:name` placeholder of `soql` outside string literals with its binding's literal.
 * A placeholder without a binding is a coded error; `unused` gets the bindings no placeholder named.
 * (`:` followed by a digit is left alone: `LAST_N_DAYS:30` and times inside datetimes.)
 */
export function bindSoql(soql: string, bindings: Readonly<Record<string, unknown>>, unused: (names: string[]) => void = () => {}): string {
  const used = new Set<string>();
  let out = '';
  let i = 0;
  while (i < soql.length) {
    const ch = soql[i]!;
    if (ch === "'") {
      // copy the literal as written: a `:x` inside quotes is text, not a placeholder
      let j = i + 1;
      while (j < soql.length && soql[j] !== "'") j += soql[j] === '\\' ? 2 : 1;
      out += soql.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    PLACEHOLDER.lastIndex = i;
    const m = ch === ':' ? PLACEHOLDER.exec(soql) : null;
    if (!m) {
      out += ch;
      i++;
      continue;
    }
    const name = m[1]!;
    if (!Object.hasOwn(bindings, name)) throw new FerryError('FERRY_ERR_CONNECTOR_PARAMS', `salesforce.query: q uses :${name}, which bindings does not define`);
    used.add(name);
    out += soqlLiteral(bindings[name], name);
    i += m[0].length;
  }
  const left = Object.keys(bindings).filter((k) => !used.has(k));
  if (left.length > 0) unused(left);
  return out;
}
