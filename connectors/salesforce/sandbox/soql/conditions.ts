/**
 * WHERE / HAVING conditions and their literals. AND and OR may not be mixed at one level without
 * parentheses: Salesforce answers `unexpected token: 'OR'` at the first connector of the other kind.
 */
import type { AggregateCall, AggregateFn, ComparisonOp, Condition, FieldPath, Literal, Operand, SoqlQuery } from './ast.js';
import { dateLiteralKind } from './dates.js';
import { malformed, positioned } from './errors.js';
import type { Token } from './lexer.js';
import type { TokenStream } from './stream.js';

export const AGGREGATE_FUNCTIONS: ReadonlySet<string> = new Set(['COUNT', 'COUNT_DISTINCT', 'MIN', 'MAX', 'SUM', 'AVG']);

const COMPARISONS: Readonly<Record<string, ComparisonOp>> = { '=': '=', '!=': '!=', '<>': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

/** Parses a nested SELECT (semi-join); supplied by the query parser to avoid a module cycle. */
export type SubqueryParser = (stream: TokenStream) => SoqlQuery;

export interface ConditionContext {
  readonly stream: TokenStream;
  /** HAVING: the left side may be an aggregate */
  readonly aggregates: boolean;
  readonly subquery: SubqueryParser;
}

/** condition := unary (AND unary)* | unary (OR unary)* */
export function parseCondition(ctx: ConditionContext): Condition {
  const s = ctx.stream;
  const first = parseUnary(ctx);
  const connector = s.isKeyword('AND') ? 'AND' : s.isKeyword('OR') ? 'OR' : undefined;
  if (!connector) return first;
  const operands = [first];
  for (;;) {
    if (s.isKeyword(connector)) {
      s.next();
      operands.push(parseUnary(ctx));
    } else if (s.isKeyword(connector === 'AND' ? 'OR' : 'AND')) {
      throw s.unexpected();
    } else {
      break;
    }
  }
  return { kind: connector === 'AND' ? 'and' : 'or', operands, pos: first.pos };
}

function parseUnary(ctx: ConditionContext): Condition {
  const s = ctx.stream;
  if (s.isKeyword('NOT')) {
    const not = s.next();
    return s.nested(not, () => ({ kind: 'not', operand: parseUnary(ctx), pos: not.pos }));
  }
  if (s.isPunct('(')) {
    const open = s.next();
    const inner = s.nested(open, () => parseCondition(ctx));
    s.expectPunct(')');
    return inner;
  }
  return parseSimple(ctx);
}

function parseSimple(ctx: ConditionContext): Condition {
  const s = ctx.stream;
  const left = parseOperand(s, ctx.aggregates);
  const opToken = s.peek();
  const pos = left.pos;
  if (opToken.kind === 'punct' && COMPARISONS[opToken.text]) {
    s.next();
    const value = parseLiteral(s, false);
    return { kind: 'compare', left, op: COMPARISONS[opToken.text]!, value, opPos: opToken.pos, pos };
  }
  if (s.isKeyword('LIKE')) {
    s.next();
    const value = parseLiteral(s, true);
    // LIKE null is not a pattern: the new parser names the token
    if (value.kind === 'null') throw malformed(s.text, value.pos, `unexpected token: '${value.raw}'`);
    return { kind: 'compare', left, op: 'LIKE', value, opPos: opToken.pos, pos };
  }
  if (s.isKeyword('INCLUDES') || s.isKeyword('EXCLUDES')) {
    const op = s.next();
    const values = parseList(s, left, op.text);
    return { kind: 'includes', left, excludes: op.text.toUpperCase() === 'EXCLUDES', values, opPos: op.pos, pos };
  }
  let negated = false;
  if (s.isKeyword('NOT') && s.isKeyword('IN', 1)) {
    s.next();
    negated = true;
  }
  if (s.isKeyword('IN')) {
    s.next();
    if (s.isPunct('(') && s.isKeyword('SELECT', 1)) {
      const open = s.next();
      const query = s.nested(open, () => ctx.subquery(s));
      s.expectPunct(')');
      return { kind: 'semijoin', left, negated, query, opPos: opToken.pos, pos };
    }
    const values = parseList(s, left, negated ? 'NOT IN' : 'IN');
    return { kind: 'in', left, negated, values, opPos: opToken.pos, pos };
  }
  throw s.unexpected();
}

function parseList(s: TokenStream, left: Operand, operator: string): Literal[] {
  s.expectPunct('(');
  if (s.isPunct(')')) {
    // Summer '24 parser: `unexpected token: 'ParentId IN ()'`
    throw malformed(s.text, left.pos, `unexpected token: '${left.text} ${operator} ()'`);
  }
  const values = [parseLiteral(s, false)];
  while (s.isPunct(',')) {
    s.next();
    values.push(parseLiteral(s, false));
  }
  s.expectPunct(')');
  return values;
}

/** A field path, or (where aggregates are allowed) `FN(path)`. */
export function parseOperand(s: TokenStream, aggregates: boolean): Operand {
  const t = s.peek();
  if (t.kind !== 'ident') throw s.unexpected();
  if (aggregates && AGGREGATE_FUNCTIONS.has(t.upper) && s.isPunct('(', 1)) return parseAggregateCall(s);
  s.next();
  return pathOf(t);
}

/** `FN(path)` with the stream at FN. */
export function parseAggregateCall(s: TokenStream): AggregateCall {
  const fn = s.next();
  if (fn.kind !== 'ident') throw s.unexpected(fn);
  s.expectPunct('(');
  const argToken = s.peek();
  if (argToken.kind !== 'ident') throw s.unexpected();
  s.next();
  const close = s.expectPunct(')');
  return { kind: 'aggregate', fn: fn.upper as AggregateFn, arg: pathOf(argToken), pos: fn.pos, text: s.text.slice(fn.pos, close.end) };
}

/** A FieldPath from an identifier token. */
export function pathOf(t: Token): FieldPath {
  return { kind: 'path', text: t.text, parts: t.text.split('.'), pos: t.pos };
}

/** A literal; `like` allows the `\%` and `\_` escapes, which are errors anywhere else. */
export function parseLiteral(s: TokenStream, like: boolean): Literal {
  const t = s.next();
  switch (t.kind) {
    case 'string':
      if (!like && t.like.escapeAt) {
        throw positioned('MALFORMED_QUERY', s.text, { offset: t.pos, zeroBasedColumn: true }, `Invalid string literal ${t.text}. Illegal character sequence '${t.like.escapeAt.sequence}' in string literal.`);
      }
      return { kind: 'string', value: t.value, pos: t.pos, raw: t.text, like: t.like };
    case 'number':
      return { kind: 'number', value: t.value, pos: t.pos, raw: t.text };
    case 'date':
      return { kind: 'date', value: t.value, pos: t.pos, raw: t.text };
    case 'datetime':
      return { kind: 'datetime', value: t.value, pos: t.pos, raw: t.text };
    case 'ident':
      return identLiteral(s, t);
    default:
      throw s.unexpected(t);
  }
}

function identLiteral(s: TokenStream, t: Token & { kind: 'ident' }): Literal {
  if (t.upper === 'TRUE' || t.upper === 'FALSE') return { kind: 'boolean', value: t.upper === 'TRUE', pos: t.pos, raw: t.text };
  if (t.upper === 'NULL') return { kind: 'null', pos: t.pos, raw: t.text };
  const kind = dateLiteralKind(t.upper);
  if (kind === 'fixed') return { kind: 'dateLiteral', name: t.upper, n: undefined, pos: t.pos, raw: t.text };
  if (kind === 'withN') {
    // LAST_N_DAYS:30 is one unit: no blanks around the colon
    const colon = s.peek();
    const num = s.peek(1);
    if (colon.kind === 'punct' && colon.text === ':' && colon.pos === t.end && num.kind === 'number' && num.pos === colon.end && /^\d+$/.test(num.text)) {
      s.next();
      s.next();
      return { kind: 'dateLiteral', name: t.upper, n: num.value, pos: t.pos, raw: s.text.slice(t.pos, num.end) };
    }
  }
  throw s.unexpected(t);
}
