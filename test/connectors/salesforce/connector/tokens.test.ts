import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../../connectors/salesforce/sandbox/index.js';
import { serve } from '../../../helpers/project.js';

let sandbox: Sandbox;
let server: Awaited<ReturnType<typeof serve>>;
let refreshToken: string;

const tokenCalls = () => (sandbox.admin.requests() as { path: string }[]).filter((r) => r.path === '/services/oauth2/token').length;
const queries = (query: string) => (sandbox.admin.requests() as { path: string; query: string; status: number }[]).filter((r) => r.path.endsWith('/query') && decodeURIComponent(r.query).includes(query));

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  const url = sandbox.url;
  // a refresh token, as an authorization-code login would give one
  const code = sandbox.admin.issueAuthorizationCode({ clientId: 'ferry-sandbox-client', username: 'admin@ferry.sandbox', redirectUri: 'http://localhost:8290/oauth/callback' });
  const exchanged = await fetch(`${url}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, client_id: 'ferry-sandbox-client', client_secret: 'ferry-sandbox-secret', redirect_uri: 'http://localhost:8290/oauth/callback' }).toString(),
  });
  refreshToken = ((await exchanged.json()) as { refresh_token: string }).refresh_token;
  const common = `instanceUrl: "${url}", tokenUrl: "${url}/services/oauth2/token", clientId: ferry-sandbox-client`;
  server = await serve({
    'config/server.yaml': [
      'connections:',
      `  cc: { connector: salesforce, ${common}, clientSecret: ferry-sandbox-secret }`,
      `  rt: { connector: salesforce, grant: refreshToken, refreshToken: "${refreshToken}", ${common}, clientSecret: ferry-sandbox-secret }`,
      `  static: { connector: salesforce, grant: accessToken, accessToken: "00D5g00000Ferry!notatoken", instanceUrl: "${url}" }`,
    ].join('\n'),
    'config/apis/q.yaml': `name: q
context: /q
resources:
  - methods: [GET]
    uriTemplate: /{connection}/{tag}
    inSequence:
      - switch:
          source: "\${params.pathParams.connection}"
          cases:
            - equals: cc
              steps: [ { salesforce.query: { configKey: cc, q: "SELECT Id FROM Account WHERE Name != '\${params.pathParams.tag}' LIMIT 1" } } ]
            - equals: rt
              steps: [ { salesforce.query: { configKey: rt, q: "SELECT Id FROM Account WHERE Name != '\${params.pathParams.tag}' LIMIT 1" } } ]
            - equals: static
              steps: [ { salesforce.query: { configKey: static, q: "SELECT Id FROM Account LIMIT 1" } } ]
      - respond: {}
`,
  }, 'debug');
});
afterAll(async () => {
  await server?.close();
  await sandbox?.close();
});

const get = async (path: string) => {
  const res = await fetch(`${server.url}/q${path}`);
  return { status: res.status, body: (await res.json()) as unknown };
};

describe('Salesforce connection tokens', () => {
  it('fetches a token once and reuses it across requests', async () => {
    const before = tokenCalls();
    for (let i = 0; i < 3; i++) expect((await get(`/cc/reuse${i}`)).status).toBe(200);
    expect(tokenCalls() - before).toBeLessThanOrEqual(1);
  });

  it('a token expired in the org mid-run costs the client nothing: one refresh, one retry', async () => {
    await get('/cc/warm');
    sandbox.admin.expireTokens();
    const before = tokenCalls();
    const res = await get('/cc/after-expiry');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ totalSize: 1, done: true });
    expect(tokenCalls() - before).toBe(1);
    expect(queries('after-expiry').map((q) => q.status)).toEqual([401, 200]);
  });

  it('N concurrent requests with an expired token cause exactly one token request', async () => {
    await get('/cc/warm2');
    sandbox.admin.expireTokens();
    const before = tokenCalls();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => get(`/cc/burst${i}`)));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(tokenCalls() - before).toBe(1);
  });

  it('a refresh-token connection refreshes after expiry', async () => {
    expect((await get('/rt/first')).status).toBe(200);
    sandbox.admin.expireTokens();
    expect((await get('/rt/second')).status).toBe(200);
  });

  it('a revoked refresh token is a coded fault carrying error_description, without a retry loop', async () => {
    expect((await get('/rt/before-revoke')).status).toBe(200);
    sandbox.admin.revokeTokens();
    const before = tokenCalls();
    const res = await get('/rt/after-revoke');
    expect(res).toEqual({ status: 502, body: { error: { code: 'SALESFORCE_AUTH_FAILED', message: "connection 'rt' could not get a token (refreshToken): expired access/refresh token" } } });
    expect(tokenCalls() - before).toBe(1);
    expect(queries('after-revoke').map((q) => q.status)).toEqual([401]);
  });

  it('a static access token that Salesforce refuses is the INVALID_SESSION_ID fault, passed through', async () => {
    const res = await get('/static/x');
    expect(res).toEqual({ status: 401, body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }] });
  });

  it('never puts tokens or secrets in log lines or error messages', async () => {
    const logs = server.logs();
    // debug logging is on: every upstream call and fault was logged
    expect(logs.filter((l) => l.msg === 'upstream call').length).toBeGreaterThan(10);
    const text = JSON.stringify(logs);
    expect(text).not.toContain(refreshToken);
    expect(text).not.toContain('ferry-sandbox-secret');
    expect(text).not.toMatch(/00D5g00000Ferry![A-Za-z0-9._]{10,}/);
  });
});
