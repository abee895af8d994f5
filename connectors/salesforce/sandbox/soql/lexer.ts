/**
 * The SOQL lexer. Tokens are produced on demand so that, as in Salesforce, a parse error earlier in
 * the text wins over a lexical error later in it (`Name = 'O'Brien'` is `unexpected token: 'Brien'`,
 * not an unterminated string).
 */
import type { LikePattern } from './ast.js';
import { malformed, positioned } from './errors.js';
import { dateLiteralValue, dateTimeLiteralValue } from './dates.js';
import { WildcardBuilder } from './wildcard.js';

export type Token =
  | { readonly kind: 'ident'; readonly text: string; readonly upper: string; readonly pos: number; readonly end: number }
  | { readonly kind: 'string'; readonly text: string; readonly value: string; readonly like: LikePattern; readonly pos: number; readonly end: number }
  | { readonly kind: 'number'; readonly text: string; readonly value: number; readonly pos: number; readonly end: number }
  | { readonly kind: 'date'; readonly text: string; readonly value: string; readonly pos: number; readonly end: number }
  | { readonly kind: 'datetime'; readonly text: string; readonly value: number; readonly pos: number; readonly end: number }
  | { readonly kind: 'punct'; readonly text: string; readonly pos: number; readonly end: number }
  | { readonly kind: 'eof'; readonly text: '<EOF>'; readonly pos: number; readonly end: number };

/**
 * `<>` is accepted as `!=`: Salesforce's docs do not list it, but its parser has always taken it
 * (Summer '24 release notes show a query with `<>` failing only later, on a mixed AND/OR).
 */
const PUNCTUATION = ['!=', '<>', '<=', '>=', '=', '<', '>', '(', ')', ',', ':'] as const;

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n', N: '\n', r: '\r', R: '\r', t: '\t', T: '\t', b: '\b', B: '\b', f: '\f', F: '\f', '"': '"', "'": "'", '\\': '\\',
};

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;
const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}(?![\d])/;
const DATETIME_SHAPE = /^\d{4}-\d{2}-\d{2}[Tt][0-9:.]*(?:[Zz]|[+-][0-9:]*)?/;
const NUMBER_SHAPE = /^[+-]?\d+(?:\.\d+)?/;

/** Pulls tokens from `text` starting at `start`; throws SoqlError when it reaches a lexical error. */
export class Lexer {
  readonly text: string;
  #at: number;

  constructor(text: string, start = 0) {
    this.text = text;
    this.#at = start;
  }

  /** Offset just past the last token read. */
  get offset(): number {
    return this.#at;
  }

