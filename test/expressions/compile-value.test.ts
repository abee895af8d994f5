import { describe, expect, it } from 'vitest';
import { compileExpression, compileValue, hasExpression, renderTemplateValue, scanTemplate } from '../../src/expressions/index.js';
import type { TemplatePart } from '../../src/expressions/index.js';
import { makeScope } from './fixture.js';
import { ev } from './helpers.js';

describe('constants', () => {
  it.each([[42], [2.5], [true], [false], [null], ['plain text'], ['costs $5 {not an expression}'], ['']])('%j is constant', (value) => {
    const c = compileValue(value);
    expect(c.isConstant).toBe(true);
    expect(c.constantValue).toBe(value);
    expect(c.evaluate(makeScope())).toBe(value);
    expect(c.isTemplate).toBe(false);
    expect(c.isPath).toBe(false);
  });
});

describe('a whole ${…} keeps the value type', () => {
  it.each([
    ['${payload.count}', 3],
    ['${payload.flag}', true],
    ['${payload.nothing}', null],
    ['${payload.order.items[0]}', { sku: 'x', price: 2.5, qty: 2 }],
    ['${payload.users[*].age}', [34, 17, 25]],
    ['${vars.num1 * 2}', 14],
    ['${split("a,b", ",")}', ['a', 'b']],
  ])('%s → %j', (expr, expected) => {
    const c = compileValue(expr);
    expect(c.isTemplate).toBe(false);
    expect(c.isConstant).toBe(false);
    expect(c.source).toBe(expr);
    expect(c.evaluate(makeScope())).toEqual(expected);
  });
});

describe('text around ${…} makes a string template', () => {
  it.each([
    ['Hi ${vars.name}!', 'Hi Ann!'],
    [' ${payload.count}', ' 3'],
    ['${payload.count} ', '3 '],
    ['${payload.count}${payload.count}', '33'],
    ['b=${payload.flag}', 'b=true'],
    ['o=${payload.order.items[0]}', 'o={"sku":"x","price":2.5,"qty":2}'],
    ['arr=${vars.list}', 'arr=["a","b","c"]'],
    ['x=${payload.nope}.', 'x=.'],
    ['n=${null}', 'n='],
    ['{"name": "${vars.name}", "n": ${payload.count}}', '{"name": "Ann", "n": 3}'],
    ['cost: $5 and ${vars.num1}', 'cost: $5 and 7'],
    ['${"}"} and ${payload["first name"]}', '} and Zoe'],
    ['status ${error.status}: ${error.code} ${error.message}', 'status 504: E_TIMEOUT upstream timed out'],
  ])('%j → %j', (text, expected) => {
    const c = compileValue(text);
    expect(c.isTemplate).toBe(true);
    expect(c.isPath).toBe(false);
    expect(c.evaluate(makeScope())).toBe(expected);
  });
});

describe('renderTemplateValue', () => {
  it.each([
    ['abc', 'abc'],
    [5, '5'],
    [1.5, '1.5'],
    [true, 'true'],
    [null, ''],
    [undefined, ''],
    [{ a: 1 }, '{"a":1}'],
    [[1, 'x'], '[1,"x"]'],
  ])('%j → %j', (value, expected) => {
    expect(renderTemplateValue(value)).toBe(expected);
  });
});

describe('scanTemplate and hasExpression', () => {
  it.each<[string, TemplatePart[]]>([
    ['plain', [{ kind: 'text', text: 'plain' }]],
    ['', []],
    ['${x}', [{ kind: 'expr', body: 'x', start: 0, end: 4 }]],
    [
      'a ${x} b',
      [
        { kind: 'text', text: 'a ' },
        { kind: 'expr', body: 'x', start: 2, end: 6 },
        { kind: 'text', text: ' b' },
      ],
    ],
    ['${"}"}', [{ kind: 'expr', body: '"}"', start: 0, end: 6 }]],
    ['${a}${b}', [{ kind: 'expr', body: 'a', start: 0, end: 4 }, { kind: 'expr', body: 'b', start: 4, end: 8 }]],
  ])('%j', (text, parts) => {
    expect(scanTemplate(text)).toEqual(parts);
  });

  it.each([
    ['a ${x}', true],
    ['${', true],
    ['a $x {y}', false],
    ['$', false],
  ])('hasExpression(%j) → %s', (text, expected) => {
    expect(hasExpression(text)).toBe(expected);
  });
});

describe('objects and arrays compile leaf by leaf', () => {
  const config = { a: '${vars.name}', b: 2, c: { d: 'x ${payload.count}', fixed: { k: 'v' } }, e: ['${payload.flag}', 'lit'] };

  it('evaluates every string leaf', () => {
    const c = compileValue(config);
    expect(c.isConstant).toBe(false);
    expect(c.evaluate(makeScope())).toEqual({ a: 'Ann', b: 2, c: { d: 'x 3', fixed: { k: 'v' } }, e: [true, 'lit'] });
  });

  it('returns a new object each time, including constant sub-objects', () => {
    const c = compileValue(config);
    const first = c.evaluate(makeScope()) as { c: { fixed: object } };
    const second = c.evaluate(makeScope()) as { c: { fixed: object } };
    expect(first).not.toBe(second);
    expect(first.c.fixed).not.toBe(second.c.fixed);
    expect(first.c.fixed).not.toBe(config.c.fixed);
  });

  it.each([[{ a: 1, b: ['x', { c: null }] }], [['a', 2, true]], [{}], [[]]])('%j with only constant leaves is constant and evaluates to a fresh copy', (value) => {
    const c = compileValue(value);
    expect(c.isConstant).toBe(true);
    expect(c.constantValue).toBe(value);
    expect(c.evaluate(makeScope())).toEqual(value);
    expect(c.evaluate(makeScope())).not.toBe(value);
  });

  it('gives each leaf its own options, so errors and warnings point at the leaf', () => {
    const warnings: string[] = [];
    const c = compileValue(
      { a: { b: ['${var.name}', '${integer("x")}'] } },
      { leaf: (path) => ({ position: { file: 'f.yaml', line: path.length, col: 1 }, onWarning: (m) => warnings.push(`${path.join('.')}: ${m}`) }) },
    );
    expect(warnings).toEqual([expect.stringMatching(/^a\.b\.0: /)]);
    expect(() => c.evaluate(makeScope())).toThrow(expect.objectContaining({ position: 'f.yaml:3:1' }));
  });

  it('an array of expressions evaluates to a new array', () => {
    expect(ev(['${payload.count}', '${vars.name}'])).toEqual([3, 'Ann']);
  });

  it('a "__proto__" key stays an own property', () => {
    const value = JSON.parse('{"__proto__": "${vars.name}"}') as unknown;
    const out = ev(value) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });
});

describe('compileExpression takes the text inside ${ }', () => {
  it.each([
    ['payload.count + 1', 4, false],
    ['vars.name', 'Ann', true],
    ['toUpper(vars.name)', 'ANN', false],
  ])('%s → %j (isPath %s)', (body, expected, isPath) => {
    const c = compileExpression(body);
    expect(c.evaluate(makeScope())).toEqual(expected);
    expect(c.isPath).toBe(isPath);
    expect(c.source).toBe(`\${${body}}`);
    expect(c.isTemplate).toBe(false);
  });
});
