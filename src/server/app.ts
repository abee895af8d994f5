import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import Fastify, { LogController, type FastifyServerFactory, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { LoadedApi, LoadedResource } from '../artifacts/apis.js';
import type { Project } from '../artifacts/project.js';
import { FerryError } from '../errors.js';
import { BodyStream } from '../engine/body-stream.js';
import { MessageContext } from '../engine/message-context.js';
import { runFlow } from '../engine/respond.js';
import { flattenHeaders } from '../http/headers.js';
import { registerBodyParsers } from './body-parsers.js';
import { openApiDocument, openApiYaml } from './openapi.js';
import type { Metrics } from './metrics.js';
import { lingerThenClose, registerStreamParser } from './stream-body.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Marks a request answered with an OpenAPI document (before any route ran). */
const SWAGGER = Symbol('ferry.swagger');
type SwaggerMarked = FastifyRequest & { [SWAGGER]?: true };


export interface AppOptions {
  /** Fastify's serverFactory: the runtime hands each project version's handler to one listener */
  readonly serverFactory?: FastifyServerFactory;
  /** whether the server is shutting down: answers then tell keep-alive clients to go */
  readonly draining?: () => boolean;
  /** told of every answered request */
  readonly metrics?: Metrics;
}

/**
 * The HTTP front: one Fastify route per API resource, built once from the loaded project (a hot
 * reload builds a new one). Every response carries X-Request-Id (the caller's, when it sent a
 * sane one), which is also on every log line of the request.
 */
export function buildApp(project: Project, logger: Logger, options: AppOptions = {}): FastifyInstance {
  const { server } = project.config;
  const draining = options.draining ?? (() => false);
  const app = Fastify({
    ...(options.serverFactory ? { serverFactory: options.serverFactory } : {}),
    // a pino Logger is what Fastify's own logger is; its type just names fewer methods
    loggerInstance: logger as FastifyBaseLogger,
    // one debug line per request comes from the onResponse hook below instead
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'reqId' }),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    bodyLimit: server.bodyLimit,
    requestTimeout: server.requestTimeout,
    exposeHeadRoutes: false,
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 500 },
  });

  registerBodyParsers(app);

  const metrics = options.metrics;
  // MI's `GET {context}?swagger.json` / `?swagger.yaml`: the API's OpenAPI document
  const byContext = new Map(project.apis.map((api) => [api.context, { api, record: metrics?.requestRecorder(api.name, 'GET ?swagger') }]));
  // callback-style hooks: no promise per request for a header
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    const q = req.url.indexOf('?swagger.');
    if (q === -1 || req.method !== 'GET') return done();
    const format = req.url.slice(q + 9);
    const found = byContext.get(req.url.slice(0, q).replace(/\/+$/, '') || '/');
    if (!found || (format !== 'json' && format !== 'yaml')) return done();
    const { api, record } = found;
    // counted as the API's `GET ?swagger`, not as the resource (if any) its path matches
    (req as SwaggerMarked)[SWAGGER] = true;
    if (record) reply.raw.once('close', () => record(req.method, reply.statusCode, reply.elapsedTime / 1000));
    const doc = openApiDocument(api, `${req.protocol}://${req.host}`);
    void reply.type(format === 'json' ? 'application/json' : 'application/yaml').send(format === 'json' ? JSON.stringify(doc) : openApiYaml(doc));
  });
  // While draining, answers tell keep-alive clients to go, so the in-flight requests'
  // connections close with their responses instead of idling until a timeout.
  app.addHook('onSend', (_req, reply, payload, done) => {
    if (draining()) reply.header('connection', 'close');
    done(null, payload);
  });
  // requests no resource matched; a resource's own are recorded by its route (registerResource)
  const unmatched = metrics?.requestRecorder('', '');
  app.addHook('onResponse', (req, reply, done) => {
    if ((req.log as Logger).isLevelEnabled('debug')) {
      req.log.debug({ method: req.method, url: req.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request done');
    }
    done();
  });

  app.setNotFoundHandler((req, reply) => {
    if (unmatched) reply.raw.once('close', () => unmatched(req.method, reply.statusCode, reply.elapsedTime / 1000));
    const path = req.url.split('?')[0];
    sendError(reply, new FerryError('FERRY_ERR_HTTP_NOT_FOUND', `no API resource matches ${req.method} ${path}`));
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const coded = toCodedError(err, server.bodyLimit);
    // refused before any flow ran (a body too large, unparsable…): a fault all the same
    metrics?.fault(coded.code);
    // the rest of a refused body is not read (a client may announce gigabytes): the connection goes
    if (!req.raw.complete) reply.header('connection', 'close');
    if (coded.statusCode >= 500) req.log.error({ err }, `request failed: ${coded.code}`);
    else req.log.info({ code: coded.code }, `request rejected: ${coded.message}`);
    sendError(reply, coded);
  });

  const streamed: (() => void)[] = [];
  for (const api of project.apis) {
    const apiLogger = app.log.child({ api: api.name });
    for (const resource of api.resources) {
      const record = metrics?.requestRecorder(api.name, resource.label);
      if (resource.streamBody) streamed.push(() => registerResource(streamContext!, project, api, resource, apiLogger, record));
      else registerResource(app, project, api, resource, apiLogger, record);
    }
  }
  // streamBody resources get their bodies unread: their own context, with its own body handling
  let streamContext: FastifyInstance | undefined;
  if (streamed.length > 0) {
    void app.register(async (child) => {
      registerStreamParser(child, server.streamBodyLimit);
      streamContext = child;
      for (const register of streamed) register();
    });
  }
  return app;
}

/** Metrics' recorder of one resource's answered requests. */
type RequestRecorder = (method: string, status: number, seconds: number) => void;

function registerResource(app: FastifyInstance, project: Project, api: LoadedApi, resource: LoadedResource, apiLogger: FastifyBaseLogger, record: RequestRecorder | undefined): void {
  const configs = project.config.configs as Record<string, unknown>;
  const bodyLimit = project.config.server.bodyLimit;
  const queryBindings = resource.template.queryParams;
  app.route({
    method: resource.methods as string[],
    url: resource.url,
    ...(record
      ? {
          onResponse: (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
            if (!(req as SwaggerMarked)[SWAGGER]) record(req.method, reply.statusCode, reply.elapsedTime / 1000);
            done();
          },
        }
      : {}),
    // the request's logger carries the API name from the start: one child per request, not two
    childLoggerFactory: (_logger, bindings, options) => apiLogger.child(bindings, options),
    handler: async (req: FastifyRequest, reply: FastifyReply) => {
      const pathParams = { ...(req.params as Record<string, string>) };
      const queryParams = { ...(req.query as Record<string, unknown>) };
      // MI binds query-template variables like path parameters (uri.var.*)
      for (const { param, name } of queryBindings) {
        const v = queryParams[param];
        if (typeof v === 'string') pathParams[name] = v;
      }
      const hasBody = req.body !== undefined;
      const contentType = req.headers['content-type'];
      const inbound = resource.streamBody && hasBody ? new BodyStream(req.body as Readable, contentType, 'request') : undefined;
      const mc = new MessageContext({
        payload: hasBody ? (inbound ?? req.body) : null,
        contentType: hasBody ? contentType : undefined,
        headers: flattenHeaders(req.headers),
        pathParams,
        queryParams,
        configs,
        log: req.log as Logger,
        reqId: req.id,
        inbound: { method: req.method, url: req.url, api: api.name, resource: resource.label },
        observer: project.observer,
      });
      mc.bodyLimit = bodyLimit;
      let res;
      try {
        res = await runFlow(mc, resource.inSequence, resource.faultSequence);
      } finally {
        mc.releaseStreams();
      }
      reply.code(res.status).headers(res.headers);
      // a streamed request body the flow did not read to its end (nor hands to the client as the
      // answer): settled, never left paused
      if (inbound && !req.raw.complete && res.body !== req.body) {
        reply.header('connection', 'close');
        lingerThenClose(req.raw, reply.raw);
      }
      return reply.send(res.body ?? undefined);
    },
  });
}

/** Map Fastify's own errors (body too large, bad media type…) onto Ferry's coded ones. */
function toCodedError(err: FastifyError | FerryError, bodyLimit: number): FerryError {
  if (err instanceof FerryError) return err;
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new FerryError('FERRY_ERR_HTTP_BODY_TOO_LARGE', `request body is larger than the limit of ${bodyLimit} bytes (server.bodyLimit)`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new FerryError('FERRY_ERR_HTTP_UNSUPPORTED_MEDIA_TYPE', err.message);
    case 'FST_ERR_CTP_INVALID_TYPE':
    case 'FST_ERR_CTP_EMPTY_TYPE':
      return new FerryError('FERRY_ERR_HTTP_BAD_REQUEST', err.message);
    default:
      break;
  }
  if (err.statusCode === 408) return new FerryError('FERRY_ERR_HTTP_TIMEOUT', 'request timed out');
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return new FerryError('FERRY_ERR_HTTP_BAD_REQUEST', err.message, { statusCode: err.statusCode });
  return new FerryError('FERRY_ERR_MEDIATION', 'internal server error');
}

function sendError(reply: FastifyReply, err: FerryError): void {
  void reply
    .code(err.statusCode)
    .header('content-type', 'application/json; charset=utf-8')
    .send(JSON.stringify({ error: { code: err.code, message: err.message } }));
}
