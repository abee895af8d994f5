import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnosticsOf, load, runSteps, serve } from '../../helpers/project.js';

const ORDER_SCHEMA = `{ type: object, required: [name], additionalProperties: false, properties: { name: { type: string }, email: { type: string, format: email }, "first name": { type: string }, lines: { type: array, items: { type: object, properties: { qty: { type: integer, minimum: 1 } } } } } }`;

describe('validate', () => {
  it('lets a valid payload through', async () => {
    const { mc, response } = await runSteps(`- validate: { schema: ${ORDER_SCHEMA} }\n- variable: { name: after, value: 1 }`, { payload: { name: 'Ada' } });
    expect(response.status).toBe(200);
    expect(mc.vars.after).toBe(1);
  });

  it.each([
    [{ name: 5 }, 'payload.name: must be string'],
    [{}, "payload: must have required property 'name'"],
    [{ name: 'a', extra: 1 }, "payload: must not have property 'extra'"],
    [{ name: 'a', email: 'nope' }, 'payload.email: must match format "email"'],
    [{ name: 'a', 'first name': 1 }, 'payload["first name"]: must be string'],
    [{ name: 'a', lines: [{ qty: 1 }, { qty: 0 }] }, 'payload.lines[1].qty: must be >= 1'],
    [{ name: 1, email: 2 }, 'payload.name: must be string; payload.email: must be string'],
    ['text', 'payload: must be object'],
  ])('fails %j with 400 and "%s"', async (payload, message) => {
    const { response, json } = await runSteps(`- validate: { schema: ${ORDER_SCHEMA} }`, { payload });
    expect(response.status).toBe(400);
    expect(json).toEqual({ error: { code: 'FERRY_ERR_VALIDATE_FAILED', message } });
  });

  it('reports what a failed if/then needs, not that "then" failed', async () => {
    const { json } = await runSteps('- validate: { schema: { if: { properties: { kind: { const: a } } }, then: { required: [x] } } }', { payload: { kind: 'a' } });
    expect(json).toEqual({ error: { code: 'FERRY_ERR_VALIDATE_FAILED', message: "payload: must have required property 'x'" } });
  });

  it('checks `source` and names it in messages', async () => {
    const { json } = await runSteps('- validate: { source: "${payload.order}", schema: { type: object, properties: { id: { type: string } } } }', { payload: { order: { id: 1 } } });
    expect(json).toEqual({ error: { code: 'FERRY_ERR_VALIDATE_FAILED', message: 'payload.order.id: must be string' } });
  });

  it('lists the first ten problems in the message and says how many more', async () => {
    const payload = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i}`, i]));
    const { json } = await runSteps('- validate: { schema: { additionalProperties: { type: string } } }', { payload });
    const message = (json as { error: { message: string } }).error.message;
    expect(message.split('; ')).toHaveLength(11);
    expect(message).toMatch(/^payload\.k0: must be string; .*; payload\.k9: must be string; … 2 more$/);
  });

  it('runs onFail with ${error.*} set, then goes on', async () => {
    const steps = `- validate:
    schema: ${ORDER_SCHEMA}
    onFail:
      - variable: { name: code, expression: "\${error.code}" }
      - variable: { name: message, expression: "\${error.message}" }
      - variable: { name: detail, expression: "\${props.ERROR_DETAIL}" }
- variable: { name: after, value: 1 }`;
    const { mc, response } = await runSteps(steps, { payload: { name: 5 } });
    expect(mc.vars).toEqual({ code: 'FERRY_ERR_VALIDATE_FAILED', message: 'payload.name: must be string', detail: [{ path: 'payload.name', message: 'must be string' }], after: 1 });
    expect(response.status).toBe(200);
  });

  it('stops when onFail halts', async () => {
    const steps = `- validate:
    schema: ${ORDER_SCHEMA}
    onFail:
      - respond: { status: 422, body: { invalid: "\${error.message}" } }
- variable: { name: after, value: 1 }`;
    const { mc, response, json } = await runSteps(steps, { payload: {} });
    expect(response.status).toBe(422);
    expect(json).toEqual({ invalid: "payload: must have required property 'name'" });
    expect(mc.vars.after).toBeUndefined();
  });

  it.each([
    ['schemas/order.json', '{"type": "object", "required": ["id"]}'],
    ['schemas/order.yaml', 'type: object\nrequired: [id]\n'],
  ])('reads schemaFile %s from the project folder', async (file, text) => {
    const step = `- validate: { schemaFile: ${file} }`;
    const good = await runSteps(step, { payload: { id: 1 } }, { [file]: text });
    const bad = await runSteps(step, { payload: {} }, { [file]: text });
    expect(good.response.status).toBe(200);
    expect(bad.json).toEqual({ error: { code: 'FERRY_ERR_VALIDATE_FAILED', message: "payload: must have required property 'id'" } });
  });

  it.each([
    ['draft-04 (as MI examples declare it)', '"http://json-schema.org/draft-04/schema#"', '{ type: object, required: [id] }', { id: 1 }, {}],
    ['draft-07', '"http://json-schema.org/draft-07/schema#"', '{ type: object, required: [id] }', { id: 1 }, {}],
    ['2020-12', '"https://json-schema.org/draft/2020-12/schema"', '{ type: array, prefixItems: [ { type: string } ] }', ['a'], [1]],
    ['2019-09', '"https://json-schema.org/draft/2019-09/schema"', '{ type: object, dependentRequired: { a: [b] } }', { a: 1, b: 2 }, { a: 1 }],
  ])('understands $schema %s', async (_name, declared, schema, good, bad) => {
    const step = `- validate: { schema: { $schema: ${declared}, ${schema.slice(1)} }`;
    expect((await runSteps(step, { payload: good })).response.status).toBe(200);
    expect((await runSteps(step, { payload: bad })).response.status).toBe(400);
  });
});

describe('validate at load', () => {
  it.each([
    ['{ schemaFile: schemas/missing.json }', {}, '3:29 FERRY_ERR_ARTIFACT_MISSING_FILE schema file schemas/missing.json does not exist in the project folder'],
    ['{ schemaFile: ../../../etc/passwd }', {}, '3:29 FERRY_ERR_ARTIFACT_MISSING_FILE ../../../etc/passwd is outside the project folder'],
    ['{ schemaFile: schemas/bad.json }', { 'schemas/bad.json': '{"type": ' }, '3:29 FERRY_ERR_ARTIFACT_INVALID schema file schemas/bad.json is not valid JSON at line 1, column 10: unexpected end of input'],
    ['{ schemaFile: schemas/odd.json }', { 'schemas/odd.json': '{"type": "objekt"}' }, '3:29 FERRY_ERR_ARTIFACT_INVALID invalid JSON Schema in schemas/odd.json: schema is invalid'],
    ['{ schema: { type: objekt } }', {}, '3:25 FERRY_ERR_ARTIFACT_INVALID invalid JSON Schema: schema is invalid: data/type must be equal to one of the allowed values'],
    ['{ schema: { $ref: "#/nowhere" } }', {}, "3:25 FERRY_ERR_ARTIFACT_INVALID invalid JSON Schema: can't resolve reference #/nowhere"],
    ['{ schema: { exclusiveMinimum: true } }', {}, '3:25 FERRY_ERR_ARTIFACT_INVALID invalid JSON Schema: schema is invalid: data/exclusiveMinimum must be number'],
    ['{ schema: {}, schemaFile: a.json }', { 'a.json': '{}' }, '3:15 FERRY_ERR_ARTIFACT_INVALID validate needs exactly one of schema or schemaFile'],
    ['{ onFail: [] }', {}, '3:15 FERRY_ERR_ARTIFACT_INVALID validate needs exactly one of schema or schemaFile'],
    ['{ schema: {}, source: "${payload.}" }', {}, "3:48 FERRY_ERR_EXPR_SYNTAX expected a property name after '.'"],
    ['{ schema: {}, onFail: [ { nope: {} } ] }', {}, "3:41 FERRY_ERR_ARTIFACT_UNKNOWN_MEDIATOR unknown mediator 'nope'"],
    ['{ schema: { $async: true, type: object } }', {}, '3:25 FERRY_ERR_ARTIFACT_INVALID invalid JSON Schema: asynchronous schemas ($async) are not supported'],
    ['{ schema: [] }', {}, '3:25 FERRY_ERR_ARTIFACT_SCHEMA validate: schema: must be object or boolean'],
  ])('%s', (config, files, expected) => {
    const diagnostics = diagnosticsOf(load({ 'sequences/s.yaml': `name: s\nsteps:\n  - validate: ${config}\n`, ...files }));
    expect(diagnostics).toContainEqual(expect.stringContaining(`s.yaml:${expected}`));
  });
});

describe('validate over HTTP', () => {
  let server: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    server = await serve({
      'schemas/order.json': JSON.stringify({ type: 'object', required: ['id'], properties: { id: { type: 'string' } } }),
      'config/apis/orders.yaml': `name: orders
context: /orders
resources:
  - methods: [POST]
    uriTemplate: /
    inSequence:
      - validate: { schemaFile: schemas/order.json }
      - respond: { body: { accepted: "\${payload.id}" } }
`,
    });
  });
  afterAll(() => server.close());

  it.each([
    [{ id: 'A-1' }, 200, { accepted: 'A-1' }],
    [{ id: 1 }, 400, { error: { code: 'FERRY_ERR_VALIDATE_FAILED', message: 'payload.id: must be string' } }],
    [{}, 400, { error: { code: 'FERRY_ERR_VALIDATE_FAILED', message: "payload: must have required property 'id'" } }],
  ])('answers %j with %i', async (body, status, expected) => {
    const res = await fetch(`${server.url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual(expected);
  });
});
