import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { LoadedApi } from '../../src/artifacts/apis.js';
import { loadProject, type Project } from '../../src/artifacts/project.js';
import { openApiDocument, openApiFor, openApiYaml, type OpenApiDocument } from '../../src/server/openapi.js';
import { ROOT } from '../helpers/cli.js';
import { captureLogger, diagnosticsOf, load, serve } from '../helpers/project.js';

const SERVER = 'http://127.0.0.1:8290';

/** The document checked by a maintained OpenAPI validator: its schema, and every $ref resolving. */
async function expectValid(doc: OpenApiDocument): Promise<void> {
  const result = await new Validator().validate(doc);
  expect(result.errors, JSON.stringify(result.errors, null, 2)).toBeUndefined();
  expect(result.valid).toBe(true);
}

type Operation = {
  operationId: string;
  summary?: string;
  parameters?: { name: string; in: string; required: boolean; schema: unknown; description?: string }[];
  requestBody?: { required: boolean; content: Record<string, { schema?: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema?: unknown }> }>;
};
const paths = (doc: OpenApiDocument) => doc.paths as Record<string, Record<string, Operation>>;
const components = (doc: OpenApiDocument) => (doc.components as { schemas: Record<string, unknown> }).schemas;

function loaded(files: Record<string, string>): Project {
  const result = load(files);
  if (!result.project) throw new Error(`project did not load:\n${diagnosticsOf(result).join('\n')}`);
  return result.project;
}

function apiOf(files: Record<string, string>, name: string): LoadedApi {
  return loaded(files).apis.find((a) => a.name === name)!;
}

describe('OpenAPI documents of the example project', () => {
  let project: Project;
  beforeAll(() => {
    const result = loadProject(ROOT, { logger: captureLogger('silent').logger });
    if (!result.project) throw new Error(diagnosticsOf(result).join('\n'));
    project = result.project;
  });
  afterAll(() => project.close());

  it('every API has a valid OpenAPI 3.1 document, in JSON and in YAML', async () => {
    expect(project.apis.map((a) => a.name).sort()).toEqual(['accounts', 'bulk', 'echo', 'orders', 'salesforce', 'salesforcerest', 'transform']);
    for (const api of project.apis) {
      const doc = openApiDocument(api, SERVER);
      await expectValid(doc);
      expect(doc).toMatchObject({ openapi: '3.1.0', info: { title: api.name, version: '1.0.0' }, servers: [{ url: `${SERVER}${api.context}` }] });
      expect(parse(openApiYaml(doc))).toEqual(doc);
    }
  });

  it('orders: path parameters are required strings, query-template parameters optional', () => {
    const doc = openApiFor(project, 'orders', SERVER)!;
    expect(Object.keys(paths(doc))).toEqual(['/{id}', '/{id}/summary']);
    expect(paths(doc)['/{id}']!.get).toMatchObject({
      operationId: 'get_id',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { '200': { description: 'Success' }, default: { content: { 'application/json': { schema: { $ref: '#/components/schemas/FerryError' } } } } },
    });
    expect(paths(doc)['/{id}/summary']!.get!.parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'currency', in: 'query', required: false, schema: { type: 'string' } },
    ]);
    expect(paths(doc)['/{id}']!.get!.requestBody).toBeUndefined();
  });

  it("accounts: one path item holds the methods of resources on the same path, each with its own operationId", () => {
    const doc = openApiFor(project, 'accounts', SERVER)!;
    expect(Object.keys(paths(doc)['/']!).sort()).toEqual(['get', 'post']);
    expect(Object.keys(paths(doc)['/{id}']!).sort()).toEqual(['delete', 'get', 'patch']);
    const ids = Object.values(paths(doc)).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(ids.sort()).toEqual(['delete_id', 'get_id', 'get_root', 'patch_id', 'post_root']);
    expect(paths(doc)['/']!.get!.parameters).toEqual([{ name: 'name', in: 'query', required: false, schema: { type: 'string' } }]);
    // no declared shape: any body
    expect(paths(doc)['/']!.post!.requestBody).toEqual({ required: false, content: { '*/*': {} } });
  });

  it('bulk: a streamBody resource takes CSV or bytes as a binary body', () => {
    const doc = openApiFor(project, 'bulk', SERVER)!;
    expect(paths(doc)['/accounts']!.post!.requestBody).toEqual({
      required: true,
      content: { 'text/csv': { schema: { type: 'string', format: 'binary' } }, 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
    });
    expect(paths(doc)['/accounts']!.post!.parameters).toEqual([{ name: 'wait', in: 'query', required: false, schema: { type: 'string' } }]);
    expect(paths(doc)['/accounts.csv']!.get!.operationId).toBe('get_accounts_csv');
  });

  it('is undefined for an API the project does not have', () => {
    expect(openApiFor(project, 'nope', SERVER)).toBeUndefined();
  });
});

