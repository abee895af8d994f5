/** String functions, with MI's rules: string inputs only, out-of-range indices fail instead of clamping. */
import { fail } from '../errors.js';
import { describeValue, isPlainObject } from '../values.js';
import type { FunctionDef } from './def.js';
import { int, str } from './def.js';

// Delimiters written in the config are regexes (as MI's Java split); they are compiled at load.
// A delimiter computed at run time may come from a request, and a hostile regex could stall the
// event loop, so it is split on literally instead.
const configRegexes = new Map<string, RegExp>();
const RUNTIME_CACHE_LIMIT = 64;
const runtimeLiterals = new Map<string, RegExp>();

function splitRegex(pattern: string): RegExp {
  const trusted = configRegexes.get(pattern);
  if (trusted) return trusted;
  let re = runtimeLiterals.get(pattern);
  if (!re) {
    re = new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g');
    if (runtimeLiterals.size >= RUNTIME_CACHE_LIMIT) runtimeLiterals.clear();
    runtimeLiterals.set(pattern, re);
  }
  return re;
}

/** Java String.split(regex) semantics: no leading empty piece for a zero-width match, trailing empties dropped. */
function javaSplit(s: string, pattern: string): string[] {
  let re: RegExp;
  try {
    re = splitRegex(pattern);
  } catch (e) {
    fail(`split() delimiter ${describeValue(pattern)} is not a valid regular expression: ${(e as Error).message}`);
  }
  const out: string[] = [];
  let last = 0;
  re.lastIndex = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const at = m.index;
    const len = m[0].length;
    if (len === 0) {
      re.lastIndex++;
      if (at === 0 || at >= s.length) continue;
    }
    out.push(s.slice(last, at));
    last = at + len;
  }
  if (out.length === 0) return [s];
  out.push(s.slice(last));
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

function caseFn(fn: string, upper: boolean): FunctionDef {
  return {
    minArgs: 1,
    maxArgs: 1,
    impl: (a) => {
      const v = a[0];
      // MI also accepts JSON primitives here (toUpper(true) → "TRUE")
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
        return upper ? String(v).toUpperCase() : String(v).toLowerCase();
      }
      return fail(`${fn}() expects a string as argument 1, got ${describeValue(v)}`);
    },
  };
}

function predicate(fn: string, test: (s: string, x: string) => boolean): FunctionDef {
  return { minArgs: 2, maxArgs: 2, impl: (a) => test(str(fn, a, 0), str(fn, a, 1)) };
}

/** String function table entries. */
export const STRING_FUNCTIONS: Readonly<Record<string, FunctionDef>> = {
  length: {
    minArgs: 1,
    maxArgs: 1,
    impl: (a) => {
      const v = a[0];
      if (typeof v === 'string' || Array.isArray(v)) return v.length;
      // MI only counts strings and arrays; an object's key count is the natural extension
      if (isPlainObject(v)) return Object.keys(v).length;
      return fail(`length() expects a string, array or object, got ${describeValue(v)}`);
    },
  },
  toUpper: caseFn('toUpper', true),
  toLower: caseFn('toLower', false),
  subString: {
    minArgs: 2,
    maxArgs: 3,
    impl: (a) => {
      const s = str('subString', a, 0);
      const start = int('subString', a, 1);
      const end = a.length > 2 ? int('subString', a, 2) : s.length;
      if (start < 0 || end > s.length || start > end) {
        fail(`subString() indices start=${start}, end=${end} are out of range for a string of length ${s.length}`);
      }
      return s.substring(start, end);
    },
  },
  startsWith: predicate('startsWith', (s, x) => s.startsWith(x)),
  endsWith: predicate('endsWith', (s, x) => s.endsWith(x)),
  contains: predicate('contains', (s, x) => s.includes(x)),
  trim: { minArgs: 1, maxArgs: 1, impl: (a) => str('trim', a, 0).trim() },
  replace: {
    minArgs: 3,
    maxArgs: 3,
    // literal, all occurrences (Java String.replace); a function replacement keeps '$' literal
    impl: (a) => {
      const replacement = str('replace', a, 2);
      return str('replace', a, 0).replaceAll(str('replace', a, 1), () => replacement);
    },
  },
  split: {
    minArgs: 2,
    maxArgs: 2,
    impl: (a) => javaSplit(str('split', a, 0), str('split', a, 1)),
    checkLiteral: (i, v) => {
      if (i !== 1) return undefined;
      try {
        configRegexes.set(v, new RegExp(v, 'g'));
        return undefined;
      } catch (e) {
        return `the delimiter is a regular expression and ${JSON.stringify(v)} is not valid: ${(e as Error).message}`;
      }
    },
  },
  charAt: {
    minArgs: 2,
    maxArgs: 2,
    impl: (a) => {
      const s = str('charAt', a, 0);
      const i = int('charAt', a, 1);
      if (i < 0 || i >= s.length) fail(`charAt() index ${i} is out of range for a string of length ${s.length}`);
      return s.charAt(i);
    },
  },
  indexOf: {
    minArgs: 2,
    maxArgs: 3,
    impl: (a) => {
      const s = str('indexOf', a, 0);
      const x = str('indexOf', a, 1);
      return a.length > 2 ? s.indexOf(x, Math.max(0, int('indexOf', a, 2))) : s.indexOf(x);
    },
  },
};
