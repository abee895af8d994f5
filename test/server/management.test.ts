import { performance } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../connectors/salesforce/sandbox/index.js';
import { Diagnostics } from '../../src/artifacts/diagnostics.js';
import type { LoadResult, Project } from '../../src/artifacts/project.js';
import { loadServerConfig } from '../../src/config/load.js';
import { hashPassword, managementWarnings, verifyPassword } from '../../src/server/management-auth.js';
import { buildManagementApp, type ManagementOptions } from '../../src/server/management.js';
import type { ReloadReport, ServerState } from '../../src/server/server-state.js';
import { captureLogger, diagnosticsOf, load, writeProject } from '../helpers/project.js';

// ---- a project and a running management listener over a fake ServerState

const PASSWORD = 'correct horse battery staple';
const STATIC_TOKEN = 'static-token-0123456789abcdef';
// secrets that must never appear in any management answer
const SECRETS = ['sf-client-secret-XYZ', 'sf-soap-password-XYZ', 'sf-security-token-XYZ', 'endpoint-header-secret-XYZ', 'url-password-XYZ', 'sf-refresh-XYZ'];

const API_FILES = {
  'config/apis/orders.yaml': `name: orders
context: /orders
version: v1
resources:
  - methods: [GET]
    uriTemplate: /{id}?currency={currency}
    inSequence: lookup
  - methods: [POST, PUT]
    inSequence:
      - respond: {}
`,
  'config/apis/echo.yaml': 'name: echo\ncontext: /echo\nresources:\n  - methods: [POST]\n    inSequence:\n      - respond: {}\n',
  'sequences/lookup.yaml': 'name: lookup\nsteps:\n  - respond: {}\n',
  'sequences/audit.yaml': 'name: audit\nsteps:\n  - log: { message: audit }\n',
};

function serverYaml(hash: string, extra = ''): string {
  return `management:
  users:
    - { username: admin, passwordHash: "${hash}" }
  token: ${STATIC_TOKEN}
endpoints:
  backend:
    uri: "https://svc:url-password-XYZ@backend.example.com/api?apikey=abc123&page=1"
    method: POST
    timeout: 7s
    headers: { Authorization: "Bearer endpoint-header-secret-XYZ" }
connections:
  sfRest:
    connector: salesforce
    type: oauth2
    grant: refreshToken
    instanceUrl: https://acme.my.salesforce.com
    tokenUrl: https://login.salesforce.com/services/oauth2/token
    clientId: the-client-id
    clientSecret: sf-client-secret-XYZ
    refreshToken: sf-refresh-XYZ
    apiVersion: "60.0"
  sfSoap:
    connector: salesforce
    type: basicAuth
    loginUrl: https://login.salesforce.com
    username: integration@acme.com
    password: sf-soap-password-XYZ
    securityToken: sf-security-token-XYZ
${extra}`;
}

interface FakeState extends ServerState {
  listeningNow: boolean;
  project: Project;
  /** what the next reload loads */
  next: (() => LoadResult) | undefined;
  reloadsRun: number;
}

/** A ServerState over a loaded project: reload() swaps in what `next` loads when it is valid. */
function fakeState(project: Project, setLevel: (level: string) => void, getLevel: () => string): FakeState {
  let last: ReloadReport = { at: new Date(), trigger: 'initial', ok: true, diagnostics: [], ms: 12 };
  const counts = { ok: 0, failed: 0 };
  const state: FakeState = {
    version: '9.9.9-test',
    startedAt: new Date(Date.now() - 42_000),
    projectDir: project.dir,
    apiUrl: 'http://127.0.0.1:8290',
    listeningNow: true,
    project,
    next: undefined,
    reloadsRun: 0,
    current: () => state.project,
    lastReload: () => last,
    reloadCounts: () => ({ ...counts }),
    async reload(trigger) {
      state.reloadsRun++;
      const result = state.next!();
      last = { at: new Date(), trigger, ok: result.project !== undefined, diagnostics: result.diagnostics.list, ms: 3 };
      if (result.project) {
        state.project = result.project;
        counts.ok++;
      } else {
        counts.failed++;
      }
      return last;
    },
    logLevel: getLevel,
    setLogLevel: setLevel,
    listening: () => state.listeningNow,
  };
  return state;
}

interface Running {
  app: FastifyInstance;
  url: string;
  state: FakeState;
  logs: ReturnType<typeof captureLogger>;
}

