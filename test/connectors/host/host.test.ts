import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnosticsOf, loadWithConnectors, serve } from '../../helpers/project.js';
import { KV_DESCRIPTOR, KV_MODULE } from './echo-connector.js';

const KV = { 'connectors/kv/connector.yaml': KV_DESCRIPTOR, 'connectors/kv/index.js': KV_MODULE };
const SERVER = 'connections:\n  store: { connector: kv, type: memory, table: t1 }\n  tiny: { connector: kv, table: t2, capacity: 1 }\n  sf: { connector: salesforce, type: basicAuth, username: u, password: p }\n';
const api = (steps: string) => `name: a\ncontext: /a\nresources:\n  - methods: [POST]\n    inSequence:\n${steps.trim().split('\n').map((l) => `      ${l}`).join('\n')}\n`;

describe('connector host: loading', () => {
  it('loads a project connector (plain JS) beside the built-in Salesforce one', async () => {
    const result = await loadWithConnectors({ ...KV, 'config/server.yaml': SERVER, 'config/apis/a.yaml': api('- kv.put: { configKey: store, key: a, value: 1 }') });
    expect(diagnosticsOf(result)).toEqual([]);
    const names = result.project!.registry.all().map((d) => d.name);
    expect(names).toEqual(expect.arrayContaining(['kv.put', 'kv.get', 'kv.init', 'salesforce.query', 'salesforce.init']));
  });

  it.each([
    ['an unknown connector', '- kvv.put: { configKey: store, key: a, value: 1 }', "a.yaml:6:9 FERRY_ERR_ARTIFACT_UNKNOWN_MEDIATOR unknown mediator 'kvv.put'; did you mean 'kv.put'?"],
    ['an unknown operation', '- kv.pot: { configKey: store, key: a, value: 1 }', "a.yaml:6:9 FERRY_ERR_ARTIFACT_UNKNOWN_MEDIATOR unknown mediator 'kv.pot'; did you mean 'kv.put'?"],
    ['an unknown parameter', '- kv.put: { configKey: store, key: a, value: 1, tll: 3 }', "a.yaml:6:55 FERRY_ERR_ARTIFACT_SCHEMA kv.put: tll: unknown property 'tll'"],
    ['a missing required parameter', '- kv.put: { configKey: store, value: 1 }', "a.yaml:6:17 FERRY_ERR_ARTIFACT_SCHEMA kv.put: missing required parameter 'key'"],
    ['a literal of the wrong type', '- kv.put: { configKey: store, key: a, value: 1, ttl: soon }', 'a.yaml:6:60 FERRY_ERR_ARTIFACT_SCHEMA kv.put: ttl: must be integer'],
    ['a configKey naming no connection', '- kv.put: { configKey: stor, key: a, value: 1 }', "a.yaml:6:30 FERRY_ERR_ARTIFACT_MISSING_CONNECTION connection 'stor' is not defined in config/server.yaml connections; did you mean 'store'?"],
    ['a connection of another connector', '- kv.put: { configKey: sf, key: a, value: 1 }', "a.yaml:6:30 FERRY_ERR_CONNECTION_TYPE connection 'sf' is a salesforce connection, not a kv one"],
    ['a connection type the operation refuses', '- salesforce.query: { configKey: sf, q: SELECT Id FROM Account }', "a.yaml:6:40 FERRY_ERR_CONNECTION_TYPE connection 'sf' is of type basicAuth; salesforce.query needs oauth2"],
    ['an alias and its parameter together', '- kv.put: { configKey: store, key: a, name: b, value: 1 }', 'a.yaml:6:51 FERRY_ERR_ARTIFACT_SCHEMA kv.put: key and name are the same parameter; give one'],
  ])('reports %s with file:line:col', async (_name, step, expected) => {
    const result = await loadWithConnectors({ ...KV, 'config/server.yaml': SERVER, 'config/apis/a.yaml': api(step) });
    expect(diagnosticsOf(result)).toContainEqual(expected);
  });

  it.each([
    ['a connector that is not installed', 'connections:\n  x: { connector: kvx, table: t }\n', "server.yaml:2:19 FERRY_ERR_CONNECTION_INVALID connection 'x' names connector 'kvx', which is not installed; did you mean 'kv'?"],
    ['an unknown connection type', 'connections:\n  x: { connector: kv, type: disk, table: t }\n', "server.yaml:2:29 FERRY_ERR_CONNECTION_INVALID connection 'x': kv has no connection type 'disk' (it has memory)"],
    ['a parameter the type does not know', 'connections:\n  x: { connector: kv, table: t, size: 3 }\n', "server.yaml:2:33 FERRY_ERR_CONNECTION_INVALID connection 'x': size: unknown property 'size'"],
    ['a missing required parameter', 'connections:\n  x: { connector: kv }\n', "server.yaml:2:6 FERRY_ERR_CONNECTION_INVALID connection 'x': (top level): missing required property 'table'"],
    ['a Salesforce oauth2 connection without its client secret', 'connections:\n  x: { connector: salesforce, clientId: a }\n', "server.yaml:2:6 FERRY_ERR_CONNECTION_INVALID connection 'x': (top level): missing required property 'clientSecret'"],
  ])('checks connections in server.yaml: %s', async (_name, yaml, expected) => {
    const result = await loadWithConnectors({ ...KV, 'config/server.yaml': yaml });
    expect(diagnosticsOf(result)).toContainEqual(expected);
  });

  it.each([
    ['a descriptor that breaks the schema', { 'connectors/bad/connector.yaml': 'name: bad\nversion: 1\ndescription: x\nconnectionTypes: {}\noperations: {}\n', 'connectors/bad/index.js': 'export const operations = {};' }, 'connector.yaml:2:10 FERRY_ERR_CONNECTOR_INVALID version: must be string'],
    ['an operation without code', { 'connectors/kv/connector.yaml': KV_DESCRIPTOR, 'connectors/kv/index.js': 'export function createClient() { return {}; }\nexport const operations = { put: async () => ({}) };' }, "connector.yaml:28:5 FERRY_ERR_CONNECTOR_INVALID operation 'get' has no function in the connector module"],
    ['a module that does not load', { 'connectors/kv/connector.yaml': KV_DESCRIPTOR, 'connectors/kv/index.js': 'export const = ;' }, 'connector.yaml:1:1 FERRY_ERR_CONNECTOR_INVALID connector module'],
    ['a second connector with a built-in name', { 'connectors/sf/connector.yaml': KV_DESCRIPTOR.replace('name: kv', 'name: salesforce'), 'connectors/sf/index.js': KV_MODULE }, "connector.yaml:1:7 FERRY_ERR_REGISTRY_DUPLICATE a connector named 'salesforce' is already loaded from"],
  ])('refuses %s', async (_name, files, expected) => {
    const result = await loadWithConnectors(files);
    expect(diagnosticsOf(result)).toContainEqual(expect.stringContaining(expected));
  });
});

