import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { SandboxContext } from './context.js';
import { restErrorBody } from './context.js';

/**
 * The sandbox's Fastify app: body parsers for every wire format the APIs take, the request log,
 * and fault injection in front of everything but the admin API. The API modules add their routes.
 */
export function createSandboxApp(ctx: SandboxContext): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 32 * 1024 * 1024, routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2000 } });

  app.removeAllContentTypeParsers();
  const asText = { parseAs: 'string' as const };
  const keep = (_req: FastifyRequest, body: string | Buffer, done: (err: Error | null, body?: unknown) => void) => done(null, body);
  // JSON stays text here: REST answers malformed JSON with its own JSON_PARSER_ERROR wording
  app.addContentTypeParser(['application/json', 'application/x-www-form-urlencoded', 'text/xml', 'application/xml', 'application/soap+xml', 'text/plain', 'multipart/form-data'], asText, keep);
  // CSV uploads are streamed to Bulk 2.0, never buffered
  app.addContentTypeParser('text/csv', (_req, payload, done) => done(null, payload));
  app.addContentTypeParser('*', asText, keep);

  app.addHook('onRequest', async (req, reply) => {
    if (req.url.startsWith('/__sandbox/')) return;
    const rule = ctx.faults.take(req.method, req.url.split('?')[0]!);
    if (!rule) return;
    if (rule.delayMs) await new Promise((resolve) => setTimeout(resolve, rule.delayMs));
    if (rule.drop) {
      reply.hijack();
      req.raw.socket.destroy();
      return;
    }
    if (rule.status !== undefined) {
      const body = rule.body === undefined ? '' : typeof rule.body === 'string' ? rule.body : JSON.stringify(rule.body);
      const type = typeof rule.body === 'string' ? 'text/plain' : 'application/json;charset=UTF-8';
      await reply.code(rule.status).headers({ 'content-type': type, ...rule.headers }).send(body);
    }
  });

  app.addHook('onResponse', async (req, reply) => {
    if (req.url.startsWith('/__sandbox/')) return;
    const body = req.body;
    const text = body === undefined || body === null ? null : typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : '(streamed body)';
    const entry = ctx.requests.add(req.method, req.url, { ...req.headers }, text, ctx.org.now());
    entry.status = reply.statusCode;
  });

  app.setNotFoundHandler((_req, reply) => reply.code(404).send(restErrorBody('NOT_FOUND', 'The requested resource does not exist')));
  app.setErrorHandler((err: Error & { statusCode?: number }, _req, reply) => {
    const status = err.statusCode ?? 500;
    if (status === 413) return reply.code(413).send(restErrorBody('REQUEST_TOO_LARGE', 'The request body is too large'));
    if (status < 500) return reply.code(status).send(restErrorBody('INVALID_REQUEST', err.message));
    return reply.code(500).send(restErrorBody('UNKNOWN_EXCEPTION', `An unexpected error occurred: ${err.message}`));
  });
  return app;
}
