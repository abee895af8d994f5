/**
 * now() and formatDateTime(). MI's signatures (PredefinedFunctionNode): formatDateTime(epochMillis,
 * toPattern) and formatDateTime(text, fromPattern, toPattern). Ferry also takes an ISO-8601 string
 * in the two-argument form. MI formats epoch millis in the JVM's default zone; Ferry uses UTC so a
 * flow prints the same on every host. A value that carries an offset (ISO text with `+02:00`, or a
 * fromPattern with Z/X/x) is written in that offset; a value without one is written as is, and
 * offset letters print it as UTC.
 */
import { fail } from '../errors.js';
import { describeValue } from '../values.js';
import type { FunctionDef } from './def.js';
import { str } from './def.js';
import type { DatePattern, DateValue } from './date-pattern.js';
import { compileDatePattern, formatDate, fromEpochMillis, parseDate, parseIso } from './date-pattern.js';

const CACHE_LIMIT = 256;
const patterns = new Map<string, DatePattern>();

/** A compiled pattern from the cache (literal patterns are compiled at load by checkLiteral). */
function pattern(source: string): DatePattern {
  let p = patterns.get(source);
  if (!p) {
    try {
      p = compileDatePattern(source);
    } catch (e) {
      return fail(`formatDateTime(): ${(e as Error).message}`);
    }
    if (patterns.size >= CACHE_LIMIT) patterns.clear();
    patterns.set(source, p);
  }
  return p;
}

const MAX_EPOCH_MS = 8.64e15;

function valueOf(v: unknown, fromPattern: string | undefined): DateValue {
  if (fromPattern !== undefined) {
    if (typeof v !== 'string') return fail(`formatDateTime() with a source pattern expects a string value, got ${describeValue(v)}`);
    try {
      return parseDate(pattern(fromPattern), v);
    } catch (e) {
      return fail(`formatDateTime() value ${describeValue(v)} ${(e as Error).message}`);
    }
  }
  if (typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= MAX_EPOCH_MS) return fromEpochMillis(v);
  if (typeof v === 'string') {
    const iso = parseIso(v);
    if (iso) return iso;
  }
  return fail(`formatDateTime() expects epoch milliseconds or an ISO-8601 date/time, got ${describeValue(v)} (give a source pattern to read other text)`);
}

/** Date/time table entries. */
export const DATETIME_FUNCTIONS: Readonly<Record<string, FunctionDef>> = {
  now: { minArgs: 0, maxArgs: 0, impl: () => Date.now() },
  formatDateTime: {
    minArgs: 2,
    maxArgs: 3,
    impl: (a) => {
      const toPattern = str('formatDateTime', a, a.length - 1);
      const fromPattern = a.length === 3 ? str('formatDateTime', a, 1) : undefined;
      const value = valueOf(a[0], fromPattern);
      try {
        return formatDate(pattern(toPattern), value);
      } catch (e) {
        return fail(`formatDateTime() cannot write ${describeValue(a[0])} with ${JSON.stringify(toPattern)}: ${(e as Error).message}`);
      }
    },
    checkLiteral: (i, v) => {
      if (i === 0) return undefined;
      try {
        const p = compileDatePattern(v);
        if (!patterns.has(v) && patterns.size < CACHE_LIMIT) patterns.set(v, p);
        return undefined;
      } catch (e) {
        return (e as Error).message;
      }
    },
  },
};
