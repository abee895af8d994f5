import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { startSandbox, type Sandbox } from '../../connectors/salesforce/sandbox/index.js';
import { hashPassword } from '../../src/server/management-auth.js';
import { freePort } from '../helpers/cli.js';
import { baseImage, buildImage, containerLogs, containerState, dockerEngine, HOW_TO_ENABLE, removeContainer, ROOT, type BuiltImage } from './docker.js';

// Ferry's image end to end: docker/Dockerfile built for real, the container run with host
// networking (it sees this process's 127.0.0.1), its Salesforce connections pointed through the
// SF_* variables at a sandbox org this test runs in-process, and everything exercised over HTTP:
// the example's REST, SOAP and Bulk APIs, the probes, metrics and management API on the
// management port, a restart, and SIGTERM in the middle of traffic.
//
// Without a Docker engine the suite is skipped, saying how to enable it.

const engine = await dockerEngine();
if (!engine.ok) console.warn(`[e2e] container tests skipped: ${engine.reason}; ${HOW_TO_ENABLE}`);

const MGMT_TOKEN = 'e2e-static-management-token-0123456789';

interface Answer {
  status: number;
  type: string | null;
  text: string;
  json: any;
}
async function call(base: string, path: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(`${base}${path}`, init);
  const text = await res.text();
  const type = res.headers.get('content-type');
  return { status: res.status, type, text, json: type?.includes('json') && text !== '' ? JSON.parse(text) : undefined };
}
const xml = (body: string): RequestInit => ({ method: 'POST', headers: { 'content-type': 'text/xml' }, body });
const json = (body: unknown, method = 'POST'): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Ports of their own for a container on the host's network, and the env that sets them. */
async function ports(): Promise<{ api: number; management: number; env: Record<string, string> }> {
  const api = await freePort();
  let management = await freePort();
  while (management === api) management = await freePort();
  return { api, management, env: { FERRY_PORT: String(api), FERRY_MANAGEMENT_PORT: String(management) } };
}

/** The SF_* variables that point the example's connections at a sandbox instead of the embedded one. */
function salesforceEnv(sandbox: Sandbox): Record<string, string> {
  return {
    FERRY_SANDBOX: 'false',
    SF_INSTANCE_URL: sandbox.url,
    SF_TOKEN_URL: `${sandbox.url}/services/oauth2/token`,
    SF_LOGIN_URL: sandbox.url,
  };
}

