import { createServer, get, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from '../helpers/cli.js';
import { writeProject } from '../helpers/project.js';

/** A GET on a new connection (no keep-alive pool): its status, or the connection error code. */
function freshRequest(url: string): Promise<number | string> {
  return new Promise((resolve) => {
    get(url, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
  });
}

describe('graceful shutdown of `ferry start`', () => {
  let upstream: Server;
  let upstreamUrl: string;
  beforeAll(async () => {
    // an upstream that takes a while, so requests are in flight when the signal arrives
    upstream = createServer((req, res) => {
      const delay = req.url === '/stuck' ? 30_000 : 800;
      const timer = setTimeout(() => {
        res.setHeader('content-type', 'application/json');
        res.end('{"slow":true}');
      }, delay);
      res.on('close', () => clearTimeout(timer));
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((r) => upstream.close(() => r())));

  it.each(['SIGTERM', 'SIGINT'] as const)('on %s finishes in-flight requests, refuses new ones, exits 0', async (signal) => {
    const dir = writeProject({
      'config/server.yaml': `logging: { level: info, format: json }\nendpoints:\n  slow: { uri: "${upstreamUrl}/" }\n`,
      'config/apis/slow.yaml': 'name: slow\ncontext: /slow\nresources:\n  - methods: [GET]\n    inSequence:\n      - call: { endpoint: slow }\n      - respond: {}\n',
    });
    const ferry = await startCli(['--project', dir]);
    const inFlight = Array.from({ length: 5 }, () => fetch(`${ferry.url}/slow`).then(async (r) => ({ status: r.status, body: await r.text() })));
    await new Promise((r) => setTimeout(r, 200));
    ferry.child.kill(signal);
    await new Promise((r) => setTimeout(r, 150));
    // while the five are still running, a new connection is refused
    expect(await freshRequest(`${ferry.url}/slow`)).toBe('ECONNREFUSED');
    const results = await Promise.all(inFlight);
    expect(results).toEqual(Array.from({ length: 5 }, () => ({ status: 200, body: '{"slow":true}' })));
    expect(await ferry.exited).toBe(0);
    expect(ferry.output()).toContain('draining in-flight requests');
  });

  it('gives up on requests still running after server.shutdownTimeout and exits 0', async () => {
    const dir = writeProject({
      'config/server.yaml': `server: { shutdownTimeout: 500ms }\nlogging: { level: info, format: json }\nendpoints:\n  stuck: { uri: "${upstreamUrl}/stuck" }\n`,
      'config/apis/stuck.yaml': 'name: stuck\ncontext: /stuck\nresources:\n  - methods: [GET]\n    inSequence:\n      - call: { endpoint: stuck }\n',
    });
    const ferry = await startCli(['--project', dir]);
    const pending = fetch(`${ferry.url}/stuck`).then(
      (r) => r.status,
      () => 'connection closed',
    );
    await new Promise((r) => setTimeout(r, 200));
    const signalled = Date.now();
    ferry.child.kill('SIGTERM');
    expect(await ferry.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(5_000);
    expect(await pending).toBe('connection closed');
    expect(ferry.output()).toContain('shutdown timeout reached');
  });
});
