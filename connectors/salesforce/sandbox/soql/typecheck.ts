/**
 * Binding a condition's literal to the field it is compared with: operator/type checks with
 * Salesforce's messages, and normalisation into the form the filter compares (ids to 18
 * characters, dates to epoch ms, date literals to ranges, multipicklist values to sets).
 */
import type { FieldDef } from '../model.js';
import { toId18 } from '../ids.js';
import type { ComparisonOp, Literal } from './ast.js';
import { dateLiteralRange, dateToMs } from './dates.js';
import { positioned } from './errors.js';
import type { Wildcard } from './wildcard.js';

/** How a field's values compare. */
export type Category = 'text' | 'id' | 'number' | 'boolean' | 'date' | 'datetime' | 'multi' | 'other';

/** A literal ready for comparison. */
export type Operand =
  | { readonly kind: 'null' }
  | { readonly kind: 'text'; readonly value: string; readonly pattern: Wildcard | undefined }
  | { readonly kind: 'id'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'instant'; readonly value: number }
  | { readonly kind: 'range'; readonly start: number; readonly end: number }
  | { readonly kind: 'set'; readonly values: ReadonlySet<string> };

/** The comparison category of a field type. */
export function categoryOf(field: FieldDef): Category {
  switch (field.type) {
    case 'id':
    case 'reference':
      return 'id';
    case 'multipicklist':
      return 'multi';
    case 'currency':
    case 'double':
    case 'percent':
    case 'int':
    case 'long':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'address':
    case 'base64':
      return 'other';
    default:
      return 'text';
  }
}

/** What the left side is, for checking: a field, or an aggregate's result. */
export interface Target {
  readonly name: string;
  readonly category: Category;
  /** the xsd type name Salesforce puts in type-mismatch messages (double, int, date, dateTime…) */
  readonly typeName: string;
}

/** The Target of a field. */
export function fieldTarget(field: FieldDef): Target {
  const local = field.soapType.split(':')[1] ?? 'string';
  return { name: field.name, category: categoryOf(field), typeName: local === 'ID' ? 'id' : local };
}

const FILTER_OPERATOR = 'INVALID_QUERY_FILTER_OPERATOR';

/**
 * Reject an operator the target's type does not support. Like the literal checks below, the error
 * points at the field (recorded: `WHERE Id = 'ZZZ'` is reported at the column of `Id`).
 */
export function checkOperator(text: string, target: Target, op: ComparisonOp | 'IN' | 'INCLUDES', at: number): void {
  const c = target.category;
  if (op === 'INCLUDES') {
    if (c !== 'multi') throw positioned(FILTER_OPERATOR, text, { offset: at }, 'includes or excludes operator only valid on multipicklist field');
    return;
  }
  const bad =
    (op === 'LIKE' && c !== 'text') ||
    (['<', '<=', '>', '>='].includes(op) && (c === 'boolean' || c === 'multi')) ||
    (op === 'IN' && c === 'multi');
  if (!bad) return;
  const kind = c === 'id' ? 'id' : c === 'multi' ? 'multipicklist' : target.typeName;
  throw positioned(FILTER_OPERATOR, text, { offset: at }, `invalid operator on ${kind} field`);
}

/** Check a literal against the target and turn it into a comparison operand. */
export function bindLiteral(text: string, target: Target, literal: Literal, at: number, now: number, like = false): Operand {
  if (literal.kind === 'null') return { kind: 'null' };
  const c = target.category;
  const mismatch = (): never => {
    const quoted = c === 'text' || c === 'id' || c === 'multi';
    const type = c === 'multi' ? 'string' : target.typeName;
    throw positioned(
      'INVALID_FIELD',
      text,
      { offset: at },
      `value of filter criterion for field '${target.name}' must be of type ${type} and ${quoted ? 'should be enclosed in quotes' : 'should not be enclosed in quotes'}`,
    );
  };
  switch (c) {
    case 'text':
      if (literal.kind !== 'string') return mismatch();
      return { kind: 'text', value: literal.value, pattern: like ? literal.like.pattern : undefined };
    case 'id': {
      if (literal.kind !== 'string') return mismatch();
      const id = toId18(literal.value);
      if (id === undefined) throw positioned(FILTER_OPERATOR, text, { offset: at }, `invalid ID field: ${literal.value}`);
      return { kind: 'id', value: id };
    }
    case 'multi':
      if (literal.kind !== 'string') return mismatch();
      return { kind: 'set', values: picklistSet(literal.value) };
    case 'number':
      return literal.kind === 'number' ? { kind: 'number', value: literal.value } : mismatch();
    case 'boolean':
      return literal.kind === 'boolean' ? { kind: 'boolean', value: literal.value } : mismatch();
    case 'date':
      if (literal.kind === 'date') return { kind: 'instant', value: dateToMs(literal.value) };
      if (literal.kind === 'dateLiteral') return { kind: 'range', ...dateLiteralRange(literal.name, literal.n, now) };
      return mismatch();
    case 'datetime':
      if (literal.kind === 'datetime') return { kind: 'instant', value: literal.value };
      if (literal.kind === 'dateLiteral') return { kind: 'range', ...dateLiteralRange(literal.name, literal.n, now) };
      return mismatch();
    default:
      return mismatch();
  }
}

/** `'a;b'` as the set of its values, case-folded (multipicklist comparisons ignore order and case). */
export function picklistSet(value: string): ReadonlySet<string> {
  return new Set(
    value
      .split(';')
      .map((v) => v.trim().toLowerCase())
      .filter((v) => v !== ''),
  );
}
