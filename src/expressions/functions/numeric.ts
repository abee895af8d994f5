/** Numeric functions. MI accepts numbers only (a numeric string is not a number: use integer()/float()). */
import { fail } from '../errors.js';
import { decRound } from '../decimal.js';
import { describeValue } from '../values.js';
import type { FunctionDef } from './def.js';
import { finite, num } from './def.js';

function unary(fn: string, op: (x: number) => number): FunctionDef {
  return { minArgs: 1, maxArgs: 1, impl: (a) => finite(fn, op(num(fn, a, 0)), a[0]) };
}

/** Numeric function table entries. */
export const NUMERIC_FUNCTIONS: Readonly<Record<string, FunctionDef>> = {
  abs: unary('abs', Math.abs),
  floor: unary('floor', Math.floor),
  ceil: unary('ceil', Math.ceil),
  sqrt: unary('sqrt', Math.sqrt),
  log: unary('log', Math.log),
  pow: {
    minArgs: 2,
    maxArgs: 2,
    impl: (a) => {
      const r = Math.pow(num('pow', a, 0), num('pow', a, 1));
      if (!Number.isFinite(r)) fail(`pow() of ${describeValue(a[0])} and ${describeValue(a[1])} is not a finite number`);
      return r;
    },
  },
  round: {
    minArgs: 1,
    maxArgs: 2,
    impl: (a) => {
      const x = num('round', a, 0);
      if (a.length === 1) return Math.round(x); // Java Math.round: halves up (towards +∞)
      const places = a[1];
      if (typeof places !== 'number' || !Number.isInteger(places) || places < 0) {
        fail(`round() expects a whole number of decimal places (0 or more) as argument 2, got ${describeValue(places)}`);
      }
      return decRound(x, places); // BigDecimal HALF_UP, as MI's ExpressionUtils.round
    },
  },
};
