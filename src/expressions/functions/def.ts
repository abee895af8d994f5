/** The shape of one entry in the function table, and argument checks shared by the function files. */
import { fail } from '../errors.js';
import { describeValue } from '../values.js';

export interface FunctionDef {
  readonly minArgs: number;
  readonly maxArgs: number;
  /** null/missing arguments reach the implementation (type checks); otherwise they fail the call, as in MI */
  readonly acceptsNull?: boolean;
  /** arguments are already evaluated; throw via fail() on bad input */
  readonly impl: (args: readonly unknown[]) => unknown;
  /** checks (and warms caches for) a string-literal argument at load; returns an error message */
  readonly checkLiteral?: (index: number, value: string) => string | undefined;
}

/** The argument as a string, or a failure naming the function and the value. */
export function str(fn: string, args: readonly unknown[], i: number): string {
  const v = args[i];
  if (typeof v !== 'string') fail(`${fn}() expects a string as argument ${i + 1}, got ${describeValue(v)}`);
  return v;
}

/** The argument as a finite number, or a failure naming the function and the value. */
export function num(fn: string, args: readonly unknown[], i: number): number {
  const v = args[i];
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${fn}() expects a number as argument ${i + 1}, got ${describeValue(v)}`);
  return v;
}

/** The argument as an integer (MI's isInteger checks), or a failure. */
export function int(fn: string, args: readonly unknown[], i: number): number {
  const v = args[i];
  if (typeof v !== 'number' || !Number.isInteger(v)) fail(`${fn}() expects an integer as argument ${i + 1}, got ${describeValue(v)}`);
  return v;
}

/** A finite numeric result, or a failure (JSON has no NaN/Infinity). */
export function finite(fn: string, v: number, input: unknown): number {
  if (!Number.isFinite(v)) fail(`${fn}() of ${describeValue(input)} is not a finite number`);
  return v;
}
