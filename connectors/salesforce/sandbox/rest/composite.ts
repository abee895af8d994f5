import { compositeBatch } from './composite-batch.js';
import { compositeGraph } from './composite-graph.js';
import { readSubrequests, runSubrequests } from './composite-run.js';
import { isQueryOrCollections, since, versionNumber } from './composite-subrequest.js';
import { compositeTree } from './composite-tree.js';
import { requireObjectBody, restError } from './errors.js';
import type { RestRequest, RestResponse, RestRouter } from './router.js';

/**
 * The composite family below `/services/data/vNN.N/composite`: the resource list, composite
 * (dependent subrequests with references, optional allOrNone), composite/batch, composite/tree
 * and composite/graph. Subrequests run through the same router as top-level calls. sObject
 * Collections (`/composite/sobjects`) are registered by collections.ts.
 */

const MAX_SUBREQUESTS = 25;
// at most this many of the subrequests may be query, queryAll or sObject Collections calls
const MAX_QUERY_OR_COLLECTIONS = 5;

/** Register composite, composite/batch, composite/tree/{T} and composite/graph on the router. */
export function registerCompositeRoutes(router: RestRouter): void {
  router.add('GET', '/composite', since(38, (req) => ({ status: 200, body: resourceList(req.version) })));
  router.add('POST', '/composite', since(38, (req) => composite(router, req)));
  router.add('POST', '/composite/batch', since(34, (req) => compositeBatch(router, req)));
  router.add('POST', '/composite/tree/:type', since(33, (req, params) => compositeTree(req, params.type!)));
  router.add('POST', '/composite/graph', since(50, (req) => compositeGraph(router, req)));
}

function resourceList(version: string): Record<string, string> {
  const base = `/services/data/v${version}/composite`;
  return { tree: `${base}/tree`, batch: `${base}/batch`, sobjects: `${base}/sobjects`, graph: `${base}/graph` };
}

/**
 * `POST /composite`: always 200 with one `compositeResponse` entry per subrequest (the whole call
 * counts as one API request, which authentication already took).
 */
function composite(router: RestRouter, req: RestRequest): RestResponse {
  const notObject = requireObjectBody(req.body, 'CompositeRequest');
  if (notObject) return notObject;
  const input = req.body as Record<string, unknown>;
  const subrequests = readSubrequests(input.compositeRequest, versionNumber(req.version), MAX_SUBREQUESTS);
  if (!Array.isArray(subrequests)) return subrequests;
  const heavy = subrequests.filter((s) => isQueryOrCollections(s.target.path)).length;
  if (heavy > MAX_QUERY_OR_COLLECTIONS) {
    return restError(400, 'LIMIT_EXCEEDED', `Exceeded the maximum of ${MAX_QUERY_OR_COLLECTIONS} query, queryAll or sObject Collections subrequests in compositeRequest`);
  }
  return { status: 200, body: { compositeResponse: runSubrequests(router, req, subrequests, input.allOrNone === true) } };
}