const opened: { close(): Promise<unknown> }[] = [];
afterAll(async () => {
  for (const o of opened.splice(0).reverse()) await o.close();
});

async function start(files: Record<string, string>, options: Partial<ManagementOptions> = {}): Promise<Running> {
  const logs = captureLogger('info');
  const result = load(files, logs.logger);
  if (!result.project) throw new Error(`project did not load:\n${diagnosticsOf(result).join('\n')}`);
  const project = result.project;
  opened.push(project);
  const state = fakeState(
    project,
    (level) => {
      logs.logger.level = level;
    },
    () => logs.logger.level,
  );
  const app = buildManagementApp(state, { logger: logs.logger, ...options });
  await app.listen({ port: 0, host: '127.0.0.1' });
  opened.push(app);
  const { port } = app.server.address() as { port: number };
  return { app, url: `http://127.0.0.1:${port}`, state, logs };
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

async function call(url: string, init: RequestInit & { auth?: string } = {}): Promise<{ status: number; headers: Headers; text: string; json: any }> {
  const headers = new Headers(init.headers);
  if (init.auth) headers.set('authorization', init.auth);
  if (typeof init.body === 'string') headers.set('content-type', 'application/json');
  const res = await fetch(url, { ...init, headers });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

async function login(base: string, user = 'admin', password = PASSWORD): Promise<string> {
  const res = await call(`${base}/management/login`, { method: 'POST', auth: basic(user, password) });
  expect(res.status).toBe(200);
  return res.json.AccessToken as string;
}

let hash: string;
let server: Running;
let bearer: string;

beforeAll(async () => {
  hash = await hashPassword(PASSWORD);
  server = await start({ 'config/server.yaml': serverYaml(hash), ...API_FILES });
  bearer = `Bearer ${await login(server.url)}`;
});

// ---- passwords

describe('management passwords (ferry hash-password)', () => {
  it('hashes with scrypt and a random salt: scrypt$<salt>$<hash>, never the same twice', async () => {
    const again = await hashPassword(PASSWORD);
    expect(hash).toMatch(/^scrypt\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
    expect(again).not.toBe(hash);
    expect(hash).not.toContain(PASSWORD);
  });

  it('verifies the right password only; a malformed hash matches nothing', async () => {
    expect(await verifyPassword(PASSWORD, hash)).toBe(true);
    expect(await verifyPassword(`${PASSWORD}!`, hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
    expect(await verifyPassword(PASSWORD, PASSWORD)).toBe(false);
    expect(await verifyPassword(PASSWORD, 'scrypt$$')).toBe(false);
  });
});

// ---- login and authentication

describe('POST /management/login', () => {
  it('exchanges Basic credentials for a bearer token ({"AccessToken"}, as MI) that opens the other resources', async () => {
    const res = await call(`${server.url}/management/login`, { method: 'POST', auth: basic('admin', PASSWORD) });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(res.json)).toEqual(['AccessToken']);
    expect(res.json.AccessToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await call(`${server.url}/management/apis`, { auth: `Bearer ${res.json.AccessToken}` })).status).toBe(200);
  });

  it("also answers MI's GET /management/login", async () => {
    const res = await call(`${server.url}/management/login`, { auth: basic('admin', PASSWORD) });
    expect(res.status).toBe(200);
    expect(res.json.AccessToken).toEqual(expect.any(String));
  });

  it('answers a wrong password and an unknown user alike: 401, the same body, no hint', async () => {
    const wrongPassword = await call(`${server.url}/management/login`, { method: 'POST', auth: basic('admin', 'nope') });
    const unknownUser = await call(`${server.url}/management/login`, { method: 'POST', auth: basic('root', PASSWORD) });
    const noHeader = await call(`${server.url}/management/login`, { method: 'POST' });
    for (const res of [wrongPassword, unknownUser, noHeader]) {
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ error: { code: 'FERRY_ERR_MGMT_UNAUTHORIZED', message: 'authentication required' } });
      expect(res.headers.get('www-authenticate')).toBe('Basic realm="Ferry management"');
    }
    expect(unknownUser.text).toBe(wrongPassword.text);
    // the refusal is logged without the name that was tried
    const refused = server.logs.lines.filter((l) => l.msg === 'management login refused');
    expect(refused.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(refused)).not.toContain('root');
  });

  it('takes as long for an unknown user as for a wrong password (both run scrypt)', async () => {
    const time = async (user: string) => {
      const t0 = performance.now();
      await call(`${server.url}/management/login`, { method: 'POST', auth: basic(user, 'wrong') });
      return performance.now() - t0;
    };
    await time('nobody'); // the dummy hash is made on first use
    const unknown = Math.min(await time('nobody'), await time('nobody'), await time('nobody'));
    const known = Math.min(await time('admin'), await time('admin'), await time('admin'));
    // scrypt dominates both: an unknown user is not answered in a fraction of the time
    expect(unknown).toBeGreaterThan(known * 0.5);
  });
});

describe('login under load', () => {
  it('checks at most four logins at a time; the others get 429 with Retry-After instead of queueing scrypt work', async () => {
    const answers = await Promise.all(Array.from({ length: 16 }, () => call(`${server.url}/management/login`, { method: 'POST', auth: basic('admin', PASSWORD) })));
    const busy = answers.filter((a) => a.status === 429);
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(4);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy[0]!.json.error.code).toBe('FERRY_ERR_MGMT_BUSY');
    expect(busy[0]!.headers.get('retry-after')).toBe('1');
    expect(answers.every((a) => a.status === 200 || a.status === 429)).toBe(true);
  });
});

