/**
 * SOQL literal functions for queries built by hand (query's `bindings` are the safer way):
 * `soqlString(x)` is a complete, quoted string literal — `WHERE Name = ${soqlString(payload.name)}`;
 * `soqlLike(x)` is the escaped text for inside a LIKE pattern, WITHOUT quotes, so the author adds
 * the wildcards meant — `WHERE Name LIKE '%${soqlLike(payload.q)}%'` (its `\%`/`\_` are legal in
 * LIKE only). Escaping follows the Salesforce connector's rules (connectors/salesforce/src/soql.ts).
 */
import { soqlLike, soqlString } from '../../../connectors/salesforce/src/soql.js';
import type { FunctionDef } from './def.js';
import { str } from './def.js';

/** SOQL function table entries. */
export const SOQL_FUNCTIONS: Readonly<Record<string, FunctionDef>> = {
  soqlString: { minArgs: 1, maxArgs: 1, impl: (a) => soqlString(str('soqlString', a, 0)) },
  soqlLike: { minArgs: 1, maxArgs: 1, impl: (a) => soqlLike(str('soqlLike', a, 0)) },
};
