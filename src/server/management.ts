import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Project } from '../artifacts/project.js';
import type { ManagementConfig } from '../config/types.js';
import { FerryError } from '../errors.js';
import { parseBasic, parseBearer, TokenStore, type Principal } from './management-auth.js';
import { checkConnections, type ConnectionCheck } from './management-health.js';
import { apiDetail, apiSummaries, connectionSummaries, connectorSummaries, endpointSummaries, reloadView, sequenceSummaries, type Listing } from './management-views.js';
import { openApiFor, openApiYaml } from './openapi.js';
import type { ServerState } from './server-state.js';

export interface ManagementOptions {
  readonly logger: Logger;
  /** Prometheus text for GET /metrics; without it there is no /metrics */
  readonly metrics?: () => Promise<{ readonly contentType: string; readonly body: string }>;
}

/** The root logger's levels; MI's names (WARN, OFF, ALL) are accepted too, in any case. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const MI_LEVELS: Readonly<Record<string, string>> = { off: 'silent', all: 'trace', warning: 'warn' };

// scrypt takes ~50 ms and 16 MB per login on libuv's small thread pool (shared with file and DNS
// work); more logins than this at once are refused rather than queued.
const MAX_CONCURRENT_LOGINS = 4;
// /healthz?connections=true is unauthenticated: concurrent probes share one round of checks, and
// a round's results answer probes for this long, so probes cannot be turned into upstream load.
const CONNECTION_CHECKS_REUSED_MS = 5_000;
const REALM = 'realm="Ferry management"';

/**
 * The management listener (server.managementPort, 9164 like MI): `/management/…` resources with
 * MI's names behind a login, and the unauthenticated probes `/livez`, `/healthz` and `/metrics`.
 * Everything is read from `state` per request, so a reload shows at once (users and tokens too).
 */
