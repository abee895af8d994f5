/**
 * Config values → CompiledValue. A string that is exactly one `${…}` keeps the expression's type;
 * a string with `${…}` inside other text is a template and always yields a string; objects and
 * arrays are compiled leaf by leaf. All parsing happens here, once, at load.
 */
import type { SourcePos } from '../artifacts/diagnostics.js';
import { isPlainPath } from './ast.js';
import { compileNode } from './compile.js';
import type { Fn } from './compile.js';
import { ExprEvalFailure, ExpressionSyntaxError, toFerryError } from './errors.js';
import { parseExpression } from './parser.js';
import type { CompileOptions, CompiledValue, Evaluator, ExpressionScope } from './types.js';
import { setOwn } from '../formats/plain-data.js';
import { isPlainObject, renderTemplateValue } from './values.js';

/** A piece of a string: literal text, or one `${…}` with the offsets of `${` and just after `}`. */
export type TemplatePart = { kind: 'text'; text: string } | { kind: 'expr'; body: string; start: number; end: number };

function skipQuoted(text: string, from: number): number {
  const quote = text[from];
  for (let j = from + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === quote) return j;
  }
  return -1;
}

/** Offset of the `}` that closes the `${` whose body starts at `from`, or -1. */
function findClose(text: string, from: number): number {
  let depth = 0;
  for (let j = from; j < text.length; j++) {
    const ch = text[j];
    if (ch === '"' || ch === "'") {
      j = skipQuoted(text, j);
      if (j < 0) return -1;
    } else if (ch === '=' && text[j + 1] === '~') {
      // a regex literal may hold quotes and braces: /a{2}"/
      let k = j + 2;
      while (text[k] === ' ' || text[k] === '\t') k++;
      if (text[k] === '/') {
        let m = k + 1;
        while (m < text.length && text[m] !== '/') m += text[m] === '\\' ? 2 : 1;
        j = m;
      }
    } else if (ch === '{') depth++;
    else if (ch === '}') {
      if (depth === 0) return j;
      depth--;
    }
  }
  return -1;
}

/** Split text into literal and `${…}` parts; throws ExpressionSyntaxError for an unterminated `${`. */
export function scanTemplate(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (let i = text.indexOf('${'); i >= 0; i = text.indexOf('${', last)) {
    const close = findClose(text, i + 2);
    if (close < 0) throw new ExpressionSyntaxError('unterminated ${ … }: expected a closing }', i);
    if (i > last) parts.push({ kind: 'text', text: text.slice(last, i) });
    parts.push({ kind: 'expr', body: text.slice(i + 2, close), start: i, end: close + 1 });
    last = close + 1;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

/** True when the text contains `${` (an expression, or a broken one that compiling will report). */
export function hasExpression(text: string): boolean {
  return text.includes('${');
}

function guard(fn: Fn, source: string, position: SourcePos | undefined): Evaluator {
  return (scope: ExpressionScope) => {
    try {
      const v = fn(scope, undefined);
      return v === undefined ? null : v;
    } catch (e) {
      if (e instanceof ExprEvalFailure) throw toFerryError(e, source, position);
      throw e;
    }
  };
}

function constant(value: unknown, source: string): CompiledValue {
  return { evaluate: () => value, source, isConstant: true, constantValue: value, isTemplate: false, isPath: false };
}

function compileBody(text: string, start: number, end: number, opts: CompileOptions): { fn: Fn; isPath: boolean } {
  const node = parseExpression(text, start, end, { onWarning: opts.onWarning, onRoot: opts.onRoot });
  return { fn: compileNode(node), isPath: isPlainPath(node) };
}

function compileString(text: string, opts: CompileOptions): CompiledValue {
  const parts = scanTemplate(text);
  if (parts.length === 0 || parts.every((p) => p.kind === 'text')) return constant(text, text);
  const only = parts[0];
  if (parts.length === 1 && only?.kind === 'expr') {
    const { fn, isPath } = compileBody(text, only.start + 2, only.end - 1, opts);
    return { evaluate: guard(fn, text, opts.position), source: text, isConstant: false, isTemplate: false, isPath };
  }
  const pieces: (string | Evaluator)[] = parts.map((p) => {
    if (p.kind === 'text') return p.text;
    return guard(compileBody(text, p.start + 2, p.end - 1, opts).fn, text.slice(p.start, p.end), opts.position);
  });
  const evaluate = (scope: ExpressionScope): string => {
    let out = '';
    for (const p of pieces) out += typeof p === 'string' ? p : renderTemplateValue(p(scope));
    return out;
  };
  return { evaluate, source: text, isConstant: false, isTemplate: true, isPath: false };
}

interface Built {
  readonly compiled: CompiledValue;
  /** a fresh value on every call, so a dynamic parent never shares a constant child between requests */
  readonly build: (scope: ExpressionScope) => unknown;
}

function sourceOf(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function compileAny(value: unknown, opts: CompileOptions, path: (string | number)[]): Built {
  if (typeof value === 'string') {
    const compiled = compileString(value, path.length > 0 && opts.leaf ? opts.leaf(path) : opts);
    return { compiled, build: compiled.evaluate };
  }
  if (Array.isArray(value)) {
    const items = value.map((v, i) => nested(i, v, opts, path));
    const build = (s: ExpressionScope): unknown[] => items.map((it) => it.build(s));
    return container(value, items, build);
  }
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    const items = keys.map((k) => nested(k, value[k], opts, path));
    const build = (s: ExpressionScope): Record<string, unknown> => {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i++) setOwn(out, keys[i] as string, (items[i] as Built).build(s));
      return out;
    };
    return container(value, items, build);
  }
  return { compiled: constant(value, String(value)), build: () => value };
}

function nested(key: string | number, value: unknown, opts: CompileOptions, path: (string | number)[]): Built {
  try {
    return compileAny(value, opts, [...path, key]);
  } catch (e) {
    throw e instanceof ExpressionSyntaxError ? e.under(key) : e;
  }
}

function container(value: unknown, items: readonly Built[], build: (s: ExpressionScope) => unknown): Built {
  if (items.every((it) => it.compiled.isConstant)) {
    // each evaluation gets its own copy: a later step may change what the value became
    const copy = () => structuredClone(value);
    return { compiled: { ...constant(value, sourceOf(value)), evaluate: copy }, build: copy };
  }
  return { compiled: { evaluate: build, source: sourceOf(value), isConstant: false, isTemplate: false, isPath: false }, build };
}

/**
 * Compile a config value: scalars stay constant, strings may hold `${…}`, objects/arrays compile
 * leaf by leaf (a constant one is copied for each evaluation, so no message can change it).
 */
export function compileValue(value: unknown, opts: CompileOptions = {}): CompiledValue {
  return compileAny(value, opts, []).compiled;
}

/** Compile the text inside one `${ }` (offsets in errors and warnings point into `body`). */
export function compileExpression(body: string, opts: CompileOptions = {}): CompiledValue {
  const { fn, isPath } = compileBody(body, 0, body.length, opts);
  const source = `\${${body}}`;
  return { evaluate: guard(fn, source, opts.position), source, isConstant: false, isTemplate: false, isPath };
}
