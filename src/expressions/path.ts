/**
 * JSONPath-style walking, compiled once per path. A path stays single-valued while its steps are
 * definite (`.name`, `[0]`, `[-1]`, `[expr]`); the first wildcard, deep scan, slice, union or
 * filter turns it into a list, and later steps apply to every element (Jayway semantics:
 * `$..book[0]` is the first book of every `book` array). An aggregate such as `.sum()` folds the
 * list back into one value. Missing values are `undefined` here; callers turn them into null.
 */
import type { ExpressionScope } from './types.js';
import type { AggregateName, Node, Root, Step } from './ast.js';
import { fail } from './errors.js';
import { decAdd } from './decimal.js';
import { describeValue, getOwn, isPlainObject } from './values.js';

export type Fn = (s: ExpressionScope, at: unknown) => unknown;
export type CompileNode = (node: Node) => Fn;
export type Predicate = (s: ExpressionScope, at: unknown) => boolean;

interface CompiledStep {
  /** a definite step on one value */
  readonly one?: (v: unknown, s: ExpressionScope, at: unknown) => unknown;
  /** a multi-valued step: pushes what it selects from `v` onto `out` */
  readonly many?: (v: unknown, s: ExpressionScope, at: unknown, out: unknown[]) => void;
  /** an aggregate over the list (or the single value) so far */
  readonly agg?: (v: unknown) => unknown;
}

export interface CompiledPath {
  /** the value, or undefined when missing */
  readonly raw: Fn;
  /** the result is a list built by a wildcard/scan/slice/union/filter (not folded by an aggregate) */
  readonly indefinite: boolean;
}

const ROOTS: Readonly<Record<Exclude<Root, 'current'>, (s: ExpressionScope) => unknown>> = {
  payload: (s) => s.payload,
  vars: (s) => s.vars,
  headers: (s) => s.headers,
  props: (s) => s.props,
  pathParams: (s) => s.params.pathParams,
  queryParams: (s) => s.params.queryParams,
  functionParams: (s) => s.params.functionParams,
  configs: (s) => s.configs,
  error: (s) => s.error,
};

function readProp(v: unknown, name: string): unknown {
  return isPlainObject(v) ? getOwn(v, name) : undefined;
}

function readIndex(v: unknown, i: number): unknown {
  if (!Array.isArray(v)) return undefined;
  const k = i < 0 ? v.length + i : i;
  return k >= 0 && k < v.length ? v[k] : undefined;
}

function readKey(v: unknown, key: unknown): unknown {
  if (typeof key === 'string') return readProp(v, key);
  if (typeof key === 'number' && Number.isInteger(key)) return readIndex(v, key);
  return undefined;
}

function lower(key: unknown): unknown {
  return typeof key === 'string' ? key.toLowerCase() : key;
}

function children(v: unknown, out: unknown[]): void {
  if (Array.isArray(v)) for (const x of v) out.push(x);
  else if (isPlainObject(v)) for (const k of Object.keys(v)) out.push(v[k]);
}

function scan(v: unknown, name: string | null, out: unknown[]): void {
  if (Array.isArray(v)) {
    for (const x of v) {
      if (name === null) out.push(x);
      scan(x, name, out);
    }
  } else if (isPlainObject(v)) {
    if (name !== null && Object.prototype.hasOwnProperty.call(v, name)) out.push(v[name]);
    for (const k of Object.keys(v)) {
      const x = v[k];
      if (name === null) out.push(x);
      scan(x, name, out);
    }
  }
}

function bound(fn: Fn | null, s: ExpressionScope, at: unknown): number | undefined {
  if (!fn) return undefined;
  const n = fn(s, at);
  if (typeof n !== 'number' || !Number.isInteger(n)) fail(`slice bounds must be integers, got ${describeValue(n)}`);
  return n;
}

function sliceStep(start: Fn | null, end: Fn | null, step: Fn | null): CompiledStep {
  return {
    many: (v, s, at, out) => {
      if (!Array.isArray(v)) return;
      const len = v.length;
      const by = bound(step, s, at) ?? 1;
      if (by <= 0) fail(`slice step must be positive, got ${by}`);
      const clamp = (n: number | undefined, dflt: number): number => (n === undefined ? dflt : n < 0 ? Math.max(0, len + n) : Math.min(n, len));
      const to = clamp(bound(end, s, at), len);
      for (let i = clamp(bound(start, s, at), 0); i < to; i += by) out.push(v[i]);
    },
  };
}

function numbers(v: unknown): number[] {
  return Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : typeof v === 'number' ? [v] : [];
}