export function buildManagementApp(state: ServerState, options: ManagementOptions): FastifyInstance {
  const logger = options.logger.child({ component: 'management' });
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'reqId' }),
    genReqId: () => randomUUID(),
    bodyLimit: 64 * 1024,
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
  });
  const tokens = new TokenStore();
  // who made an authenticated request, for the audit lines of changes
  const principals = new WeakMap<FastifyRequest, Principal>();
  const management = (): ManagementConfig => state.current().config.management;

  app.addHook('onSend', (_req, reply, payload, done) => {
    // answers carry tokens and server details: never cached by a proxy
    reply.header('cache-control', 'no-store');
    done(null, payload);
  });
  app.addHook('onResponse', (req, reply, done) => {
    if ((req.log as Logger).isLevelEnabled('debug')) {
      req.log.debug({ method: req.method, url: req.url.split('?')[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'management request done');
    }
    done();
  });
  app.setNotFoundHandler((req, reply) => {
    sendError(reply, new FerryError('FERRY_ERR_MGMT_NOT_FOUND', `no management resource ${req.method} ${req.url.split('?')[0]}`));
  });
  app.setErrorHandler((err: FastifyError | FerryError, req, reply) => {
    const coded = toCodedError(err);
    if (coded.statusCode >= 500) req.log.error({ err }, `management request failed: ${coded.code}`);
    sendError(reply, coded);
  });

  // ---- probes (no authentication: kubelets and load balancers call them)

  app.get('/livez', async () => ({ status: 'UP' }));

  let checks: { project: Project; finishedAt: number | undefined; result: Promise<ConnectionCheck[]> } | undefined;
  const connectionChecks = (project: Project): Promise<ConnectionCheck[]> => {
    const reusable = checks?.project === project && (checks.finishedAt === undefined || Date.now() - checks.finishedAt <= CONNECTION_CHECKS_REUSED_MS);
    if (!reusable) {
      const round = { project, finishedAt: undefined as number | undefined, result: checkConnections(project, project.config.management.health.timeout, logger) };
      // the reuse window starts when the round ends; a round still running is always shared
      void round.result.then(() => {
        round.finishedAt = Date.now();
      });
      checks = round;
    }
    return checks!.result;
  };

  let wasUp = true;
  app.get('/healthz', async (req, reply) => {
    let project: Project | undefined;
    try {
      project = state.current();
    } catch {
      project = undefined;
    }
    const listening = state.listening();
    const asked = flag((req.query as Record<string, unknown>).connections);
    const withConnections = project !== undefined && (asked ?? project.config.management.health.connections);
    const connections = withConnections ? await connectionChecks(project!) : undefined;
    const failed = connections?.filter((c) => !c.ok).map((c) => c.name) ?? [];
    const up = project !== undefined && listening && failed.length === 0;
    // probes come every few seconds: only a change is worth a line
    if (up !== wasUp) {
      if (up) req.log.info('health check: ready');
      else req.log.warn({ project: project !== undefined, listening, failed }, 'health check: not ready');
      wasUp = up;
    }
    return reply.code(up ? 200 : 503).send({
      status: up ? 'UP' : 'DOWN',
      checks: {
        project: project ? 'UP' : 'DOWN',
        listener: listening ? 'UP' : 'DOWN',
        ...(connections ? { connections } : {}),
      },
    });
  });

  if (options.metrics) {
    const metrics = options.metrics;
    app.get('/metrics', async (_req, reply) => {
      const { contentType, body } = await metrics();
      return reply.type(contentType).send(body);
    });
  }

  // ---- /management

  void app.register(
    async (api) => {
      api.addHook('onRequest', async () => {
        if (!management().enabled) throw new FerryError('FERRY_ERR_MGMT_NOT_FOUND', 'the management API is disabled (management.enabled: false)');
      });

      let loginsInFlight = 0;
      // MI logs in with GET; POST is accepted too (a credential exchange is not a safe read)
      api.route({
        method: ['GET', 'POST'],
        url: '/login',
        handler: async (req, reply) => {
          const credentials = parseBasic(req.headers.authorization);
          if (!credentials) return unauthorized(reply, 'Basic');
          if (loginsInFlight >= MAX_CONCURRENT_LOGINS) {
            reply.header('retry-after', '1');
            throw new FerryError('FERRY_ERR_MGMT_BUSY');
          }
          loginsInFlight++;
          let token: string | undefined;
          try {
            token = await tokens.login(management(), credentials.username, credentials.password);
          } finally {
            loginsInFlight--;
          }
          if (!token) {
            // neither the username nor anything about the password: a log line must not help guessing
            req.log.warn({ ip: req.ip }, 'management login refused');
            return unauthorized(reply, 'Basic');
          }
          req.log.info({ user: credentials.username, ip: req.ip }, 'management login');
          return { AccessToken: token };
        },
      });

      void api.register(async (secured) => {
        secured.addHook('onRequest', async (req, reply) => {
          const token = parseBearer(req.headers.authorization);
          const principal = token === undefined ? undefined : tokens.authenticate(management(), token);
          if (!principal) return unauthorized(reply, 'Bearer');
          principals.set(req, principal);
          return undefined;
        });

        secured.route({
          method: ['GET', 'POST'],
          url: '/logout',
          handler: async (req) => {
            const revoked = tokens.revoke(parseBearer(req.headers.authorization)!);
            return { message: revoked ? 'logged out' : 'the static token cannot be revoked; remove management.token from server.yaml' };
          },
        });

        secured.get('/apis', async (req) => {
          const project = state.current();
          const name = queryParam(req, 'apiName');
          if (name === undefined) return apiSummaries(project, state.apiUrl);
          const api = project.apis.find((a) => a.name === name);
          if (!api) throw notFound('API', name);
          return apiDetail(api, state.apiUrl);
        });
        secured.get('/apis/:name/openapi', async (req, reply) => {
          const { name } = req.params as { name: string };
          const doc = openApiFor(state.current(), name, state.apiUrl);
          if (!doc) throw notFound('API', name);
          if (queryParam(req, 'format') === 'yaml') return reply.type('application/yaml').send(openApiYaml(doc));
          return doc;
        });
        secured.get('/sequences', async (req) => one(sequenceSummaries(state.current()), 'sequence', queryParam(req, 'sequenceName')));
        secured.get('/endpoints', async (req) => one(endpointSummaries(state.current()), 'endpoint', queryParam(req, 'endpointName')));
        secured.get('/connectors', async (req) => one(connectorSummaries(state.current()), 'connector', queryParam(req, 'connectorName')));
        secured.get('/connections', async (req) => one(connectionSummaries(state.current()), 'connection', queryParam(req, 'connectionName')));

        secured.get('/server', async () => ({
          productName: 'Ferry',
          version: state.version,
          nodeVersion: process.version,
          startedAt: state.startedAt.toISOString(),
          uptime: Math.floor((Date.now() - state.startedAt.getTime()) / 1000),
          projectDir: state.projectDir,
          apiUrl: state.apiUrl,
          logLevel: state.logLevel(),
          lastReload: reloadView(state.lastReload()),
          reloads: state.reloadCounts(),
        }));

        secured.get('/logging', async () => ({ loggerName: 'rootLogger', level: state.logLevel() }));
        secured.patch('/logging', async (req) => {
          const body = (req.body ?? {}) as { level?: unknown; loggingLevel?: unknown; loggerName?: unknown };
          if (body.loggerName !== undefined && body.loggerName !== 'rootLogger') {
            throw new FerryError('FERRY_ERR_MGMT_BAD_REQUEST', `only the root logger has a level here (loggerName 'rootLogger'), not '${String(body.loggerName)}'`);
          }
          const given = body.level ?? body.loggingLevel;
          const level = typeof given === 'string' ? toLevel(given) : undefined;
          if (!level) {
            throw new FerryError('FERRY_ERR_MGMT_BAD_REQUEST', `${given === undefined ? 'no level given' : `unknown log level ${JSON.stringify(given)}`}; send {"level": one of ${LOG_LEVELS.join(', ')}}`);
          }
          const previous = state.logLevel();
          state.setLogLevel(level);
          req.log.info({ user: principals.get(req)?.username, previous, level }, `log level changed from ${previous} to ${level}`);
          return { loggerName: 'rootLogger', level, previous };
        });

        secured.post('/reload', async (req, reply) => {
          req.log.info({ user: principals.get(req)?.username }, 'reload requested through the management API');
          const report = await state.reload('management');
          const view = reloadView(report);
          if (report.ok) return view;
          const err = new FerryError('FERRY_ERR_MGMT_RELOAD_FAILED');
          return reply.code(err.statusCode).send({ error: { code: err.code, message: err.message }, ...view });
        });
      });
    },
    { prefix: '/management' },
  );

  return app;
}

/** The whole list, or the one item named (`?sequenceName=x`); an unknown name is 404. */
function one<T extends { readonly name: string }>(all: Listing<T>, what: string, name: string | undefined): Listing<T> | T {
  if (name === undefined) return all;
  const item = all.list.find((i) => i.name === name);
  if (!item) throw notFound(what, name);
  return item;
}

function notFound(what: string, name: string): FerryError {
  return new FerryError('FERRY_ERR_MGMT_NOT_FOUND', `no ${what} named '${name}'`);
}

function queryParam(req: FastifyRequest, name: string): string | undefined {
  const value = (req.query as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

function flag(value: unknown): boolean | undefined {
  if (value === 'true' || value === '1' || value === '') return true;
  if (value === 'false' || value === '0') return false;
  return undefined;
}

function toLevel(given: string): string | undefined {
  const lower = given.trim().toLowerCase();
  const level = MI_LEVELS[lower] ?? lower;
  return (LOG_LEVELS as readonly string[]).includes(level) ? level : undefined;
}

/** 401, the same body whatever was wrong (no user, wrong password, expired token, no header). */
function unauthorized(reply: FastifyReply, scheme: 'Basic' | 'Bearer'): FastifyReply {
  reply.header('www-authenticate', `${scheme} ${REALM}`);
  sendError(reply, new FerryError('FERRY_ERR_MGMT_UNAUTHORIZED'));
  return reply;
}

function toCodedError(err: FastifyError | FerryError): FerryError {
  if (err instanceof FerryError) return err;
  const status = err.statusCode ?? 500;
  if (status === 415) return new FerryError('FERRY_ERR_HTTP_UNSUPPORTED_MEDIA_TYPE', err.message);
  if (status === 413) return new FerryError('FERRY_ERR_HTTP_BODY_TOO_LARGE', err.message);
  if (status >= 400 && status < 500) return new FerryError('FERRY_ERR_MGMT_BAD_REQUEST', err.message, { statusCode: status });
  return new FerryError('FERRY_ERR_MGMT_FAILED');
}

function sendError(reply: FastifyReply, err: FerryError): void {
  void reply
    .code(err.statusCode)
    .header('content-type', 'application/json; charset=utf-8')
    .send(JSON.stringify({ error: { code: err.code, message: err.message } }));
}