describe('OpenAPI paths from uriTemplates', () => {
  const api = (extra: string) =>
    apiOf(
      {
        'config/apis/files.yaml': `name: files
description: Files and things
${extra}
resources:
  - methods: [GET]
    uriTemplate: /files/*
    description: download a file
    inSequence: [ { respond: {} } ]
  - methods: [GET, HEAD]
    uriTemplate: /{name}.json?v={version}&page%20size={size}
    inSequence: [ { respond: {} } ]
  - methods: [PUT]
    uriTemplate: /a-b
    inSequence: [ { respond: {} } ]
  - methods: [PUT]
    uriTemplate: /a_b
    inSequence: [ { respond: {} } ]
`,
      },
      'files',
    );

  it('a trailing /* becomes a path parameter; partial segments and encoded query names stay as written', async () => {
    const doc = openApiDocument(api('context: /files'), `${SERVER}/`);
    await expectValid(doc);
    expect(doc.info).toEqual({ title: 'files', version: '1.0.0', description: 'Files and things' });
    expect(doc.servers).toEqual([{ url: `${SERVER}/files` }]);
    const files = paths(doc)['/files/{path}']!.get!;
    expect(files.summary).toBe('download a file');
    expect(files.parameters).toEqual([{ name: 'path', in: 'path', required: true, description: expect.stringContaining('pathParams["*"]'), schema: { type: 'string' } }]);
    const json = paths(doc)['/{name}.json']!;
    expect(Object.keys(json).sort()).toEqual(['get', 'head']);
    expect(json.get!.parameters).toEqual([
      { name: 'name', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'v', in: 'query', required: false, description: 'read as ${params.pathParams.version}', schema: { type: 'string' } },
      { name: 'page size', in: 'query', required: false, description: 'read as ${params.pathParams.size}', schema: { type: 'string' } },
    ]);
    expect([json.get!.operationId, json.head!.operationId]).toEqual(['get_name_json', 'head_name_json']);
    // two paths that sanitise alike still get distinct operationIds
    expect([paths(doc)['/a-b']!.put!.operationId, paths(doc)['/a_b']!.put!.operationId]).toEqual(['put_a_b', 'put_a_b_2']);
  });

  it('a versioned API is served below its version, in either version style', async () => {
    const byUrl = openApiDocument(api('context: /files\nversion: v2'), SERVER);
    await expectValid(byUrl);
    expect(byUrl.info).toMatchObject({ version: 'v2' });
    expect(byUrl.servers).toEqual([{ url: `${SERVER}/files/v2` }]);
    const byContext = openApiDocument(api('context: /{version}/files\nversion: "1.4"\nversionType: context'), SERVER);
    expect(byContext.servers).toEqual([{ url: `${SERVER}/1.4/files` }]);
  });
});

const ORDER_SCHEMA = `{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "$id": "https://example.com/order.json",
  "type": "object",
  "required": ["id", "lines"],
  "properties": {
    "id": { "type": "string" },
    "lines": { "type": "array", "minItems": 1, "items": { "$ref": "#/definitions/line" } }
  },
  "definitions": {
    "line": { "type": "object", "required": ["sku", "qty"], "properties": { "sku": { "type": "string" }, "qty": { "type": "integer", "minimum": 1 } } }
  }
}`;

