import { describe, expect, it } from 'vitest';
import { diagnosticsOf, load, runSteps } from '../../helpers/project.js';

const input = () => ({
  payload: { customer: { name: 'Ada' }, items: [{ sku: 'A' }], note: 'hi' },
  vars: { extra: { sku: 'B' }, list: [1] },
});

describe('enrich sources', () => {
  it.each([
    ['{ type: body }', { customer: { name: 'Ada' }, items: [{ sku: 'A' }], note: 'hi' }],
    ['{ type: variable, name: extra }', { sku: 'B' }],
    ['{ type: property, name: p }', 'prop'],
    ['{ type: variable, name: unknown }', null],
    ['{ type: inline, value: { id: "${payload.note}", n: 1 } }', { id: 'hi', n: 1 }],
    ['{ type: inline, value: plain }', 'plain'],
    ['{ type: expression, expression: "${payload.customer.name}" }', 'Ada'],
    ['{ type: expression, expression: "${length(payload.items)}" }', 1],
  ])('%s into a variable', async (source, expected) => {
    const { mc } = await runSteps(`- property: { name: p, value: prop }\n- enrich: { source: ${source}, target: { type: variable, name: out } }`, input());
    expect(mc.vars.out).toEqual(expected);
  });

  it.each(['type: body', 'type: expression, expression: "${payload.customer}"', 'type: inline, value: { c: "${payload.customer}" }'])('{ %s } is copied by default and shared with clone: false (MI reference)', async (source) => {
    const copied = await runSteps(`- enrich: { source: { ${source} }, target: { type: variable, name: out } }`, input());
    const shared = await runSteps(`- enrich: { source: { ${source}, clone: false }, target: { type: variable, name: out } }`, input());
    for (const { mc } of [copied, shared]) (mc.payload as { customer: { name: string } }).customer.name = 'changed';
    expect(JSON.stringify(copied.mc.vars.out)).not.toContain('changed');
    expect(JSON.stringify(shared.mc.vars.out)).toContain('changed');
  });
});

describe('enrich targets', () => {
  it.each([
    ['body', '{ type: variable, name: extra }', '{ type: body }', (r: Outcome) => r.mc.payload, { sku: 'B' }],
    ['property', '{ type: variable, name: extra }', '{ type: property, name: saved }', (r: Outcome) => r.mc.props.saved, { sku: 'B' }],
    ['child: append to an array', '{ type: variable, name: extra }', '{ type: child, path: "${payload.items}" }', (r: Outcome) => r.mc.payload, { customer: { name: 'Ada' }, items: [{ sku: 'A' }, { sku: 'B' }], note: 'hi' }],
    ['child: append to an array in a variable', '{ type: inline, value: 2 }', '{ type: child, path: "${vars.list}" }', (r: Outcome) => r.mc.vars.list, [1, 2]],
    ['child: merge an object', '{ type: inline, value: { city: Oslo } }', '{ type: child, path: "${payload.customer}" }', (r: Outcome) => r.mc.payload, { customer: { name: 'Ada', city: 'Oslo' }, items: [{ sku: 'A' }], note: 'hi' }],
    ['child: set a key', '{ type: inline, value: { city: Oslo } }', '{ type: child, path: "${payload.customer}", key: address }', (r: Outcome) => r.mc.payload, { customer: { name: 'Ada', address: { city: 'Oslo' } }, items: [{ sku: 'A' }], note: 'hi' }],
    ['key: rename in place', '{ type: inline, value: fullName }', '{ type: key, path: "${payload.customer}", key: name }', (r: Outcome) => Object.keys((r.mc.payload as { customer: object }).customer), ['fullName']],
    ['key: rename keeps the order', '{ type: inline, value: memo }', '{ type: key, path: "${payload}", key: items }', (r: Outcome) => Object.keys(r.mc.payload as object), ['customer', 'memo', 'note']],
  ])('%s', async (_name, source, target, read, expected) => {
    const result = await runSteps(`- enrich: { source: ${source}, target: ${target} }`, input());
    expect(read(result)).toEqual(expected);
  });

  it('replacing a text body with an object makes it JSON', async () => {
    const { response } = await runSteps('- enrich: { source: { type: inline, value: { a: 1 } }, target: { type: body } }\n- respond: {}', { payload: 'text', contentType: 'text/plain' });
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.body).toBe('{"a":1}');
  });

  it('keeps an XML body XML', async () => {
    const { response } = await runSteps('- enrich: { source: { type: inline, value: { b: x } }, target: { type: body } }\n- respond: {}', { payload: { a: '1' }, contentType: 'application/xml' });
    expect(response.body).toBe('<b>x</b>');
  });

  it('merges a "__proto__" key from a request as data, not as a prototype', async () => {
    const { mc } = await runSteps('- enrich: { source: { type: expression, expression: "${payload.add}" }, target: { type: child, path: "${payload.into}" } }', {
      payload: JSON.parse('{"into": {}, "add": {"__proto__": {"polluted": true}}}'),
    });
    const into = (mc.payload as { into: Record<string, unknown> }).into;
    expect(Object.keys(into)).toEqual(['__proto__']);
    expect(into.polluted).toBeUndefined();
  });
});

