import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/server/management-auth.js';
import { startServer, type RunningServer } from '../../src/server/start.js';
import { captureLogger, writeProject } from '../helpers/project.js';

// A running server seen from the outside, as an operator sees it: the management listener (login,
// resources, reload), health probes, Prometheus metrics, and OpenAPI documents on both ports.

let server: RunningServer;
let token = '';

beforeAll(async () => {
  const dir = writeProject({
    'config/server.yaml': `logging: { level: warn }
management:
  users: [ { username: ops, passwordHash: "${await hashPassword('s3cret-pass')}" } ]
`,
    'config/apis/orders.yaml': `name: orders
context: /orders
resources:
  - methods: [GET]
    uriTemplate: /{id}
    inSequence:
      - filter:
          expression: "\${params.pathParams.id == 'nope'}"
          then: [ { throwError: { type: ORDER_NOT_FOUND, errorMessage: none, status: 404 } } ]
      - respond: { body: { id: "\${params.pathParams.id}" } }
  - methods: [POST]
    requestSchema: { type: object, required: [sku], properties: { sku: { type: string } } }
    inSequence:
      - respond: { status: 201, body: { ok: true } }
`,
  });
  const started = await startServer({ projectDir: dir, logger: captureLogger('warn').logger, port: 0, managementPort: 0, host: '127.0.0.1', sandboxPort: 0 });
  if (!started.server) throw new Error(started.result.diagnostics.list.map((d) => d.message).join('\n'));
  server = started.server;
  const login = await fetch(`${server.managementUrl}/management/login`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from('ops:s3cret-pass').toString('base64')}` } });
  token = ((await login.json()) as { AccessToken: string }).AccessToken;
});
afterAll(() => server.close());

const mgmt = async (path: string, init: RequestInit = {}) => {
  const res = await fetch(`${server.managementUrl}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) } });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type'), text, json: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined };
};

describe('operating a running server', () => {
  it('the management API lists what the server runs, behind a login', async () => {
    expect(token).toMatch(/\S{20,}/);
    expect((await fetch(`${server.managementUrl}/management/apis`)).status).toBe(401);
    const apis = await mgmt('/management/apis');
    expect(apis.json).toMatchObject({ count: 1, list: [{ name: 'orders', context: '/orders', url: `${server.url}/orders` }] });
    const info = await mgmt('/management/server');
    expect(info.json).toMatchObject({ productName: 'Ferry', apiUrl: server.url, lastReload: { trigger: 'initial', ok: true }, reloads: { ok: 0, failed: 0 } });
  });

  it('PATCH /management/logging changes the running log level', async () => {
    expect((await mgmt('/management/logging', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"level":"debug"}' })).json).toMatchObject({ level: 'debug', previous: 'warn' });
    expect(server.state.logLevel()).toBe('debug');
    await mgmt('/management/logging', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"level":"warn"}' });
  });

  it('POST /management/reload reloads the project and reports it', async () => {
    const res = await mgmt('/management/reload', { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ trigger: 'management', ok: true });
    expect((await mgmt('/management/server')).json.reloads).toEqual({ ok: 1, failed: 0 });
  });

  it('/livez and /healthz answer without a login', async () => {
    expect(await (await fetch(`${server.managementUrl}/livez`)).json()).toEqual({ status: 'UP' });
    expect((await fetch(`${server.managementUrl}/healthz`)).status).toBe(200);
  });

  it('/metrics counts requests by resource and status, faults by code, and reloads', async () => {
    await fetch(`${server.url}/orders/A-1`);
    await fetch(`${server.url}/orders/nope`);
    await fetch(`${server.url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const res = await fetch(`${server.managementUrl}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^ferry_http_requests_total\{api="orders",resource="GET \/orders\/\{id\}",method="GET",status="200"\} 1$/m);
    expect(text).toMatch(/^ferry_http_requests_total\{api="orders",resource="GET \/orders\/\{id\}",method="GET",status="404"\} 1$/m);
    expect(text).toMatch(/^ferry_faults_total\{code="ORDER_NOT_FOUND"\} 1$/m);
    expect(text).toMatch(/^ferry_faults_total\{code="FERRY_ERR_HTTP_REQUEST_INVALID"\} 1$/m);
    expect(text).toMatch(/^ferry_reloads_total\{outcome="ok"\} [1-9]/m);
    expect(text).toMatch(/^ferry_process_cpu_seconds_total /m);
  });

  it('an API answers its OpenAPI document at ?swagger.json and ?swagger.yaml, and the management API has it too', async () => {
    const json = await fetch(`${server.url}/orders?swagger.json`);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    const doc = (await json.json()) as { openapi: string; servers: { url: string }[]; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers[0]!.url).toBe(`${server.url}/orders`);
    expect(Object.keys(doc.paths).sort()).toEqual(['/', '/{id}']);
    const yaml = await fetch(`${server.url}/orders?swagger.yaml`);
    expect(await yaml.text()).toContain('openapi: 3.1.0');
    const viaManagement = await mgmt('/management/apis/orders/openapi');
    expect(viaManagement.json.paths).toEqual(doc.paths);
    expect((await mgmt('/management/apis/none/openapi')).status).toBe(404);
    const metrics = await (await fetch(`${server.managementUrl}/metrics`)).text();
    expect(metrics).toMatch(/^ferry_http_requests_total\{api="orders",resource="GET \?swagger",method="GET",status="200"\} 2$/m);
  });

  it('requestSchema is enforced: a body that fails it is a 400', async () => {
    const res = await fetch(`${server.url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"sku": 7}' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('FERRY_ERR_HTTP_REQUEST_INVALID');
    expect((await fetch(`${server.url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"sku": "X"}' })).status).toBe(201);
  });

  it('while draining, /healthz answers 503', async () => {
    const closing = server.close();
    const res = await fetch(`${server.managementUrl}/healthz`).catch(() => undefined);
    if (res) expect(res.status).toBe(503);
    await closing;
  });
});
