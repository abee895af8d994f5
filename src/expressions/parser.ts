/**
 * Recursive-descent parser for Synapse Expressions (MI 4.4). Precedence, loosest first:
 * `?:` (right-assoc), `||`/`or`, `&&`/`and`, `== !=` (and the JSONPath filter operators),
 * `< <= > >=`, `+ -`, `* / %`, unary `! not -`, then postfix path steps. Every check that can be
 * made without data (function names and arities, regexes, date patterns, roots) is made here so a
 * broken flow is refused at load instead of failing on its first request.
 */
import { ExpressionSyntaxError } from './errors.js';
import { tokenize } from './lexer.js';
import type { Token } from './lexer.js';
import type { BinaryOp, Node, Root } from './ast.js';
import { FUNCTIONS } from './functions/registry.js';
import { AGGREGATES, StepParser, syntax, UNSUPPORTED } from './parse-steps.js';
import type { ParseOptions } from './parse-steps.js';

export type { ParseOptions } from './parse-steps.js';

const ROOTS_HINT = 'expected payload, $, vars, headers, props, params, configs or error';
const FILTER_WORDS: ReadonlySet<string> = new Set(['in', 'nin', 'subsetof', 'anyof', 'noneof', 'size', 'empty']);
const REGEX_FLAGS = /^[imsu]*$/;

/** Parse `text[start, end)` (the inside of one `${ … }`) into an AST. */
export function parseExpression(text: string, start: number, end: number, opts: ParseOptions = {}): Node {
  return new Parser(text, tokenize(text, start, end), opts).parseTop(start);
}

class Parser extends StepParser {
  parseTop(start: number): Node {
    if (this.peek().kind === 'eof') throw syntax('empty expression: write something between ${ and }', start);
    const node = this.parseConditional();
    const t = this.peek();
    if (t.kind !== 'eof') throw this.unexpected(t);
    return node;
  }

  // ── operators ────────────────────────────────────────────────────────────────────────────────
  protected parseConditional(): Node {
    const test = this.parseOr();
    if (!this.isPunct('?')) return test;
    this.next();
    const then = this.parseConditional();
    this.expect(':', "expected ':' in conditional expression (cond ? a : b)");
    const otherwise = this.parseConditional();
    return { kind: 'conditional', test, then, otherwise, pos: test.pos };
  }

  private parseOr(): Node {
    let left = this.parseAnd();
    while (this.isPunct('||') || this.isWord('or')) {
      this.next();
      const right = this.parseAnd();
      left = { kind: 'logical', op: '||', left, right, lenient: this.filterDepth > 0, pos: left.pos };
    }
    return left;
  }

  private parseAnd(): Node {
    let left = this.parseEquality();
    while (this.isPunct('&&') || this.isWord('and')) {
      this.next();
      const right = this.parseEquality();
      left = { kind: 'logical', op: '&&', left, right, lenient: this.filterDepth > 0, pos: left.pos };
    }
    return left;
  }

  private equalityOp(): BinaryOp | undefined {
    const t = this.peek();
    if (t.kind === 'punct' && (t.value === '==' || t.value === '!=' || t.value === '=~')) {
      if (t.value === '=~' && this.filterDepth === 0) throw syntax("'=~' is only allowed inside a filter [?( … )]", t.start);
      return t.value as BinaryOp;
    }
    if (t.kind === 'ident' && FILTER_WORDS.has(t.value)) {
      if (this.filterDepth === 0) throw syntax(`'${t.value}' is only allowed inside a filter [?( … )]`, t.start);
      return t.value as BinaryOp;
    }
    return undefined;
  }

  private parseEquality(): Node {
    let left = this.parseRelational();
    for (let op = this.equalityOp(); op; op = this.equalityOp()) {
      this.next();
      const right = op === '=~' ? this.parseRegex() : this.parseRelational();
      left = { kind: 'binary', op, left, right, lenient: this.filterDepth > 0, pos: left.pos };
    }
    return left;
  }

  private parseRegex(): Node {
    const t = this.next();
    if (t.kind !== 'regex' && t.kind !== 'str') throw syntax("expected a regular expression /…/ after '=~'", t.start);
    const flags = t.flags ?? '';
    if (!REGEX_FLAGS.test(flags)) throw syntax(`unsupported regular expression flags '${flags}'; use i, m, s or u`, t.start);
    try {
      // Jayway's =~ uses Matcher.matches(): the whole string must match
      return { kind: 'regex', re: new RegExp(`^(?:${t.value})$`, flags), pos: t.start };
    } catch (e) {
      throw syntax(`invalid regular expression: ${(e as Error).message}`, t.start);
    }
  }

