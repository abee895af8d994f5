/**
 * The one table of expression functions, by their exact MI names. The parser checks names and
 * arities against it at load; the compiler calls `impl` with evaluated arguments. `exists` is not
 * here: it must see its argument unevaluated (see compile.ts).
 */
import type { FunctionDef } from './def.js';
import { STRING_FUNCTIONS } from './string.js';
import { NUMERIC_FUNCTIONS } from './numeric.js';
import { ENCODING_FUNCTIONS } from './encoding.js';
import { CONVERSION_FUNCTIONS } from './conversion.js';
import { DATETIME_FUNCTIONS } from './datetime.js';
import { SOQL_FUNCTIONS } from './soql.js';

export type { FunctionDef } from './def.js';

/** name → definition; a null-prototype map so `constructor(…)` is not a function. */
export const FUNCTIONS: Readonly<Record<string, FunctionDef | undefined>> = Object.assign(
  Object.create(null) as Record<string, FunctionDef>,
  STRING_FUNCTIONS,
  NUMERIC_FUNCTIONS,
  ENCODING_FUNCTIONS,
  CONVERSION_FUNCTIONS,
  DATETIME_FUNCTIONS,
  SOQL_FUNCTIONS,
);
