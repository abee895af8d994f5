import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FerryError } from '../../../src/errors.js';
import { diagnosticsOf, load, runSteps, serve, type RunInput } from '../../helpers/project.js';
import { startUpstream, type Echo, type Upstream } from './call-upstream.js';

let up: Upstream;
let serverYaml: string;

beforeAll(async () => {
  up = await startUpstream();
  serverYaml = [
    'endpoints:',
    `  up: { uri: "${up.url}/echo" }`,
    `  upPut: { uri: "${up.url}/echo/put", method: PUT, headers: { X-Api-Key: k1 } }`,
    `  slow: { uri: "${up.url}/slow?ms=3000", timeout: 200ms }`,
    `  refused: { uri: "${up.refusedUrl}/orders" }`,
    `  dynamic: { uri: "${up.url}/echo/\${vars.id}" }`,
  ].join('\n');
});
afterAll(() => up.close());

/** Run `steps` with the test endpoints defined. */
function run(steps: string, input: RunInput = {}) {
  return runSteps(steps, input, { 'config/server.yaml': serverYaml });
}

/** The echo the upstream sent back, from wherever the step put it. */
function echoOf(value: unknown): Echo {
  return value as Echo;
}

function codeOf(outcome: { json: unknown }): string | undefined {
  return (outcome.json as { error?: { code?: string } } | undefined)?.error?.code;
}

describe('call: targets', () => {
  it('calls a named endpoint with the current payload and the incoming method', async () => {
    const { response, json } = await run('- call: { endpoint: up }', { payload: { a: 1 } });
    expect(response.status).toBe(200);
    const echo = echoOf(json);
    expect(echo.method).toBe('POST');
    expect(echo.url).toBe('/echo');
    expect(echo.body).toBe('{"a":1}');
    expect(echo.headers['content-type']).toBe('application/json');
  });

  it("uses the endpoint's method and headers", async () => {
    const echo = echoOf((await run('- call: { endpoint: upPut }', { payload: { a: 1 } })).json);
    expect(echo.method).toBe('PUT');
    expect(echo.headers['x-api-key']).toBe('k1');
  });

  it('evaluates ${…} in an endpoint uri per message', async () => {
    const echo = echoOf((await run('- call: { endpoint: dynamic }', { vars: { id: 'o-7' } })).json);
    expect(echo.url).toBe('/echo/o-7');
  });

  it.each([
    ['a path segment with / and a space', 'a/b c', 'x', '/echo/a%2Fb%20c?q=x'],
    ['a query value with & and =', '7', 'x&y=1', '/echo/7?q=x%26y%3D1'],
    ['a dot-dot segment', '..', 'x', '/echo/%2E%2E?q=x'],
    ['a missing value', '', null, '/echo/?q='],
  ])('percent-encodes %s substituted into an inline uri', async (_label, id, q, expected) => {
    const steps = `- call: { uri: "${up.url}/echo/\${vars.id}?q=\${params.queryParams.q}", method: GET }`;
    const echo = echoOf((await run(steps, { vars: { id }, queryParams: { q } })).json);
    expect(echo.url).toBe(expected);
  });

  it('inserts a leading base URL as it is and encodes what follows it', async () => {
    const steps = '- call: { uri: "${vars.base}/echo/${vars.id}", method: GET }';
    const echo = echoOf((await run(steps, { vars: { base: `${up.url}`, id: 'x y' } })).json);
    expect(echo.url).toBe('/echo/x%20y');
  });

  it.each([
    ['not a URI', 'nope', 'is not an absolute URI'],
    ['another scheme', 'ftp://127.0.0.1/x', 'only http and https'],
  ])('refuses a computed uri that is %s with FERRY_ERR_CALL_BAD_URI', async (_label, url, reason) => {
    const { response, json, mc } = await run('- call: { uri: "${vars.url}" }', { vars: { url } });
    expect(response.status).toBe(500);
    expect(codeOf({ json })).toBe('FERRY_ERR_CALL_BAD_URI');
    expect(mc.error?.message).toContain(reason);
    expect(mc.error?.message).toMatch(/main\.yaml:\d+:\d+/);
  });
});

