/**
 * Tokenizer for the text inside `${ … }`. Offsets are absolute (into the string the author wrote),
 * so every later error can point at the exact character. Words are not classified here: whether
 * `size` is a property name, a filter operator or an unknown root depends on where it stands,
 * which only the parser knows.
 */
import { ExpressionSyntaxError } from './errors.js';

export type TokenKind = 'num' | 'str' | 'ident' | 'regex' | 'punct' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** punctuator text, identifier, decoded string, number text or regex source */
  readonly value: string;
  readonly start: number;
  readonly end: number;
  /** regex flags */
  readonly flags?: string;
}

const PUNCT2 = ['..', '==', '!=', '<=', '>=', '&&', '||', '=~'];
const PUNCT1 = '.[](),:?@*/%+-<>!$';

const IDENT = /[\p{L}_][\p{L}\p{N}_]*/uy;
const NUMBER = /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WS = /\s+/y;

const ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', "'": "'", '\\': '\\', '/': '/' };

function readString(text: string, start: number, end: number): { value: string; next: number } {
  const quote = text[start];
  let out = '';
  let i = start + 1;
  while (i < end) {
    const ch = text[i];
    if (ch === quote) return { value: out, next: i + 1 };
    if (ch === '\\') {
      const esc = text[i + 1];
      if (esc === undefined || i + 1 >= end) break;
      if (esc === 'u') {
        const hex = text.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new ExpressionSyntaxError('invalid unicode escape; expected \\uXXXX', i);
        out += String.fromCharCode(parseInt(hex, 16));
        i += 6;
        continue;
      }
      const mapped = ESCAPES[esc];
      if (mapped === undefined) {
        throw new ExpressionSyntaxError(`invalid escape sequence '\\${esc}' in string; valid escapes are \\" \\' \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX`, i);
      }
      out += mapped;
      i += 2;
      continue;
    }
    out += ch;
    i++;
  }
  throw new ExpressionSyntaxError('unterminated string literal', start);
}

function readRegex(text: string, start: number, end: number): { value: string; flags: string; next: number } {
  let i = start + 1;
  let inClass = false;
  while (i < end) {
    const ch = text[i];
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === ']') inClass = false;
    else if (ch === '/' && !inClass) {
      let j = i + 1;
      while (j < end && /[a-z]/i.test(text[j] ?? '')) j++;
      return { value: text.slice(start + 1, i), flags: text.slice(i + 1, j), next: j };
    }
    i++;
  }
  throw new ExpressionSyntaxError('unterminated regular expression; expected a closing /', start);
}

/** Split `text[start, end)` into tokens, ending with an `eof` token at `end`. */
export function tokenize(text: string, start: number, end: number): Token[] {
  const tokens: Token[] = [];
  let i = start;
  while (i < end) {
    WS.lastIndex = i;
    if (WS.test(text) && WS.lastIndex > i) {
      i = Math.min(WS.lastIndex, end);
      continue;
    }
    const ch = text[i] as string;
    if (ch === '"' || ch === "'") {
      const s = readString(text, i, end);
      tokens.push({ kind: 'str', value: s.value, start: i, end: s.next });
      i = s.next;
      continue;
    }
    if (ch >= '0' && ch <= '9') {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      const lit = (m?.[0] ?? ch).slice(0, end - i);
      tokens.push({ kind: 'num', value: lit, start: i, end: i + lit.length });
      i += lit.length;
      continue;
    }
    IDENT.lastIndex = i;
    const id = IDENT.exec(text);
    if (id && id.index === i) {
      const word = id[0].slice(0, end - i);
      tokens.push({ kind: 'ident', value: word, start: i, end: i + word.length });
      i += word.length;
      continue;
    }
    const prev = tokens[tokens.length - 1];
    if (ch === '/' && prev?.kind === 'punct' && prev.value === '=~') {
      const r = readRegex(text, i, end);
      tokens.push({ kind: 'regex', value: r.value, flags: r.flags, start: i, end: r.next });
      i = r.next;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (i + 2 <= end && PUNCT2.includes(two)) {
      tokens.push({ kind: 'punct', value: two, start: i, end: i + 2 });
      i += 2;
      continue;
    }
    if (PUNCT1.includes(ch)) {
      tokens.push({ kind: 'punct', value: ch, start: i, end: i + 1 });
      i++;
      continue;
    }
    throw new ExpressionSyntaxError(unexpectedCharMessage(ch), i);
  }
  tokens.push({ kind: 'eof', value: '', start: end, end });
  return tokens;
}

function unexpectedCharMessage(ch: string): string {
  if (ch === '=') return "unexpected '='; use '==' to compare";
  if (ch === '&') return "unexpected '&'; use '&&' (or 'and')";
  if (ch === '|') return "unexpected '|'; use '||' (or 'or')";
  if (ch === '{' || ch === '}') return `unexpected '${ch}' inside \${ … }`;
  return `unexpected character '${ch}'`;
}
