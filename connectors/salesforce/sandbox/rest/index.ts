import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticate, LATEST_VERSION, OLDEST_LIVE_VERSION, parseApiVersion, releaseLabel, restErrorBody, retiredVersion, sendRest, type SandboxContext } from '../context.js';
import { NO_ENTITY_BODY, parseSalesforceJson } from '../json-body.js';
import type { RestRequest, RestRouter } from './router.js';

/**
 * Mount the REST API: `GET /services/data/` (versions, no auth) and everything below
 * `/services/data/vNN.N/` through the router. Bulk 2.0 (`…/jobs/…`) registers its own, more
 * specific routes.
 */
export function registerRest(app: FastifyInstance, ctx: SandboxContext, router: RestRouter): void {
  app.get('/services/data', async (_req, reply) => {
    const versions = [];
    for (let v = OLDEST_LIVE_VERSION; v <= LATEST_VERSION; v++) versions.push({ label: releaseLabel(v), url: `/services/data/v${v}.0`, version: `${v}.0` });
    return sendRest(reply, { status: 200, body: versions });
  });

  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const { version: rawVersion } = req.params as { version: string };
    const parsed = parseApiVersion(rawVersion);
    if ('gone' in parsed) return sendRest(reply, retiredVersion(rawVersion));
    if ('unknown' in parsed) return sendRest(reply, { status: 404, body: restErrorBody('NOT_FOUND', 'The requested resource does not exist') });
    const session = authenticate(ctx, req, reply);
    if (!session) return reply;
    const body = parseBody(req);
    if (body instanceof Error) return sendRest(reply, { status: 400, body: restErrorBody('JSON_PARSER_ERROR', body.message) });
    const url = req.url;
    const q = url.indexOf('?');
    const below = (q === -1 ? url : url.slice(0, q)).replace(/^\/services\/data\/[^/]+/, '').replace(/\/+$/, '') || '/';
    // clients without PATCH send POST ?_HttpMethod=PATCH
    const query = req.query as Record<string, string>;
    const method = req.method === 'POST' && query._HttpMethod ? query._HttpMethod.toUpperCase() : req.method;
    const restReq: RestRequest = {
      method,
      path: below,
      version: parsed.version,
      query,
      headers: req.headers as Record<string, string | undefined>,
      body,
      session,
      org: ctx.org,
      baseUrl: ctx.baseUrl(),
    };
    return sendRest(reply, router.handle(restReq));
  };
  app.all('/services/data/:version', handler);
  app.all('/services/data/:version/*', handler);
}

/** The JSON body, undefined when there is none, or an Error with Salesforce's JSON_PARSER_ERROR wording. */
function parseBody(req: FastifyRequest): unknown {
  const raw = req.body;
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string') return raw;
  if (raw.trim() === '') return ['POST', 'PATCH', 'PUT'].includes(req.method) ? new Error(NO_ENTITY_BODY) : undefined;
  return parseSalesforceJson(raw);
}