describe.skipIf(!engine.ok)('the Ferry image', () => {
  let sandbox: Sandbox;
  let image: BuiltImage;
  let ferry: StartedTestContainer;
  let api = '';
  let management = '';
  let stopped = false;

  /** The image on the host's network, ready once its own HEALTHCHECK passes (run every second, not every 10 s). */
  function container(env: Record<string, string>): GenericContainer {
    return new GenericContainer(image.name)
      .withNetworkMode('host')
      .withEnvironment(env)
      .withStartupTimeout(60_000)
      .withHealthCheck({ test: image.healthcheck, interval: 1000, timeout: 3000, retries: 3, startPeriod: 1000 })
      .withWaitStrategy(Wait.forHealthCheck());
  }

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, host: '127.0.0.1' });
    const t0 = Date.now();
    image = await buildImage(await baseImage());
    console.info(`[e2e] built ${image.name} in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${(image.bytes / 1e6).toFixed(0)} MB`);
    const p = await ports();
    api = `http://127.0.0.1:${p.api}`;
    management = `http://127.0.0.1:${p.management}`;
    ferry = await container({ ...p.env, ...salesforceEnv(sandbox) }).start();
  }, 600_000);

  afterAll(async () => {
    if (ferry && !stopped) await ferry.stop({ timeout: 15_000 });
    await image?.remove().catch(() => undefined);
    await sandbox?.close();
  }, 60_000);

  it('runs as uid 1000 (not root), with the example project in /project and a writable FERRY_RESULTS_DIR', async () => {
    const who = await ferry.exec(['node', '-e', 'process.stdout.write(JSON.stringify({ uid: process.getuid(), cwd: process.cwd(), results: process.env.FERRY_RESULTS_DIR }))']);
    expect(JSON.parse(who.stdout)).toEqual({ uid: 1000, cwd: '/project', results: '/var/lib/ferry/results' });
    const files = await ferry.exec(['node', '-e', "const fs = require('fs'); process.stdout.write(JSON.stringify([fs.readdirSync('/project').sort(), fs.existsSync('/app/dist/src/cli.js'), fs.existsSync('/app/node_modules/typescript')]))"]);
    expect(JSON.parse(files.stdout)).toEqual([['config', 'data', 'sequences'], true, false]);
    // the project is not Ferry's to change
    const write = await ferry.exec(['node', '-e', "require('fs').writeFileSync('/project/config/x.yaml', '')"]);
    expect(write.exitCode).not.toBe(0);
  });

  it('logs JSON lines to stdout', async () => {
    const lines = (await containerLogs(ferry.getId())).trim().split('\n');
    const parsed = lines.map((l) => JSON.parse(l) as { level: string; msg: string });
    expect(parsed.find((l) => l.msg.includes('listening on'))).toMatchObject({ level: 'info', msg: expect.stringContaining(`listening on`) });
  });

  it('REST: /accounts reads, creates and fetches Accounts in the org the SF_* variables point at', async () => {
    const found = await call(api, '/accounts?name=GenePoint');
    expect(found.status).toBe(200);
    expect(found.json).toEqual([expect.objectContaining({ Name: 'GenePoint', Industry: 'Biotechnology' })]);

    const created = await call(api, '/accounts', json({ Name: 'Container Co', Industry: 'Shipping' }));
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    expect(sandbox.admin.records('Account').find((a) => a.Id === id)).toMatchObject({ Name: 'Container Co' });
    expect((await call(api, `/accounts/${id}`)).json).toMatchObject({ Id: id, Name: 'Container Co', Industry: 'Shipping' });
  });

  it('SOAP: /salesforce/createRecords logs in with SOAP and creates the record', async () => {
    const res = await call(api, '/salesforce/createRecords', xml('<Name>Dockerised</Name>'));
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/xml/);
    const id = /<createResponse><result><id>(001\w{15})<\/id><success>true<\/success>/.exec(res.text)?.[1];
    expect(id).toBeDefined();
    expect(sandbox.admin.records('Account').find((a) => a.Id === id)).toMatchObject({ Name: 'Dockerised' });
    const soap = (sandbox.admin.requests() as { path: string; body: string | null }[]).filter((r) => r.path.startsWith('/services/Soap/'));
    expect(soap.map((r) => /<(?:\w+:)?(login|create)>/.exec(r.body ?? '')?.[1])).toEqual(['login', 'create']);
  });

  it('Bulk: /bulk/accounts streams a CSV load, /bulk/accounts.csv streams the export back', async () => {
    const load = await call(api, '/bulk/accounts?wait=true', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'Name,Industry\nBulk Crate One,Logistics\nBulk Crate Two,Logistics\n' });
    expect(load.status).toBe(200);
    expect(load.json).toMatchObject({ jobs: [{ id: expect.stringMatching(/^750/), state: 'JobComplete', records: 2 }], recordsProcessed: 2, recordsFailed: 0 });

    const exported = await call(api, '/bulk/accounts.csv');
    expect(exported.status).toBe(200);
    expect(exported.text.split('\n')[0]).toBe('"Id","Name","Industry","Phone","Website","BillingCity"');
    expect(exported.text).toContain('"Bulk Crate Two","Logistics"');

    // a file written by the project lands in FERRY_RESULTS_DIR (the one writable folder)
    const written = await call(api, '/salesforce/getUnprocessedResults', json({ id: load.json.jobs[0].id }));
    expect(written).toMatchObject({ status: 200, json: { result: 'success' } });
    const file = await ferry.exec(['node', '-e', "process.stdout.write(require('fs').readFileSync('/var/lib/ferry/results/unprocessed-results.csv', 'utf8'))"]);
    expect(file.stdout).toBe('Name,Industry\n');
  });

  it('probes and metrics on the management port: /livez, /healthz, /metrics; the HEALTHCHECK reports healthy', async () => {
    expect(await call(management, '/livez')).toMatchObject({ status: 200, json: { status: 'UP' } });
    expect(await call(management, '/healthz')).toMatchObject({ status: 200, json: { status: 'UP', checks: { project: 'UP', listener: 'UP' } } });
    const metrics = await call(management, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.type).toMatch(/^text\/plain/);
    expect(metrics.text).toMatch(/^ferry_http_requests_total\{[^}]*api="accounts"[^}]*\} [1-9]/m);
    expect(metrics.text).toMatch(/^ferry_connector_operation_duration_seconds_count\{[^}]*connector="salesforce"/m);
    expect(metrics.text).toMatch(/^(ferry_)?process_cpu_seconds_total /m);
    expect((await containerState(ferry.getId())).health).toBe('healthy');
  });

  it('restarts and comes back healthy, serving again', async () => {
    const before = (await containerLogs(ferry.getId())).split('\n').filter((l) => l.includes('listening on')).length;
    await ferry.restart({ timeout: 20_000 });
    const logs = await containerLogs(ferry.getId());
    // a clean stop (drained, exit 0 logged as "stopped"), then a second start
    expect(logs).toContain('"msg":"stopped"');
    expect(logs.split('\n').filter((l) => l.includes('listening on'))).toHaveLength(before + 1);
    expect((await containerState(ferry.getId())).running).toBe(true);
    expect((await call(api, '/accounts?name=GenePoint')).status).toBe(200);
    expect((await call(management, '/healthz')).status).toBe(200);
    expect((await containerState(ferry.getId())).health).toBe('healthy');
  }, 60_000);

  it('SIGTERM during load: every request in flight is answered 2xx, then the process exits 0', async () => {
    const inFlight = 12;
    // each query waits 2 s in the org, so all of them are inside Ferry when the signal comes
    sandbox.admin.addFault({ method: 'GET', path: '/services/data/v[\\d.]+/query', delayMs: 2000, count: inFlight });
    const started = Date.now();
    const requests = Array.from({ length: inFlight }, (_, i) =>
      fetch(`${api}/accounts?name=${encodeURIComponent(i % 2 ? 'GenePoint' : 'Container Co')}`).then(
        async (res) => ({ status: res.status, body: await res.text() }),
        (err: Error) => ({ status: 0, body: String(err.cause ?? err) }),
      ),
    );
    // all of them have reached the org (the fault rule is used up) before the container is stopped
    for (let i = 0; ((await (await fetch(`${sandbox.url}/__sandbox/faults`)).json()) as unknown[]).length > 0; i++) {
      if (i > 200) throw new Error('the requests did not reach the sandbox');
      await new Promise((r) => setTimeout(r, 25));
    }
    stopped = true;
    // docker stop: SIGTERM, then SIGKILL only after 30 s (Ferry's shutdownTimeout is 10 s)
    await ferry.stop({ timeout: 30_000, remove: false });
    const answers = await Promise.all(requests);
    expect(answers.map((a) => a.status)).toEqual(Array(inFlight).fill(200));
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);

    const state = await containerState(ferry.getId());
    expect(state).toMatchObject({ running: false, exitCode: 0 });
    const logs = await containerLogs(ferry.getId());
    expect(logs).toMatch(/"signal":"SIGTERM","msg":"shutting down: draining in-flight requests"\}\n(.*\n)*.*"msg":"stopped"/);
    // nothing listens any more
    await expect(fetch(`${api}/accounts`)).rejects.toThrow();
    await removeContainer(ferry.getId());
  }, 60_000);

  describe('with a project mounted over /project', () => {
    let mounted: StartedTestContainer;
    let projectDir = '';
    let mgmt = '';
    let apiUrl = '';

    beforeAll(async () => {
      projectDir = mkdtempSync(join(tmpdir(), 'ferry-e2e-project-'));
      chmodSync(projectDir, 0o755);
      for (const dir of ['config', 'sequences', 'data']) cpSync(join(ROOT, dir), join(projectDir, dir), { recursive: true });
      // the example project, with a management user and a static token in its server.yaml
      const serverYaml = join(projectDir, 'config/server.yaml');
      const doc = YAML.parseDocument(readFileSync(serverYaml, 'utf8'));
      doc.set('management', { enabled: true, token: '${env:FERRY_MGMT_TOKEN:-}', users: [{ username: 'ops', passwordHash: await hashPassword('ops-password') }] });
      writeFileSync(serverYaml, doc.toString());
      const p = await ports();
      mgmt = `http://127.0.0.1:${p.management}`;
      apiUrl = `http://127.0.0.1:${p.api}`;
      mounted = await container({ ...p.env, ...salesforceEnv(sandbox), FERRY_MGMT_TOKEN: MGMT_TOKEN })
        .withBindMounts([{ source: projectDir, target: '/project', mode: 'ro' }])
        .start();
    }, 120_000);

    afterAll(async () => {
      await mounted?.stop({ timeout: 15_000 });
      rmSync(projectDir, { recursive: true, force: true });
    }, 60_000);

    it('serves the mounted project', async () => {
      expect((await call(apiUrl, '/accounts?name=GenePoint')).status).toBe(200);
    });

    it('management API: login (Basic → bearer), apis, connections without secrets, server, reload; wrong credentials → 401', async () => {
      const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
      expect((await call(mgmt, '/management/login', { headers: basic('ops', 'wrong') })).status).toBe(401);
      expect((await call(mgmt, '/management/apis')).status).toBe(401);
      const login = await call(mgmt, '/management/login', { headers: basic('ops', 'ops-password') });
      expect(login.status).toBe(200);
      const bearer = { headers: { authorization: `Bearer ${login.json.AccessToken}` } };

      const apis = await call(mgmt, '/management/apis', bearer);
      expect(apis.status).toBe(200);
      expect(JSON.stringify(apis.json)).toContain('"accounts"');
      expect((await call(mgmt, '/management/apis?apiName=accounts', bearer)).json).toMatchObject({ name: 'accounts' });
      const connections = await call(mgmt, '/management/connections', bearer);
      expect(connections.status).toBe(200);
      expect(connections.text).toContain('salesforceRest');
      expect(connections.text).not.toContain('ferry-sandbox-secret');
      expect(connections.text).not.toContain('ferry-password');

      // the static token from the environment works as well
      const server = await call(mgmt, '/management/server', { headers: { authorization: `Bearer ${MGMT_TOKEN}` } });
      expect(server).toMatchObject({ status: 200, json: { productName: 'Ferry', projectDir: '/project' } });
      const reload = await call(mgmt, '/management/reload', { ...bearer, method: 'POST' });
      expect(reload.status).toBe(200);
      expect((await call(apiUrl, '/accounts?name=GenePoint')).status).toBe(200);
    });
  });
});

describe.skipIf(engine.ok)('the Ferry image (no Docker engine)', () => {
  it.skip(`skipped: ${engine.ok ? '' : engine.reason}; ${HOW_TO_ENABLE}`, () => undefined);
});