const PROTECTED: [string, string, string?][] = [
  ['GET', '/management/apis'],
  ['GET', '/management/apis?apiName=orders'],
  ['GET', '/management/sequences'],
  ['GET', '/management/endpoints'],
  ['GET', '/management/connectors'],
  ['GET', '/management/connections'],
  ['GET', '/management/server'],
  ['GET', '/management/logging'],
  ['PATCH', '/management/logging', '{"level":"trace"}'],
  ['POST', '/management/reload'],
  ['GET', '/management/logout'],
];

describe('every /management resource but login requires a bearer token', () => {
  it.each(PROTECTED)('%s %s answers 401 without one, with a wrong one, and with Basic credentials', async (method, path, body) => {
    for (const auth of [undefined, 'Bearer not-a-token', 'Bearer ', basic('admin', PASSWORD), `Bearer ${STATIC_TOKEN}x`]) {
      const res = await call(`${server.url}${path}`, { method, body, auth });
      expect(res.status, `${method} ${path} with ${auth}`).toBe(401);
      expect(res.json.error.code).toBe('FERRY_ERR_MGMT_UNAUTHORIZED');
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="Ferry management"');
    }
    // nothing happened
    expect(server.state.reloadsRun).toBe(0);
    expect(server.state.logLevel()).toBe('info');
  });

  it('accepts the static management.token', async () => {
    const res = await call(`${server.url}/management/server`, { auth: `Bearer ${STATIC_TOKEN}` });
    expect(res.status).toBe(200);
  });

  it('logout revokes a token issued by login', async () => {
    const token = `Bearer ${await login(server.url)}`;
    expect((await call(`${server.url}/management/logout`, { auth: token })).status).toBe(200);
    expect((await call(`${server.url}/management/apis`, { auth: token })).status).toBe(401);
    expect((await call(`${server.url}/management/apis`, { auth: bearer })).status).toBe(200);
  });

  it('a token expires after management.tokenLifetime', async () => {
    const short = await start({ 'config/server.yaml': serverYaml(hash).replace('management:\n', 'management:\n  tokenLifetime: 300ms\n'), ...API_FILES });
    const token = `Bearer ${await login(short.url)}`;
    expect((await call(`${short.url}/management/apis`, { auth: token })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 400));
    expect((await call(`${short.url}/management/apis`, { auth: token })).status).toBe(401);
  });

  it('a user removed from server.yaml loses their tokens with the reload', async () => {
    const own = await start({ 'config/server.yaml': serverYaml(hash), ...API_FILES });
    const token = `Bearer ${await login(own.url)}`;
    const withoutAdmin = serverYaml(hash).replace(/ {2}users:\n {4}- \{ username: admin.*\n/, '  users: []\n');
    own.state.next = () => load({ 'config/server.yaml': withoutAdmin, ...API_FILES });
    expect((await call(`${own.url}/management/reload`, { method: 'POST', auth: token })).status).toBe(200);
    expect((await call(`${own.url}/management/apis`, { auth: token })).status).toBe(401);
    expect((await call(`${own.url}/management/apis`, { auth: `Bearer ${STATIC_TOKEN}` })).status).toBe(200);
  });

  it('with neither users nor a token, every resource is 401 and managementWarnings says so once', async () => {
    const none = await start({ 'config/server.yaml': 'logging: { level: info }\n', ...API_FILES });
    expect(managementWarnings(none.state.current().config)).toEqual([expect.stringContaining('no users and no token')]);
    expect(managementWarnings(server.state.current().config)).toEqual([]);
    expect((await call(`${none.url}/management/login`, { method: 'POST', auth: basic('admin', 'admin') })).status).toBe(401);
    expect((await call(`${none.url}/management/apis`, { auth: 'Bearer anything' })).status).toBe(401);
  });

  it('management.enabled: false turns /management off (404); the probes stay', async () => {
    const off = await start({ 'config/server.yaml': serverYaml(hash).replace('management:\n', 'management:\n  enabled: false\n'), ...API_FILES });
    expect(managementWarnings(off.state.current().config)).toEqual([]);
    const res = await call(`${off.url}/management/login`, { method: 'POST', auth: basic('admin', PASSWORD) });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('FERRY_ERR_MGMT_NOT_FOUND');
    expect((await call(`${off.url}/management/apis`, { auth: `Bearer ${STATIC_TOKEN}` })).status).toBe(404);
    expect((await call(`${off.url}/livez`)).status).toBe(200);
    expect((await call(`${off.url}/healthz`)).status).toBe(200);
  });
});

// ---- artifacts

describe('GET /management/apis', () => {
  it('lists every API: name, context, version, URL and number of resources ({count, list} as MI)', async () => {
    const res = await call(`${server.url}/management/apis`, { auth: bearer });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      count: 2,
      list: [
        { name: 'echo', context: '/echo', version: null, url: 'http://127.0.0.1:8290/echo', resources: 1 },
        { name: 'orders', context: '/orders/v1', version: 'v1', url: 'http://127.0.0.1:8290/orders/v1', resources: 2 },
      ],
    });
  });

  it('?apiName= gives one API with its resources: methods, uriTemplate and URL', async () => {
    const res = await call(`${server.url}/management/apis?apiName=orders`, { auth: bearer });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      name: 'orders',
      context: '/orders/v1',
      version: 'v1',
      url: 'http://127.0.0.1:8290/orders/v1',
      urlList: ['http://127.0.0.1:8290/orders/v1'],
      file: expect.stringContaining('orders.yaml'),
      resources: [
        { methods: ['GET'], uriTemplate: '/{id}?currency={currency}', url: 'http://127.0.0.1:8290/orders/v1/{id}?currency={currency}' },
        { methods: ['POST', 'PUT'], uriTemplate: '/', url: 'http://127.0.0.1:8290/orders/v1' },
      ],
    });
  });

  it('an unknown ?apiName= is 404 with a coded error', async () => {
    const res = await call(`${server.url}/management/apis?apiName=nope`, { auth: bearer });
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: { code: 'FERRY_ERR_MGMT_NOT_FOUND', message: "no API named 'nope'" } });
  });
});