describe('call: what is sent', () => {
  it('sends method, headers with ${…}, an explicit body and content type', async () => {
    const steps = `
- call:
    endpoint: up
    method: PATCH
    headers: { X-Trace: "\${vars.t}", X-Static: s, X-Count: 3 }
    body: { order: "\${vars.id}", qty: 2 }
    contentType: application/json; charset=utf-8`;
    const echo = echoOf((await run(steps, { payload: { ignored: true }, vars: { t: 'tr-1', id: '7' } })).json);
    expect(echo.method).toBe('PATCH');
    expect(echo.headers['x-trace']).toBe('tr-1');
    expect(echo.headers['x-static']).toBe('s');
    expect(echo.headers['x-count']).toBe('3');
    expect(echo.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(echo.body)).toEqual({ order: '7', qty: 2 });
  });

  it('drops a header whose value is null', async () => {
    const echo = echoOf((await run('- call: { endpoint: up, headers: { X-Gone: "${vars.none}" } }', { headers: { 'x-gone': 'inbound' } })).json);
    expect(echo.headers).not.toHaveProperty('x-gone');
  });

  it('serialises an XML payload as XML by default', async () => {
    const echo = echoOf((await run('- call: { endpoint: up }', { payload: { order: { id: '1' } }, contentType: 'application/xml' })).json);
    expect(echo.headers['content-type']).toBe('application/xml');
    expect(echo.body).toContain('<order><id>1</id></order>');
  });

  it('sends a text payload as text', async () => {
    const echo = echoOf((await run('- call: { endpoint: up }', { payload: 'hello', contentType: 'text/plain' })).json);
    expect(echo.body).toBe('hello');
    expect(echo.headers['content-type']).toBe('text/plain');
  });

  it.each([
    ['body: null', '- call: { endpoint: up, body: null }'],
    ['method GET', '- call: { endpoint: up, method: GET }'],
  ])('sends no body and no content type with %s', async (_label, steps) => {
    const echo = echoOf((await run(steps, { payload: { a: 1 }, headers: { 'content-type': 'application/json' } })).json);
    expect(echo.body).toBe('');
    expect(echo.headers).not.toHaveProperty('content-type');
  });

  it('forwards headers set by a header step and not those it removed', async () => {
    const steps = `
- header: { name: X-Set, value: v1 }
- header: { name: Authorization, action: remove }
- call: { endpoint: up }`;
    const echo = echoOf((await run(steps, { headers: { authorization: 'Bearer inbound' } })).json);
    expect(echo.headers['x-set']).toBe('v1');
    expect(echo.headers).not.toHaveProperty('authorization');
  });

  it('forwards transport headers but never hop-by-hop ones', async () => {
    const headers = {
      'x-forward-me': 'yes',
      authorization: 'Bearer inbound',
      'keep-alive': 'timeout=1',
      'proxy-authorization': 'Basic eA==',
      te: 'trailers',
      upgrade: 'websocket',
      trailer: 'x-t',
      host: 'evil.example',
      'content-length': '999',
      'accept-encoding': 'gzip',
    };
    const echo = echoOf((await run('- call: { endpoint: up, body: null }', { headers })).json);
    expect(echo.headers['x-forward-me']).toBe('yes');
    expect(echo.headers.authorization).toBe('Bearer inbound');
    expect(echo.headers.host).toBe(up.url.slice('http://'.length));
    for (const name of ['keep-alive', 'proxy-authorization', 'te', 'upgrade', 'trailer', 'accept-encoding']) {
      expect(echo.headers, name).not.toHaveProperty(name);
    }
    expect(echo.headers['content-length']).not.toBe('999');
  });
});

describe('call: the response', () => {
  it('responseVariable with overwriteBody false keeps the body and fills vars', async () => {
    const steps = '- call: { endpoint: up, responseVariable: r, overwriteBody: false }';
    const { mc, response, json } = await run(steps, { payload: { keep: true } });
    expect(json).toEqual({ keep: true });
    expect(response.status).toBe(200);
    const r = mc.vars.r as { payload: Echo; headers: Record<string, string>; attributes: { statusCode: number } };
    expect(r.payload.body).toBe('{"keep":true}');
    expect(r.headers['x-upstream']).toBe('yes');
    expect(r.attributes.statusCode).toBe(200);
  });

  it('responseVariable with overwriteBody true replaces the body; the variable keeps headers and status', async () => {
    const steps = '- call: { endpoint: up, responseVariable: r, overwriteBody: true }';
    const { mc, json } = await run(steps, { payload: { keep: true } });
    expect(echoOf(json).body).toBe('{"keep":true}');
    expect(mc.vars.r).not.toHaveProperty('payload');
    expect(mc.vars.r).toMatchObject({ headers: { 'x-upstream': 'yes' }, attributes: { statusCode: 200 } });
  });

  it('without responseVariable the upstream body, status and headers pass through a respond', async () => {
    const steps = `
- call: { uri: "${up.url}/raw?status=201&type=application/json&body=%7B%22id%22%3A5%7D" }
- respond: {}`;
    const { response, json } = await run(steps);
    expect(response.status).toBe(201);
    expect(json).toEqual({ id: 5 });
    expect(response.headers['x-upstream']).toBe('yes');
    expect(response.headers).not.toHaveProperty('keep-alive');
  });

  it.each([
    ['XML', `/raw?type=application/xml&body=${encodeURIComponent('<o><id>3</id></o>')}`, { o: { id: '3' } }],
    ['text', '/raw?type=text/plain&body=hi', 'hi'],
    ['binary', '/bin', Buffer.from([0, 1, 2, 255])],
    ['empty', '/empty', null],
  ])('parses a %s response by its content type', async (_label, path, expected) => {
    const { mc } = await run(`- call: { uri: "${up.url}${path}", responseVariable: r }`);
    expect((mc.vars.r as { payload: unknown }).payload).toEqual(expected);
  });

  it.each([
    [404, false, 200, undefined],
    [500, false, 200, undefined],
    [404, true, 404, 'FERRY_ERR_CALL_FAILED'],
    [503, true, 503, 'FERRY_ERR_CALL_FAILED'],
  ])('an upstream %i with failOnError %s answers %i %s', async (status, failOnError, expected, code) => {
    const steps = `- call: { uri: "${up.url}/echo?status=${status}", responseVariable: r, failOnError: ${failOnError} }`;
    const { mc, response, json } = await run(steps, { payload: { a: 1 } });
    expect(response.status).toBe(expected);
    expect(codeOf({ json })).toBe(code);
    if (code) {
      expect(mc.error?.detail).toMatchObject({ status, body: { method: 'POST' } });
      expect(mc.vars).not.toHaveProperty('r');
    } else {
      expect((mc.vars.r as { attributes: { statusCode: number } }).attributes.statusCode).toBe(status);
    }
  });
});

