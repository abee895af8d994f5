import { connect } from 'node:net';
import { Readable } from 'node:stream';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '../helpers/project.js';
import { PIPE_DESCRIPTOR, PIPE_MODULE } from './stream-connector.js';

const MB = 1024 * 1024;

const LINE = Buffer.from('0123456789,abcdefghij,ABCDEFGHIJ,0123456789,abcdefghij,ABCDEFGHIJ\n');
const BLOCK = Buffer.concat(Array(1000).fill(LINE));

/** About `total` bytes of whole CSV lines (a multiple of 67,000), generated as they are read, never held whole. */
function generated(total: number): Readable & { size: number } {
  const blocks = Math.ceil(total / BLOCK.length);
  let sent = 0;
  const stream = new Readable({
    read() {
      this.push(sent++ < blocks ? BLOCK : null);
    },
  });
  return Object.assign(stream, { size: blocks * BLOCK.length });
}

/** Send raw bytes and collect what comes back until the server has answered (or closes). */
function rawExchange(url: string, request: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(request));
    let text = '';
    socket.on('data', (d) => {
      text += d.toString();
      if (/\r\n\r\n[\s\S]*\}/.test(text)) socket.destroy();
    });
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
}

const resource = (uri: string, steps: string, stream = true) =>
  `  - methods: [POST]\n    uriTemplate: ${uri}\n${stream ? '    streamBody: true\n' : ''}    inSequence:\n${steps
    .trim()
    .split('\n')
    .map((l) => `      ${l}`)
    .join('\n')}\n`;

