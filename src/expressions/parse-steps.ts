/**
 * Token cursor plus the path-step grammar (`.name`, `["x"]`, `[0]`, `[*]`, `..name`, slices,
 * unions, `[?( … )]` filters, `.sum()`…), shared by the expression parser in parser.ts. Kept apart
 * so each file stays small; the step grammar calls back into the full expression grammar for
 * index expressions and filter bodies.
 */
import { ExpressionSyntaxError } from './errors.js';
import type { Token } from './lexer.js';
import type { AggregateName, Node, Root, Step } from './ast.js';

export interface ParseOptions {
  readonly onWarning?: ((message: string, offset: number) => void) | undefined;
  /** told each scope root the expression reads (so a step knows whether it needs the body) */
  readonly onRoot?: ((root: Root) => void) | undefined;
}

export const AGGREGATES: ReadonlySet<string> = new Set(['length', 'size', 'min', 'max', 'avg', 'sum', 'stddev', 'keys', 'first', 'last']);
const AGGREGATE_LIST = '.length(), .size(), .min(), .max(), .avg(), .sum(), .stddev(), .keys(), .first(), .last()';

export const UNSUPPORTED: Readonly<Record<string, string>> = {
  xpath: 'xpath() is not supported in Ferry: XML payloads are exposed as objects, so read them with a path such as payload.root.child',
  registry: 'registry() is not supported in Ferry: put the value in config/server.yaml and read it with configs.name',
  secret: 'secret() is not supported in Ferry: keep secrets in config/server.yaml (which can read ${env:NAME}) and read them with configs.name',
  'hashicorp-vault':
    'hashicorp-vault() is not supported in Ferry: pass the secret in an environment variable, reference it as ${env:NAME} in config/server.yaml and read it with configs.name',
};

/** A syntax error at an absolute offset. */
export function syntax(message: string, offset: number): ExpressionSyntaxError {
  return new ExpressionSyntaxError(message, offset);
}

/** Token cursor and path steps; the subclass supplies the full expression grammar. */
export abstract class StepParser {
  protected i = 0;
  protected filterDepth = 0;

  constructor(
    protected readonly text: string,
    protected readonly tokens: readonly Token[],
    protected readonly opts: ParseOptions,
  ) {}

  /** the full expression grammar (ternary level) */
  protected abstract parseConditional(): Node;

  protected peek(k = 0): Token {
    return this.tokens[Math.min(this.i + k, this.tokens.length - 1)] as Token;
  }
  protected next(): Token {
    const t = this.peek();
    if (this.i < this.tokens.length - 1) this.i++;
    return t;
  }
  protected isPunct(v: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'punct' && t.value === v;
  }
  protected isWord(v: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'ident' && t.value === v;
  }
  protected expect(v: string, message: string): Token {
    if (!this.isPunct(v)) throw syntax(message, this.peek().start);
    return this.next();
  }
  protected unexpected(t: Token): ExpressionSyntaxError {
    if (t.kind === 'eof') return syntax('unexpected end of expression', t.start);
    const shown = t.kind === 'str' ? JSON.stringify(t.value) : this.text.slice(t.start, t.end);
    return syntax(`unexpected '${shown}'`, t.start);
  }
  protected warn(message: string, offset: number): void {
    this.opts.onWarning?.(message, offset);
  }