describe('connector host: running', () => {
  let server: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    server = await serve({
      ...KV,
      'config/server.yaml': SERVER,
      'config/apis/a.yaml': `name: a
context: /a
resources:
  - methods: [POST]
    uriTemplate: /put
    inSequence:
      - kv.put: { configKey: store, key: "\${payload.key}", value: "\${payload.value}", responseVariable: r }
      - respond: { body: { kept: "\${payload}", result: "\${vars.r}" } }
  - methods: [POST]
    uriTemplate: /put-overwrite
    inSequence:
      - kv.put: { configKey: store, key: "\${payload.key}", value: 1, responseVariable: r, overwriteBody: true }
      - respond: { body: { body: "\${payload}", result: "\${vars.r}" } }
  - methods: [GET]
    uriTemplate: /get/{key}
    inSequence:
      - kv.get: { configKey: store, key: "\${params.pathParams.key}" }
      - respond: {}
  - methods: [GET]
    uriTemplate: /lenient/{key}
    inSequence:
      - kv.get: { configKey: store, key: "\${params.pathParams.key}", failOnError: false, responseVariable: r }
      - respond: { body: "\${vars.r}" }
  - methods: [GET]
    uriTemplate: /handled/{key}
    inSequence:
      - kv.get: { configKey: store, key: "\${params.pathParams.key}" }
    faultSequence:
      - respond: { status: 200, body: { code: "\${error.code}", status: "\${error.status}", detail: "\${error.detail}" } }
  - methods: [POST]
    uriTemplate: /typed
    inSequence:
      - kv.put: { configKey: store, key: a, value: 1, ttl: "\${payload.ttl}" }
  - methods: [POST]
    uriTemplate: /inline
    inSequence:
      - kv.init: { table: "inline-\${payload.t}" }
      - kv.put: { key: k, value: "\${payload.t}", responseVariable: r }
      - respond: { body: "\${vars.r.attributes}" }
  - methods: [POST]
    uriTemplate: /no-connection
    inSequence:
      - kv.put: { key: k, value: 1 }
  - methods: [POST]
    uriTemplate: /full
    inSequence:
      - kv.put: { configKey: tiny, key: "\${payload.key}", value: 1 }
`,
    });
  });
  afterAll(() => server?.close());

  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${server.url}/a${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const get = async (path: string) => {
    const res = await fetch(`${server.url}/a${path}`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('responseVariable keeps the body and stores {payload, headers, attributes}', async () => {
    expect(await post('/put', { key: 'x', value: [1, 2] })).toEqual({
      status: 200,
      body: { kept: { key: 'x', value: [1, 2] }, result: { payload: { stored: true }, headers: { 'x-kv': 'put' }, attributes: { statusCode: 201, size: expect.any(Number), client: expect.any(Number) } } },
    });
  });

  it('overwriteBody replaces the body; the variable keeps headers and attributes', async () => {
    const { body } = await post('/put-overwrite', { key: 'y' });
    expect(body.body).toEqual({ stored: true });
    expect(body.result).toEqual({ headers: { 'x-kv': 'put' }, attributes: { statusCode: 201, size: expect.any(Number), client: expect.any(Number) } });
  });

  it('without responseVariable the result replaces the body', async () => {
    await post('/put', { key: 'z', value: 'zed' });
    expect(await get('/get/z')).toEqual({ status: 200, body: { key: 'z', value: 'zed' } });
  });

  it('an error answer is a fault with the connector code; the default handler passes the upstream answer through', async () => {
    expect(await get('/get/none')).toEqual({ status: 404, body: { code: 'NO_KEY', reason: 'no key none' } });
  });

  it('a fault sequence sees error.code, error.status and error.detail', async () => {
    expect(await get('/handled/none')).toEqual({ status: 200, body: { code: 'KV_NO_KEY', status: 404, detail: { code: 'NO_KEY', reason: 'no key none' } } });
  });

  it('failOnError: false keeps the error answer in the variable', async () => {
    expect((await get('/lenient/none')).body).toMatchObject({ payload: { code: 'NO_KEY' }, attributes: { statusCode: 404 } });
  });

  it('validates parameters again after evaluation', async () => {
    const res = await post('/typed', { ttl: 'soon' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'FERRY_ERR_CONNECTOR_PARAMS', message: 'kv.put: ttl: must be integer' } });
    expect((await post('/typed', { ttl: '30' })).status).toBe(201);
  });

  it('init opens an inline connection, cached by its parameters across messages', async () => {
    const first = await post('/inline', { t: 'one' });
    const second = await post('/inline', { t: 'one' });
    const other = await post('/inline', { t: 'two' });
    expect(first.body).toMatchObject({ statusCode: 201, size: 1 });
    // the same parameters in a later message: the same client, not a new one
    expect(second.body).toMatchObject({ size: 1, client: first.body.client });
    expect(other.body).toMatchObject({ size: 1 });
    expect(other.body.client).not.toBe(first.body.client);
  });

  it('a step without configKey and without init is a coded fault', async () => {
    expect(await post('/no-connection', {})).toEqual({ status: 500, body: { error: { code: 'FERRY_ERR_CONNECTION_MISSING', message: 'kv.put has no configKey and no kv.init ran before it in this flow' } } });
  });

  it('a connector answer without a body the connector describes is still a coded fault', async () => {
    await post('/full', { key: 'first' });
    const res = await post('/full', { key: 'second' });
    expect(res).toEqual({ status: 507, body: { code: 'FULL', reason: 'table tiny is full' } });
  });
});