describe('sequences, endpoints, connectors, connections', () => {
  it('GET /management/sequences lists the sequences by name; ?sequenceName= gives one', async () => {
    expect((await call(`${server.url}/management/sequences`, { auth: bearer })).json).toEqual({ count: 2, list: [{ name: 'audit' }, { name: 'lookup' }] });
    expect((await call(`${server.url}/management/sequences?sequenceName=audit`, { auth: bearer })).json).toEqual({ name: 'audit' });
    expect((await call(`${server.url}/management/sequences?sequenceName=x`, { auth: bearer })).status).toBe(404);
  });

  it('GET /management/endpoints shows where an endpoint goes and its timeout, never its headers or URL credentials', async () => {
    const res = await call(`${server.url}/management/endpoints`, { auth: bearer });
    expect(res.json).toEqual({
      count: 1,
      list: [{ name: 'backend', uri: 'https://backend.example.com/api?apikey=%5BREDACTED%5D&page=1', method: 'POST', timeout: 7000 }],
    });
    expect(res.text).not.toContain('abc123');
    expect((await call(`${server.url}/management/endpoints?endpointName=backend`, { auth: bearer })).json).toMatchObject({ name: 'backend' });
  });

  it('GET /management/connectors lists each connector with its version and operations (with descriptions)', async () => {
    const res = await call(`${server.url}/management/connectors`, { auth: bearer });
    expect(res.status).toBe(200);
    expect(res.json.count).toBe(1);
    const [salesforce] = res.json.list;
    expect(salesforce).toMatchObject({ name: 'salesforce', version: '1.0.0', connectionTypes: ['oauth2', 'basicAuth'] });
    expect(salesforce.operations).toContainEqual({ name: 'testConnection', description: expect.stringContaining('Check the connection'), connectionTypes: ['oauth2', 'basicAuth'] });
    expect(salesforce.operations).toContainEqual(expect.objectContaining({ name: 'query', description: expect.stringContaining('SOQL') }));
    expect((await call(`${server.url}/management/connectors?connectorName=salesforce`, { auth: bearer })).json.name).toBe('salesforce');
  });

  it('GET /management/connections shows connector, type and where it connects; no secret appears anywhere in the answer', async () => {
    const res = await call(`${server.url}/management/connections`, { auth: bearer });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      count: 2,
      list: [
        {
          name: 'sfRest',
          connector: 'salesforce',
          type: 'oauth2',
          params: { instanceUrl: 'https://acme.my.salesforce.com', tokenUrl: 'https://login.salesforce.com/services/oauth2/token', apiVersion: '60.0', grant: 'refreshToken' },
        },
        { name: 'sfSoap', connector: 'salesforce', type: 'basicAuth', params: { loginUrl: 'https://login.salesforce.com', username: 'integration@acme.com' } },
      ],
    });
    for (const secret of SECRETS) expect(res.text).not.toContain(secret);
    expect(res.text).not.toContain('the-client-id');
    const one = await call(`${server.url}/management/connections?connectionName=sfSoap`, { auth: bearer });
    expect(one.json).toMatchObject({ name: 'sfSoap', type: 'basicAuth' });
  });

  it('no management answer carries a secret of server.yaml', async () => {
    const paths = ['/management/apis', '/management/apis?apiName=orders', '/management/sequences', '/management/endpoints', '/management/connectors', '/management/connections', '/management/server', '/management/logging'];
    for (const path of paths) {
      const { text } = await call(`${server.url}${path}`, { auth: bearer });
      for (const secret of [...SECRETS, STATIC_TOKEN, hash]) expect(text, path).not.toContain(secret);
    }
  });
});

