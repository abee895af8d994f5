import { describe, expect, it } from 'vitest';
import { compileValue } from '../../src/expressions/index.js';
import { makeScope } from './fixture.js';
import { ev, evalError } from './helpers.js';

describe('string functions', () => {
  it.each([
    ['${length("hello")}', 5],
    ['${length(payload.users)}', 3],
    ['${length(payload.order)}', 3],
    ['${toUpper(vars.name)}', 'ANN'],
    ['${toUpper(true)}', 'TRUE'],
    ['${toLower("MiXeD")}', 'mixed'],
    ['${subString("integration", 2)}', 'tegration'],
    ['${subString("integration", 0, 2)}', 'in'],
    ['${subString("abc", 3)}', ''],
    ['${startsWith("text", "te")}', true],
    ['${endsWith("text", "xt")}', true],
    ['${endsWith("text", "te")}', false],
    ['${contains("text", "ex")}', true],
    ['${trim(payload.text)}', 'padded'],
    ['${replace("a-b-c", "-", "+")}', 'a+b+c'],
    ['${replace("cost", "c", "$1")}', '$1ost'],
    ['${split("a,b,c", ",")}', ['a', 'b', 'c']],
    ['${split("a1b22c", "[0-9]+")}', ['a', 'b', 'c']],
    ['${split("a,b,,", ",")}', ['a', 'b']],
    ['${split("abc", ",")}', ['abc']],
    ['${split("a,b", ",")[1]}', 'b'],
    ['${charAt("text", 1)}', 'e'],
    ['${indexOf("banana", "an")}', 1],
    ['${indexOf("banana", "an", 2)}', 3],
    ['${indexOf("banana", "x")}', -1],
  ])('%s → %j', (expr, expected) => {
    expect(ev(expr)).toEqual(expected);
  });
});

describe('numeric functions', () => {
  it.each([
    ['${abs(-5)}', 5],
    ['${abs(2.5)}', 2.5],
    ['${floor(3.7)}', 3],
    ['${floor(-3.2)}', -4],
    ['${ceil(3.2)}', 4],
    ['${sqrt(16)}', 4],
    ['${log(1)}', 0],
    ['${pow(2, 10)}', 1024],
    ['${round(2.5)}', 3],
    ['${round(2.4)}', 2],
    ['${round(2.345, 2)}', 2.35],
    ['${round(-2.345, 2)}', -2.35],
    ['${round(7, 2)}', 7],
  ])('%s → %j', (expr, expected) => {
    expect(ev(expr)).toEqual(expected);
  });
});

describe('encoding functions', () => {
  it.each([
    ['${base64encode("text")}', 'dGV4dA=='],
    ['${base64encode("é", "ISO-8859-1")}', '6Q=='],
    ['${base64encode("é")}', 'w6k='],
    ['${base64decode("dGV4dA==")}', 'text'],
    ['${base64decode("dGV4dA")}', 'text'],
    ['${base64decode("6Q==", "ISO-8859-1")}', 'é'],
    ['${urlEncode("text with spaces")}', 'text%20with%20spaces'],
    ['${urlEncode("a*b~c/é")}', 'a%2Ab%7Ec%2F%C3%A9'],
    ['${urlEncode("a b*", "ISO-8859-1")}', 'a+b*'],
    ['${urlDecode("text%20with+spaces%C3%A9")}', 'text with spacesé'],
  ])('%s → %j', (expr, expected) => {
    expect(ev(expr)).toBe(expected);
  });
});

describe('type checks', () => {
  it.each([
    ['${isNumber(payload.count)}', true],
    ['${isNumber(vars.str5)}', false],
    ['${isNumber(payload.nope)}', false],
    ['${isString(vars.name)}', true],
    ['${isString(payload.count)}', false],
    ['${isArray(payload.users)}', true],
    ['${isArray(payload.jsonArray)}', false],
    ['${isObject(payload.order)}', true],
    ['${isObject(payload.users)}', false],
    ['${isNumber(vars.num1) ? vars.num1 * 2 : 0}', 14],
  ])('%s → %j', (expr, expected) => {
    expect(ev(expr)).toBe(expected);
  });
});

