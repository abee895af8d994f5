import { describe, expect, it } from 'vitest';
import { compileValue } from '../../src/expressions/index.js';
import { makeScope } from './fixture.js';
import { ev } from './helpers.js';

describe('roots', () => {
  it.each([
    ['${payload.count}', 3],
    ['${$.count}', 3],
    ['${$["first name"]}', 'Zoe'],
    ['${vars.name}', 'Ann'],
    ['${vars["last name"]}', 'Smith'],
    ['${vars.sf.payload.records[1].Id}', '002'],
    ['${headers["Content-Type"]}', 'application/json'],
    ['${headers["X-Request-Id"]}', 'req-42'],
    ['${headers.Accept}', ['a', 'b']],
    ['${headers[vars.hdr]}', 'req-42'],
    ['${props.duration}', 'years'],
    ['${properties.duration}', 'years'],
    ['${props.synapse.duration}', 'years'],
    ['${properties.axis2.ERROR_CODE}', 'E1'],
    ['${params.pathParams.id}', '77'],
    ['${params.queryParams.q}', 'shoes'],
    ['${params.functionParams.fp}', 'fv'],
    ['${configs.baseUrl}', 'https://api.example.com'],
    ['${error.code}', 'E_TIMEOUT'],
    ['${error.message}', 'upstream timed out'],
    ['${error.detail.after}', 30],
    ['${error.status}', 504],
  ])('%s → %j', (expr, expected) => {
    expect(ev(expr)).toEqual(expected);
  });

  it('a whole root returns the scope object itself', () => {
    const scope = makeScope();
    expect(ev('${payload}', scope)).toBe(scope.payload);
    expect(ev('${vars}', scope)).toBe(scope.vars);
  });

  it('error reads null outside a fault flow', () => {
    expect(ev('${error.code}', makeScope({ error: null }))).toBeNull();
  });
});

describe('access forms', () => {
  it.each([
    ['dot name', '${payload.order.id}', 'A-1'],
    ['double-quoted bracket', '${payload["order"]["id"]}', 'A-1'],
    ['single-quoted bracket', "${payload['order'].total}", 10.5],
    ['dot before bracket', '${payload.["order"].id}', 'A-1'],
    ['index', '${payload.users[1].name}', 'Bob'],
    ['negative index counts from the end', '${payload.users[-1].name}', 'Cid'],
    ['index from an expression', '${payload.users[vars.idx].name}', 'Bob'],
    ['name from an expression', '${payload[vars.key]}', 3],
    ['nested arrays', '${payload.users[0].tags[1]}', 'ops'],
    ['reserved word after a dot', '${payload.root.child}', 'xml-ish'],
    ['whitespace between tokens', '${ payload . order . id }', 'A-1'],
    ['steps after a function call', '${object(payload.json).b[1]}', 2],
    ['steps after parentheses', '${(payload.users)[0].name}', 'Ann'],
  ])('%s: %s', (_name, expr, expected) => {
    expect(ev(expr)).toEqual(expected);
  });
});

describe('wildcards, deep scan, slices, unions and filters produce arrays', () => {
  it.each([
    ['${payload.users[*].name}', ['Ann', 'Bob', 'Cid']],
    ['${payload.users.*.age}', [34, 17, 25]],
    ['${payload.store.bicycle.*}', ['red', 19]],
    ['${payload..price}', [2.5, 5.5, 8, 22, 19]],
    ['${payload.store..title}', ['A', 'B']],
    ['${payload.order.items..*}', [{ sku: 'x', price: 2.5, qty: 2 }, 'x', 2.5, 2, { sku: 'y', price: 5.5, qty: 1 }, 'y', 5.5, 1]],
    ['${payload.users[0:2].name}', ['Ann', 'Bob']],
    ['${payload.users[1:].name}', ['Bob', 'Cid']],
    ['${payload.users[:1].name}', ['Ann']],
    ['${payload.users[-2:].name}', ['Bob', 'Cid']],
    ['${payload.users[0:3:2].name}', ['Ann', 'Cid']],
    ['${payload.users[0,2].name}', ['Ann', 'Cid']],
    ['${payload.users[*].tags[0]}', ['admin', 'dev']],
    ['${payload.users[?(@.age > 18)].name}', ['Ann', 'Cid']],
    ['${payload.users[?(@.age >= vars.minAge && @.active == true)].name}', ['Ann', 'Cid']],
    ['${payload.users[?(@.age < 18 || @.name == "Cid")].name}', ['Bob', 'Cid']],
    ['${payload.users[?(@.email)].name}', ['Ann']],
    ['${payload.users[?(!@.email)].name}', ['Bob', 'Cid']],
    ['${payload.users[?(@.name in ["Bob", "Cid"])].age}', [17, 25]],
    ['${payload.users[?(@.name nin ["Bob", "Cid"])].age}', [34]],
    ['${payload.users[?(@.tags subsetof ["admin", "ops", "x"])].name}', ['Ann', 'Cid']],
    ['${payload.users[?(@.tags anyof ["dev", "ops"])].name}', ['Ann', 'Bob']],
    ['${payload.users[?(@.tags noneof ["dev"])].name}', ['Ann', 'Cid']],
    ['${payload.users[?(@.tags size 2)].name}', ['Ann']],
    ['${payload.users[?(@.tags empty true)].name}', ['Cid']],
    ['${payload.users[?(@.name =~ /^a.*/i)].name}', ['Ann']],
    ['${payload.users[?(@.name =~ /n/)].name}', []],
    ["${payload.users[?(@.name =~ /b{1}o'?b/i)].age}", [17]],
    ['${payload.users[?(@.name =~ "C.d")].name}', ['Cid']],
    ['${payload.users[?(@.age > "18")].name}', []],
    ['${payload.store.bicycle[?(@.color == "red")].price}', [19]],
    ['${payload.users[?(@.age > 100)]}', []],
  ])('%s → %j', (expr, expected) => {
    expect(ev(expr)).toEqual(expected);
  });
});

