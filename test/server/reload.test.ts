import { mkdirSync, mkdtempSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start.js';
import { captureLogger, writeProject } from '../helpers/project.js';

// Hot reload is all-or-nothing: a valid project is swapped in at once (requests in flight finish
// on the version they started with), an invalid one is refused and the old version keeps serving.

const api = (answer: string, extra = '') => `name: v
context: /v
resources:
  - methods: [GET]
    inSequence:
${extra}      - respond: { body: "${answer}" }
`;

let running: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(running.map((s) => s.close()));
  running = [];
});

async function serve(files: Record<string, string>, options: { watch?: boolean; sandbox?: boolean } = {}) {
  const dir = writeProject({ 'config/server.yaml': 'logging: { level: warn }\n', ...files });
  const log = captureLogger('info');
  const { server, result } = await startServer({ projectDir: dir, logger: log.logger, port: 0, managementPort: 0, host: '127.0.0.1', sandboxPort: 0, watch: options.watch });
  if (!server) throw new Error(result.diagnostics.list.map((d) => d.message).join('\n'));
  running.push(server);
  const get = async (path = '/v') => {
    const res = await fetch(`${server.url}${path}`);
    return { status: res.status, text: await res.text() };
  };
  return { dir, server, get, log, write: (path: string, text: string) => writeFileSync(join(dir, path), text) };
}