describe('streamed request bodies (resource streamBody: true)', () => {
  let server: Awaited<ReturnType<typeof serve>>;
  let pool: Pool;
  beforeAll(async () => {
    server = await serve({
      'connectors/pipe/connector.yaml': PIPE_DESCRIPTOR,
      'connectors/pipe/index.js': PIPE_MODULE,
      'config/server.yaml': 'server:\n  bodyLimit: 1kb\n  streamBodyLimit: 200mb\nconnections:\n  local: { connector: pipe }\n',
      'config/apis/s.yaml': `name: s\ncontext: /s\nresources:\n${[
        resource('/count', `
- log: { message: "counting \${headers['content-type']}" }
- variable: { name: kind, expression: "\${headers['content-type']}" }
- header: { name: X-Kind, scope: response, expression: "\${vars.kind}" }
- filter: { expression: "\${vars.kind != 'none'}", then: [ { pipe.count: { configKey: local } } ] }
- respond: {}`),
        resource('/twice', '- pipe.count: { configKey: local, responseVariable: first }\n- pipe.count: { configKey: local }'),
        resource('/parsed', '- variable: { name: a, expression: "${payload.a}" }\n- respond: { body: { a: "${vars.a}" } }'),
        resource('/echo', '- respond: {}'),
        resource('/ignore', '- respond: { body: ignored }'),
        resource('/emit/{n}', '- pipe.emit: { configKey: local, lines: "${params.pathParams.n}" }\n- respond: {}', false),
        resource('/peek', '- pipe.peek: { configKey: local }\n- respond: {}'),
        resource('/emit-dropped/{n}', '- pipe.emit: { configKey: local, lines: "${params.pathParams.n}" }\n- respond: { body: dropped }', false),
        resource('/emit-fault/{n}', '- pipe.emit: { configKey: local, lines: "${params.pathParams.n}" }\n- throwError: { type: BROKEN, errorMessage: after the emit }', false),
        resource('/emit-read/{n}', '- pipe.emit: { configKey: local, lines: "${params.pathParams.n}" }\n- variable: { name: all, expression: "${payload}" }\n- respond: { body: read }', false),
        resource('/emit-var/{n}', '- pipe.emit: { configKey: local, lines: "${params.pathParams.n}", responseVariable: r }\n- respond: { body: { length: "${vars.r.payload.length()}" } }', false),
      ].join('')}`,
    });
    pool = new Pool(server.url, { connections: 1 });
  });
  afterAll(async () => {
    await pool?.close();
    await server?.close();
  });

  const post = async (path: string, body: Readable | string, headers: Record<string, string> = { 'content-type': 'text/csv' }) => {
    const res = await pool.request({ method: 'POST', path, body, headers });
    const text = await res.body.text();
    return { status: res.statusCode, headers: res.headers, text, json: () => JSON.parse(text) as Record<string, unknown> };
  };

  it('a body far over server.bodyLimit flows through steps that do not read it into a connector, without being held in memory', async () => {
    const body = generated(96 * MB);
    let peak = 0;
    const base = process.memoryUsage();
    const sample = setInterval(() => {
      const m = process.memoryUsage();
      peak = Math.max(peak, m.heapUsed - base.heapUsed + (m.arrayBuffers - base.arrayBuffers));
    }, 5);
    const res = await post('/s/count', body);
    clearInterval(sample);
    expect(res.status).toBe(200);
    expect(res.headers['x-kind']).toBe('text/csv');
    expect(res.json()).toEqual({ bytes: body.size, last: '\n' });
    // held whole, the 96 MB body would be at least 96 MB of buffers or strings; client and server
    // share this process and samples include garbage not yet collected, so the bound is half of it
    expect(peak).toBeLessThan(body.size / 2);
  });

  it('a step that reads the payload gets it parsed first (bounded by server.bodyLimit)', async () => {
    const ok = await post('/s/parsed', '{"a": 7}', { 'content-type': 'application/json' });
    expect(ok.json()).toEqual({ a: 7 });
    const big = await post('/s/parsed', JSON.stringify({ a: 'x'.repeat(4096) }), { 'content-type': 'application/json' });
    expect(big.status).toBe(413);
    expect(big.json()).toEqual({ error: { code: 'FERRY_ERR_HTTP_BODY_TOO_LARGE', message: expect.stringMatching(/^variable \(.*s\.yaml:\d+\) needs the whole body, which is larger than 1024 bytes \(server\.bodyLimit\)/) } });
  });

  it('a body over server.streamBodyLimit is 413: refused by Content-Length, or cut off when chunked', async () => {
    // headers only: the answer must come before any of the 300 MB is sent
    const declared = await rawExchange(server.url, 'POST /s/count HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: 314572800\r\n\r\n');
    expect(declared).toMatch(/^HTTP\/1\.1 413 /);
    expect(declared).toContain('server.streamBodyLimit');
    const chunked = await post('/s/count', generated(210 * MB));
    expect(chunked.status).toBe(413);
    expect(chunked.json()).toMatchObject({ error: { code: 'FERRY_ERR_HTTP_BODY_TOO_LARGE', message: expect.stringContaining('server.streamBodyLimit') } });
  });

  it('a streamed body can be read once; a second reader is FERRY_ERR_BODY_CONSUMED', async () => {
    const res = await post('/s/twice', 'a,b\n1,2\n');
    expect(res.status).toBe(500);
    expect(res.json()).toEqual({ error: { code: 'FERRY_ERR_BODY_CONSUMED', message: 'the message body was streamed to pipe.count and can be read only once' } });
  });

  it('respond with the body unread passes it through as it came', async () => {
    const res = await post('/s/echo', 'id;name\n1;ä\n', { 'content-type': 'text/csv; charset=utf-8' });
    expect(res).toMatchObject({ status: 200, text: 'id;name\n1;ä\n' });
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
  });

  it('a body the flow never reads is drained: the keep-alive connection serves the next request', async () => {
    expect((await post('/s/ignore', generated(8 * MB))).text).toBe('ignored');
    expect((await post('/s/echo', 'next')).text).toBe('next');
  });

  it('an operation result that replaces the body streams to the client; one kept in a variable is a value', async () => {
    const streamed = await post('/s/emit/200000', '', {});
    expect(streamed.status).toBe(200);
    expect(streamed.headers['content-type']).toBe('text/csv');
    expect(streamed.text.split('\n')).toHaveLength(200001);
    expect(streamed.text.endsWith('line 199999\n')).toBe(true);
    const kept = await post('/s/emit-var/3', '', {});
    expect(kept.json()).toEqual({ length: 21 });
  });

  it('a streamed result nobody reads (the flow answered otherwise, or failed) is released, not left holding its source', async () => {
    const emitted = ((globalThis as { __pipeEmitted?: Readable[] }).__pipeEmitted ??= []);
    const before = emitted.length;
    expect((await post('/s/emit-dropped/100000', '', {})).text).toBe('dropped');
    expect((await post('/s/emit-fault/100000', '', {})).status).toBe(500);
    expect(emitted.slice(before).map((s) => s.destroyed)).toEqual([true, true]);
  });

  it('a step that needs a streamed result whole reads it first; past server.bodyLimit that is FERRY_ERR_RESULT_TOO_LARGE, not a 413', async () => {
    expect((await post('/s/emit-read/3', '', {})).text).toBe('read');
    const big = await post('/s/emit-read/1000', '', {});
    expect(big.status).toBe(500);
    expect(big.json()).toMatchObject({ error: { code: 'FERRY_ERR_RESULT_TOO_LARGE' } });
  });

  it('a body read only in part is settled after the answer: Connection: close, and the next request is served', async () => {
    const res = await post('/s/peek', generated(8 * MB));
    expect(res.status).toBe(200);
    expect(res.json().first).toBeGreaterThan(0);
    expect(res.headers.connection).toBe('close');
    expect((await post('/s/echo', 'after')).text).toBe('after');
  });

  it('a client that stops sending mid-body after a partial read gets its answer, and the server closes the connection', async () => {
    const { port } = new URL(server.url);
    const closedByServer = await new Promise<{ answer: string; ms: number }>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1');
      let answer = '';
      let answeredAt = 0;
      socket.on('connect', () => {
        socket.write(`POST /s/peek HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: ${8 * MB}\r\n\r\n`);
        // a part of the body, then nothing more: the client neither finishes nor goes away
        socket.write('x'.repeat(256 * 1024));
      });
      socket.on('data', (d) => {
        answer += d.toString();
        answeredAt ||= Date.now();
      });
      socket.on('close', () => resolve({ answer, ms: Date.now() - answeredAt }));
      socket.on('error', reject);
    });
    expect(closedByServer.answer).toMatch(/^HTTP\/1.1 200/);
    expect(closedByServer.answer.toLowerCase()).toContain('connection: close');
    expect(closedByServer.ms).toBeLessThan(7000);
  }, 15_000);
});