describe('aggregate path functions', () => {
  it.each([
    ['${payload.users.length()}', 3],
    ['${payload.users.size()}', 3],
    ['${payload.order.items[*].price.sum()}', 8],
    ['${payload.order.items[*].price.avg()}', 4],
    ['${payload.users[*].age.min()}', 17],
    ['${payload.users[*].age.max()}', 34],
    ['${payload.order.items[*].qty.stddev()}', 0.5],
    ['${payload.order.keys()}', ['id', 'total', 'items']],
    ['${payload.users.first().name}', 'Ann'],
    ['${payload.users.last().name}', 'Cid'],
    ['${payload.users[?(@.age > 100)].age.sum()}', 0],
    ['${payload.users[?(@.age > 100)].first()}', null],
  ])('%s → %j', (expr, expected) => {
    expect(ev(expr)).toEqual(expected);
  });
});

describe('missing paths read as null and never throw', () => {
  it.each([
    '${payload.nope}',
    '${payload.nope.deeper.still}',
    '${payload.count.child}',
    '${payload.users[9].name}',
    '${payload.users.name}',
    '${payload.order[0]}',
    '${payload.nothing.x}',
    '${payload.constructor}',
    '${vars.nope}',
    '${headers["X-Missing"]}',
    '${params.queryParams.nope}',
    '${configs.nope}',
    '${payload.nope.length()}',
  ])('%s → null', (expr) => {
    expect(ev(expr)).toBeNull();
  });

  it('a missing payload (no body) reads as null', () => {
    expect(ev('${payload.a}', makeScope({ payload: undefined }))).toBeNull();
  });
});

describe('exists()', () => {
  it.each([
    ['${exists(payload.count)}', true],
    ['${exists(payload.nope)}', false],
    ['${exists(payload.nothing)}', false],
    ['${exists(payload.users[?(@.age > 100)])}', false],
    ['${exists(payload.users[?(@.age > 30)])}', true],
    ['${exists(vars.nope.deeper)}', false],
    ['${exists("vars.name")}', true],
    ["${exists('vars.nope')}", false],
    ['${exists(integer("abc"))}', false],
    ['${exists(payload.nope) ? payload.nope : "default"}', 'default'],
  ])('%s → %j', (expr, expected) => {
    expect(ev(expr)).toBe(expected);
  });
});

describe('isPath: a whole expression that is a plain path', () => {
  it.each([
    ['${payload}', true],
    ['${payload.users}', true],
    ['${payload.users[0].tags}', true],
    ['${vars["last name"]}', true],
    ['${headers["X-Request-Id"]}', true],
    ['${payload.users[-1]}', true],
    ['${payload.users[*]}', false],
    ['${payload..name}', false],
    ['${payload.users[?(@.age > 1)]}', false],
    ['${payload.users[vars.idx]}', false],
    ['${payload.users.length()}', false],
    ['${length(payload.users)}', false],
    ['${payload.count + 1}', false],
    ['x ${payload.users}', false],
    [' ${payload.users}', false],
  ])('%s → %s', (expr, expected) => {
    expect(compileValue(expr).isPath).toBe(expected);
  });

  it('a plain path returns a reference into the scope, so in-place updates reach it', () => {
    const scope = makeScope();
    const users = compileValue('${payload.users}').evaluate(scope) as unknown[];
    users.push('new');
    expect((scope.payload as { users: unknown[] }).users).toHaveLength(4);
  });
});

describe('deprecated pre-GA spellings are accepted with a warning', () => {
  it.each([
    ['${var.name}', 'Ann', "'vars'", 2],
    ['${config.retries}', 3, "'configs'", 2],
    ['${params.uriParams.id}', '77', "'params.pathParams'", 9],
    ['id=${var.name}', 'id=Ann', "'vars'", 5],
  ])('%s → %j (warns to use %s at offset %i)', (expr, expected, hint, offset) => {
    const warnings: [string, number][] = [];
    const value = ev(expr, makeScope(), { onWarning: (m, o) => warnings.push([m, o]) });
    expect(value).toEqual(expected);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.[0]).toContain(hint);
    expect(warnings[0]?.[1]).toBe(offset);
  });

  it.each(['${vars.name}', '${properties.duration}', '${props.synapse.duration}'])('%s does not warn', (expr) => {
    const warnings: string[] = [];
    compileValue(expr, { onWarning: (m) => warnings.push(m) });
    expect(warnings).toEqual([]);
  });
});