  /** The next token (an `eof` token at the end, again and again). */
  next(): Token {
    const text = this.text;
    while (this.#at < text.length && /\s/.test(text[this.#at]!)) this.#at++;
    const pos = this.#at;
    if (pos >= text.length) return { kind: 'eof', text: '<EOF>', pos, end: pos };
    const ch = text[pos]!;
    if (ch === "'") return this.#string(pos);
    if (/\d/.test(ch)) {
      const datetime = DATETIME_SHAPE.exec(text.slice(pos));
      if (datetime) return this.#datetime(pos, datetime[0]);
      const date = DATE_SHAPE.exec(text.slice(pos));
      if (date) return this.#date(pos, date[0]);
    }
    if (/\d/.test(ch) || ((ch === '-' || ch === '+') && /\d/.test(text[pos + 1] ?? ''))) {
      const m = NUMBER_SHAPE.exec(text.slice(pos))!;
      this.#at = pos + m[0].length;
      return { kind: 'number', text: m[0], value: Number(m[0]), pos, end: this.#at };
    }
    if (IDENT_START.test(ch)) return this.#identifier(pos);
    for (const p of PUNCTUATION) {
      if (text.startsWith(p, pos)) {
        this.#at = pos + p.length;
        return { kind: 'punct', text: p, pos, end: this.#at };
      }
    }
    throw this.#lexical(pos, `unexpected token: '${String.fromCodePoint(text.codePointAt(pos)!)}'`);
  }

  #identifier(pos: number): Token {
    const text = this.text;
    let i = pos + 1;
    for (;;) {
      while (i < text.length && IDENT_PART.test(text[i]!)) i++;
      // a dot joins path segments only when a name follows at once
      if (text[i] === '.' && IDENT_START.test(text[i + 1] ?? '')) {
        i += 2;
        continue;
      }
      break;
    }
    this.#at = i;
    const word = text.slice(pos, i);
    return { kind: 'ident', text: word, upper: word.toUpperCase(), pos, end: i };
  }

  #date(pos: number, raw: string): Token {
    this.#at = pos + raw.length;
    const value = dateLiteralValue(raw);
    if (value === undefined) throw malformed(this.text, pos, `Invalid date: ${raw}`);
    return { kind: 'date', text: raw, value, pos, end: this.#at };
  }

  #datetime(pos: number, raw: string): Token {
    this.#at = pos + raw.length;
    const value = dateTimeLiteralValue(raw);
    if (value === undefined) throw malformed(this.text, pos, `Invalid datetime: ${raw}`);
    return { kind: 'datetime', text: raw, value, pos, end: this.#at };
  }

  #string(pos: number): Token {
    const text = this.text;
    let value = '';
    const pattern = new WildcardBuilder();
    let escapeAt: LikePattern['escapeAt'];
    let i = pos + 1;
    while (i < text.length && text[i] !== "'") {
      const ch = text[i]!;
      if (ch !== '\\') {
        value += ch;
        if (ch === '%') pattern.anyRun();
        else if (ch === '_') pattern.anyOne();
        else pattern.literal(ch);
        i++;
        continue;
      }
      const next = text[i + 1];
      const simple = next === undefined ? undefined : SIMPLE_ESCAPES[next];
      if (simple !== undefined) {
        value += simple;
        pattern.literal(simple);
        i += 2;
      } else if (next === '%' || next === '_') {
        escapeAt ??= { offset: i, sequence: `\\${next}` };
        value += next;
        pattern.literal(next);
        i += 2;
      } else if (next === 'u' && /^[0-9A-Fa-f]{4}$/.test(text.slice(i + 2, i + 6))) {
        const decoded = String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
        value += decoded;
        pattern.literal(decoded);
        i += 6;
      } else {
        const sequence = next === undefined ? '\\' : `\\${String.fromCodePoint(text.codePointAt(i + 1)!)}`;
        throw this.#lexical(pos, `Invalid string literal ${rawLiteral(text, pos)}. Illegal character sequence '${sequence}' in string literal.`, false);
      }
    }
    if (i >= text.length) {
      // ANTLR reports a missing closing quote where it ran out of input
      throw this.#lexical(text.length, "mismatched character '<EOF>' expecting '''");
    }
    this.#at = i + 1;
    return { kind: 'string', text: text.slice(pos, i + 1), value, like: { pattern: pattern.build(), escapeAt }, pos, end: this.#at };
  }

  /** A lexer error: 0-based column as Salesforce reports them, and ANTLR's `line R:C` prefix. */
  #lexical(offset: number, reason: string, withLinePrefix = true) {
    let row = 1;
    let lineStart = 0;
    for (let i = 0; i < offset; i++) {
      if (this.text[i] === '\n') {
        row++;
        lineStart = i + 1;
      }
    }
    const full = withLinePrefix ? `line ${row}:${offset - lineStart} ${reason}` : reason;
    return positioned('MALFORMED_QUERY', this.text, { offset, zeroBasedColumn: true }, full);
  }
}

/** The literal from its opening quote to its closing quote (or the end), for messages. */
function rawLiteral(text: string, pos: number): string {
  let i = pos + 1;
  while (i < text.length && text[i] !== "'") i += text[i] === '\\' ? 2 : 1;
  return text.slice(pos, Math.min(text.length, i + 1));
}
