/**
 * The SOSL parser: `FIND {term} [IN … FIELDS] [RETURNING Obj[(fields [WHERE …] [ORDER BY …]
 * [LIMIT n] [OFFSET n])], …] [LIMIT n]`. The braces' content is scanned by hand (it has its own
 * escapes and operators); the rest goes through the SOQL lexer with MALFORMED_SEARCH errors.
 */
import type { FieldPath, SearchTerm, SoslQuery, SoslReturning, SoslScope } from './ast.js';
import { parseCondition, pathOf } from './conditions.js';
import { positioned, unpositioned } from './errors.js';
import { parseOrderDirection, parseSelect } from './parser.js';
import { MAX_NESTING, TokenStream } from './stream.js';

const CODE = 'MALFORMED_SEARCH';
const NO_TERM = 'No search term found. The search term must be enclosed in braces.';
const SCOPES: Readonly<Record<string, SoslScope>> = { ALL: 'ALL', NAME: 'NAME', EMAIL: 'EMAIL', PHONE: 'PHONE', SIDEBAR: 'SIDEBAR' };

/** Parse a whole SOSL statement. */
export function parseSearchText(text: string): SoslQuery {
  const find = /^\s*FIND\b\s*/i.exec(text);
  if (!find) {
    const at = text.length - text.trimStart().length;
    throw positioned(CODE, text, { offset: at }, `unexpected token: '${text.trim().split(/\s/)[0] || '<EOF>'}'`);
  }
  const open = find[0].length;
  if (text[open] !== '{') throw unpositioned(CODE, text, { offset: open }, NO_TERM);
  let close = open + 1;
  let searchText = '';
  while (close < text.length && text[close] !== '}') {
    if (text[close] === '\\' && close + 1 < text.length) close++;
    searchText += text[close];
    close++;
  }
  if (close >= text.length) throw unpositioned(CODE, text, { offset: open }, NO_TERM);
  const term = parseTerm(text, text.slice(open + 1, close), open + 1);
  const s = new TokenStream(text, close + 1, CODE);
  let scope: SoslScope = 'ALL';
  if (s.isKeyword('IN')) {
    s.next();
    const t = s.peek();
    const named = t.kind === 'ident' ? SCOPES[t.upper] : undefined;
    if (!named) throw s.unexpected();
    s.next();
    s.expectKeyword('FIELDS');
    scope = named;
  }
  const returning: SoslReturning[] = [];
  if (s.isKeyword('RETURNING')) {
    s.next();
    do {
      if (returning.length) s.next();
      returning.push(parseReturning(s));
    } while (s.isPunct(','));
  }
  let limit: number | undefined;
  if (s.isKeyword('LIMIT')) {
    s.next();
    limit = parseInteger(s);
  }
  if (s.peek().kind !== 'eof') throw s.unexpected();
  return { kind: 'sosl', text, searchText, term, scope, returning, limit };
}

function parseReturning(s: TokenStream): SoslReturning {
  const objectToken = s.peek();
  if (objectToken.kind !== 'ident') throw s.unexpected();
  s.next();
  const spec = { object: objectToken.text, pos: objectToken.pos, fields: [] as FieldPath[], where: undefined as SoslReturning['where'], orderBy: [] as SoslReturning['orderBy'], limit: undefined as number | undefined, offset: undefined as number | undefined };
  if (!s.isPunct('(')) return spec;
  s.next();
  for (;;) {
    const t = s.peek();
    if (t.kind !== 'ident') throw s.unexpected();
    spec.fields.push(pathOf(s.next()));
    if (!s.isPunct(',')) break;
    s.next();
  }
  if (s.isKeyword('WHERE')) {
    s.next();
    spec.where = parseCondition({ stream: s, aggregates: false, subquery: (inner) => parseSelect(inner, 'semijoin') });
  }
  if (s.isKeyword('ORDER')) {
    s.next();
    s.expectKeyword('BY');
    const items: Array<SoslReturning['orderBy'][number]> = [];
    for (;;) {
      const t = s.peek();
      if (t.kind !== 'ident') throw s.unexpected();
      const target = pathOf(s.next());
      items.push({ target, ...parseOrderDirection(s) });
      if (!s.isPunct(',')) break;
      s.next();
    }
    spec.orderBy = items;
  }
  if (s.isKeyword('LIMIT')) {
    s.next();
    spec.limit = parseInteger(s);
  }
  if (s.isKeyword('OFFSET')) {
    s.next();
    spec.offset = parseInteger(s);
  }
  s.expectPunct(')');
  return spec;
}