const RECEIPT_SCHEMA = `type: object
required: [orderId, total]
additionalProperties: false
properties:
  orderId: { type: string }
  total: { $ref: "#/$defs/money" }
$defs:
  money: { type: number, minimum: 0 }
`;

const SCHEMA_FILES = {
  'schemas/order.json': ORDER_SCHEMA,
  'schemas/receipt.yaml': RECEIPT_SCHEMA,
  'config/apis/shop.yaml': `name: shop
context: /shop
version: v1
resources:
  - methods: [POST]
    uriTemplate: /orders
    requestSchema: schemas/order.json
    responseSchema: schemas/receipt.yaml
    inSequence:
      - respond:
          status: "\${payload.id == 'BAD' ? 201 : 200}"
          body:
            orderId: "\${payload.id}"
            total: "\${payload.id == 'BAD' ? -1 : length(payload.lines) * 10}"
  - methods: [GET, POST]
    uriTemplate: /notes/{id}
    requestSchema: { type: object, required: [text], properties: { text: { type: string, maxLength: 20 } } }
    inSequence:
      - respond: { body: { id: "\${params.pathParams.id}", got: "\${payload}" } }
  - methods: [POST]
    uriTemplate: /guarded
    requestSchema: { type: object, required: [n], properties: { n: { type: integer } } }
    inSequence: [ { respond: {} } ]
    faultSequence:
      - respond: { status: 422, body: { failed: "\${error.code}", detail: "\${error.detail}" } }
  - methods: [GET]
    uriTemplate: /status/{code}
    responseSchema: { type: object, required: [ok], properties: { ok: { const: true } } }
    inSequence:
      - respond: { status: "\${params.pathParams.code}", body: { ok: false } }
  - methods: [GET]
    uriTemplate: /fallthrough/{ok}
    responseSchema: { type: object, required: [ok], properties: { ok: { const: true } } }
    inSequence:
      - payloadFactory: { format: '{"ok": \${params.pathParams.ok == "yes"}}' }
  - methods: [GET]
    uriTemplate: /dropped
    responseSchema: { type: object }
    inSequence: [ { drop: {} } ]
  - methods: [POST]
    uriTemplate: /upload
    streamBody: true
    requestSchema: { type: object }
    inSequence: [ { respond: { body: { uploaded: true } } } ]
`,
};