type Outcome = Awaited<ReturnType<typeof runSteps>>;

describe('enrich failures at run time', () => {
  it.each([
    ['a missing child path', '{ type: child, path: "${payload.nope}" }', '{ type: inline, value: 1 }', 'enrich: ${payload.nope} is null; a child target needs an array or an object'],
    ['a text child path', '{ type: child, path: "${payload.note}" }', '{ type: inline, value: 1 }', 'enrich: ${payload.note} is string; a child target needs an array or an object'],
    ['a scalar merged into an object', '{ type: child, path: "${payload.customer}" }', '{ type: inline, value: 1 }', "enrich: cannot merge number into the object at ${payload.customer}; give 'key' to set it as a property"],
    ['a key on an array', '{ type: child, path: "${payload.items}", key: k }', '{ type: inline, value: 1 }', "enrich: ${payload.items} is an array; 'key' applies to objects"],
    ['renaming a missing key', '{ type: key, path: "${payload.customer}", key: nope }', '{ type: inline, value: x }', "enrich: the object at ${payload.customer} has no property 'nope'"],
    ['renaming to a taken name', '{ type: key, path: "${payload}", key: note }', '{ type: inline, value: items }', "enrich: the object at ${payload} already has a property 'items'"],
    ['renaming to a non-string', '{ type: key, path: "${payload.customer}", key: name }', '{ type: inline, value: 5 }', "enrich: the new name for 'name' at ${payload.customer} must be a non-empty string, not number"],
    ['renaming on a non-object', '{ type: key, path: "${payload.items}", key: name }', '{ type: inline, value: x }', 'enrich: ${payload.items} is array; a key target needs an object'],
  ])('%s is FERRY_ERR_ENRICH_TARGET naming the path', async (_name, target, source, message) => {
    const { response, json } = await runSteps(`- enrich: { source: ${source}, target: ${target} }`, input());
    expect(response.status).toBe(500);
    expect(json).toEqual({ error: { code: 'FERRY_ERR_ENRICH_TARGET', message } });
  });
});

describe('enrich at load', () => {
  it.each([
    ['{ source: { type: variable }, target: { type: body } }', "3:23 FERRY_ERR_ARTIFACT_INVALID source type variable needs 'name'"],
    ['{ source: { type: body, name: x }, target: { type: body } }', "3:43 FERRY_ERR_ARTIFACT_INVALID source type body does not take 'name'"],
    ['{ source: { type: inline }, target: { type: body } }', "3:23 FERRY_ERR_ARTIFACT_INVALID source type inline needs 'value'"],
    ['{ source: { type: expression }, target: { type: body } }', "3:23 FERRY_ERR_ARTIFACT_INVALID source type expression needs 'expression'"],
    ['{ source: { type: body }, target: { type: property } }', "3:47 FERRY_ERR_ARTIFACT_INVALID target type property needs 'name'"],
    ['{ source: { type: body }, target: { type: child } }', "3:47 FERRY_ERR_ARTIFACT_INVALID target type child needs 'path'"],
    ['{ source: { type: body }, target: { type: key, path: "${payload}" } }', "3:47 FERRY_ERR_ARTIFACT_INVALID target type key needs 'key'"],
    ['{ source: { type: body }, target: { type: body, key: k } }', "3:66 FERRY_ERR_ARTIFACT_INVALID target type body does not take 'key'"],
    ['{ source: { type: body }, target: { type: child, path: "${payload.items[*]}" } }', '3:68 FERRY_ERR_ARTIFACT_INVALID target.path must be a plain path'],
    ['{ source: { type: body }, target: { type: child, path: "payload.items" } }', '3:68 FERRY_ERR_ARTIFACT_INVALID target.path must be a plain path'],
    ['{ source: { type: expression, expression: "${payload.}" }, target: { type: body } }', "3:66 FERRY_ERR_EXPR_SYNTAX expected a property name after '.'"],
    ['{ source: { type: envelope }, target: { type: body } }', '3:31 FERRY_ERR_ARTIFACT_SCHEMA enrich: source.type: must be one of'],
    ['{ source: { type: body } }', "3:13 FERRY_ERR_ARTIFACT_SCHEMA enrich: (top level): missing required property 'target'"],
  ])('%s', (config, expected) => {
    const diagnostics = diagnosticsOf(load({ 'sequences/s.yaml': `name: s\nsteps:\n  - enrich: ${config}\n` }));
    expect(diagnostics).toContainEqual(expect.stringContaining(`s.yaml:${expected}`));
  });
});
