/**
 * The SOQL parser: text to SoqlQuery, clause by clause in Salesforce's strict order (SELECT, FROM,
 * WHERE, GROUP BY, HAVING, ORDER BY, LIMIT, OFFSET, FOR). Needs no metadata; names stay as written.
 */
import type { Alias, OrderItem, SelectItem, SoqlQuery } from './ast.js';
import { AGGREGATE_FUNCTIONS, parseAggregateCall, parseCondition, parseOperand, pathOf } from './conditions.js';
import type { ConditionContext } from './conditions.js';
import { malformed, unpositioned } from './errors.js';
import { TokenStream } from './stream.js';

/** Words that end a FROM clause, so they cannot be its alias. */
const CLAUSE_WORDS = new Set(['WHERE', 'WITH', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'OFFSET', 'FOR', 'USING', 'UPDATE']);

/** The largest OFFSET Salesforce allows. */
export const MAX_OFFSET = 2000;

/** FIELDS(ALL) and FIELDS(CUSTOM) need a LIMIT of at most this. */
export const MAX_FIELDS_LIMIT = 200;

type Nesting = 'top' | 'child' | 'semijoin';

/** Parse a whole SOQL statement. */
export function parseQueryText(text: string): SoqlQuery {
  const stream = new TokenStream(text);
  const query = parseSelect(stream, 'top');
  const rest = stream.peek();
  if (rest.kind !== 'eof') throw stream.unexpected(rest);
  return query;
}

/** Parse one SELECT … (the stream at SELECT); `nesting` says where it sits. */
export function parseSelect(s: TokenStream, nesting: Nesting): SoqlQuery {
  s.expectKeyword('SELECT');
  const select = parseSelectList(s, nesting);
  s.expectKeyword('FROM');
  const objectToken = s.peek();
  if (objectToken.kind !== 'ident') throw s.unexpected();
  s.next();
  let alias: Alias | undefined;
  const maybeAlias = s.peek();
  if (maybeAlias.kind === 'ident' && !CLAUSE_WORDS.has(maybeAlias.upper)) {
    s.next();
    alias = { name: maybeAlias.text, pos: maybeAlias.pos };
  }
  const ctx = (aggregates: boolean): ConditionContext => ({ stream: s, aggregates, subquery: (inner) => parseSelect(inner, 'semijoin') });
  const where = s.isKeyword('WHERE') ? (s.next(), parseCondition(ctx(false))) : undefined;
  const groupBy = [];
  if (s.isKeyword('GROUP')) {
    s.next();
    s.expectKeyword('BY');
    do {
      if (groupBy.length) s.next();
      const t = s.peek();
      if (t.kind !== 'ident' || s.isPunct('(', 1)) throw s.unexpected();
      groupBy.push(pathOf(s.next()));
    } while (s.isPunct(','));
  }
  const havingPos = s.isKeyword('HAVING') ? s.next().pos : undefined;
  const having = havingPos === undefined ? undefined : parseCondition(ctx(true));
  const orderBy = s.isKeyword('ORDER') ? parseOrderBy(s) : [];
  let limit: number | undefined;
  let limitPos: number | undefined;
  if (s.isKeyword('LIMIT')) {
    s.next();
    limitPos = s.peek().pos;
    limit = parseCount(s);
  }
  let offset: number | undefined;
  if (s.isKeyword('OFFSET')) {
    s.next();
    const at = s.peek().pos;
    offset = parseCount(s);
    if (offset > MAX_OFFSET) throw unpositioned('NUMBER_OUTSIDE_VALID_RANGE', s.text, { offset: at }, `Maximum SOQL offset allowed is ${MAX_OFFSET}`);
  }
  let forClause: SoqlQuery['forClause'];
  if (nesting === 'top' && s.isKeyword('FOR')) {
    s.next();
    const t = s.peek();
    if (t.kind !== 'ident' || !['VIEW', 'REFERENCE', 'UPDATE'].includes(t.upper)) throw s.unexpected();
    forClause = s.next().text.toUpperCase() as SoqlQuery['forClause'];
  }
  return finish({
    kind: 'soql',
    text: s.text,
    select,
    object: objectToken.text,
    objectPos: objectToken.pos,
    alias,
    where,
    groupBy,
    having,
    havingPos,
    orderBy,
    limit,
    limitPos,
    offset,
    forClause,
  });
}

function parseSelectList(s: TokenStream, nesting: Nesting): SelectItem[] {
  const items: SelectItem[] = [];
  for (;;) {
    items.push(parseSelectItem(s, nesting));
    if (!s.isPunct(',')) return items;
    s.next();
  }
}