// ---- server, logging, reload

describe('GET /management/server', () => {
  it('gives version, uptime, project folder, last reload and reload counts', async () => {
    const res = await call(`${server.url}/management/server`, { auth: bearer });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      productName: 'Ferry',
      version: '9.9.9-test',
      projectDir: server.state.projectDir,
      apiUrl: 'http://127.0.0.1:8290',
      startedAt: server.state.startedAt.toISOString(),
      lastReload: { trigger: 'initial', ok: true, errors: [], warnings: [], ms: 12, at: expect.any(String) },
      reloads: { ok: 0, failed: 0 },
    });
    expect(res.json.uptime).toBeGreaterThanOrEqual(42);
    expect(res.json.uptime).toBeLessThan(100);
  });
});

describe('GET / PATCH /management/logging', () => {
  it('reads the root level and changes it at run time (the logger itself changes)', async () => {
    const own = await start({ 'config/server.yaml': serverYaml(hash), ...API_FILES });
    const auth = `Bearer ${STATIC_TOKEN}`;
    expect((await call(`${own.url}/management/logging`, { auth })).json).toEqual({ loggerName: 'rootLogger', level: 'info' });
    expect(own.logs.logger.isLevelEnabled('debug')).toBe(false);

    const res = await call(`${own.url}/management/logging`, { method: 'PATCH', auth, body: '{"level":"debug"}' });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ loggerName: 'rootLogger', level: 'debug', previous: 'info' });
    expect(own.logs.logger.level).toBe('debug');
    expect(own.logs.logger.isLevelEnabled('debug')).toBe(true);
    expect((await call(`${own.url}/management/logging`, { auth })).json.level).toBe('debug');
    // the change is logged, with who made it
    expect(own.logs.lines).toContainEqual(expect.objectContaining({ msg: 'log level changed from info to debug', user: 'token' }));
  });

  it("takes MI's body too: {loggerName: rootLogger, loggingLevel: WARN}", async () => {
    const own = await start({ 'config/server.yaml': serverYaml(hash), ...API_FILES });
    const res = await call(`${own.url}/management/logging`, { method: 'PATCH', auth: `Bearer ${STATIC_TOKEN}`, body: '{"loggerName":"rootLogger","loggingLevel":"WARN"}' });
    expect(res.status).toBe(200);
    expect(own.logs.logger.level).toBe('warn');
  });

  it.each([
    ['{"level":"verbose"}', 'unknown log level "verbose"'],
    ['{}', 'no level given'],
    ['{"level":5}', 'unknown log level 5'],
    ['{"loggerName":"org.apache","loggingLevel":"DEBUG"}', "only the root logger"],
    ['{"level":', 'JSON'],
  ])('refuses %s with 400 FERRY_ERR_MGMT_BAD_REQUEST and leaves the level alone', async (body, message) => {
    const res = await call(`${server.url}/management/logging`, { method: 'PATCH', auth: bearer, body });
    expect(res.status).toBe(400);
    expect(res.json.error).toEqual({ code: 'FERRY_ERR_MGMT_BAD_REQUEST', message: expect.stringContaining(message) });
    expect(server.state.logLevel()).toBe('info');
  });
});

