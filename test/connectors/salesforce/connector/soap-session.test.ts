import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '../../../helpers/project.js';
import { useSalesforce } from './harness.js';

// The SOAP session of a basicAuth connection: one login kept across messages (WSO2 logs in on
// every message), renewed once on INVALID_SESSION_ID, forceLogin, refused and unreachable logins,
// the connection's timeout, and secrets kept out of messages and logs.
const sf = useSalesforce();

type Logged = { method: string; path: string; status: number; body: string | null };

/** The SOAP requests the sandbox got since the log was cleared, as "call status" (an injected answer has no body). */
function soapCalls(): string[] {
  return (sf.sandbox.admin.requests() as Logged[])
    .filter((r) => r.path.startsWith('/services/Soap/'))
    .map((r) => `${r.body === null ? '(injected)' : (/<soapenv:Body><urn:(\w+)/.exec(r.body)?.[1] ?? '?')} ${r.status}`);
}

const INVALID_SESSION =
  '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:sf="urn:fault.partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><soapenv:Fault><faultcode>sf:INVALID_SESSION_ID</faultcode><faultstring>INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session</faultstring><detail><sf:UnexpectedErrorFault xsi:type="sf:UnexpectedErrorFault"><sf:exceptionCode>INVALID_SESSION_ID</sf:exceptionCode><sf:exceptionMessage>Invalid Session ID found in SessionHeader: Illegal Session</sf:exceptionMessage></sf:UnexpectedErrorFault></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>';
// the partner endpoint login hands out (…/Soap/u/60.0/<org id>); login itself is …/Soap/u/60.0
const SERVER_URL_PATH = '^/services/Soap/u/[\\d.]+/\\w+$';

const soapConnection = (name: string, extra = '') =>
  `  ${name}: { connector: salesforce, type: basicAuth, loginUrl: "${sf.url}/services/Soap/u/60.0", username: admin@ferry.sandbox, password: ferry-password, securityToken: ferry-token${extra} }`;