describe('call: upstream headers', () => {
  it('passes repeated Set-Cookie headers through unjoined and keeps its own request id', async () => {
    const { response } = await run(`- call: { uri: "${up.url}/cookies" }`);
    expect(response.headers['set-cookie']).toEqual(['a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Path=/', 'b=2; Path=/']);
    expect(response.headers).not.toHaveProperty('x-request-id');
  });
});

describe('call: failures', () => {
  it.each([
    ['waiting for headers (endpoint timeout)', () => '- call: { endpoint: slow }', '200 ms'],
    ['waiting for the body (step timeout)', () => `- call: { uri: "${up.url}/stall", timeout: 300ms }`, '300 ms'],
  ])('times out %s with FERRY_ERR_CALL_TIMEOUT', async (_label, steps, ms) => {
    const started = Date.now();
    const { response, json, mc } = await run(steps());
    expect(Date.now() - started).toBeLessThan(2500);
    expect(response.status).toBe(504);
    expect(codeOf({ json })).toBe('FERRY_ERR_CALL_TIMEOUT');
    expect(mc.error?.message).toContain(ms);
  });

  it('a refused connection is FERRY_ERR_CALL_CONNECT naming the endpoint, origin and cause, not secrets', async () => {
    const { response, json, mc } = await run('- call: { endpoint: refused }', {
      headers: { authorization: 'Bearer top-secret' },
    });
    expect(response.status).toBe(502);
    expect(codeOf({ json })).toBe('FERRY_ERR_CALL_CONNECT');
    const message = mc.error?.message ?? '';
    expect(message).toContain("endpoint 'refused'");
    expect(message).toContain(up.refusedUrl);
    expect(message).toContain('ECONNREFUSED');
    expect(message).not.toContain('top-secret');
  });

  it('keeps the query string out of the message and the request off enumerable properties', async () => {
    const { mc } = await run(`- call: { uri: "${up.refusedUrl}/x?token=abc123" }`);
    const err = mc.thrown as FerryError & { request?: { method: string; url: string } };
    expect(err).toBeInstanceOf(FerryError);
    expect(err.message).not.toContain('abc123');
    expect(Object.keys(err)).not.toContain('request');
    expect(JSON.stringify(err)).not.toContain('abc123');
    expect(err.request).toEqual({ method: 'POST', url: `${up.refusedUrl}/x?token=abc123` });
  });

  it('malformed JSON from the upstream is FERRY_ERR_CALL_BAD_RESPONSE', async () => {
    const { response, json, mc } = await run(`- call: { uri: "${up.url}/raw?type=application/json&body=%7B%22a%22%3A" }`);
    expect(response.status).toBe(502);
    expect(codeOf({ json })).toBe('FERRY_ERR_CALL_BAD_RESPONSE');
    expect(mc.error?.message).toContain('answered 200');
  });

  it('an upstream body over http.maxResponseSize is FERRY_ERR_CALL_BAD_RESPONSE, not held in memory', async () => {
    const big = 'x'.repeat(4096);
    const { response, json } = await runSteps(`- call: { uri: "${up.url}/raw?type=text/plain&body=${big}" }`, {}, { 'config/server.yaml': 'http:\n  maxResponseSize: 1kb\n' });
    expect(response.status).toBe(502);
    expect(json).toEqual({ error: { code: 'FERRY_ERR_CALL_BAD_RESPONSE', message: expect.stringContaining('larger than http.maxResponseSize') } });
  });

  it('a malformed body on an error status is kept as text so the status stays visible', async () => {
    const { mc } = await run(`- call: { uri: "${up.url}/raw?status=502&type=application/json&body=%3Chtml%3E", responseVariable: r }`);
    expect(mc.vars.r).toMatchObject({ payload: '<html>', attributes: { statusCode: 502 } });
  });
});

