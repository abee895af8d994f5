import { describe, expect, it } from 'vitest';
import { soqlEscape } from '../../connectors/salesforce/src/soql.js';
import { makeScope } from './fixture.js';
import { ev, evalError } from './helpers.js';

/** Evaluate `expr` with `vars.x` set to `x`. */
const withX = (expr: string, x: unknown) => ev(expr, makeScope({ vars: { x } }));

describe('soqlString(x): a quoted SOQL string literal (reference §5.1)', () => {
  it.each([
    ['plain text', 'Acme', "'Acme'"],
    ['a single quote', "O'Brien", "'O\\'Brien'"],
    ['a double quote', 'say "hi"', "'say \\\"hi\\\"'"],
    ['a backslash', 'a\\b', "'a\\\\b'"],
    ['backslash before a quote: the backslash is escaped first, once', "\\'", "'\\\\\\''"],
    ['newline, CR and tab', 'a\nb\rc\td', "'a\\nb\\rc\\td'"],
    ['bell/backspace and form feed', 'a\bb\fc', "'a\\bb\\fc'"],
    ['another control character as \\uXXXX', 'a\u0001b\u007f', "'a\\u0001b\\u007f'"],
    ['% and _ untouched (they are literal outside LIKE)', '50%_off', "'50%_off'"],
    ['non-ASCII untouched', 'Zürich ☃', "'Zürich ☃'"],
    ['the empty string', '', "''"],
    ['the classic injection', "x' OR Name LIKE '%", "'x\\' OR Name LIKE \\'%'"],
  ])('%s', (_name, x, literal) => {
    expect(withX('${soqlString(vars.x)}', x)).toBe(literal);
  });

  it('inside a template it builds a WHERE clause', () => {
    expect(ev("SELECT Id FROM Account WHERE Name = ${soqlString(vars.name)}")).toBe("SELECT Id FROM Account WHERE Name = 'Ann'");
  });
});

describe('soqlLike(x): escaped text for inside a LIKE pattern, without quotes', () => {
  it.each([
    ['plain text', 'Acme', 'Acme'],
    ['% and _ match themselves', '50%_off', '50\\%\\_off'],
    ['quotes and backslashes escaped as in soqlString', "O'B\\", "O\\'B\\\\"],
    ['the classic injection', "x' OR Name LIKE '%", "x\\' OR Name LIKE \\'\\%"],
  ])('%s', (_name, x, text) => {
    expect(withX('${soqlLike(vars.x)}', x)).toBe(text);
  });

  it('the author adds the wildcards and the quotes', () => {
    expect(withX("Name LIKE '%${soqlLike(vars.x)}%'", 'a_b')).toBe("Name LIKE '%a\\_b%'");
  });
});

describe('SOQL functions: bad arguments', () => {
  it.each([
    ['${soqlString(5)}', 'soqlString() expects a string as argument 1'],
    ['${soqlLike(payload.users)}', 'soqlLike() expects a string as argument 1'],
    ['${soqlString(payload.nothing)}', 'soqlString() got null for argument 1'],
  ])('%s fails with FERRY_ERR_EXPR_EVAL', (expr, message) => {
    const err = evalError(expr);
    expect(err.code).toBe('FERRY_ERR_EXPR_EVAL');
    expect(err.message).toContain(message);
  });

  it('a wrong arity is a syntax error at load', () => {
    expect(() => ev('${soqlString("a", "b")}')).toThrow(/soqlString/);
  });
});

describe('soqlEscape round trip', () => {
  // a literal the sandbox's lexer rules would decode back to the original value
  const decode = (text: string) =>
    text.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_m, e: string) =>
      e.length === 5 ? String.fromCharCode(parseInt(e.slice(1), 16)) : ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[e] ?? e,
    );
  it.each([["\\'\\\\''"], ['\u0000\u001f\\n'], ['🚀 \t end'], ["'".repeat(5)]])('%j survives escaping', (value) => {
    const escaped = soqlEscape(value);
    expect(escaped).not.toMatch(/(^|[^\\])(\\\\)*'/);
    expect(decode(escaped)).toBe(value);
  });
});
