import { generateKeyPairSync } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '../../../helpers/project.js';
import { useSalesforce } from './harness.js';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

const sf = useSalesforce({
  seed: { connectedApps: [{ clientId: 'ferry-jwt-client', clientSecret: 'unused', certificate: publicKey.export({ type: 'spki', format: 'pem' }).toString(), runAs: 'admin@ferry.sandbox' }] },
});

type Logged = { method: string; path: string; status: number };
const requests = () => sf.sandbox.admin.requests() as Logged[];
const tokenCalls = () => requests().filter((r) => r.path === '/services/oauth2/token').length;
const sandboxConnection = (name: string, extra: string) =>
  `  ${name}: { connector: salesforce, instanceUrl: "${sf.url}", tokenUrl: "${sf.url}/services/oauth2/token", clientId: ferry-sandbox-client, clientSecret: ferry-sandbox-secret, ${extra} }`;
/** Run steps with extra connections (YAML lines under `connections:`) and extra project files. */
const run = (steps: string, connections: string, files: Record<string, string> = {}) => sf.run(steps, {}, { 'config/server.yaml': sf.serverYaml(connections), ...files });

describe('a Salesforce connection', () => {
  // a call cut short by its deadline leaves its later faults unused
  afterEach(() => sf.sandbox.admin.clearFaults());

  it.each([['"58.0"'], ['v58'], ['58']])('apiVersion %s is the version of every call', async (version) => {
    const { response } = await run('- salesforce.query: { configKey: v58, q: "SELECT Id FROM Account LIMIT 1" }', sandboxConnection('v58', `apiVersion: ${version}`));
    expect(response.status).toBe(200);
    expect(requests().at(-1)).toMatchObject({ path: '/services/data/v58.0/query', status: 200 });
  });

  it('a call slower than timeout is FERRY_ERR_CALL_TIMEOUT (504), not a hang', async () => {
    await run('- salesforce.limits: { configKey: quick }', sandboxConnection('quick', 'timeout: 300ms')); // token fetched, connection warm
    sf.sandbox.admin.addFault({ path: '/query$', delayMs: 2000 });
    const started = Date.now();
    const { mc, response } = await run('- salesforce.query: { configKey: quick, q: "SELECT Id FROM Account" }', sandboxConnection('quick', 'timeout: 300ms'));
    expect(Date.now() - started).toBeLessThan(1500);
    expect(response.status).toBe(504);
    expect(mc.error).toMatchObject({ code: 'FERRY_ERR_CALL_TIMEOUT' });
  });

  it('timeout bounds the whole call: a refused token, a new one and the retry share one deadline', async () => {
    const connection = sandboxConnection('quick', 'timeout: 400ms');
    await run('- salesforce.limits: { configKey: quick }', connection);
    // each step alone is well within 400 ms; together they are not
    sf.sandbox.admin.addFault({ path: '/limits$', delayMs: 250, status: 401, body: [{ errorCode: 'INVALID_SESSION_ID', message: 'Session expired or invalid' }] });
    sf.sandbox.admin.addFault({ path: '/services/oauth2/token$', delayMs: 250 });
    sf.sandbox.admin.addFault({ path: '/limits$', delayMs: 250 });
    const { mc, response } = await run('- salesforce.limits: { configKey: quick }', connection);
    expect(response.status).toBe(504);
    expect(mc.error).toMatchObject({ code: 'FERRY_ERR_CALL_TIMEOUT', message: expect.stringMatching(/within 400 ms|deadline/) });
  });

  it('an HTML page with status 200 (a login page, a wrong instanceUrl) is FERRY_ERR_CALL_BAD_RESPONSE', async () => {
    sf.sandbox.admin.addFault({ path: '/limits$', status: 200, headers: { 'content-type': 'text/html;charset=UTF-8' }, body: '<html><body>Login</body></html>' });
    const { mc, response } = await sf.run('- salesforce.limits: { configKey: sf }');
    expect(response.status).toBe(502);
    expect(mc.error).toMatchObject({ code: 'FERRY_ERR_CALL_BAD_RESPONSE', message: expect.stringContaining('HTML page') });
  });

  it.each([
    ['401 with another error code', 401, [{ errorCode: 'INVALID_AUTH_HEADER', message: 'INVALID_SESSION_ID is not this' }], 1],
    ['400 whose message mentions InvalidSessionId', 400, [{ errorCode: 'INVALID_FIELD', message: "No such column 'InvalidSessionId'" }], 1],
    ["Bulk's 400 {exceptionCode: InvalidSessionId}", 400, { exceptionCode: 'InvalidSessionId', exceptionMessage: 'Invalid session id' }, 2],
    ["REST's 401 [{errorCode: INVALID_SESSION_ID}]", 401, [{ errorCode: 'INVALID_SESSION_ID', message: 'Session expired or invalid' }], 2],
  ])('retries with a new token only on a session error by its code: %s', async (_name, status, body, calls) => {
    await sf.run('- salesforce.limits: { configKey: sf }');
    const before = requests().length;
    sf.sandbox.admin.addFault({ path: '/limits$', status, body });
    await sf.run('- salesforce.limits: { configKey: sf }');
    expect(requests().slice(before).filter((r) => r.path.endsWith('/limits')).length).toBe(calls);
  });

  it.each([
    ['privateKey from a file', "privateKeyFile: keys/sf.pem", { 'keys/sf.pem': PEM }],
    ['privateKey inline with \\n escapes (as from an environment variable)', `privateKey: '${PEM.trim().replace(/\n/g, '\\n')}'`, {}],
  ])('jwtBearer signs an assertion the org accepts: %s', async (_name, key, files) => {
    const connection = `  jwt: { connector: salesforce, grant: jwtBearer, instanceUrl: "${sf.url}", tokenUrl: "${sf.url}/services/oauth2/token", clientId: ferry-jwt-client, username: admin@ferry.sandbox, ${key} }`;
    const { mc, response } = await run('- salesforce.query: { configKey: jwt, q: "SELECT Name FROM Account WHERE Name = \'GenePoint\'", responseVariable: r }', connection, files);
    expect(response.status).toBe(200);
    expect(mc.vars.r).toMatchObject({ payload: { totalSize: 1 } });
  });

  it('testConnection answers {isValidConnection} and never faults', async () => {
    const good = await sf.run('- salesforce.testConnection: { configKey: sf, responseVariable: r }');
    expect(good.mc.vars.r).toMatchObject({ payload: { isValidConnection: true } });
    const bad = await run('- salesforce.testConnection: { configKey: wrong, responseVariable: r }', sandboxConnection('wrong', 'scope: api').replace('ferry-sandbox-secret', 'not-the-secret'));
    expect(bad.mc.error).toBeNull();
    expect(bad.mc.vars.r).toMatchObject({ payload: { isValidConnection: false, error: expect.stringContaining('could not get a token') } });
  });

  it('testConnection on a basicAuth connection logs in and asks the server time', async () => {
    const good = await sf.run('- salesforce.testConnection: { configKey: sfSoap, responseVariable: r }');
    expect(good.mc.vars.r).toMatchObject({ payload: { isValidConnection: true } });
    const soap = `  badSoap: { connector: salesforce, type: basicAuth, loginUrl: "${sf.url}", username: admin@ferry.sandbox, password: wrong }`;
    const bad = await run('- salesforce.testConnection: { configKey: badSoap, responseVariable: r }', soap);
    expect(bad.mc.vars.r).toMatchObject({ payload: { isValidConnection: false, error: expect.stringContaining('INVALID_LOGIN') } });
  });
});

