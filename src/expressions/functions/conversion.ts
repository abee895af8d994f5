/** Type checks, conversions, not() and now(). */
import { fail } from '../errors.js';
import { describeValue, isPlainObject, renderTemplateValue } from '../values.js';
import type { FunctionDef } from './def.js';

const INTEGER_TEXT = /^[+-]?\d+$/;
const FLOAT_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function parseJson(fn: string, v: string): unknown {
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return fail(`${fn}() could not parse ${describeValue(v)} as JSON`);
  }
}

/**
 * Type checks answer for the value itself. MI also says yes to a string holding JSON
 * (isObject('{"a":1}')), because its variables often hold JSON as text; Ferry keeps real
 * objects, so a string is a string. A missing value is simply not a number/string/…, instead of
 * MI's "Null source value" failure, so the documented guard `isNumber(x) ? x * 2 : 0` works.
 */
function check(test: (v: unknown) => boolean): FunctionDef {
  return { minArgs: 1, maxArgs: 1, acceptsNull: true, impl: (a) => test(a[0]) };
}

/** Type check and conversion table entries. */
export const CONVERSION_FUNCTIONS: Readonly<Record<string, FunctionDef>> = {
  isNumber: check((v) => typeof v === 'number' && Number.isFinite(v)),
  isString: check((v) => typeof v === 'string'),
  isArray: check((v) => Array.isArray(v)),
  isObject: check((v) => isPlainObject(v)),
  integer: {
    minArgs: 1,
    maxArgs: 1,
    impl: (a) => {
      const v = a[0];
      // MI parses asString() with Integer.parseInt, so integer(3.7) fails there; truncating is what users expect
      if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
      if (typeof v === 'string' && INTEGER_TEXT.test(v.trim())) {
        const n = Number(v.trim());
        if (Number.isSafeInteger(n)) return n;
      }
      return fail(`integer() cannot convert ${describeValue(v)} to an integer`);
    },
  },
  float: {
    minArgs: 1,
    maxArgs: 1,
    impl: (a) => {
      const v = a[0];
      if (typeof v === 'number' && Number.isFinite(v)) return v;
      if (typeof v === 'string' && FLOAT_TEXT.test(v.trim())) return Number(v.trim());
      return fail(`float() cannot convert ${describeValue(v)} to a number`);
    },
  },
  string: { minArgs: 1, maxArgs: 1, impl: (a) => renderTemplateValue(a[0]) },
  boolean: {
    minArgs: 1,
    maxArgs: 1,
    // Java Boolean.parseBoolean(asString()): "true" in any case is true, anything else false
    impl: (a) => (typeof a[0] === 'boolean' ? a[0] : renderTemplateValue(a[0]).toLowerCase() === 'true'),
  },
  object: {
    minArgs: 1,
    maxArgs: 1,
    impl: (a) => {
      const v = a[0];
      if (isPlainObject(v)) return v;
      if (typeof v === 'string') {
        const parsed = parseJson('object', v);
        if (isPlainObject(parsed)) return parsed;
      }
      return fail(`object() cannot convert ${describeValue(v)} to a JSON object`);
    },
  },
  array: {
    minArgs: 1,
    maxArgs: 1,
    impl: (a) => {
      const v = a[0];
      if (Array.isArray(v)) return v;
      if (typeof v === 'string') {
        const parsed = parseJson('array', v);
        if (Array.isArray(parsed)) return parsed;
      }
      return fail(`array() cannot convert ${describeValue(v)} to a JSON array`);
    },
  },
  not: {
    minArgs: 1,
    maxArgs: 1,
    impl: (a) => (typeof a[0] === 'boolean' ? !a[0] : fail(`not() expects a boolean, got ${describeValue(a[0])}`)),
  },
};
