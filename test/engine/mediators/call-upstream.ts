import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What `/echo` answers: the request as the upstream saw it. */
export interface Echo {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface Upstream {
  /** http://127.0.0.1:port */
  readonly url: string;
  /** an origin on which nothing listens */
  readonly refusedUrl: string;
  close(): Promise<void>;
}

/**
 * A scriptable upstream on 127.0.0.1, port 0:
 * - `/echo…` answers JSON {method, url, headers, body}; `?status=` sets the status;
 * - `/raw?type=&status=&body=` answers `body` as given with that content type;
 * - `/slow?ms=` waits before the headers; `/stall` sends headers and part of a body, then waits;
 * - `/bin` answers bytes; `/empty` answers 204; `/cookies` sets two cookies and its own x-request-id.
 * Every answer carries `x-upstream: yes` and a hop-by-hop `keep-alive` header.
 */
export async function startUpstream(): Promise<Upstream> {
  const server = createServer((req, res) => void handle(req, res));
  const url = await listen(server);
  const spare = createServer();
  const refusedUrl = await listen(spare);
  await new Promise<void>((resolve) => spare.close(() => resolve()));
  return {
    url,
    refusedUrl,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  // routed on the raw path: URL parsing would collapse %2E%2E segments the tests look for
  const path = (req.url ?? '/').split('?')[0]!;
  const q = new URL(req.url ?? '/', 'http://upstream').searchParams;
  res.setHeader('x-upstream', 'yes');
  res.setHeader('keep-alive', 'timeout=5');
  const status = Number(q.get('status') ?? 200);

  if (path.startsWith('/echo') || path === '/slow') {
    if (path === '/slow') await new Promise((r) => setTimeout(r, Number(q.get('ms') ?? 1000)));
    if (res.destroyed) return;
    const echo: Echo = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(echo));
  } else if (path === '/raw') {
    res.writeHead(status, { 'content-type': q.get('type') ?? 'text/plain' }).end(q.get('body') ?? '');
  } else if (path === '/stall') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"partial":');
  } else if (path === '/bin') {
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.from([0, 1, 2, 255]));
  } else if (path === '/empty') {
    res.writeHead(204).end();
  } else if (path === '/cookies') {
    res.setHeader('set-cookie', ['a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Path=/', 'b=2; Path=/']);
    res.setHeader('x-request-id', 'upstream-id');
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  } else {
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"no such upstream path"}');
  }
}
