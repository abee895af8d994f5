import { FerryError } from '../../errors.js';
import { scanTemplate } from '../../expressions/index.js';
import type { CompiledValue, CompileOptions, Evaluator } from '../../expressions/index.js';
import { lineColAt } from '../../formats/position.js';
import { builderOf, compileFormatExpression, textNode, type FormatExpression, type FormatNode as Node } from './format-expressions.js';
import { copyOf, setOwn } from '../../formats/plain-data.js';

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * Compile a JSON payloadFactory format, parsed once here. Outside JSON strings a `${…}` inserts
 * the value itself (object, array, number, boolean, null); inside a string it is a string template,
 * as in MI, where quoting an expression makes its result a literal string. The expression text is
 * taken raw (not JSON-unescaped), so `"${headers["X-Id"]}"` works as written.
 *
 * Throws FerryError FERRY_ERR_ARTIFACT_INVALID for JSON mistakes (with the line and column inside
 * the format) and ExpressionSyntaxError with an offset into the format for expression mistakes.
 */
export function compileJsonTemplate(format: string, opts: CompileOptions): Evaluator {
  return builderOf(new JsonTemplateParser(format, opts).parseDocument());
}

class JsonTemplateParser {
  private i = 0;
  /** every `${…}` of the format by the offset of its `$` */
  private readonly exprs = new Map<number, FormatExpression>();

  constructor(
    private readonly text: string,
    private readonly opts: CompileOptions,
  ) {
    for (const part of scanTemplate(text)) if (part.kind === 'expr') this.exprs.set(part.start, part);
  }

  parseDocument(): Node {
    const node = this.value();
    this.skipSpace();
    if (this.i < this.text.length) throw this.fail('unexpected text after the JSON value');
    return node;
  }

  private value(): Node {
    this.skipSpace();
    const ch = this.text[this.i];
    const expr = this.exprs.get(this.i);
    if (expr) {
      this.i = expr.end;
      const compiled = compileFormatExpression(expr, this.opts);
      // a copy, so the new payload never shares objects with a variable or the old payload
      return { constant: false, build: (s) => copyOf(compiled.evaluate(s)) };
    }
    switch (ch) {
      case '{':
        return this.object();
      case '[':
        return this.array();
      case '"':
        return this.string();
      case 't':
        return this.word('true', true);
      case 'f':
        return this.word('false', false);
      case 'n':
        return this.word('null', null);
      default:
        if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return this.number();
        throw this.fail(ch === undefined ? 'unexpected end of the format; expected a value' : `unexpected '${ch}'; expected a value`);
    }
  }

  private object(): Node {
    this.i++;
    const keys: Node[] = [];
    const values: Node[] = [];
    this.skipSpace();
    if (this.text[this.i] === '}') {
      this.i++;
      return { constant: true, value: {} };
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.i] !== '"') throw this.fail('expected a property name in double quotes');
      keys.push(this.string());
      this.skipSpace();
      this.expect(':', "expected ':' after the property name");
      values.push(this.value());
      this.skipSpace();
      if (this.text[this.i] === ',') {
        this.i++;
        continue;
      }
      this.expect('}', "expected ',' or '}' after a property value");
      break;
    }
    if (keys.every((k) => k.constant) && values.every((v) => v.constant)) {
      const out: Record<string, unknown> = {};
      keys.forEach((k, n) => setOwn(out, String(valueOf(k)), valueOf(values[n]!)));
      return { constant: true, value: out };
    }
    const keyBuilds = keys.map(builderOf);
    const valueBuilds = values.map(builderOf);
    return {
      constant: false,
      build(s) {
        const out: Record<string, unknown> = {};
        for (let n = 0; n < keyBuilds.length; n++) setOwn(out, String(keyBuilds[n]!(s)), valueBuilds[n]!(s));
        return out;
      },
    };
  }

  private array(): Node {
    this.i++;
    const items: Node[] = [];
    this.skipSpace();
    if (this.text[this.i] === ']') {
      this.i++;
      return { constant: true, value: [] };
    }
    for (;;) {
      items.push(this.value());
      this.skipSpace();
      if (this.text[this.i] === ',') {
        this.i++;
        continue;
      }
      this.expect(']', "expected ',' or ']' after an array item");
      break;
    }
    if (items.every((n) => n.constant)) return { constant: true, value: items.map(valueOf) };
    const builds = items.map(builderOf);
    return { constant: false, build: (s) => builds.map((b) => b(s)) };
  }

  /** A JSON string whose text may hold `${…}`: a constant, or a template yielding a string. */
  private string(): Node {
    const open = this.i++;
    const pieces: (string | CompiledValue)[] = [];
    let literal = '';
    for (;;) {
      const ch = this.text[this.i];
      if (ch === undefined) {
        this.i = open;
        throw this.fail('unterminated string');
      }
      if (ch === '"') {
        this.i++;
        break;
      }
      const expr = this.exprs.get(this.i);
      if (expr) {
        if (literal) pieces.push(literal);
        literal = '';
        pieces.push(compileFormatExpression(expr, this.opts));
        this.i = expr.end;
      } else if (ch === '\\') {
        literal += this.escape();
      } else if (ch === '\n') {
        throw this.fail('unterminated string; a line break inside a string is written \\n');
      } else if (ch < ' ') {
        throw this.fail('control character in a string; write it as an escape such as \\t');
      } else {
        literal += ch;
        this.i++;
      }
    }
    if (literal) pieces.push(literal);
    return textNode(pieces);
  }

  private escape(): string {
    const esc = this.text[this.i + 1];
    if (esc === 'u') {
      const hex = this.text.slice(this.i + 2, this.i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw this.fail('invalid \\u escape; expected four hex digits');
      this.i += 6;
      return String.fromCharCode(parseInt(hex, 16));
    }
    const mapped = esc === undefined ? undefined : ESCAPES[esc];
    if (mapped === undefined) throw this.fail(`invalid escape '\\${esc ?? ''}'`);
    this.i += 2;
    return mapped;
  }

  private number(): Node {
    NUMBER.lastIndex = this.i;
    const match = NUMBER.exec(this.text);
    if (!match) throw this.fail('invalid number');
    this.i += match[0].length;
    return { constant: true, value: Number(match[0]) };
  }

  private word(word: string, value: unknown): Node {
    if (!this.text.startsWith(word, this.i)) throw this.fail(`unexpected '${this.text[this.i]}'; expected a value`);
    this.i += word.length;
    return { constant: true, value };
  }

  private expect(ch: string, message: string): void {
    if (this.text[this.i] !== ch) throw this.fail(message);
    this.i++;
  }

  private skipSpace(): void {
    while (/\s/.test(this.text[this.i] ?? '')) this.i++;
  }

  private fail(message: string): FerryError {
    const at = lineColAt(this.text, this.i);
    return new FerryError('FERRY_ERR_ARTIFACT_INVALID', `format is not valid JSON at line ${at.line}, column ${at.col}: ${message}`, {
      detail: { line: at.line, column: at.col },
    });
  }
}

function valueOf(node: Node): unknown {
  return node.constant ? node.value : undefined;
}