  protected parseSteps(): Step[] {
    const steps: Step[] = [];
    for (;;) {
      if (this.isPunct('.')) {
        const dot = this.next();
        const n = this.peek();
        if (n.kind === 'ident') {
          this.next();
          if (this.isPunct('(')) steps.push(this.parseMethod(n));
          else steps.push({ kind: 'prop', name: n.value, pos: n.start, dotted: true });
        } else if (n.kind === 'str') {
          this.next();
          steps.push({ kind: 'prop', name: n.value, pos: n.start, dotted: false });
        } else if (this.isPunct('*')) {
          this.next();
          steps.push({ kind: 'wildcard', pos: n.start });
        } else if (!this.isPunct('[')) {
          throw syntax("expected a property name after '.'", n.kind === 'eof' ? dot.end : n.start);
        }
      } else if (this.isPunct('..')) {
        const dots = this.next();
        const n = this.peek();
        if (n.kind === 'ident') {
          this.next();
          steps.push({ kind: 'deep', name: n.value, pos: dots.start });
        } else if (this.isPunct('*')) {
          this.next();
          steps.push({ kind: 'deep', name: null, pos: dots.start });
        } else if (this.isPunct('[') && this.peek(1).kind === 'str' && this.isPunct(']', 2)) {
          this.next();
          const name = this.next();
          this.next();
          steps.push({ kind: 'deep', name: name.value, pos: dots.start });
        } else {
          throw syntax("expected a property name or '*' after '..'", n.start);
        }
      } else if (this.isPunct('[')) {
        steps.push(this.parseBracket());
      } else {
        return steps;
      }
    }
  }

  protected parseMethod(name: Token): Step {
    if (name.value === 'property') throw new ExpressionSyntaxError(UNSUPPORTED.registry as string, name.start, { unsupported: true });
    if (!AGGREGATES.has(name.value)) throw syntax(`unknown path function '.${name.value}()'; expected one of ${AGGREGATE_LIST}`, name.start);
    this.next();
    this.expect(')', `.${name.value}() takes no arguments; expected ')'`);
    return { kind: 'aggregate', name: name.value as AggregateName, pos: name.start };
  }

  protected parseBracket(): Step {
    const open = this.next();
    if (this.isPunct('*') && this.isPunct(']', 1)) {
      this.next();
      this.next();
      return { kind: 'wildcard', pos: open.start };
    }
    if (this.isPunct('?')) {
      this.next();
      this.expect('(', "expected '(' after '[?' (filters are written [?( … )])");
      this.filterDepth++;
      const pred = this.parseConditional();
      this.filterDepth--;
      this.expect(')', "expected ')' to close the filter [?( … )]");
      this.expect(']', "expected ']' after the filter [?( … )]");
      return { kind: 'filter', pred, pos: open.start };
    }
    const first = this.isPunct(':') ? null : this.parseConditional();
    if (this.isPunct(':')) return this.parseSlice(first, open.start);
    if (this.isPunct(',')) {
      const keys: Node[] = [first as Node];
      while (this.isPunct(',')) {
        this.next();
        keys.push(this.parseConditional());
      }
      this.expect(']', "expected ']' after the index list");
      return { kind: 'union', keys, pos: open.start };
    }
    this.expect(']', "expected ']' after index");
    const key = first as Node;
    if (key.kind === 'literal' && typeof key.value === 'number') {
      if (!Number.isInteger(key.value)) throw syntax('array index must be an integer', key.pos);
      return { kind: 'index', index: key.value, pos: key.pos };
    }
    if (key.kind === 'literal' && typeof key.value === 'string') return { kind: 'prop', name: key.value, pos: key.pos, dotted: false };
    if (key.kind === 'literal') throw syntax('an index must be a number or a quoted name', key.pos);
    return { kind: 'dynamic', expr: key, pos: key.pos };
  }

  protected parseSlice(start: Node | null, pos: number): Step {
    this.next();
    const bound = (): Node | null => {
      if (this.isPunct(']') || this.isPunct(':')) return null;
      const n = this.parseConditional();
      if (n.kind === 'literal' && !(typeof n.value === 'number' && Number.isInteger(n.value))) throw syntax('slice bounds must be integers', n.pos);
      return n;
    };
    if (start?.kind === 'literal' && !(typeof start.value === 'number' && Number.isInteger(start.value))) {
      throw syntax('slice bounds must be integers', start.pos);
    }
    const end = bound();
    let step: Node | null = null;
    if (this.isPunct(':')) {
      this.next();
      step = bound();
    }
    this.expect(']', "expected ']' after the slice");
    return { kind: 'slice', start, end, step, pos };
  }
}
