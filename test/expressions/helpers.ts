/** Small helpers so each spec table reads as "expression → result". */
import { expect } from 'vitest';
import { FerryError } from '../../src/errors.js';
import { compileValue, ExpressionSyntaxError } from '../../src/expressions/index.js';
import type { CompileOptions, ExpressionScope } from '../../src/expressions/index.js';
import { makeScope } from './fixture.js';

/** Compile and evaluate one value against the fixture scope (or a given one). */
export function ev(value: unknown, scope: ExpressionScope = makeScope(), opts?: CompileOptions): unknown {
  return compileValue(value, opts).evaluate(scope);
}

/** The FerryError an evaluation throws (fails the test when it does not throw one). */
export function evalError(value: unknown, scope: ExpressionScope = makeScope(), opts?: CompileOptions): FerryError {
  try {
    ev(value, scope, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(FerryError);
    return e as FerryError;
  }
  throw new Error(`expected ${String(value)} to fail at evaluation`);
}

/** The ExpressionSyntaxError compiling throws (fails the test when it does not throw one). */
export function syntaxError(value: unknown, opts?: CompileOptions): ExpressionSyntaxError {
  try {
    compileValue(value, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(ExpressionSyntaxError);
    return e as ExpressionSyntaxError;
  }
  throw new Error(`expected ${String(value)} to fail at compile time`);
}