describe('conversions', () => {
  it.each([
    ['${integer("42")}', 42],
    ['${integer(" -7 ")}', -7],
    ['${integer(3.9)}', 3],
    ['${integer(params.queryParams.limit) * 2}', 20],
    ['${float("2.5")}', 2.5],
    ['${float("1e3")}', 1000],
    ['${float(4)}', 4],
    ['${string(42)}', '42'],
    ['${string(payload.flag)}', 'true'],
    ['${string(payload.order.items[1])}', '{"sku":"y","price":5.5,"qty":1}'],
    ['${boolean("TRUE")}', true],
    ['${boolean("yes")}', false],
    ['${boolean(false)}', false],
    ['${object(payload.json)}', { a: 1, b: [1, 2] }],
    ['${object(payload.order).id}', 'A-1'],
    ['${array(payload.jsonArray)}', [1, 2, 3]],
    ['${array(payload.users)[0].name}', 'Ann'],
  ])('%s → %j', (expr, expected) => {
    expect(ev(expr)).toEqual(expected);
  });
});

describe('function failures raise FERRY_ERR_EXPR_EVAL naming the function and the value', () => {
  it.each([
    ['${length(42)}', 'length() expects a string, array or object, got number 42'],
    ['${toUpper(payload.order)}', 'toUpper() expects a string as argument 1, got object {"id":"A-1"'],
    ['${toLower(payload.nope)}', 'toLower() got null for argument 1'],
    ['${subString("abc", 5)}', 'subString() indices start=5'],
    ['${subString("abc", 2, 1)}', 'out of range'],
    ['${subString("abc", "1")}', 'subString() expects an integer as argument 2'],
    ['${startsWith(1, "a")}', 'startsWith() expects a string as argument 1'],
    ['${contains("abc", 1)}', 'contains() expects a string as argument 2'],
    ['${trim(5)}', 'trim() expects a string'],
    ['${replace("a", "b", 1)}', 'replace() expects a string as argument 3'],
    ['${split(5, ",")}', 'split() expects a string as argument 1'],
    ['${charAt("abc", 3)}', 'charAt() index 3 is out of range'],
    ['${indexOf(payload.users, "a")}', 'indexOf() expects a string'],
    ['${abs("5")}', 'abs() expects a number as argument 1, got string "5"'],
    ['${sqrt(-1)}', 'sqrt() of number -1 is not a finite number'],
    ['${log(0)}', 'log() of number 0 is not a finite number'],
    ['${pow(10, 400)}', 'pow() of number 10 and number 400 is not a finite number'],
    ['${round(2.5, -1)}', 'round() expects a whole number of decimal places'],
    ['${base64encode(5)}', 'base64encode() expects a string'],
    ['${base64decode("not base64!")}', 'is not valid base64'],
    ['${base64decode("abcde")}', 'is not valid base64'],
    ['${base64encode("x", vars.name)}', 'unsupported charset "Ann"'],
    ['${urlDecode("100%")}', 'urlDecode() input string "100%" has an incomplete or invalid %-escape'],
    ['${integer("abc")}', 'integer() cannot convert string "abc" to an integer'],
    ['${integer("1.5")}', 'integer() cannot convert'],
    ['${integer(true)}', 'integer() cannot convert boolean true'],
    ['${float("1,5")}', 'float() cannot convert string "1,5"'],
    ['${object("not json")}', 'object() could not parse string "not json" as JSON'],
    ['${object(payload.jsonArray)}', 'object() cannot convert'],
    ['${array(payload.json)}', 'array() cannot convert'],
    ['${array(5)}', 'array() cannot convert number 5'],
    ['${string(payload.nope)}', 'string() got null for argument 1'],
  ])('%s fails: %s', (expr, fragment) => {
    const err = evalError(expr);
    expect(err.code).toBe('FERRY_ERR_EXPR_EVAL');
    expect(err.message).toContain(fragment);
  });

  it('never quotes more than 60 characters of a value', () => {
    const secret = 'S'.repeat(500);
    const scope = makeScope();
    const err = evalError('${integer(vars.secret)}', { ...scope, vars: { ...scope.vars, secret } });
    expect(err.message).not.toContain('S'.repeat(61));
    expect(err.message).toContain(`"${'S'.repeat(59)}…`);
  });
});

describe('split() and request data', () => {
  it('splits on a delimiter computed at run time literally, never as a regex', () => {
    const scope = { ...makeScope(), vars: { s: 'a.b(a+)+c', d: '(a+)+' } };
    expect(compileValue('${split(vars.s, vars.d)}').evaluate(scope)).toEqual(['a.b', 'c']);
    expect(compileValue('${split(vars.s, ".")}').evaluate(scope)).toEqual([]);
  });
});