function parseSelectItem(s: TokenStream, nesting: Nesting): SelectItem {
  const t = s.peek();
  if (t.kind === 'punct' && t.text === '(' && nesting === 'top') {
    s.next();
    const query = parseSelect(s, 'child');
    s.expectPunct(')');
    return { kind: 'subquery', query, pos: t.pos };
  }
  if (t.kind !== 'ident') throw s.unexpected();
  if (s.isPunct('(', 1)) {
    if (t.upper === 'COUNT' && s.isPunct(')', 2)) {
      s.next();
      s.next();
      s.next();
      return { kind: 'count', pos: t.pos };
    }
    if (AGGREGATE_FUNCTIONS.has(t.upper)) {
      const call = parseAggregateCall(s);
      return { kind: 'aggregate', call, alias: parseAlias(s) };
    }
    if (t.upper === 'FIELDS') {
      s.next();
      s.next();
      const scope = s.peek();
      if (scope.kind !== 'ident' || !['ALL', 'STANDARD', 'CUSTOM'].includes(scope.upper)) throw s.unexpected();
      s.next();
      s.expectPunct(')');
      return { kind: 'fields', scope: scope.upper as 'ALL' | 'STANDARD' | 'CUSTOM', pos: t.pos };
    }
    throw s.unexpected(s.peek(1));
  }
  s.next();
  return { kind: 'field', path: pathOf(t), alias: parseAlias(s) };
}

/**
 * An alias after a select item: an identifier followed by `,` or FROM. Anything else is left for
 * the caller to trip over, so `SELECT Id FRM Account` fails on FRM as in Salesforce.
 */
function parseAlias(s: TokenStream): Alias | undefined {
  const t = s.peek();
  if (t.kind !== 'ident' || t.upper === 'FROM' || !(s.isPunct(',', 1) || s.isKeyword('FROM', 1))) return undefined;
  s.next();
  return { name: t.text, pos: t.pos };
}

/** `[ASC | DESC] [NULLS FIRST | LAST]` after an ORDER BY item (SOQL and SOSL alike). */
export function parseOrderDirection(s: TokenStream): { descending: boolean; nullsFirst: boolean | undefined } {
  let descending = false;
  if (s.isKeyword('ASC') || s.isKeyword('DESC')) descending = s.next().text.toUpperCase() === 'DESC';
  let nullsFirst: boolean | undefined;
  if (s.isKeyword('NULLS')) {
    s.next();
    if (!s.isKeyword('FIRST') && !s.isKeyword('LAST')) throw s.unexpected();
    nullsFirst = s.next().text.toUpperCase() === 'FIRST';
  }
  return { descending, nullsFirst };
}

function parseOrderBy(s: TokenStream): OrderItem[] {
  s.next();
  s.expectKeyword('BY');
  const items: OrderItem[] = [];
  for (;;) {
    const target = parseOperand(s, true);
    items.push({ target, ...parseOrderDirection(s) });
    if (!s.isPunct(',')) return items;
    s.next();
  }
}

/** A non-negative integer literal (LIMIT, OFFSET). */
function parseCount(s: TokenStream): number {
  const t = s.peek();
  if (t.kind !== 'number' || !/^\d+$/.test(t.text)) throw s.unexpected();
  s.next();
  return t.value;
}

type Draft = Omit<SoqlQuery, 'hasAggregates' | 'isCount' | 'hasChildSubqueries' | 'selectedFieldPaths'>;

/** Derive the summary fields callers (Bulk, REST) inspect without walking the AST. */
function finish(q: Draft): SoqlQuery {
  for (const item of q.select) {
    if (item.kind === 'fields' && item.scope !== 'STANDARD' && (q.limit === undefined || q.limit > MAX_FIELDS_LIMIT)) {
      throw malformed(q.text, item.pos, `The SOQL FIELDS function must have a LIMIT of at most ${MAX_FIELDS_LIMIT}`);
    }
  }
  const hasAggregates = q.groupBy.length > 0 || q.select.some((i) => i.kind === 'aggregate' || i.kind === 'count');
  const aliasUpper = q.alias?.name.toUpperCase();
  const selectedFieldPaths: string[] = [];
  let expr = 0;
  for (const item of q.select) {
    if (item.kind === 'field') {
      const parts = item.path.parts;
      const stripped = parts.length > 1 && parts[0]!.toUpperCase() === aliasUpper ? parts.slice(1).join('.') : item.path.text;
      selectedFieldPaths.push(stripped);
    } else if (item.kind === 'aggregate') {
      selectedFieldPaths.push(item.alias?.name ?? `expr${expr}`);
      if (!item.alias) expr++;
    } else if (item.kind === 'fields') {
      selectedFieldPaths.push(`FIELDS(${item.scope})`);
    }
  }
  return {
    ...q,
    hasAggregates,
    isCount: q.select.some((i) => i.kind === 'count'),
    hasChildSubqueries: q.select.some((i) => i.kind === 'subquery'),
    selectedFieldPaths,
  };
}