describe('POST /management/reload', () => {
  it('reloads: 200 with the report, and the new version is what the resources show', async () => {
    const own = await start({ 'config/server.yaml': serverYaml(hash), ...API_FILES });
    const auth = `Bearer ${STATIC_TOKEN}`;
    own.state.next = () => load({ 'config/server.yaml': serverYaml(hash), ...API_FILES, 'config/apis/extra.yaml': 'name: extra\ncontext: /extra\nresources:\n  - methods: [GET]\n    inSequence: audit\n' });
    const res = await call(`${own.url}/management/reload`, { method: 'POST', auth });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ trigger: 'management', ok: true, errors: [], at: expect.any(String) });
    expect((await call(`${own.url}/management/apis`, { auth })).json.count).toBe(3);
    expect((await call(`${own.url}/management/server`, { auth })).json).toMatchObject({ lastReload: { ok: true, trigger: 'management' }, reloads: { ok: 1, failed: 0 } });
  });

  it('refuses an invalid new version: 409 with every diagnostic, and the old version keeps serving', async () => {
    const own = await start({ 'config/server.yaml': serverYaml(hash), ...API_FILES });
    const auth = `Bearer ${STATIC_TOKEN}`;
    const before = own.state.current();
    own.state.next = () =>
      load({
        'config/server.yaml': serverYaml(hash),
        ...API_FILES,
        'config/apis/broken.yaml': 'name: broken\ncontext: /broken\nresources:\n  - methods: [GET]\n    inSequence: missing\n  - methods: [POST]\n    inSequence:\n      - lgo: {}\n',
      });
    const res = await call(`${own.url}/management/reload`, { method: 'POST', auth });
    expect(res.status).toBe(409);
    expect(res.json).toMatchObject({
      error: { code: 'FERRY_ERR_MGMT_RELOAD_FAILED' },
      ok: false,
      trigger: 'management',
      errors: [expect.stringMatching(/broken\.yaml:5:\d+: error FERRY_ERR_ARTIFACT_MISSING_SEQUENCE: sequence 'missing'/), expect.stringMatching(/broken\.yaml:8:\d+: error FERRY_ERR_ARTIFACT_UNKNOWN_MEDIATOR/)],
    });
    expect(own.state.current()).toBe(before);
    expect((await call(`${own.url}/management/apis`, { auth })).json.count).toBe(2);
    const info = (await call(`${own.url}/management/server`, { auth })).json;
    expect(info.reloads).toEqual({ ok: 0, failed: 1 });
    expect(info.lastReload).toMatchObject({ ok: false, errors: [expect.stringContaining('FERRY_ERR_ARTIFACT_MISSING_SEQUENCE'), expect.any(String)] });
  });
});

// ---- probes and metrics

