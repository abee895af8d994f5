/**
 * Evaluating bound conditions. Two-valued, with SOQL's null rules: `= null` / `!= null` test for
 * null, `!=` and NOT IN are true for a null value, every other comparison with a null is false.
 * Text compares case-insensitively; ids by their 18-character form.
 */
import type { FieldValue } from '../model.js';
import { toId18 } from '../ids.js';
import type { ComparisonOp } from './ast.js';
import { dateToMs } from './dates.js';
import type { BoundCondition, Left, Plan } from './plan.js';
import { picklistSet } from './typecheck.js';
import type { Category, Operand } from './typecheck.js';
import { matchesWildcard } from './wildcard.js';

/** Reads the value of a condition's left side for the row being tested. */
export type Getter = (left: Left) => FieldValue;

/** The ids a semi-join subquery selects. */
export type SemijoinIds = (plan: Plan, selected: Extract<BoundCondition, { kind: 'semijoin' }>['selected']) => ReadonlySet<string>;

/** Whether the row `get` reads satisfies `cond`. */
export function matches(cond: BoundCondition, get: Getter, semijoin: SemijoinIds): boolean {
  switch (cond.kind) {
    case 'and':
      return cond.operands.every((c) => matches(c, get, semijoin));
    case 'or':
      return cond.operands.some((c) => matches(c, get, semijoin));
    case 'not':
      return !matches(cond.operand, get, semijoin);
    case 'compare':
      return compare(get(cond.left), cond.op, cond.operand, cond.category);
    case 'in': {
      const value = get(cond.left);
      const found = cond.operands.some((o) => compare(value, '=', o, cond.category));
      return cond.negated ? !found : found;
    }
    case 'includes': {
      const value = get(cond.left);
      const have = value === null ? new Set<string>() : picklistSet(String(value));
      const found = cond.sets.some((wanted) => wanted.size > 0 && [...wanted].every((v) => have.has(v)));
      return cond.excludes ? !found : found;
    }
    case 'semijoin': {
      const value = get(cond.left);
      const id = value === null ? undefined : toId18(String(value));
      const found = id !== undefined && semijoin(cond.plan, cond.selected).has(id);
      return cond.negated ? !found : found;
    }
  }
}

/** One comparison of a stored value with a bound literal. */
export function compare(value: FieldValue, op: ComparisonOp, operand: Operand, category: Category): boolean {
  if (operand.kind === 'null') return op === '=' ? value === null : op === '!=' ? value !== null : false;
  if (value === null) return op === '!=';
  if (op === '!=') return !compare(value, '=', operand, category);
  switch (operand.kind) {
    case 'text': {
      const text = String(value);
      if (op === 'LIKE') return matchesWildcard(operand.pattern!, text);
      return ordered(op, collate(text, operand.value));
    }
    case 'id': {
      const id = toId18(String(value)) ?? String(value);
      return ordered(op, id < operand.value ? -1 : id > operand.value ? 1 : 0);
    }
    case 'number':
      return ordered(op, Math.sign(Number(value) - operand.value));
    case 'boolean':
      return op === '=' && value === operand.value;
    case 'instant':
      return ordered(op, Math.sign(toMs(value) - operand.value));
    case 'range': {
      const ms = toMs(value);
      switch (op) {
        case '=':
          return ms >= operand.start && ms < operand.end;
        case '<':
          return ms < operand.start;
        case '<=':
          return ms < operand.end;
        case '>':
          return ms >= operand.end;
        case '>=':
          return ms >= operand.start;
        default:
          return false;
      }
    }
    case 'set': {
      const have = picklistSet(String(value));
      return op === '=' && have.size === operand.values.size && [...have].every((v) => operand.values.has(v));
    }
  }
}

function ordered(op: ComparisonOp, c: number): boolean {
  switch (op) {
    case '=':
      return c === 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
    default:
      return false;
  }
}

/** Case-insensitive order of two texts (Salesforce compares upper-cased values in English locales). */
export function collate(a: string, b: string): number {
  const x = a.toUpperCase();
  const y = b.toUpperCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A date ('YYYY-MM-DD') or datetime (epoch ms) value as epoch ms. */
export function toMs(value: FieldValue): number {
  return typeof value === 'number' ? value : dateToMs(String(value));
}
