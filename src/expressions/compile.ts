/**
 * AST → closures. Each node becomes `(scope, at) => value`, where `at` is the element a filter is
 * looking at (undefined elsewhere). Everything is resolved here once: function definitions,
 * regexes, path keys; evaluation only runs the closures.
 */
import type { Node } from './ast.js';
import { ExprEvalFailure, fail } from './errors.js';
import { FUNCTIONS } from './functions/registry.js';
import type { FunctionDef } from './functions/registry.js';
import { add, arithmetic, asBoolean, compare, equals, filterCompare, filterEquals, filterOperator } from './operators.js';
import { compilePath } from './path.js';
import type { CompiledPath, Fn, Predicate } from './path.js';
import { describeValue } from './values.js';

export type { Fn } from './path.js';

/** Compile one AST node into a closure. */
export function compileNode(node: Node): Fn {
  switch (node.kind) {
    case 'literal': {
      const v = node.value;
      return () => v;
    }
    case 'regex': {
      const re = node.re;
      return () => re;
    }
    case 'array': {
      const items = node.items.map(compileNode);
      return (s, at) => items.map((f) => f(s, at));
    }
    case 'path': {
      const { raw } = pathOf(node);
      return (s, at) => {
        const v = raw(s, at);
        return v === undefined ? null : v;
      };
    }
    case 'unary':
      return compileUnary(node);
    case 'binary':
      return compileBinary(node);
    case 'logical':
      return compileLogical(node);
    case 'conditional': {
      const test = compileNode(node.test);
      const then = compileNode(node.then);
      const otherwise = compileNode(node.otherwise);
      return (s, at) => (asBoolean('the condition of ?:', test(s, at)) ? then(s, at) : otherwise(s, at));
    }
    case 'call':
      return compileCall(node.name, FUNCTIONS[node.name] as FunctionDef, node.args.map(compileNode));
    case 'exists':
      return compileExists(node.arg);
  }
}

function pathOf(node: Extract<Node, { kind: 'path' }>): CompiledPath {
  const base = typeof node.base === 'string' ? node.base : compileNode(node.base);
  return compilePath(base, node.steps, compileNode, predicateOf);
}

/**
 * Truth inside a filter, as Jayway reads it: a bare path rooted at `@` asks whether the element
 * has that field (`[?(@.isbn)]`), anything else must be the boolean true.
 */
function predicateOf(node: Node): Predicate {
  if (node.kind === 'path' && node.base === 'current') {
    const { raw, indefinite } = pathOf(node);
    return (s, at) => {
      const v = raw(s, at);
      return v !== undefined && !(indefinite && Array.isArray(v) && v.length === 0);
    };
  }
  const f = compileNode(node);
  return (s, at) => f(s, at) === true;
}

function compileUnary(node: Extract<Node, { kind: 'unary' }>): Fn {
  if (node.op === '!') {
    if (node.lenient) {
      const p = predicateOf(node.arg);
      return (s, at) => !p(s, at);
    }
    const arg = compileNode(node.arg);
    return (s, at) => !asBoolean('operator !', arg(s, at));
  }
  const arg = compileNode(node.arg);
  return (s, at) => {
    const v = arg(s, at);
    if (typeof v === 'number') return v === 0 ? 0 : -v;
    return fail(v === null || v === undefined ? "operator '-' got null (a missing value?)" : `operator '-' needs a number, got ${describeValue(v)}`);
  };
}

function compileBinary(node: Extract<Node, { kind: 'binary' }>): Fn {
  const l = compileNode(node.left);
  const op = node.op;
  if (op === '=~') {
    const re = (node.right as Extract<Node, { kind: 'regex' }>).re;
    return (s, at) => {
      const v = l(s, at);
      return typeof v === 'string' && re.test(v);
    };
  }
  const r = compileNode(node.right);
  switch (op) {
    case '+':
      return (s, at) => add(l(s, at), r(s, at));
    case '-':
    case '*':
    case '/':
    case '%':
      return (s, at) => arithmetic(op, l(s, at), r(s, at));
    case '<':
    case '<=':
    case '>':
    case '>=':
      return node.lenient ? (s, at) => filterCompare(op, l(s, at), r(s, at)) : (s, at) => compare(op, l(s, at), r(s, at));
    case '==':
      return node.lenient ? (s, at) => filterEquals(l(s, at), r(s, at)) : (s, at) => equals(l(s, at), r(s, at));
    case '!=':
      return node.lenient ? (s, at) => !filterEquals(l(s, at), r(s, at)) : (s, at) => !equals(l(s, at), r(s, at));
    default:
      return (s, at) => filterOperator(op, l(s, at), r(s, at));
  }
}

function compileLogical(node: Extract<Node, { kind: 'logical' }>): Fn {
  const and = node.op === '&&';
  if (node.lenient) {
    const l = predicateOf(node.left);
    const r = predicateOf(node.right);
    return and ? (s, at) => l(s, at) && r(s, at) : (s, at) => l(s, at) || r(s, at);
  }
  const l = compileNode(node.left);
  const r = compileNode(node.right);
  const name = `operator ${node.op}`;
  // short-circuits, so `exists(x) && x > 1` is safe; both sides must still be booleans, as in MI
  return and
    ? (s, at) => asBoolean(name, l(s, at)) && asBoolean(name, r(s, at))
    : (s, at) => asBoolean(name, l(s, at)) || asBoolean(name, r(s, at));
}

function compileCall(name: string, def: FunctionDef, args: readonly Fn[]): Fn {
  const impl = def.impl;
  const checkNull = !def.acceptsNull;
  return (s, at) => {
    const values = args.map((f) => f(s, at));
    if (checkNull) {
      for (let i = 0; i < values.length; i++) {
        if (values[i] === null || values[i] === undefined) fail(`${name}() got null for argument ${i + 1} (a missing value?)`);
      }
    }
    return impl(values);
  };
}

/**
 * exists(x): true when x resolves to a value. MI evaluates x and answers false when that fails,
 * and unboxes JSON null to "absent", so a null value does not exist. Ferry also answers false for
 * a wildcard/filter that selects nothing, which is what a guard like exists(payload.items[?(…)])
 * means (MI would say true for the empty list).
 */
function compileExists(arg: Node): Fn {
  if (arg.kind === 'path') {
    const { raw, indefinite } = pathOf(arg);
    return (s, at) => {
      try {
        const v = raw(s, at);
        return v !== undefined && v !== null && !(indefinite && Array.isArray(v) && v.length === 0);
      } catch (e) {
        if (e instanceof ExprEvalFailure) return false;
        throw e;
      }
    };
  }
  const f = compileNode(arg);
  return (s, at) => {
    try {
      const v = f(s, at);
      return v !== undefined && v !== null;
    } catch (e) {
      if (e instanceof ExprEvalFailure) return false;
      throw e;
    }
  };
}
