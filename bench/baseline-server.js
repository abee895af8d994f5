// The bare baseline: one Fastify route doing by hand what the bench project's flow does —
// call the upstream (argv[2]) through an undici Pool with Ferry's pool settings, set the same
// header, answer with the upstream body.
import Fastify from 'fastify';
import { Pool } from 'undici';
import { DEFAULT_POOL_OPTIONS, undiciPoolOptions } from '../dist/src/http/clients.js';
import { announceFailure, announceReady } from './children.js';

const TIMEOUT_MS = 30_000;

try {
  const upstream = new URL(process.argv[2]);
  const pool = new Pool(upstream.origin, undiciPoolOptions(DEFAULT_POOL_OPTIONS));
  const app = Fastify({ logger: false });
  app.get('/bench/item', async (_req, reply) => {
    const res = await pool.request({ path: upstream.pathname, method: 'GET', headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS });
    const body = await res.body.text();
    reply.code(res.statusCode).header('x-bench', '1').header('content-type', res.headers['content-type']);
    return body;
  });
  announceReady(await app.listen({ port: 0, host: '127.0.0.1' }));
} catch (err) {
  announceFailure(err);
}
