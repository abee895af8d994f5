/**
 * Operator semantics. Outside filters they follow MI's BinaryOperationNode: arithmetic and
 * ordering need numbers, && / || need booleans, == compares the values' text (so 1 == "1"), and
 * a null operand fails everything except == and !=. One deliberate extension: `+` concatenates
 * when either side is a string (MI only when both are), writing the other side as a template would.
 * Inside `[?( … )]` filters MI delegates to Jayway JSONPath, so there mismatched types compare false.
 */
import { fail } from './errors.js';
import { decAdd, decMod, decMul, decSub } from './decimal.js';
import { deepEqual, describeValue, isPlainObject, renderTemplateValue } from './values.js';

function isNum(v: unknown): v is number {
  return typeof v === 'number';
}

function nullOperand(op: string, a: unknown): never {
  const side = a === null || a === undefined ? 'left' : 'right';
  return fail(`operator '${op}' got null on the ${side} (a missing value?); guard it with exists() or == null`);
}

/** `+`: numeric addition, or concatenation when either side is a string. */
export function add(a: unknown, b: unknown): unknown {
  if (a === null || a === undefined || b === null || b === undefined) nullOperand('+', a);
  if (isNum(a) && isNum(b)) return decAdd(a, b);
  if (typeof a === 'string' || typeof b === 'string') return renderTemplateValue(a) + renderTemplateValue(b);
  return fail(`operator '+' needs two numbers or a string, got ${describeValue(a)} and ${describeValue(b)}`);
}

/** `- * / %` on numbers; division or modulo by zero fails as in MI. */
export function arithmetic(op: '-' | '*' | '/' | '%', a: unknown, b: unknown): number {
  if (a === null || a === undefined || b === null || b === undefined) nullOperand(op, a);
  if (!isNum(a) || !isNum(b)) return fail(`operator '${op}' needs two numbers, got ${describeValue(a)} and ${describeValue(b)}`);
  switch (op) {
    case '-':
      return decSub(a, b);
    case '*':
      return decMul(a, b);
    case '/':
      if (b === 0) fail(`division by zero: ${describeValue(a)} / 0`);
      return a / b;
    default:
      if (b === 0) fail(`modulo by zero: ${describeValue(a)} % 0`);
      return decMod(a, b);
  }
}

/** `< <= > >=` between numbers (MI rejects anything else). */
export function compare(op: '<' | '<=' | '>' | '>=', a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) nullOperand(op, a);
  if (!isNum(a) || !isNum(b)) return fail(`operator '${op}' needs two numbers, got ${describeValue(a)} and ${describeValue(b)}`);
  return ordered(op, a, b);
}

function ordered(op: '<' | '<=' | '>' | '>=', a: number | string, b: number | string): boolean {
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    default:
      return a >= b;
  }
}

/** `==` as MI: two nulls are equal, null equals nothing else, otherwise the values' text is compared. */
export function equals(a: unknown, b: unknown): boolean {
  const an = a === null || a === undefined;
  const bn = b === null || b === undefined;
  if (an || bn) return an && bn;
  if (isNum(a) && isNum(b)) return a === b;
  return renderTemplateValue(a) === renderTemplateValue(b);
}

/** A value that must be a boolean for `&&`, `||`, `!` and `?:`. */
export function asBoolean(op: string, v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  return fail(`${op} needs a boolean, got ${describeValue(v)}`);
}

// ── inside filters (Jayway JSONPath semantics) ───────────────────────────────────────────────────

/** Jayway `==`: same type and value (a missing value counts as null). */
export function filterEquals(a: unknown, b: unknown): boolean {
  return deepEqual(a ?? null, b ?? null);
}

/** Jayway ordering: numbers with numbers, strings with strings; anything else is false. */
export function filterCompare(op: '<' | '<=' | '>' | '>=', a: unknown, b: unknown): boolean {
  if ((isNum(a) && isNum(b)) || (typeof a === 'string' && typeof b === 'string')) return ordered(op, a, b);
  return false;
}

function contains(list: unknown, v: unknown): boolean {
  return Array.isArray(list) && list.some((x) => deepEqual(x, v));
}

/** The JSONPath filter operators in, nin, subsetof, anyof, noneof, size, empty. */
export function filterOperator(op: string, a: unknown, b: unknown): boolean {
  switch (op) {
    case 'in':
      return contains(b, a);
    case 'nin':
      return Array.isArray(b) && !contains(b, a);
    case 'subsetof':
      return Array.isArray(a) && Array.isArray(b) && a.every((x) => contains(b, x));
    case 'anyof':
      return Array.isArray(a) && Array.isArray(b) && a.some((x) => contains(b, x));
    case 'noneof':
      return Array.isArray(a) && Array.isArray(b) && !a.some((x) => contains(b, x));
    case 'size':
      return (typeof a === 'string' || Array.isArray(a)) && a.length === b;
    case 'empty': {
      const size = typeof a === 'string' || Array.isArray(a) ? a.length : isPlainObject(a) ? Object.keys(a).length : undefined;
      return size !== undefined && (size === 0) === b;
    }
    default:
      return false;
  }
}