describe('GET /livez and /healthz (no authentication)', () => {
  it('/livez is 200 {"status":"UP"} while the process runs', async () => {
    const res = await call(`${server.url}/livez`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'UP' });
  });

  it('/healthz is 200 while the project is loaded and the API listener accepts, 503 once it does not', async () => {
    const own = await start({ 'config/server.yaml': serverYaml(hash), ...API_FILES });
    const up = await call(`${own.url}/healthz`);
    expect(up.status).toBe(200);
    expect(up.json).toEqual({ status: 'UP', checks: { project: 'UP', listener: 'UP' } });
    own.state.listeningNow = false;
    const down = await call(`${own.url}/healthz`);
    expect(down.status).toBe(503);
    expect(down.json).toEqual({ status: 'DOWN', checks: { project: 'UP', listener: 'DOWN' } });
    expect((await call(`${own.url}/healthz`)).status).toBe(503);
    expect((await call(`${own.url}/livez`)).status).toBe(200);
    // one line per change, not one per probe
    expect(own.logs.lines.filter((l) => l.msg === 'health check: not ready')).toEqual([expect.objectContaining({ level: 'warn', listening: false })]);
  });

  it('/healthz is 503 when no project is loaded', async () => {
    const own = await start({ 'config/server.yaml': serverYaml(hash), ...API_FILES });
    own.state.current = () => {
      throw new Error('not loaded yet');
    };
    const res = await call(`${own.url}/healthz`);
    expect(res.status).toBe(503);
    expect(res.json.checks.project).toBe('DOWN');
  });

  describe('with per-connection checks (testConnection)', () => {
    let sandbox: Sandbox;
    beforeAll(async () => {
      sandbox = await startSandbox({ port: 0 });
      opened.push(sandbox);
    });
    const connections = (good: boolean, bad: boolean, health = '') => {
      const url = sandbox.url;
      return `${health}connections:
${good ? `  good: { connector: salesforce, instanceUrl: "${url}", tokenUrl: "${url}/services/oauth2/token", clientId: ferry-sandbox-client, clientSecret: ferry-sandbox-secret }
  goodSoap: { connector: salesforce, type: basicAuth, loginUrl: "${url}/services/Soap/u/60.0", username: admin@ferry.sandbox, password: ferry-password, securityToken: ferry-token }` : ''}
${bad ? `  bad: { connector: salesforce, instanceUrl: "${url}", tokenUrl: "${url}/services/oauth2/token", clientId: ferry-sandbox-client, clientSecret: wrong-secret-XYZ }` : ''}
`;
    };

    it('?connections=true runs each connection testConnection: 200 when all pass', async () => {
      const own = await start({ 'config/server.yaml': connections(true, false), ...API_FILES });
      expect((await call(`${own.url}/healthz`)).json.checks.connections).toBeUndefined();
      const res = await call(`${own.url}/healthz?connections=true`);
      expect(res.status).toBe(200);
      expect(res.json.checks.connections).toEqual([
        { name: 'good', ok: true, detail: 'connected', ms: expect.any(Number) },
        { name: 'goodSoap', ok: true, detail: 'connected', ms: expect.any(Number) },
      ]);
    });

    it('a failing connection makes /healthz 503 and says which and why, without its secret', async () => {
      const own = await start({ 'config/server.yaml': connections(true, true), ...API_FILES });
      const res = await call(`${own.url}/healthz?connections=true`);
      expect(res.status).toBe(503);
      expect(res.json.status).toBe('DOWN');
      expect(res.json.checks.connections).toEqual([
        expect.objectContaining({ name: 'good', ok: true }),
        expect.objectContaining({ name: 'goodSoap', ok: true }),
        { name: 'bad', ok: false, detail: expect.stringMatching(/token/), ms: expect.any(Number) },
      ]);
      expect(res.text).not.toContain('wrong-secret-XYZ');
    });

    it('management.health.connections: true checks them on every probe; a slow one fails at health.timeout', async () => {
      const own = await start({ 'config/server.yaml': connections(true, false, 'management:\n  health: { connections: true, timeout: 300ms }\n'), ...API_FILES });
      sandbox.admin.addFault({ path: '/limits$', delayMs: 2000 });
      try {
        const started = Date.now();
        const res = await call(`${own.url}/healthz`);
        expect(Date.now() - started).toBeLessThan(1500);
        expect(res.status).toBe(503);
        expect(res.json.checks.connections).toContainEqual(expect.objectContaining({ name: 'good', ok: false, detail: 'no answer within 300 ms' }));
        // ?connections=false skips them
        expect((await call(`${own.url}/healthz?connections=false`)).status).toBe(200);
      } finally {
        sandbox.admin.clearFaults();
      }
    });

    it('concurrent probes share one round of checks (an unauthenticated probe cannot multiply upstream calls)', async () => {
      const own = await start({ 'config/server.yaml': connections(true, false), ...API_FILES });
      const limitsCalls = () => (sandbox.admin.requests() as { path: string }[]).filter((r) => r.path.endsWith('/limits')).length;
      const before = limitsCalls();
      const answers = await Promise.all(Array.from({ length: 10 }, () => call(`${own.url}/healthz?connections=true`)));
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
      expect(limitsCalls() - before).toBe(1);
    });
  });
});