function parseInteger(s: TokenStream): number {
  const t = s.peek();
  if (t.kind !== 'number' || !/^\d+$/.test(t.text)) throw s.unexpected();
  s.next();
  return t.value;
}

type TermToken = { kind: 'word' | 'phrase' | 'op' | 'paren'; text: string };

/** The braces' content as a term expression: words (implicitly ANDed), "phrases", AND, OR, AND NOT, parentheses. */
function parseTerm(text: string, raw: string, offset: number): SearchTerm {
  const tokens: TermToken[] = [];
  let i = 0;
  while (i < raw.length) {
    const ch = raw[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ kind: 'paren', text: ch });
      i++;
    } else if (ch === '"') {
      let j = i + 1;
      let phrase = '';
      while (j < raw.length && raw[j] !== '"') phrase += raw[j] === '\\' ? raw[++j] ?? '' : raw[j], j++;
      tokens.push({ kind: 'phrase', text: phrase });
      i = j + 1;
    } else {
      let word = '';
      while (i < raw.length && !/[\s()"]/.test(raw[i]!)) word += raw[i] === '\\' ? raw[++i] ?? '' : raw[i], i++;
      tokens.push(/^(AND|OR|NOT)$/i.test(word) ? { kind: 'op', text: word.toUpperCase() } : { kind: 'word', text: word });
    }
  }
  const significant = tokens.filter((t) => t.kind === 'word' || t.kind === 'phrase').map((t) => t.text.replace(/[*?]/g, '')).join('');
  if (significant.length < 2) throw unpositioned(CODE, text, { offset }, 'search term must be longer than one character');
  let at = 0;
  const fail = (): never => {
    throw positioned(CODE, text, { offset }, `unexpected token: '${tokens[at]?.text ?? '}'}'`);
  };
  let depth = 0;
  const unary = (): SearchTerm => {
    const t = tokens[at];
    if (!t) return fail();
    if (t.kind === 'paren' && t.text === '(') {
      // each level recurses: cap it as SOQL does (see MAX_NESTING)
      if (depth >= MAX_NESTING) throw positioned(CODE, text, { offset }, `Search term nested too deeply: at most ${MAX_NESTING} levels of parentheses are allowed`);
      at++;
      depth++;
      const inner = or();
      depth--;
      if (tokens[at]?.text !== ')') fail();
      at++;
      return inner;
    }
    if (t.kind !== 'word' && t.kind !== 'phrase') return fail();
    at++;
    return { kind: 'word', words: wordsOf(t.text), phrase: t.kind === 'phrase' };
  };
  // AND and OR chains stay flat lists, so a long search term does not make a deep tree
  const and = (): SearchTerm => {
    const operands = [unary()];
    for (;;) {
      const t = tokens[at];
      if (t?.kind === 'op' && t.text === 'AND') {
        at++;
        if (tokens[at]?.kind === 'op' && tokens[at]?.text === 'NOT') {
          at++;
          operands.push({ kind: 'not', operand: unary() });
        } else {
          operands.push(unary());
        }
      } else if (t && (t.kind === 'word' || t.kind === 'phrase' || t.text === '(')) {
        operands.push(unary());
      } else {
        return operands.length === 1 ? operands[0]! : { kind: 'and', operands };
      }
    }
  };
  const or = (): SearchTerm => {
    const operands = [and()];
    while (tokens[at]?.kind === 'op' && tokens[at]?.text === 'OR') {
      at++;
      operands.push(and());
    }
    return operands.length === 1 ? operands[0]! : { kind: 'or', operands };
  };
  const term = or();
  if (at < tokens.length) fail();
  return term;
}

/** A search word split like indexed text (letters and digits), keeping the * and ? wildcards. */
export function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}*?]+/u)
    .filter((w) => w !== '');
}