  private parseBinaryLevel(ops: readonly string[], sub: () => Node): Node {
    let left = sub();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'punct' || !ops.includes(t.value)) return left;
      this.next();
      const right = sub();
      left = { kind: 'binary', op: t.value as BinaryOp, left, right, lenient: this.filterDepth > 0, pos: left.pos };
    }
  }

  private parseRelational(): Node {
    return this.parseBinaryLevel(['<', '<=', '>', '>='], () => this.parseAdditive());
  }
  private parseAdditive(): Node {
    return this.parseBinaryLevel(['+', '-'], () => this.parseMultiplicative());
  }
  private parseMultiplicative(): Node {
    return this.parseBinaryLevel(['*', '/', '%'], () => this.parseUnary());
  }

  private parseUnary(): Node {
    const t = this.peek();
    if ((t.kind === 'punct' && t.value === '!') || (t.kind === 'ident' && t.value === 'not' && !this.isPunct('(', 1))) {
      this.next();
      return { kind: 'unary', op: '!', arg: this.parseUnary(), lenient: this.filterDepth > 0, pos: t.start };
    }
    if (t.kind === 'punct' && t.value === '-') {
      this.next();
      const n = this.peek();
      if (n.kind === 'num' && !this.isPunct('.', 1) && !this.isPunct('[', 1)) {
        this.next();
        return { kind: 'literal', value: -Number(n.value), pos: t.start };
      }
      return { kind: 'unary', op: '-', arg: this.parseUnary(), lenient: this.filterDepth > 0, pos: t.start };
    }
    return this.parsePostfix();
  }

  // ── operands ─────────────────────────────────────────────────────────────────────────────────
  private parsePostfix(): Node {
    const node = this.parsePrimary();
    if (node.kind === 'call' || node.kind === 'exists' || (node.kind === 'path' && typeof node.base !== 'string')) {
      const steps = this.parseSteps();
      if (steps.length > 0) return { kind: 'path', base: node, steps, pos: node.pos };
    }
    return node;
  }

  private parsePrimary(): Node {
    const t = this.peek();
    switch (t.kind) {
      case 'num':
        this.next();
        return { kind: 'literal', value: Number(t.value), pos: t.start };
      case 'str':
        this.next();
        return { kind: 'literal', value: t.value, pos: t.start };
      case 'ident':
        return this.parseWord(t);
      case 'punct':
        if (t.value === '$') {
          this.next();
          return this.rootPath('payload', t.start);
        }
        if (t.value === '@') {
          if (this.filterDepth === 0) throw syntax("'@' (the current element) is only allowed inside a filter [?( … )]", t.start);
          this.next();
          return this.rootPath('current', t.start);
        }
        if (t.value === '(') {
          this.next();
          const inner = this.parseConditional();
          this.expect(')', "expected ')' to close '('");
          // wrap so that steps may follow: (expr).name
          return { kind: 'path', base: inner, steps: [], pos: t.start };
        }
        if (t.value === '[') return this.parseArrayLiteral();
        throw this.unexpected(t);
      default:
        throw this.unexpected(t);
    }
  }

  private parseArrayLiteral(): Node {
    const open = this.next();
    const items: Node[] = [];
    if (!this.isPunct(']')) {
      do items.push(this.parseConditional());
      while (this.isPunct(',') && this.next());
    }
    this.expect(']', "expected ']' to close the array literal");
    return { kind: 'array', items, pos: open.start };
  }

  private parseWord(t: Token): Node {
    const word = t.value;
    if (word === 'true' || word === 'false') {
      this.next();
      return { kind: 'literal', value: word === 'true', pos: t.start };
    }
    if (word === 'null') {
      this.next();
      return { kind: 'literal', value: null, pos: t.start };
    }
    if (word === 'hashicorp' && this.isPunct('-', 1) && this.isWord('vault', 2)) {
      throw new ExpressionSyntaxError(UNSUPPORTED['hashicorp-vault'] as string, t.start, { unsupported: true });
    }
    if (this.isPunct('(', 1)) return this.parseCall();
    this.next();
    switch (word) {
      case 'payload':
        return this.rootPath('payload', t.start);
      case 'vars':
        return this.rootPath('vars', t.start);
      case 'var':
        this.warn("'var' is a pre-release MI 4.4 spelling; use 'vars'", t.start);
        return this.rootPath('vars', t.start);
      case 'headers':
        return this.rootPath('headers', t.start);
      case 'props':
      case 'properties':
        return this.rootPath('props', t.start);
      case 'configs':
        return this.rootPath('configs', t.start);
      case 'config':
        this.warn("'config' is a pre-release MI 4.4 spelling; use 'configs'", t.start);
        return this.rootPath('configs', t.start);
      case 'error':
        return this.rootPath('error', t.start);
      case 'params':
        return this.parseParams(t);
      default:
        throw syntax(this.unknownRootMessage(t), t.start);
    }
  }

  private unknownRootMessage(t: Token): string {
    let message = `unknown root '${t.value}'; ${ROOTS_HINT}`;
    const minus = this.tokens[this.i - 2];
    const before = this.tokens[this.i - 3];
    if (minus?.kind === 'punct' && minus.value === '-' && minus.end === t.start && before && before.end === minus.start) {
      message += ` (a name containing '-' needs bracket access, e.g. headers["X-Request-Id"])`;
    } else if (FUNCTIONS[t.value] || AGGREGATES.has(t.value) || t.value === 'exists') {
      message += ` (to call the function write ${t.value}(…))`;
    }
    return message;
  }

  private parseParams(t: Token): Node {
    if (!this.isPunct('.') || this.peek(1).kind !== 'ident') {
      throw syntax("expected '.pathParams', '.queryParams' or '.functionParams' after 'params'", this.peek().start);
    }
    this.next();
    const kind = this.next();
    switch (kind.value) {
      case 'pathParams':
      case 'queryParams':
      case 'functionParams':
        return this.rootPath(kind.value, t.start);
      case 'uriParams':
        this.warn("'params.uriParams' is a pre-release MI 4.4 spelling; use 'params.pathParams'", kind.start);
        return this.rootPath('pathParams', t.start);
      default:
        throw syntax(`unknown parameter kind '${kind.value}'; expected pathParams, queryParams or functionParams`, kind.start);
    }
  }

  private rootPath(root: Root, pos: number): Node {
    this.opts.onRoot?.(root);
    let steps = this.parseSteps();
    const first = steps[0];
    if (root === 'props' && steps.length >= 2 && first?.kind === 'prop' && first.dotted && (first.name === 'synapse' || first.name === 'axis2')) {
      // MI's scopes collapse onto Ferry's single props map: props.synapse.x and props.axis2.x read props.x
      steps = steps.slice(1);
    } else if (root === 'headers' && first?.kind === 'prop') {
      // the scope stores header names lower-case
      steps = [{ ...first, name: first.name.toLowerCase() }, ...steps.slice(1)];
    }
    return { kind: 'path', base: root, steps, pos };
  }

  // ── calls ────────────────────────────────────────────────────────────────────────────────────
  private parseCall(): Node {
    const name = this.next();
    this.next(); // '('
    const unsupported = UNSUPPORTED[name.value];
    if (unsupported) throw new ExpressionSyntaxError(unsupported, name.start, { unsupported: true });
    const def = FUNCTIONS[name.value];
    const isExists = name.value === 'exists';
    if (!def && !isExists) throw syntax(this.unknownFunctionMessage(name.value), name.start);
    const args: Node[] = [];
    if (!this.isPunct(')')) {
      do args.push(this.parseConditional());
      while (this.isPunct(',') && this.next());
    }
    this.expect(')', "expected ')' after argument list");
    if (isExists) {
      if (args.length !== 1) throw syntax(`exists() takes 1 argument, got ${args.length}`, name.start);
      return { kind: 'exists', arg: this.existsTarget(args[0] as Node), pos: name.start };
    }
    const fn = def as NonNullable<typeof def>;
    if (args.length < fn.minArgs || args.length > fn.maxArgs) {
      const range = fn.minArgs === fn.maxArgs ? `${fn.minArgs}` : fn.maxArgs - fn.minArgs === 1 ? `${fn.minArgs} or ${fn.maxArgs}` : `${fn.minArgs} to ${fn.maxArgs}`;
      const plural = fn.maxArgs === 1 ? 'argument' : 'arguments';
      throw syntax(`${name.value}() takes ${range} ${plural}, got ${args.length}`, name.start);
    }
    args.forEach((arg, index) => {
      if (arg.kind === 'literal' && typeof arg.value === 'string' && fn.checkLiteral) {
        const problem = fn.checkLiteral(index, arg.value);
        if (problem) throw syntax(`${name.value}(): ${problem}`, arg.pos);
      }
    });
    return { kind: 'call', name: name.value, args, pos: name.start };
  }

  /** MI's docs write exists('vars.x'); a quoted path is read as the path it names. */
  private existsTarget(arg: Node): Node {
    if (arg.kind !== 'literal' || typeof arg.value !== 'string') return arg;
    const tok = this.tokens.find((t) => t.start === arg.pos && t.kind === 'str');
    if (!tok) return arg;
    const inner = new Parser(this.text, tokenize(this.text, tok.start + 1, tok.end - 1), this.opts);
    return inner.parseTop(tok.start + 1);
  }

  private unknownFunctionMessage(name: string): string {
    const lower = name.toLowerCase();
    const near = Object.keys(FUNCTIONS).find((f) => f.toLowerCase() === lower);
    if (near) return `unknown function '${name}' (function names are case-sensitive: did you mean '${near}'?)`;
    if (AGGREGATES.has(name)) return `unknown function '${name}'; ${name}() is a path function: write payload.items.${name}()`;
    return `unknown function '${name}'`;
  }
}
