import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '../helpers/project.js';

type Server = Awaited<ReturnType<typeof serve>>;

const FILES = {
  'config/server.yaml': 'server:\n  bodyLimit: 2kb\n',
  'config/apis/echo.yaml': `name: echo
context: /echo
resources:
  - methods: [GET, POST, PUT]
    uriTemplate: /
    inSequence:
      - respond: {}
  - methods: [GET]
    uriTemplate: /items/{id}/parts/{part}?view={view}
    inSequence:
      - respond:
          body: { id: "\${params.pathParams.id}", part: "\${params.pathParams.part}", view: "\${params.queryParams.view}", all: "\${params.queryParams}" }
  - methods: [POST]
    uriTemplate: /stamp
    inSequence:
      - enrich:
          source: { type: inline, value: "\${headers['x-stamp']}" }
          target: { type: child, path: "\${payload.order}", key: stamp }
      - respond: {}
  - methods: [POST]
    uriTemplate: /type
    inSequence:
      - respond: { body: { type: "\${headers['Content-Type']}", payload: "\${payload}" } }
`,
};

describe('HTTP front', () => {
  let server: Server;
  beforeAll(async () => {
    server = await serve(FILES);
  });
  afterAll(() => server.close());

  const send = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, init);

  it.each([
    ['application/json', '{"a":[1,2],"b":"x"}', 'application/json; charset=utf-8', '{"a":[1,2],"b":"x"}'],
    ['application/vnd.api+json', '{"a":1}', 'application/vnd.api+json; charset=utf-8', '{"a":1}'],
    ['application/xml', '<order id="7"><qty>007</qty><note>a &amp; b</note></order>', 'application/xml', '<order id="7"><qty>007</qty><note>a &amp; b</note></order>'],
    ['text/plain', 'just text', 'text/plain', 'just text'],
    ['text/csv', 'a,b\n1,2\n', 'text/csv', 'a,b\n1,2\n'],
    ['application/x-www-form-urlencoded', 'a=1&b=two&b=three', 'application/x-www-form-urlencoded', 'a=1&b=two&b=three'],
    ['application/octet-stream', '\u0001\u0002binary', 'application/octet-stream', '\u0001\u0002binary'],
  ])('echoes a %s body back in the same format', async (type, body, expectedType, expectedBody) => {
    const res = await send('/echo', { method: 'POST', headers: { 'content-type': type }, body });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(expectedType);
    expect(await res.text()).toBe(expectedBody);
  });

  it('answers an XML request in XML after the flow changed the payload', async () => {
    const res = await send('/echo/stamp', { method: 'POST', headers: { 'content-type': 'application/xml', 'x-stamp': 'S1' }, body: '<order id="9"><qty>2</qty></order>' });
    expect(res.headers.get('content-type')).toBe('application/xml');
    expect(await res.text()).toBe('<order id="9"><qty>2</qty><stamp>S1</stamp></order>');
  });

  it('parses each body kind into the payload expressions read', async () => {
    const cases: [string, string, unknown][] = [
      ['application/json', '{"n":1}', { n: 1 }],
      ['application/xml', '<a><b>1</b><b>2</b></a>', { a: { b: ['1', '2'] } }],
      ['application/x-www-form-urlencoded', 'x=1&y=2', { x: '1', y: '2' }],
      ['text/plain', 'hi', 'hi'],
    ];
    for (const [type, body, payload] of cases) {
      const res = await send('/echo/type', { method: 'POST', headers: { 'content-type': type }, body });
      expect(await res.json()).toEqual({ type, payload });
    }
  });

  it('binds path parameters and query parameters (template and others)', async () => {
    const res = await send('/echo/items/42/parts/p%201?view=full&x=1&x=2');
    expect(await res.json()).toEqual({ id: '42', part: 'p 1', view: 'full', all: { view: 'full', x: ['1', '2'] } });
  });

  it.each([
    ['malformed JSON', 'application/json', '{"a": 1,\n "b": }', 400, 'FERRY_ERR_HTTP_BAD_JSON', /at line 2, column 7: unexpected "}"$/],
    ['malformed XML', 'application/xml', '<a><b></a>', 400, 'FERRY_ERR_HTTP_BAD_XML', /at line 1, column 7: Expected closing tag 'b'/],
    [
      'an XML entity bomb',
      'application/xml',
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>',
      400,
      'FERRY_ERR_HTTP_XML_DTD',
      /declares a DTD/,
    ],
    ['a body over the limit', 'application/json', JSON.stringify({ big: 'x'.repeat(4096) }), 413, 'FERRY_ERR_HTTP_BODY_TOO_LARGE', /limit of 2048 bytes/],
  ])('rejects %s with a coded error and keeps serving', async (_name, type, body, status, code, message) => {
    const res = await send('/echo', { method: 'POST', headers: { 'content-type': type }, body });
    expect(res.status).toBe(status);
    const json = (await res.json()) as { error: { code: string; message: string } };
    expect(json.error.code).toBe(code);
    expect(json.error.message).toMatch(message);
    const after = await send('/echo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"still":"up"}' });
    expect(await after.json()).toEqual({ still: 'up' });
  });

  it.each([
    ['an element named constructor', 'application/xml', '<root><constructor>c</constructor></root>', 'FERRY_ERR_HTTP_BAD_XML'],
    ['nesting deeper than the parser allows', 'application/xml', `${'<a>'.repeat(150)}x${'</a>'.repeat(150)}`, 'FERRY_ERR_HTTP_BAD_XML'],
  ])('answers XML with %s with a coded 400', async (_name, type, body, code) => {
    const res = await send('/echo', { method: 'POST', headers: { 'content-type': type }, body });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
  });

  it('reads form fields named like Object.prototype members as plain data', async () => {
    const res = await send('/echo/type', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'constructor=x&toString=y&toString=z&__proto__=p' });
    expect(((await res.json()) as { payload: unknown }).payload).toEqual({ constructor: 'x', toString: ['y', 'z'], ['__proto__']: 'p' });
  });

  it('answers unknown paths with a coded 404', async () => {
    const res = await send('/nowhere?x=1');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'FERRY_ERR_HTTP_NOT_FOUND', message: 'no API resource matches GET /nowhere' } });
  });

  it('matches with or without a trailing slash', async () => {
    expect((await send('/echo/', { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'x' })).status).toBe(200);
  });

  it('puts a request id on every response, keeping a sane one the caller sent', async () => {
    const generated = await send('/echo');
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const given = await send('/echo', { headers: { 'x-request-id': 'abc-123' } });
    expect(given.headers.get('x-request-id')).toBe('abc-123');
    const bad = await send('/echo', { headers: { 'x-request-id': 'no spaces allowed' } });
    expect(bad.headers.get('x-request-id')).not.toBe('no spaces allowed');
  });

  it('answers a GET without body with an empty 200', async () => {
    const res = await send('/echo');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });
});