describe('a Salesforce connection across messages', () => {
  let server: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    const steps = (configKey: string) => `inSequence:
      - salesforce.query: { ${configKey}q: "SELECT Id FROM Account LIMIT 1" }
      - respond: {}`;
    server = await serve({
      'config/server.yaml': `${sf.serverYaml(sandboxConnection('wrong', 'scope: api').replace('ferry-sandbox-secret', 'not-the-secret'))}\nconfigs: { sfSecret: ferry-sandbox-secret }\n`,
      'config/apis/a.yaml': `name: a
context: /a
resources:
  - methods: [GET]
    uriTemplate: /wrong
    ${steps('configKey: wrong, ')}
  - methods: [GET]
    uriTemplate: /inline
    inSequence:
      - salesforce.init: { instanceUrl: "${sf.url}", tokenUrl: "${sf.url}/services/oauth2/token", clientId: ferry-sandbox-client, clientSecret: "\${configs.sfSecret}" }
      - salesforce.query: { q: "SELECT Id FROM Account LIMIT 1" }
      - respond: {}
`,
    });
  });
  afterAll(() => server?.close());

  it('a refused login is remembered for a while: ten requests, one token request (no lockout)', async () => {
    const before = tokenCalls();
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push(await fetch(`${server.url}/a/wrong`).then(async (r) => ({ status: r.status, body: await r.json() })));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toMatchObject({ status: 502, body: { error: { code: 'SALESFORCE_AUTH_FAILED' } } });
    expect(tokenCalls() - before).toBe(1);
  });

  it('an inline connection (salesforce.init) keeps its token across messages', async () => {
    const before = tokenCalls();
    for (let i = 0; i < 3; i++) expect((await fetch(`${server.url}/a/inline`)).status).toBe(200);
    expect(tokenCalls() - before).toBe(1);
  });
});