describe('call: load-time checks', () => {
  function diagnostics(step: string): string[] {
    return diagnosticsOf(load({ 'sequences/main.yaml': `name: main\nsteps:\n  - call:\n${step}\n`, 'config/server.yaml': serverYaml }));
  }

  it.each([
    ['a relative URI', '      uri: "/orders"', 'FERRY_ERR_CALL_BAD_URI uri is not an absolute URI'],
    ['another scheme', '      uri: "ftp://host/x"', 'FERRY_ERR_CALL_BAD_URI uri has scheme ftp; only http and https can be called'],
    ['credentials', '      uri: "http://u:p@host/x"', 'FERRY_ERR_CALL_BAD_URI uri holds credentials; send them in an authorization header instead'],
    ['a bad literal origin before ${…}', '      uri: "http://host:99999/x/${vars.id}"', 'FERRY_ERR_CALL_BAD_URI uri is not an absolute URI'],
  ])('reports %s at file:line:col', (_label, step, expected) => {
    expect(diagnostics(step)).toEqual([`main.yaml:4:12 ${expected}`]);
  });

  it('reports a missing endpoint with a suggestion', () => {
    expect(diagnostics('      endpoint: upp')).toEqual([
      "main.yaml:4:17 FERRY_ERR_ARTIFACT_MISSING_ENDPOINT endpoint 'upp' is not defined in config/server.yaml endpoints; did you mean 'up'?",
    ]);
  });

  it.each([
    ['neither endpoint nor uri', '      method: GET', 'FERRY_ERR_ARTIFACT_INVALID call needs exactly one of endpoint or uri'],
    ['both endpoint and uri', `      endpoint: up\n      uri: "http://h/x"`, 'FERRY_ERR_ARTIFACT_INVALID call needs exactly one of endpoint or uri'],
  ])('reports %s', (_label, step, expected) => {
    expect(diagnostics(step)).toEqual([`main.yaml:4:7 ${expected}`]);
  });

  it('refuses hop-by-hop names among the step headers', () => {
    expect(diagnostics('      endpoint: up\n      headers: { Connection: close }')).toEqual([
      "main.yaml:5:30 FERRY_ERR_ARTIFACT_INVALID header 'Connection' belongs to one connection and is managed by the HTTP client",
    ]);
  });

  it('points an expression syntax error in the uri at its character', () => {
    const [first] = diagnostics('      uri: "http://h/x/${vars.}"');
    expect(first).toMatch(/^main\.yaml:4:\d+ FERRY_ERR_EXPR_SYNTAX /);
    expect(Number(first!.split(':')[2]!.split(' ')[0])).toBeGreaterThan(12);
  });
});

describe('call: logging', () => {
  it('writes one debug line per call without the query string', async () => {
    const { logs } = await run(`- call: { uri: "${up.url}/echo?secret=s3", method: GET }`);
    const lines = logs.filter((l) => l.msg === 'upstream call');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'debug', method: 'GET', url: `${up.url}/echo`, status: 200 });
    expect(typeof lines[0]!.ms).toBe('number');
    expect(JSON.stringify(lines)).not.toContain('s3');
  });
});

describe('call: through a running server', () => {
  it("an API resource calls another resource of the same server and answers with its result", async () => {
    const api = `name: shop
context: /shop
resources:
  - methods: [GET]
    uriTemplate: /orders/{id}
    inSequence:
      - respond: { body: { id: "\${params.pathParams.id}", from: orders } }
  - methods: [GET]
    uriTemplate: /front/{id}
    inSequence:
      - call:
          uri: "http://\${headers.host}/shop/orders/\${params.pathParams.id}"
          responseVariable: order
      - respond:
          body: { front: true, order: "\${vars.order.payload}", status: "\${vars.order.attributes.statusCode}" }
`;
    const server = await serve({ 'config/apis/shop.yaml': api });
    try {
      const res = await fetch(`${server.url}/shop/front/42`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ front: true, order: { id: '42', from: 'orders' }, status: 200 });
    } finally {
      await server.close();
    }
  });
});