describe('GET /metrics', () => {
  it('serves what options.metrics produces, as it comes, without authentication', async () => {
    const body = '# HELP ferry_requests_total Requests\n# TYPE ferry_requests_total counter\nferry_requests_total 3\n';
    const own = await start({ 'config/server.yaml': serverYaml(hash), ...API_FILES }, { metrics: async () => ({ contentType: 'text/plain; version=0.0.4; charset=utf-8', body }) });
    const res = await call(`${own.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.text).toBe(body);
  });

  it('is 404 when no metrics are wired', async () => {
    const res = await call(`${server.url}/metrics`);
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('FERRY_ERR_MGMT_NOT_FOUND');
  });
});

// ---- configuration

describe('the management section of server.yaml', () => {
  const loadConfig = (yaml: string, env: NodeJS.ProcessEnv = {}) => {
    const diags = new Diagnostics();
    const config = loadServerConfig(writeProject({ 'config/server.yaml': yaml }), diags, env);
    return { config, problems: diags.list.map((d) => `${d.line}:${d.col} ${d.code} ${d.message}`) };
  };

  it('defaults: enabled, no users, no token, tokens valid 1h, no connection checks (5s each when asked)', () => {
    const { config, problems } = loadConfig('logging: { level: info }\n');
    expect(problems).toEqual([]);
    expect(config.management).toEqual({ enabled: true, users: [], token: undefined, tokenLifetime: 3_600_000, health: { connections: false, timeout: 5000 } });
  });

  it('takes users and the token from the environment; an unset ${env:…:-} leaves them out', () => {
    const yaml = 'management:\n  users:\n    - { username: "${env:FERRY_ADMIN_USER:-admin}", passwordHash: "${env:FERRY_ADMIN_PASSWORD_HASH:-}" }\n  token: "${env:FERRY_MGMT_TOKEN:-}"\n  tokenLifetime: 15m\n';
    const set = loadConfig(yaml, { FERRY_ADMIN_PASSWORD_HASH: hash, FERRY_MGMT_TOKEN: STATIC_TOKEN });
    expect(set.problems).toEqual([]);
    expect(set.config.management).toMatchObject({ users: [{ username: 'admin', passwordHash: hash }], token: STATIC_TOKEN, tokenLifetime: 900_000 });
    const unset = loadConfig(yaml);
    expect(unset.problems).toEqual([]);
    expect(unset.config.management).toMatchObject({ users: [], token: undefined });
    expect(managementWarnings(unset.config)).toHaveLength(1);
  });

  it('reports a plain password as passwordHash, a short token and a user listed twice, at their lines', () => {
    const { problems } = loadConfig(`management:\n  users:\n    - { username: admin, passwordHash: hunter2 }\n    - { username: admin, passwordHash: "${hash}" }\n  token: short\n`);
    expect(problems).toEqual([
      expect.stringMatching(/^3:\d+ FERRY_ERR_CONFIG_SCHEMA management\.users\.0\.passwordHash: must be scrypt\$<salt>\$<hash> as printed by 'ferry hash-password'/),
      expect.stringMatching(/^4:\d+ FERRY_ERR_CONFIG_SCHEMA management\.users\.1\.username: user 'admin' is listed twice/),
      expect.stringMatching(/^5:\d+ FERRY_ERR_CONFIG_SCHEMA management\.token: must be at least 16 characters/),
    ]);
  });

  it('refuses a static token that an Authorization header could not carry', () => {
    const { problems } = loadConfig('management:\n  token: "a token with spaces in it"\n');
    expect(problems).toEqual([expect.stringMatching(/^2:\d+ FERRY_ERR_CONFIG_SCHEMA management\.token: may hold only letters, digits/)]);
  });

  it('reports unknown keys like every other section', () => {
    const { problems } = loadConfig('management:\n  user: []\n');
    expect(problems).toEqual([expect.stringContaining("unknown property 'user'")]);
  });
});
