import { describe, expect, it } from 'vitest';
import { FerryError } from '../../src/errors.js';
import { compileExpression, ExpressionSyntaxError } from '../../src/expressions/index.js';
import { makeScope } from './fixture.js';
import { evalError, syntaxError } from './helpers.js';

describe('syntax errors carry a code, an offset into the text and a clear message', () => {
  it.each([
    ['${payload.users[0}', 17, "expected ']' after index"],
    ['${foo.bar}', 2, "unknown root 'foo'; expected payload, $, vars, headers, props, params, configs or error"],
    ['${length}', 2, 'to call the function write length(…)'],
    ['${headers.X-Id}', 12, 'needs bracket access, e.g. headers["X-Request-Id"]'],
    ['${foo(1)}', 2, "unknown function 'foo'"],
    ['${toupper("a")}', 2, "did you mean 'toUpper'?"],
    ['${length("a", "b")}', 2, 'length() takes 1 argument, got 2'],
    ['${subString("a")}', 2, 'subString() takes 2 or 3 arguments, got 1'],
    ['${now(1)}', 2, 'now() takes 0 arguments, got 1'],
    ['${exists()}', 2, 'exists() takes 1 argument, got 0'],
    ['${toUpper("a"}', 13, "expected ')' after argument list"],
    ['${payload.count', 0, 'unterminated ${ … }'],
    ['text ${vars.x', 5, 'unterminated ${ … }'],
    ['${"abc}', 0, 'unterminated ${ … }'],
    ['${}', 2, 'empty expression'],
    ['${ }', 2, 'empty expression'],
    ['${1 +}', 5, 'unexpected end of expression'],
    ['${1 2}', 4, "unexpected '2'"],
    ['${vars.x = 1}', 9, "unexpected '='; use '==' to compare"],
    ['${vars.a & vars.b}', 9, "use '&&'"],
    ['${1 ? 2}', 7, "expected ':' in conditional expression"],
    ['${(1 + 2}', 8, "expected ')' to close '('"],
    ['${[1, 2}', 7, "expected ']' to close the array literal"],
    ['${"a\\q"}', 4, "invalid escape sequence '\\q'"],
    ['${"a\\u12"}', 4, 'invalid unicode escape'],
    ['${payload.}', 10, "expected a property name after '.'"],
    ['${payload..}', 11, "expected a property name or '*' after '..'"],
    ['${payload.users.foo()}', 16, "unknown path function '.foo()'"],
    ['${payload.users.sum(1)}', 20, '.sum() takes no arguments'],
    ['${payload.users[1.5]}', 16, 'array index must be an integer'],
    ['${payload.users[1.5:]}', 16, 'slice bounds must be integers'],
    ['${params.x}', 9, "unknown parameter kind 'x'"],
    ['${params}', 8, "expected '.pathParams', '.queryParams' or '.functionParams' after 'params'"],
    ['${@.age}', 2, "'@' (the current element) is only allowed inside a filter"],
    ['${vars.x in [1]}', 9, "'in' is only allowed inside a filter"],
    ['${payload.users[?(@.age > 1]}', 27, "expected ')' to close the filter"],
    ['${payload.users[?@.age > 1]}', 17, "expected '(' after '[?'"],
    ['${payload.users[?(@.name =~ /a(/)]}', 28, 'invalid regular expression'],
    ['${payload.users[?(@.name =~ /a/g)]}', 28, "unsupported regular expression flags 'g'"],
    ['${payload.users[?(@.name =~ 5)]}', 28, "expected a regular expression /…/ after '=~'"],
    ['${split("a", "(")}', 13, 'the delimiter is a regular expression'],
    ['${base64encode("a", "EBCDIC")}', 20, 'unsupported charset "EBCDIC"'],
  ])('%s → offset %i: %s', (text, offset, fragment) => {
    const err = syntaxError(text);
    expect(err.code).toBe('FERRY_ERR_EXPR_SYNTAX');
    expect(err.offset).toBe(offset);
    expect(err.message).toContain(fragment);
    expect(err.unsupported).toBe(false);
  });
});

describe('MI features Ferry does not offer are refused at load with a way forward', () => {
  it.each([
    ['${xpath("//a/b/text()")}', 2, 'payload.root.child'],
    ['x ${xpath("//a", "v")}', 4, 'XML payloads are exposed as objects'],
    ['${registry("gov:/config/x")}', 2, 'configs.name'],
    ['${registry("gov:/x").property("k")}', 2, 'registry() is not supported'],
    ["${secret('alias')}", 2, 'secret() is not supported'],
    ["${hashicorp-vault('path', 'field')}", 2, 'hashicorp-vault() is not supported'],
  ])('%s → offset %i mentions %s', (text, offset, fragment) => {
    const err = syntaxError(text);
    expect(err.code).toBe('FERRY_ERR_EXPR_SYNTAX');
    expect(err.unsupported).toBe(true);
    expect(err.offset).toBe(offset);
    expect(err.message).toContain(fragment);
  });
});

describe('syntax errors in nested config values', () => {
  it('name the keys leading to the broken string', () => {
    const err = syntaxError({ a: { b: ['ok', 'x ${foo}'] } });
    expect(err.path).toEqual(['a', 'b', 1]);
    expect(err.offset).toBe(4);
    expect(err.message).toContain("unknown root 'foo'");
  });

  it.each([
    ['foo', 0, "unknown root 'foo'"],
    ['payload.', 8, "expected a property name after '.'"],
    ['', 0, 'empty expression'],
  ])('compileExpression(%j) → offset %i into the body', (body, offset, fragment) => {
    try {
      compileExpression(body);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ExpressionSyntaxError);
      expect((e as ExpressionSyntaxError).offset).toBe(offset);
      expect((e as ExpressionSyntaxError).message).toContain(fragment);
    }
  });
});

describe('runtime failures name the expression and its position', () => {
  const position = { file: 'file.yaml', line: 3, col: 7 };

  it.each([
    ['${integer(vars.name)}', '${integer(vars.name)}'],
    ['id: ${integer(vars.name)} ok', '${integer(vars.name)}'],
    ['${vars.num1 / 0}', '${vars.num1 / 0}'],
  ])('%s', (text, source) => {
    const err = evalError(text, makeScope(), { position });
    expect(err).toBeInstanceOf(FerryError);
    expect(err.code).toBe('FERRY_ERR_EXPR_EVAL');
    expect(err.statusCode).toBe(500);
    expect(err.position).toBe('file.yaml:3:7');
    expect(err.message).toContain(source);
    // the position is for logs and fault flows; the message (which a client may see) leaves it out
    expect(err.message).not.toContain('file.yaml');
  });

  it('applies to leaves of objects and to compileExpression', () => {
    expect(evalError({ x: ['${1 % 0}'] }, makeScope(), { position })).toMatchObject({ message: expect.stringMatching(/modulo by zero/), position: 'file.yaml:3:7' });
    const err = (() => {
      try {
        compileExpression('1 % 0', { position }).evaluate(makeScope());
      } catch (e) {
        return e as FerryError;
      }
      throw new Error('no error');
    })();
    expect(err).toMatchObject({ message: expect.stringMatching(/in \$\{1 % 0\}$/), position: 'file.yaml:3:7' });
  });

  it('has no position when none was given', () => {
    const err = evalError('${integer("x")}');
    expect(err.position).toBeUndefined();
    expect(err.message).toBe('integer() cannot convert string "x" to an integer in ${integer("x")}');
  });
});
