import { describe, expect, it } from 'vitest';
import { ev, evalError } from './helpers.js';

describe('literals', () => {
  it.each([
    ['${42}', 42],
    ['${-7}', -7],
    ['${3.25}', 3.25],
    ['${1.5e3}', 1500],
    ['${2E-2}', 0.02],
    ['${"double"}', 'double'],
    ["${'single'}", 'single'],
    ['${"tab\\there"}', 'tab\there'],
    ["${'it\\'s'}", "it's"],
    ['${"\\u00e9"}', 'é'],
    ['${true}', true],
    ['${false}', false],
    ['${null}', null],
    ['${[1, "a", true]}', [1, 'a', true]],
  ])('%s → %j', (expr, expected) => {
    expect(ev(expr)).toEqual(expected);
  });
});

describe('arithmetic (MI semantics)', () => {
  it.each([
    ['${vars.num1 + vars.num2}', 9],
    ['${vars.num1 - vars.num2}', 5],
    ['${vars.num1 * vars.num2}', 14],
    ['${vars.num1 / vars.num2}', 3.5],
    ['${8 / 2}', 4],
    ['${vars.num1 % vars.num2}', 1],
    ['${0.1 + 0.2}', 0.3],
    ['${1.1 * 3}', 3.3],
    ['${0.3 - 0.1}', 0.2],
    ['${5.5 % 2}', 1.5],
    ['${0.3 % 0.1}', 0],
    ['${19.99 * 3}', 59.97],
    ['${payload.order.total * 2}', 21],
    ['${-vars.num1}', -7],
    ['${- -3}', 3],
    ['${"Hello " + vars.name}', 'Hello Ann'],
    ['${"n=" + 5}', 'n=5'],
    ['${5 + "x"}', '5x'],
    ['${"b=" + true}', 'b=true'],
    ['${"o=" + payload.order.items[0]}', 'o={"sku":"x","price":2.5,"qty":2}'],
  ])('%s → %j', (expr, expected) => {
    expect(ev(expr)).toEqual(expected);
  });
});

describe('precedence and grouping', () => {
  it.each([
    ['${2 + 3 * 4}', 14],
    ['${(2 + 3) * 4}', 20],
    ['${10 - 4 - 3}', 3],
    ['${2 * 3 % 4}', 2],
    ['${-2 * 3}', -6],
    ['${1 + 2 > 2}', true],
    ['${1 < 2 == true}', true],
    ['${true || false && false}', true],
    ['${(true || false) && false}', false],
    ['${!false && false}', false],
    ['${!(false && false)}', true],
    ['${not true or true}', true],
    ['${1 > 2 ? "a" : "b"}', 'b'],
    ['${true ? false ? 1 : 2 : 3}', 2],
    ['${false ? 1 : false ? 2 : 3}', 3],
    ['${vars.num1 > vars.num2 ? vars.num1 : vars.num2}', 7],
    ['${(vars.num1 + 5) > vars.num2 && (vars.num1 - 3) < 10}', true],
  ])('%s → %j', (expr, expected) => {
    expect(ev(expr)).toEqual(expected);
  });
});

describe('comparison and equality', () => {
  it.each([
    ['${3 < 4}', true],
    ['${4 <= 4}', true],
    ['${5 > 4.5}', true],
    ['${4 >= 5}', false],
    ['${vars.name == "Ann"}', true],
    ['${vars.name != "Ann"}', false],
    ['${1 == "1"}', true],
    ['${true == "true"}', true],
    ['${payload.nope == null}', true],
    ['${payload.nothing == null}', true],
    ['${null == null}', true],
    ['${vars.name == null}', false],
    ['${payload.nope != null}', false],
    ['${payload.order.items[0] == payload.order.items[0]}', true],
  ])('%s → %j', (expr, expected) => {
    expect(ev(expr)).toBe(expected);
  });
});

describe('logical operators', () => {
  it.each([
    ['${true && true}', true],
    ['${true and false}', false],
    ['${false || true}', true],
    ['${false or false}', false],
    ['${!payload.flag}', false],
    ['${not(payload.flag)}', false],
    ['${exists(payload.nope) && payload.nope > 1}', false],
  ])('%s → %j', (expr, expected) => {
    expect(ev(expr)).toBe(expected);
  });
});

describe('operator failures raise FERRY_ERR_EXPR_EVAL', () => {
  it.each([
    ['${vars.num1 / 0}', 'division by zero'],
    ['${vars.num1 % 0}', 'modulo by zero'],
    ['${vars.str5 * 2}', "operator '*' needs two numbers"],
    ['${vars.str5 - 1}', "operator '-' needs two numbers, got string \"5\""],
    ['${true + 1}', "operator '+' needs two numbers or a string"],
    ['${payload.nope + 1}', "operator '+' got null on the left"],
    ['${"a" + payload.nope}', "operator '+' got null on the right"],
    ['${"b" > "a"}', "operator '>' needs two numbers"],
    ['${payload.nope < 3}', "operator '<' got null"],
    ['${1 && true}', 'operator && needs a boolean, got number 1'],
    ['${false || "yes"}', 'operator || needs a boolean'],
    ['${!"x"}', 'operator ! needs a boolean'],
    ['${-"x"}', "operator '-' needs a number"],
    ['${-payload.nope}', "operator '-' got null"],
    ['${payload.count ? 1 : 2}', 'the condition of ?: needs a boolean, got number 3'],
    ['${not(1)}', 'not() expects a boolean'],
  ])('%s fails: %s', (expr, fragment) => {
    const err = evalError(expr);
    expect(err.code).toBe('FERRY_ERR_EXPR_EVAL');
    expect(err.message).toContain(fragment);
    expect(err.message).toContain(expr);
  });
});
