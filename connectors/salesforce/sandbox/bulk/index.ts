/**
 * Bulk API 2.0 under `/services/data/vNN.N/jobs/ingest…` and `/jobs/query…`: Fastify routes more
 * specific than the REST wildcard, Bearer auth (every call counts against the API limit), and a
 * dispatcher that answers unknown paths 404 and wrong methods 405 the way REST does.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticate, parseApiVersion, retiredVersion, sendRest, type SandboxContext } from '../context.js';
import type { BulkState, Call } from './call.js';
import { BulkError, notFound, sendError } from './http.js';
import { createIngest, deleteIngest, getIngest, ingestResults, isResultResource, patchIngest, uploadIngest } from './ingest.js';
import { JobStore, type JobKind } from './jobs.js';
import { listJobs } from './list.js';
import { createQuery, deleteQuery, getQuery, patchQuery, queryResultPages, queryResults } from './query.js';
import { discardAll, expireJobs } from './retention.js';
import { Spool } from './spool.js';

export { BULK_TIMING } from './process.js';

type Handler = (c: Call) => FastifyReply | Promise<FastifyReply>;
type Methods = Readonly<Record<string, Handler>>;

// ingest exists from API version 41.0, query jobs from 47.0
const SINCE: Readonly<Record<JobKind, number>> = { ingest: 41, query: 47 };

/** The handlers for a path below `/jobs/<kind>`, by method; undefined for paths that do not exist. */
function route(kind: JobKind, segments: readonly string[]): Methods | undefined {
  if (segments.length === 0) return kind === 'ingest' ? { GET: (c) => listJobs(c, 'ingest'), POST: createIngest } : { GET: (c) => listJobs(c, 'query'), POST: createQuery };
  if (segments.length === 1) return kind === 'ingest' ? { GET: getIngest, PATCH: patchIngest, DELETE: deleteIngest } : { GET: getQuery, PATCH: patchQuery, DELETE: deleteQuery };
  if (segments.length !== 2) return undefined;
  const sub = segments[1]!.toLowerCase();
  if (kind === 'ingest') {
    if (sub === 'batches') return { PUT: uploadIngest };
    return isResultResource(sub) ? { GET: ingestResults } : undefined;
  }
  if (sub === 'results') return { GET: queryResults };
  return sub === 'resultpages' ? { GET: queryResultPages } : undefined;
}

/** Mount Bulk API 2.0 on the sandbox's Fastify app. */
export function registerBulk(app: FastifyInstance, ctx: SandboxContext): void {
  const bulk: BulkState = { ctx, jobs: new JobStore(), spool: new Spool() };
  ctx.onReset(() => discardAll(bulk));
  app.addHook('onClose', async () => {
    for (const job of bulk.jobs.all()) job.cancelled = true;
    await Promise.allSettled([...bulk.jobs.all()].map((j) => j.settled));
    bulk.jobs.clear();
    bulk.spool.dispose();
  });
  for (const kind of ['ingest', 'query'] as const) {
    const handler = (req: FastifyRequest, reply: FastifyReply) => handle(bulk, kind, req, reply);
    app.all(`/services/data/:version/jobs/${kind}`, handler);
    app.all(`/services/data/:version/jobs/${kind}/*`, handler);
  }
}

async function handle(bulk: BulkState, kind: JobKind, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const params = req.params as { version: string; '*'?: string };
  const pretty = req.headers['x-prettyprint'] === '1';
  const parsed = parseApiVersion(params.version);
  if ('gone' in parsed) {
    return sendRest(reply, retiredVersion(params.version));
  }
  if ('unknown' in parsed || Number(parsed.version) < SINCE[kind]) return sendError(reply, notFound(), pretty);
  const session = authenticate(bulk.ctx, req, reply);
  if (!session) return reply;
  expireJobs(bulk);
  const query = req.query as Record<string, string | undefined>;
  // clients without PATCH send POST ?_HttpMethod=PATCH, as REST allows
  const method = req.method === 'POST' && query._HttpMethod ? query._HttpMethod.toUpperCase() : req.method;
  // jsforce asks for later result pages at `jobs/query//<id>/results`: empty segments are ignored
  const segments = (params['*'] ?? '').split('/').filter((s) => s !== '');
  const methods = route(kind, segments);
  try {
    if (!methods) throw notFound();
    const handler = methods[method] ?? (method === 'HEAD' ? methods.GET : undefined);
    if (!handler) throw new BulkError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${method}' not allowed. Allowed are ${Object.keys(methods).join(',')}`);
    return await handler({ bulk, req, reply, session, version: parsed.version, segments, query, pretty });
  } catch (err) {
    if (err instanceof BulkError) return sendError(reply, err, pretty);
    throw err;
  }
}
