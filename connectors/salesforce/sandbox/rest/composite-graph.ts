import { halted, readSubrequests, runSubrequests, type CompositeSubrequest, type CompositeSubrequestResult } from './composite-run.js';
import { versionNumber } from './composite-subrequest.js';
import { jsonParserError, requireObjectBody, restError } from './errors.js';
import type { RestRequest, RestResponse, RestRouter } from './router.js';

/**
 * `POST /composite/graph` (API 50.0+): several graphs of composite subrequests, each graph
 * all-or-nothing in its own transaction, references only within a graph. The call answers 200
 * with `{graphs: [{graphId, graphResponse: {compositeResponse}, isSuccessful}]}`; after 14 failed
 * graphs the remaining ones are not processed.
 */

const MAX_GRAPHS = 75;
const MAX_NODES = 500;
const MAX_FAILED_GRAPHS = 14;
const OLDEST_NODE_VERSION = 50;
const GRAPH_ID = /^[A-Za-z0-9]/;
const MAX_GRAPH_ID_LENGTH = 40;

// Graph nodes are record operations only: which methods each sObject url shape allows.
const NODE_METHODS: Readonly<Record<number, ReadonlySet<string>>> = {
  2: new Set(['POST']), // /sobjects/{T}
  3: new Set(['GET', 'PATCH', 'DELETE']), // /sobjects/{T}/{id}
  4: new Set(['GET', 'PATCH', 'DELETE', 'POST']), // /sobjects/{T}/{extIdField}/{value}
};

interface Graph {
  readonly graphId: string;
  readonly nodes: readonly CompositeSubrequest[];
}

/** Run a composite/graph request. */
export function compositeGraph(router: RestRouter, req: RestRequest): RestResponse {
  const notObject = requireObjectBody(req.body, 'GraphRequest');
  if (notObject) return notObject;
  const graphs = readGraphs((req.body as Record<string, unknown>).graphs, versionNumber(req.version));
  if (!Array.isArray(graphs)) return graphs;

  let failures = 0;
  const out = graphs.map((graph) => {
    let compositeResponse: CompositeSubrequestResult[];
    if (failures > MAX_FAILED_GRAPHS) {
      compositeResponse = graph.nodes.map((n) => halted(n.referenceId, `Processing halted: more than ${MAX_FAILED_GRAPHS} graphs of this request failed`));
    } else {
      compositeResponse = runSubrequests(router, req, graph.nodes, true);
    }
    const isSuccessful = !compositeResponse.some((r) => r.httpStatusCode >= 400);
    if (!isSuccessful) failures++;
    return { graphId: graph.graphId, graphResponse: { compositeResponse }, isSuccessful };
  });
  return { status: 200, body: { graphs: out } };
}

/** Check `graphs`: unique graph ids, at most 75 graphs and 500 nodes, record-operation nodes only. */
function readGraphs(list: unknown, apiVersion: number): Graph[] | RestResponse {
  if (!Array.isArray(list)) return jsonParserError(`Required field 'graphs' is missing or is not an array`);
  if (list.length > MAX_GRAPHS) return restError(400, 'LIMIT_EXCEEDED', `Exceeded the maximum of ${MAX_GRAPHS} graphs in one request`);
  const ids = new Set<string>();
  const graphs: Graph[] = [];
  let total = 0;
  for (const item of list) {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return jsonParserError('Each entry of graphs must be a JSON object');
    const { graphId, compositeRequest } = item as Record<string, unknown>;
    if (typeof graphId !== 'string' || !GRAPH_ID.test(graphId) || graphId.length >= MAX_GRAPH_ID_LENGTH) {
      return jsonParserError(`Invalid graphId: ${String(graphId)}. A graphId must start with a letter or a number and be shorter than ${MAX_GRAPH_ID_LENGTH} characters.`);
    }
    if (ids.has(graphId)) return jsonParserError(`Duplicate graphId provided in the request: ${graphId}`);
    ids.add(graphId);
    const nodes = readSubrequests(compositeRequest, apiVersion, MAX_NODES);
    if (!Array.isArray(nodes)) return nodes;
    for (const node of nodes) {
      const segments = node.target.path.split('/').filter((s) => s !== '');
      const allowed = segments[0]?.toLowerCase() === 'sobjects' ? NODE_METHODS[segments.length] : undefined;
      if (!allowed?.has(node.method)) return jsonParserError(`Composite graph nodes only support sObject record operations: ${node.method} ${node.url} is not one`);
      if (!(versionNumber(node.target.versionText) >= OLDEST_NODE_VERSION)) return jsonParserError(`Composite graph nodes need API version ${OLDEST_NODE_VERSION}.0 or later: ${node.url}`);
    }
    total += nodes.length;
    if (total > MAX_NODES) return restError(400, 'LIMIT_EXCEEDED', `Exceeded the maximum of ${MAX_NODES} nodes in one request`);
    graphs.push({ graphId, nodes });
  }
  return graphs;
}