describe('a SOAP session across messages', () => {
  let server: Awaited<ReturnType<typeof serve>>;
  const get = async (path: string) => {
    const res = await fetch(`${server.url}/s${path}`);
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  beforeAll(async () => {
    const step = (op: string, configKey: string) => `      - salesforce.${op}: { configKey: ${configKey}, responseVariable: r }`;
    const resource = (path: string, ...steps: string[]) => `  - methods: [GET]
    uriTemplate: ${path}
    inSequence:
${steps.join('\n')}
      - respond: { body: "\${vars.r.payload}" }`;
    const connections = [
      soapConnection('burst'),
      soapConnection('renew'),
      soapConnection('forced', ', forceLogin: true'),
      `  wrong: { connector: salesforce, type: basicAuth, loginUrl: "${sf.url}/services/Soap/u/60.0", username: admin@ferry.sandbox, password: not-the-password }`,
      '  embedded: { connector: salesforce, type: basicAuth, loginUrl: sandbox, username: admin@ferry.sandbox, password: ferry-password, securityToken: ferry-token }',
    ].join('\n');
    server = await serve({
      'config/server.yaml': `${sf.serverYaml(connections)}\nsandbox: { enabled: true }\n`,
      'config/apis/s.yaml': `name: s
context: /s
resources:
${resource('/time', step('soapGetServerTimestamp', 'sfSoap'))}
${resource('/burst', step('soapGetServerTimestamp', 'burst'))}
${resource('/renew', step('soapGetServerTimestamp', 'renew'))}
${resource('/forced', step('soapGetServerTimestamp', 'forced'), step('soapGetUserInfo', 'forced'))}
${resource('/wrong', step('soapGetServerTimestamp', 'wrong'))}
${resource('/embedded', step('soapGetUserInfo', 'embedded'))}
${resource(
  '/inline',
  `      - salesforce.init: { connectionType: BasicAuth, loginUrl: "${sf.url}/services/Soap/u/60.0", username: admin@ferry.sandbox, password: ferry-passwordferry-token }`,
  '      - salesforce.soapGetServerTimestamp: { responseVariable: r }',
)}
`,
    });
  });
  afterAll(() => server?.close());
  afterEach(() => sf.sandbox.admin.clearFaults());

  it('logs in once and keeps the session for the following messages (WSO2 logs in on every message)', async () => {
    sf.sandbox.admin.clearRequests();
    for (let i = 0; i < 3; i++) {
      const { status, body } = await get('/time');
      expect(status).toBe(200);
      expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
    expect(soapCalls()).toEqual(['login 200', 'getServerTimestamp 200', 'getServerTimestamp 200', 'getServerTimestamp 200']);
  });

  it('concurrent first messages share one login (single-flight)', async () => {
    sf.sandbox.admin.clearRequests();
    const answers = await Promise.all(Array.from({ length: 6 }, () => get('/burst')));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(soapCalls().filter((c) => c.startsWith('login'))).toEqual(['login 200']);
    expect(soapCalls().filter((c) => c.startsWith('getServerTimestamp'))).toHaveLength(6);
  });

  it('an expired session (INVALID_SESSION_ID) is renewed once and the call retried', async () => {
    sf.sandbox.admin.clearRequests();
    expect((await get('/renew')).status).toBe(200);
    sf.sandbox.admin.expireTokens();
    expect((await get('/renew')).status).toBe(200);
    expect(soapCalls()).toEqual(['login 200', 'getServerTimestamp 200', 'getServerTimestamp 500', 'login 200', 'getServerTimestamp 200']);
  });

  it('a renewed session refused as well is the fault: one retry, never a loop', async () => {
    await get('/renew');
    sf.sandbox.admin.clearRequests();
    sf.sandbox.admin.addFault({ method: 'POST', path: SERVER_URL_PATH, status: 500, body: INVALID_SESSION, headers: { 'content-type': 'text/xml; charset=utf-8' }, count: 5 });
    const { status, body } = await get('/renew');
    expect(soapCalls()).toEqual(['(injected) 500', 'login 200', '(injected) 500']);
    // the default fault handler answers with Salesforce's status and the fault as JSON
    expect(status).toBe(500);
    expect(body).toMatchObject({ faultcode: 'INVALID_SESSION_ID', exceptionCode: 'INVALID_SESSION_ID', faultstring: 'INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session' });
  });

  it('forceLogin: a fresh login per message, shared by the operations of that message', async () => {
    sf.sandbox.admin.clearRequests();
    expect((await get('/forced')).status).toBe(200);
    expect((await get('/forced')).status).toBe(200);
    expect(soapCalls()).toEqual(['login 200', 'getServerTimestamp 200', 'getUserInfo 200', 'login 200', 'getServerTimestamp 200', 'getUserInfo 200']);
  });

  it('a refused login is SALESFORCE_LOGIN_FAILED (502) with the faultstring, and is remembered: three messages, one login', async () => {
    sf.sandbox.admin.clearRequests();
    const answers = [await get('/wrong'), await get('/wrong'), await get('/wrong')];
    for (const a of answers) {
      expect(a.status).toBe(502);
      expect(a.body.error).toEqual({
        code: 'SALESFORCE_LOGIN_FAILED',
        message: "connection 'wrong' could not log in: INVALID_LOGIN: Invalid username, password, security token; or user locked out.",
      });
    }
    expect(soapCalls()).toEqual(['login 500']);
    expect(JSON.stringify(server.logs())).not.toContain('not-the-password');
  });

  it("loginUrl: sandbox logs in to the embedded sandbox that server.yaml enables", async () => {
    const { status, body } = await get('/embedded');
    expect(status).toBe(200);
    expect(server.sandboxUrl).toBeDefined();
    expect(body).toMatchObject({ userName: 'admin@ferry.sandbox', organizationName: 'Ferry Sandbox' });
  });

  it('an inline basicAuth connection (salesforce.init, MI connectionType BasicAuth) keeps its session across messages', async () => {
    sf.sandbox.admin.clearRequests();
    for (let i = 0; i < 3; i++) expect((await get('/inline')).status).toBe(200);
    expect(soapCalls()).toEqual(['login 200', 'getServerTimestamp 200', 'getServerTimestamp 200', 'getServerTimestamp 200']);
  });
});

describe('a SOAP connection', () => {
  afterEach(() => sf.sandbox.admin.clearFaults());
  const run = (steps: string, connections: string) => sf.run(steps, {}, { 'config/server.yaml': sf.serverYaml(connections) });

  it('refused credentials: the faultstring is in the fault, the password and security token nowhere', async () => {
    const out = await run(
      '- salesforce.soapGetUserInfo: { configKey: bad }',
      `  bad: { connector: salesforce, type: basicAuth, loginUrl: "${sf.url}/services/Soap/u/60.0", username: admin@ferry.sandbox, password: Wr0ng-Secret-pw, securityToken: TOKEN-9Zq }`,
    );
    expect(out.response.status).toBe(502);
    expect(out.mc.error).toMatchObject({
      code: 'SALESFORCE_LOGIN_FAILED',
      status: 502,
      message: "connection 'bad' could not log in: INVALID_LOGIN: Invalid username, password, security token; or user locked out.",
      detail: { faultcode: 'INVALID_LOGIN', faultType: 'LoginFault' },
    });
    const everything = JSON.stringify([out.logs, out.mc.error, String(out.response.body), sf.sandbox.admin.requests()]);
    expect(everything).not.toContain('Wr0ng-Secret-pw');
    expect(everything).not.toContain('TOKEN-9Zq');
  });

  it('the security token missing: LOGIN_MUST_USE_SECURITY_TOKEN', async () => {
    const out = await run(
      '- salesforce.soapGetUserInfo: { configKey: noToken }',
      `  noToken: { connector: salesforce, type: basicAuth, loginUrl: "${sf.url}/services/Soap/u/60.0", username: admin@ferry.sandbox, password: ferry-password }`,
    );
    expect(out.mc.error).toMatchObject({ code: 'SALESFORCE_LOGIN_FAILED', message: expect.stringContaining('LOGIN_MUST_USE_SECURITY_TOKEN: Invalid username, password, security token') });
  });

  it('an unreachable login host is SALESFORCE_LOGIN_FAILED with the cause', async () => {
    const out = await run('- salesforce.soapGetUserInfo: { configKey: nowhere }', '  nowhere: { connector: salesforce, type: basicAuth, loginUrl: "http://127.0.0.1:1/services/Soap/u/60.0", username: u, password: p }');
    expect(out.response.status).toBe(502);
    expect(out.mc.error).toMatchObject({ code: 'SALESFORCE_LOGIN_FAILED', message: expect.stringMatching(/could not reach the SOAP login endpoint: could not connect to .*ECONNREFUSED/) });
  });

  it('session ids reach neither the logs nor the result', async () => {
    const out = await sf.run('- salesforce.soapGetUserInfo: { configKey: sfSoap, responseVariable: r }\n- log: { level: info, message: "got ${vars.r}" }');
    expect(out.mc.error).toBeNull();
    const text = JSON.stringify([out.logs, out.mc.vars]);
    expect(text).toContain('admin@ferry.sandbox');
    expect(text).not.toMatch(/00D\w{12,15}!/);
  });

  it.each([
    ['a login host: /services/Soap/u/<apiVersion> is added', `loginUrl: "${'URL'}", apiVersion: "58.0"`, '/services/Soap/u/58.0'],
    ['no apiVersion: 60.0', `loginUrl: "${'URL'}"`, '/services/Soap/u/60.0'],
    ['a full endpoint is used as it is', `loginUrl: "${'URL'}/services/Soap/u/59.0", apiVersion: "58.0"`, '/services/Soap/u/59.0'],
  ])('loginUrl as %s', async (_name, params, loginPath) => {
    sf.sandbox.admin.clearRequests();
    const out = await run('- salesforce.soapGetServerTimestamp: { configKey: v }', `  v: { connector: salesforce, type: basicAuth, ${params.replace('URL', sf.url)}, username: admin@ferry.sandbox, password: ferry-password, securityToken: ferry-token }`);
    expect(out.mc.error).toBeNull();
    const paths = (sf.sandbox.admin.requests() as Logged[]).map((r) => r.path);
    expect(paths[0]).toBe(loginPath);
    // calls go to the serverUrl the login answered, of the same version
    expect(paths[1]).toBe(`${loginPath}/00D5g00000Ferry`);
  });

  it('Salesforce refuses SOAP login from API 65.0: the fault says so', async () => {
    const out = await run('- salesforce.soapGetServerTimestamp: { configKey: v65 }', `  v65: { connector: salesforce, type: basicAuth, loginUrl: "${sf.url}", apiVersion: "65.0", username: admin@ferry.sandbox, password: ferry-passwordferry-token }`);
    expect(out.mc.error).toMatchObject({ code: 'SALESFORCE_LOGIN_FAILED', message: expect.stringContaining('INVALID_OPERATION: The SOAP Login operation is not available in the API version specified (65.0)') });
  });

  it('a call slower than timeout is FERRY_ERR_CALL_TIMEOUT (504), not a hang', async () => {
    sf.sandbox.admin.addFault({ method: 'POST', path: SERVER_URL_PATH, delayMs: 2000 });
    const started = Date.now();
    const out = await run('- salesforce.soapGetServerTimestamp: { configKey: quick }', soapConnection('quick', ', timeout: 300ms'));
    expect(Date.now() - started).toBeLessThan(1500);
    expect(out.response.status).toBe(504);
    expect(out.mc.error).toMatchObject({ code: 'FERRY_ERR_CALL_TIMEOUT' });
  });

  it('timeout bounds the whole operation: a slow login and a slow call share one deadline', async () => {
    // each alone is within 400 ms; together they are not
    sf.sandbox.admin.addFault({ method: 'POST', path: '^/services/Soap/u/[\\d.]+$', delayMs: 250 });
    sf.sandbox.admin.addFault({ method: 'POST', path: SERVER_URL_PATH, delayMs: 250 });
    const out = await run('- salesforce.soapGetServerTimestamp: { configKey: quick }', soapConnection('quick', ', timeout: 400ms'));
    expect(out.response.status).toBe(504);
    expect(out.mc.error).toMatchObject({ code: 'FERRY_ERR_CALL_TIMEOUT' });
  });

  it('soapLogout ends the session at Salesforce and forgets it: the next operation logs in again', async () => {
    sf.sandbox.admin.clearRequests();
    const out = await sf.run(`- salesforce.soapGetServerTimestamp: { configKey: sfSoap }
- salesforce.soapLogout: { configKey: sfSoap, responseVariable: out }
- salesforce.soapGetServerTimestamp: { configKey: sfSoap }`);
    expect(out.mc.error).toBeNull();
    expect(out.mc.vars.out).toMatchObject({ payload: {}, attributes: { statusCode: 200 } });
    expect(soapCalls()).toEqual(['login 200', 'getServerTimestamp 200', 'logout 200', 'login 200', 'getServerTimestamp 200']);
  });
});