describe('reload', () => {
  it('a valid change is deployed: new requests see the new version', async () => {
    const { server, get, write } = await serve({ 'config/apis/v.yaml': api('one') });
    expect((await get()).text).toBe('one');
    write('config/apis/v.yaml', api('two'));
    const report = await server.reload();
    expect(report).toMatchObject({ ok: true, trigger: 'management' });
    expect((await get()).text).toBe('two');
    expect(server.state.reloadCounts()).toEqual({ ok: 1, failed: 0 });
    expect(server.state.lastReload().ok).toBe(true);
  });

  it('a broken change is refused, reported with its diagnostics, and the old version keeps serving', async () => {
    const { server, get, write, log } = await serve({ 'config/apis/v.yaml': api('one') });
    write('config/apis/v.yaml', api('two').replace('respond', 'respnd'));
    const report = await server.reload();
    expect(report.ok).toBe(false);
    expect(report.diagnostics.map((d) => d.code)).toContain('FERRY_ERR_ARTIFACT_UNKNOWN_MEDIATOR');
    expect((await get()).text).toBe('one');
    expect(server.state.reloadCounts()).toEqual({ ok: 0, failed: 1 });
    expect(server.state.lastReload()).toMatchObject({ ok: false, trigger: 'management' });
    expect(log.text()).toContain("unknown mediator 'respnd'");
    expect(log.text()).toContain('reload refused: the project is invalid; the previous version keeps serving');
    // a broken server.yaml too
    write('config/apis/v.yaml', api('three'));
    write('config/server.yaml', 'logging: { level: wrong }\n');
    expect((await server.reload()).ok).toBe(false);
    expect((await get()).text).toBe('one');
  });

  it('requests in flight finish on the version they started with', async () => {
    let release: () => void = () => {};
    const upstream: Server = createServer((_req, res) => {
      release = () => res.end('{}');
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    try {
      const port = (upstream.address() as { port: number }).port;
      const files = (answer: string) => ({
        'config/server.yaml': `logging: { level: warn }\nendpoints:\n  slow: { uri: "http://127.0.0.1:${port}/" }\n`,
        'config/apis/v.yaml': api(answer, '      - call: { endpoint: slow }\n'),
      });
      const { server, get, write } = await serve(files('old'));
      const inFlight = get();
      await new Promise((r) => setTimeout(r, 100));
      write('config/apis/v.yaml', files('new')['config/apis/v.yaml']);
      expect((await server.reload()).ok).toBe(true);
      release();
      expect(await inFlight).toEqual({ status: 200, text: 'old' });
      const after = get();
      await new Promise((r) => setTimeout(r, 100));
      release();
      expect((await after).text).toBe('new');
    } finally {
      upstream.close();
    }
  });

  it('under concurrent load, alternating good and broken changes fail no request', async () => {
    const { server, get, write } = await serve({ 'config/apis/v.yaml': api('v0') });
    let stop = false;
    const answers: { status: number; text: string }[] = [];
    const worker = async () => {
      while (!stop) answers.push(await get());
    };
    const workers = Array.from({ length: 8 }, worker);
    for (let i = 1; i <= 6; i++) {
      write('config/apis/v.yaml', i % 2 === 0 ? api('broken').replace('methods: [GET]', 'methods: [GOT]') : api(`v${i}`));
      await server.reload();
      await new Promise((r) => setTimeout(r, 30));
    }
    stop = true;
    await Promise.all(workers);
    expect(answers.length).toBeGreaterThan(50);
    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    // every answer came from a valid version, and the last valid one serves at the end
    for (const a of answers) expect(['v0', 'v1', 'v3', 'v5']).toContain(a.text);
    expect((await get()).text).toBe('v5');
    expect(server.state.reloadCounts()).toEqual({ ok: 3, failed: 3 });
  });

  it('unchanged connections keep their token across a reload; a changed one gets a new token', async () => {
    const connection = (timeout: string) => `logging: { level: warn }
sandbox: { enabled: true }
connections:
  sf: { connector: salesforce, type: oauth2, grant: clientCredentials, instanceUrl: sandbox, tokenUrl: sandbox, clientId: ferry-sandbox-client, clientSecret: ferry-sandbox-secret, timeout: ${timeout} }
`;
    const queryApi = (answer: string) => api(answer, '      - salesforce.limits: { configKey: sf, responseVariable: r }\n');
    const { server, get, write } = await serve({ 'config/server.yaml': connection('10s'), 'config/apis/v.yaml': queryApi('one') });
    const tokenRequests = async () => {
      const log = (await (await fetch(`${server.sandboxUrl}/__sandbox/requests`)).json()) as { path: string }[];
      return log.filter((r) => r.path === '/services/oauth2/token').length;
    };
    expect((await get()).text).toBe('one');
    write('config/apis/v.yaml', queryApi('two'));
    const r1 = await server.reload();
    expect(r1.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r1.ok).toBe(true);
    expect((await get()).text).toBe('two');
    expect(await tokenRequests()).toBe(1);
    write('config/server.yaml', connection('20s'));
    expect((await server.reload()).ok).toBe(true);
    expect((await get()).text).toBe('two');
    expect(await tokenRequests()).toBe(2);
  });

  it('--watch deploys a saved change by itself', async () => {
    const { get, write, server } = await serve({ 'config/apis/v.yaml': api('one') }, { watch: true });
    write('config/apis/v.yaml', api('watched'));
    const deadline = Date.now() + 5000;
    let text = '';
    while (Date.now() < deadline && (text = (await get()).text) !== 'watched') await new Promise((r) => setTimeout(r, 50));
    expect(text).toBe('watched');
    expect(server.state.lastReload()).toMatchObject({ ok: true, trigger: 'watch' });
  });

  it('--watch follows a Kubernetes ConfigMap volume, which changes by swapping a symbolic link, again and again', async () => {
    // the kubelet's layout: config -> ..data/config, ..data -> ..<timestamp>/, swapped by a rename
    const dir = mkdtempSync(join(tmpdir(), 'ferry-configmap-'));
    const version = (n: number, answer: string) => {
      const folder = join(dir, `..v${n}`, 'config', 'apis');
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(dir, `..v${n}`, 'config', 'server.yaml'), 'logging: { level: warn }\n');
      writeFileSync(join(folder, 'v.yaml'), api(answer));
      symlinkSync(`..v${n}`, join(dir, '..data_tmp'));
      renameSync(join(dir, '..data_tmp'), join(dir, '..data'));
    };
    version(1, 'first');
    symlinkSync('..data/config', join(dir, 'config'));
    const { server } = await startServer({ projectDir: dir, logger: captureLogger('warn').logger, port: 0, managementPort: 0, host: '127.0.0.1', watch: true });
    running.push(server!);
    const answer = async () => (await fetch(`${server!.url}/v`)).text();
    const until = async (expected: string) => {
      const deadline = Date.now() + 5000;
      let text = '';
      while (Date.now() < deadline && (text = await answer()) !== expected) await new Promise((r) => setTimeout(r, 50));
      return text;
    };
    expect(await answer()).toBe('first');
    version(2, 'second');
    expect(await until('second')).toBe('second');
    version(3, 'third');
    expect(await until('third')).toBe('third');
  });

  it('close() keeps to server.shutdownTimeout even for a request still arriving (headers never finished)', async () => {
    const { server } = await serve({ 'config/server.yaml': 'logging: { level: warn }\nserver: { shutdownTimeout: 500ms }\n', 'config/apis/v.yaml': api('one') });
    const { port } = new URL(server.url);
    const socket = connect(Number(port), '127.0.0.1');
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
    socket.write('GET /v HTTP/1.1\r\nHost: x\r\n');
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(3000);
    socket.destroy();
  });

  it('a reload asked for while the server shuts down is skipped, not counted as a failure', async () => {
    const { server } = await serve({ 'config/apis/v.yaml': api('one') });
    const closing = server.close();
    const report = await server.state.reload('management');
    await closing;
    expect(report.ok).toBe(false);
    expect(server.state.reloadCounts()).toEqual({ ok: 0, failed: 0 });
  });
});