const AGGREGATES: Readonly<Record<AggregateName, (v: unknown) => unknown>> = {
  length: (v) => (Array.isArray(v) || typeof v === 'string' ? v.length : isPlainObject(v) ? Object.keys(v).length : undefined),
  size: (v) => AGGREGATES.length(v),
  sum: (v) => numbers(v).reduce((a, b) => decAdd(a, b), 0),
  min: (v) => {
    const n = numbers(v);
    return n.length ? Math.min(...n) : undefined;
  },
  max: (v) => {
    const n = numbers(v);
    return n.length ? Math.max(...n) : undefined;
  },
  avg: (v) => {
    const n = numbers(v);
    return n.length ? (AGGREGATES.sum(n) as number) / n.length : undefined;
  },
  stddev: (v) => {
    const n = numbers(v);
    if (!n.length) return undefined;
    const mean = n.reduce((a, b) => a + b, 0) / n.length;
    return Math.sqrt(n.reduce((a, b) => a + (b - mean) ** 2, 0) / n.length);
  },
  keys: (v) => (isPlainObject(v) ? Object.keys(v) : undefined),
  first: (v) => (Array.isArray(v) ? v[0] : undefined),
  last: (v) => (Array.isArray(v) ? v[v.length - 1] : undefined),
};

function compileStep(step: Step, compile: CompileNode, predicate: (n: Node) => Predicate): CompiledStep {
  switch (step.kind) {
    case 'prop': {
      const name = step.name;
      return { one: (v) => readProp(v, name) };
    }
    case 'index': {
      const i = step.index;
      return { one: (v) => readIndex(v, i) };
    }
    case 'dynamic': {
      const key = compile(step.expr);
      return { one: (v, s, at) => readKey(v, key(s, at)) };
    }
    case 'wildcard':
      return { many: (v, _s, _at, out) => children(v, out) };
    case 'deep': {
      const name = step.name;
      return { many: (v, _s, _at, out) => scan(v, name, out) };
    }
    case 'slice':
      return sliceStep(step.start && compile(step.start), step.end && compile(step.end), step.step && compile(step.step));
    case 'union': {
      const keys = step.keys.map(compile);
      return {
        many: (v, s, at, out) => {
          for (const k of keys) {
            const x = readKey(v, k(s, at));
            if (x !== undefined) out.push(x);
          }
        },
      };
    }
    case 'filter': {
      const test = predicate(step.pred);
      return {
        many: (v, s, _at, out) => {
          if (Array.isArray(v)) {
            for (const x of v) if (test(s, x)) out.push(x);
          } else if (isPlainObject(v) && test(s, v)) out.push(v); // Jayway tests an object itself
        },
      };
    }
    case 'aggregate':
      return { agg: AGGREGATES[step.name] };
  }
}

/** Compile a root (or any base expression) followed by path steps. */
export function compilePath(base: Root | Fn, steps: readonly Step[], compile: CompileNode, predicate: (n: Node) => Predicate): CompiledPath {
  const start: Fn = typeof base === 'function' ? base : base === 'current' ? (_s, at) => at : ROOTS[base];
  let indefinite = false;
  for (const st of steps) {
    if (st.kind === 'aggregate') indefinite = false;
    else if (!(st.kind === 'prop' || st.kind === 'index' || st.kind === 'dynamic')) indefinite = true;
  }
  if (steps.length === 0) return { raw: start, indefinite };

  if (steps.every((st) => st.kind === 'prop' || st.kind === 'index')) {
    // the common case, payload.a.b[0]: a flat loop over precomputed keys
    const keys = steps.map((st) => (st.kind === 'prop' ? st.name : (st as { index: number }).index));
    return {
      indefinite,
      raw: (s, at) => {
        let v = start(s, at);
        for (const k of keys) {
          v = typeof k === 'string' ? readProp(v, k) : readIndex(v, k);
          if (v === undefined) return undefined;
        }
        return v;
      },
    };
  }

  const compiled = steps.map((st) => compileStep(st, compile, predicate));
  const first = steps[0];
  if (base === 'headers' && first?.kind === 'dynamic') {
    // header names are stored lower-case; a literal first name is lowered by the parser
    const key = compile(first.expr);
    compiled[0] = { one: (v, s, at) => readKey(v, lower(key(s, at))) };
  }
  return {
    indefinite,
    raw: (s, at) => {
      let cur = start(s, at);
      let list: unknown[] | null = null;
      for (const st of compiled) {
        if (st.agg) {
          cur = st.agg(list ?? cur);
          list = null;
        } else if (list === null) {
          if (st.one) {
            cur = st.one(cur, s, at);
            if (cur === undefined) return undefined;
          } else {
            list = [];
            (st.many as NonNullable<CompiledStep['many']>)(cur, s, at, list);
          }
        } else {
          const out: unknown[] = [];
          if (st.one) {
            for (const v of list) {
              const x = st.one(v, s, at);
              if (x !== undefined) out.push(x);
            }
          } else {
            for (const v of list) (st.many as NonNullable<CompiledStep['many']>)(v, s, at, out);
          }
          list = out;
        }
      }
      return list ?? cur;
    },
  };
}