describe('requestSchema and responseSchema in the OpenAPI document', () => {
  it('declared schemas become request and 200 response bodies, under components, with their own references kept working', async () => {
    const project = loaded(SCHEMA_FILES);
    const doc = openApiFor(project, 'shop', SERVER)!;
    await expectValid(doc);
    expect(doc.servers).toEqual([{ url: `${SERVER}/shop/v1` }]);
    const post = paths(doc)['/orders']!.post!;
    expect(post.requestBody).toEqual({ required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/post_orders_request' } } } });
    expect(post.responses['200']).toEqual({ description: 'Success', content: { 'application/json': { schema: { $ref: '#/components/schemas/post_orders_response' } } } });
    expect(post.responses['400']!.description).toContain('FERRY_ERR_HTTP_REQUEST_INVALID');
    // the order schema's $id is dropped and its #/definitions reference points into the component
    const order = components(doc).post_orders_request as Record<string, unknown>;
    expect(order.$id).toBeUndefined();
    expect(order.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect((order.properties as { lines: { items: unknown } }).lines.items).toEqual({ $ref: '#/components/schemas/post_orders_request/definitions/line' });
    expect((components(doc).post_orders_response as { properties: { total: unknown } }).properties.total).toEqual({ $ref: '#/components/schemas/post_orders_response/$defs/money' });
    // the loaded schema itself is untouched
    expect(project.apis[0]!.resources[0]!.requestSchema!.$id).toBe('https://example.com/order.json');
    expect(parse(openApiYaml(doc))).toEqual(doc);
  });

  it('a resource with several methods shares its schema; a GET documents it as an optional body', () => {
    const doc = openApiFor(loaded(SCHEMA_FILES), 'shop', SERVER)!;
    const notes = paths(doc)['/notes/{id}']!;
    expect(notes.post!.requestBody).toEqual({ required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/get_notes_id_request' } } } });
    expect(notes.get!.requestBody).toEqual({ required: false, content: { 'application/json': { schema: { $ref: '#/components/schemas/get_notes_id_request' } } } });
  });

  it('a streamBody resource documents its requestSchema beside the binary forms', () => {
    const doc = openApiFor(loaded(SCHEMA_FILES), 'shop', SERVER)!;
    expect(Object.keys(paths(doc)['/upload']!.post!.requestBody!.content)).toEqual(['text/csv', 'application/octet-stream', 'application/json']);
  });
});

describe('requestSchema and responseSchema at load', () => {
  const api = (resource: string) => ({
    'config/apis/a.yaml': `name: a
context: /a
resources:
  - methods: [POST]
    uriTemplate: /x
${resource}
    inSequence: [ { respond: {} } ]
`,
  });

  it('an invalid inline schema is reported where ajv found it', () => {
    const result = load(api(`    requestSchema:
      type: object
      properties:
        id: { type: strin }`));
    expect(result.project).toBeUndefined();
    expect(diagnosticsOf(result)).toEqual([expect.stringMatching(/^a\.yaml:9:\d+ FERRY_ERR_ARTIFACT_INVALID invalid JSON Schema in requestSchema: schema is invalid: data\/properties\/id\/type must be equal to one of the allowed values/)]);
  });

  it('a missing file, a file outside the project, a file that is not a schema and an unparsable one are reported at the key', () => {
    const cases: [string, Record<string, string>, RegExp][] = [
      ['responseSchema: schemas/missing.json', {}, /^a\.yaml:6:21 FERRY_ERR_ARTIFACT_MISSING_FILE schema file schemas\/missing\.json does not exist in the project folder$/],
      ['requestSchema: ../outside.json', {}, /^a\.yaml:6:20 FERRY_ERR_ARTIFACT_MISSING_FILE \.\.\/outside\.json is outside the project folder/],
      ['requestSchema: s.yaml', { 's.yaml': '- just a list\n' }, /^a\.yaml:6:20 FERRY_ERR_ARTIFACT_INVALID requestSchema file s\.yaml does not hold a JSON Schema object$/],
      ['requestSchema: s.json', { 's.json': '{"type": ' }, /^a\.yaml:6:20 FERRY_ERR_ARTIFACT_INVALID .*s\.json/],
      ['requestSchema: s.json', { 's.json': '{"type": "strin"}' }, /^a\.yaml:6:20 FERRY_ERR_ARTIFACT_INVALID invalid JSON Schema in requestSchema \(s\.json\): schema is invalid/],
    ];
    for (const [line, files, expected] of cases) {
      const result = load({ ...api(`    ${line}`), ...files });
      expect(result.project, line).toBeUndefined();
      expect(diagnosticsOf(result), line).toEqual([expect.stringMatching(expected)]);
    }
  });

  it('the API schema takes an object or a file name, nothing else', () => {
    const result = load(api('    requestSchema: 42'));
    expect(diagnosticsOf(result)).toEqual([expect.stringMatching(/^a\.yaml:6:20 FERRY_ERR_ARTIFACT_SCHEMA resources\.0\.requestSchema: must be object or string$/)]);
  });

  it('a requestSchema on a streamBody resource is a warning: the stream is not checked', () => {
    const result = load(api('    streamBody: true\n    requestSchema: { type: object }'));
    expect(result.project).toBeDefined();
    expect(diagnosticsOf(result)).toEqual([expect.stringMatching(/^a\.yaml:7:5 FERRY_WARN_ARTIFACT requestSchema is not checked on a streamBody resource/)]);
  });
});

describe('requestSchema and responseSchema enforced over HTTP', () => {
  let server: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    server = await serve(SCHEMA_FILES, 'info');
  });
  afterAll(() => server.close());

  const post = (path: string, body: string, type = 'application/json') => fetch(`${server.url}/shop/v1${path}`, { method: 'POST', headers: { 'content-type': type }, body });
  const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

  it('a request that matches passes to the flow, and a matching response is sent', async () => {
    const res = await post('/orders', JSON.stringify({ id: 'A-1', lines: [{ sku: 'X', qty: 2 }, { sku: 'Y', qty: 1 }] }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ orderId: 'A-1', total: 20 });
  });

  it('a request body that fails the requestSchema is answered 400 with the failed rules, before the flow runs', async () => {
    const res = await post('/orders', JSON.stringify({ id: 7, lines: [{ sku: 'X', qty: 0 }] }));
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('FERRY_ERR_HTTP_REQUEST_INVALID');
    expect(error.message).toBe('request body does not match the requestSchema: payload.id: must be string; payload.lines[0].qty: must be >= 1');
  });

  it('a POST without a body fails; a GET without one is not checked', async () => {
    const missing = await fetch(`${server.url}/shop/v1/notes/1`, { method: 'POST' });
    expect(missing.status).toBe(400);
    expect(await errorOf(missing)).toEqual({ code: 'FERRY_ERR_HTTP_REQUEST_INVALID', message: 'the request has no body; this resource requires one that matches its requestSchema' });
    const get = await fetch(`${server.url}/shop/v1/notes/1`);
    expect(get.status).toBe(200);
    expect(await get.json()).toEqual({ id: '1', got: null });
  });

  it('XML and form bodies are checked in the form the flow sees them', async () => {
    const tooLong = await post('/notes/2', 'text=this one is far too long for the schema', 'application/x-www-form-urlencoded');
    expect(tooLong.status).toBe(400);
    expect((await errorOf(tooLong)).message).toBe('request body does not match the requestSchema: payload.text: must NOT have more than 20 characters');
    const form = await post('/notes/2', 'text=short', 'application/x-www-form-urlencoded');
    expect(form.status).toBe(200);
    const xml = await post('/notes/3', '<note><text>hi</text></note>', 'application/xml');
    expect(xml.status).toBe(400);
    expect((await errorOf(xml)).message).toBe("request body does not match the requestSchema: payload: must have required property 'text'");
  });

  it("the resource's faultSequence handles a failed request check like any fault", async () => {
    const res = await post('/guarded', JSON.stringify({ n: 'one' }));
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ failed: 'FERRY_ERR_HTTP_REQUEST_INVALID', detail: [{ path: 'payload.n', message: 'must be integer' }] });
  });

  it('a streamed body is not checked', async () => {
    const res = await post('/upload', 'a,b\n1,2\n', 'text/csv');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ uploaded: true });
  });

  it('a successful response that fails the responseSchema is logged as an error and answered 500', async () => {
    const res = await post('/orders', JSON.stringify({ id: 'BAD', lines: [{ sku: 'X', qty: 1 }] }));
    expect(res.status).toBe(500);
    expect(await errorOf(res)).toEqual({ code: 'FERRY_ERR_RESPONSE_SCHEMA', message: "the response body does not match the resource's responseSchema" });
    const logged = server.logs().find((l) => l.code === 'FERRY_ERR_RESPONSE_SCHEMA');
    expect(logged).toMatchObject({ level: 'error', api: 'shop', resource: 'POST /shop/v1/orders', problems: [{ path: 'payload.total', message: 'must be >= 0' }] });
    expect(String(logged!.msg)).toBe('response of POST /shop/v1/orders does not match its responseSchema: payload.total: must be >= 0');
  });

  it('the response check covers a flow that ends without respond too', async () => {
    expect((await fetch(`${server.url}/shop/v1/fallthrough/yes`)).status).toBe(200);
    const res = await fetch(`${server.url}/shop/v1/fallthrough/no`);
    expect(res.status).toBe(500);
    expect((await errorOf(res)).code).toBe('FERRY_ERR_RESPONSE_SCHEMA');
  });

  it('only successful answers are checked: error statuses and drops go out as the flow made them', async () => {
    const notFound = await fetch(`${server.url}/shop/v1/status/404`);
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toEqual({ ok: false });
    expect((await fetch(`${server.url}/shop/v1/status/200`)).status).toBe(500);
    expect((await fetch(`${server.url}/shop/v1/status/204`)).status).toBe(204);
    expect((await fetch(`${server.url}/shop/v1/dropped`)).status).toBe(202);
  });
});
