import { Readable } from 'node:stream';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { SandboxContext } from './context.js';
import { restErrorBody, sendRest } from './context.js';
import { clientFaultXml, faultXml, Faults } from './soap/faults.js';

/** A refusal a route throws; the error handler answers its status in the shape of the path's API. */
export class RequestError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The sandbox's Fastify app: body parsers for every wire format the APIs take, the request log,
 * fault injection in front of everything but the admin API, and error answers in each API's own
 * shape. The API modules add their routes.
 */
export function createSandboxApp(ctx: SandboxContext): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: 32 * 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2000 },
    // bad percent-encoding in a path, an over-long parameter: answered like every other error
    frameworkErrors: (err, req, reply) => void sendFailure(req, reply, err),
  });

  app.removeAllContentTypeParsers();
  const asText = { parseAs: 'string' as const };
  const keep = (_req: FastifyRequest, body: string | Buffer, done: (err: Error | null, body?: unknown) => void) => done(null, body);
  // JSON stays text here: REST answers malformed JSON with its own JSON_PARSER_ERROR wording
  app.addContentTypeParser(['application/json', 'application/x-www-form-urlencoded', 'text/xml', 'application/xml', 'application/soap+xml', 'text/plain', 'multipart/form-data'], asText, keep);
  // CSV uploads are streamed to Bulk 2.0, never buffered
  app.addContentTypeParser('text/csv', (_req, payload, done) => done(null, payload));
  app.addContentTypeParser('*', asText, keep);

  // Only Bulk 2.0 reads a CSV stream. Elsewhere it is drained and the media type refused, except on
  // unknown paths (404) and Apex REST, which hands any content type to the method as a Blob.
  app.addHook('preValidation', async (req) => {
    const route = req.routeOptions.url ?? '';
    if (!(req.body instanceof Readable) || route.startsWith('/services/data/:version/jobs/')) return;
    req.body.resume();
    if (req.is404 || route.startsWith('/services/apexrest/')) return;
    throw new RequestError(415, 'Unsupported Media Type');
  });

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

  app.setNotFoundHandler((_req, reply) => sendRest(reply, { status: 404, body: restErrorBody('NOT_FOUND', 'The requested resource does not exist') }));
  app.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => sendFailure(req, reply, err));
  return app;
}

/**
 * Answer a failed request in the shape of the API its path belongs to: a SOAP fault (always HTTP
 * 500) under /services/Soap/, `{error, error_description}` under /services/oauth2/, `{error}` under
 * /__sandbox/, and REST's error array everywhere else.
 */
function sendFailure(req: FastifyRequest, reply: FastifyReply, err: Error & { statusCode?: number }): FastifyReply {
  const status = err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
  const { errorCode, message } = describeFailure(req, status, err);
  if (req.url.startsWith('/services/Soap/')) {
    return reply.code(500).header('content-type', 'text/xml; charset=utf-8').send(status >= 500 ? faultXml(Faults.unknown(err)) : clientFaultXml(message));
  }
  if (req.url.startsWith('/services/oauth2/')) {
    const body = { error: status >= 500 ? 'server_error' : 'invalid_request', error_description: message };
    return reply.code(status).header('content-type', 'application/json;charset=UTF-8').send(JSON.stringify(body));
  }
  if (req.url.startsWith('/__sandbox/')) return reply.code(status).header('content-type', 'application/json').send(JSON.stringify({ error: message }));
  return sendRest(reply, { status, body: restErrorBody(errorCode, message) });
}

/** The REST error code and wording of a failure the framework or a route raised. */
function describeFailure(req: FastifyRequest, status: number, err: Error): { errorCode: string; message: string } {
  if (status === 413) return { errorCode: 'REQUEST_TOO_LARGE', message: 'The request body is too large' };
  if (status === 415) {
    // Salesforce names the media type without its parameters (nforce #74: 'multipart/related')
    const mediaType = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
    return { errorCode: 'UNSUPPORTED_MEDIA_TYPE', message: `MediaType of '${mediaType}' is not supported by this resource` };
  }
  if (status < 500) return { errorCode: 'INVALID_REQUEST', message: err.message };
  return { errorCode: 'UNKNOWN_EXCEPTION', message: `An unexpected error occurred: ${err.message}` };
}
