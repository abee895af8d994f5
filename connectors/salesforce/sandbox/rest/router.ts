import type { Session } from '../context.js';
import type { Org } from '../org.js';

/** One REST call as handlers see it: the path below `/services/data/vNN.N`. */
export interface RestRequest {
  readonly method: string;
  /** e.g. `/sobjects/Account/001…`, no query string, no trailing slash */
  readonly path: string;
  /** `62.0` */
  readonly version: string;
  readonly query: Readonly<Record<string, string>>;
  /** lower-case names */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** the parsed JSON body, undefined when there was none */
  readonly body: unknown;
  readonly session: Session;
  readonly org: Org;
  /** http://host:port of the sandbox */
  readonly baseUrl: string;
}

/** What a handler answers; `body` undefined means no body (204). */
export interface RestResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

export type RestHandler = (req: RestRequest, params: Readonly<Record<string, string>>) => RestResponse;

interface Route {
  readonly method: string;
  readonly segments: readonly string[];
  readonly handler: RestHandler;
}

/**
 * A small synchronous router for the REST API below the version. Handlers are plain functions of
 * (request, params) → response, so composite, batch and graph can run subrequests through the
 * same handlers inside one store transaction. Patterns use `:name` segments; static segments win
 * over parameters, earlier routes over later ones.
 */
export class RestRouter {
  readonly #routes: Route[] = [];

  /** Register a handler for a method ('*' for any) and a pattern such as `/sobjects/:type/:id`. */
  add(method: string, pattern: string, handler: RestHandler): void {
    this.#routes.push({ method, segments: split(pattern), handler });
  }

  /** Run the handler for a request (HEAD as GET); 404 NOT_FOUND, or 405 when only the method is wrong. */
  handle(request: RestRequest): RestResponse {
    // HEAD is a GET whose body the HTTP layer drops (the reference lists 200 for GET/HEAD)
    const req = request.method === 'HEAD' ? { ...request, method: 'GET' } : request;
    const parts = split(req.path);
    let best: { route: Route; params: Record<string, string>; score: number } | undefined;
    const allowed = new Set<string>();
    for (const route of this.#routes) {
      const match = matchSegments(route.segments, parts);
      if (!match) continue;
      if (route.method !== '*' && route.method !== req.method) {
        allowed.add(route.method);
        continue;
      }
      if (!best || match.score > best.score) best = { route, params: match.params, score: match.score };
    }
    if (best) return best.route.handler(req, best.params);
    if (allowed.size > 0) {
      return {
        status: 405,
        body: [{ errorCode: 'METHOD_NOT_ALLOWED', message: `HTTP Method '${request.method}' not allowed. Allowed are ${[...allowed].join(',')}` }],
      };
    }
    return { status: 404, body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }] };
  }
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function matchSegments(pattern: readonly string[], parts: readonly string[]): { params: Record<string, string>; score: number } | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  let score = 0;
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    const part = parts[i]!;
    if (p.startsWith(':')) {
      params[p.slice(1)] = decode(part);
    } else if (p.toLowerCase() === part.toLowerCase()) {
      // earlier static segments weigh more: /sobjects/:type/describe beats /sobjects/:type/:id
      score += 2 ** (pattern.length - i);
    } else {
      return undefined;
    }
  }
  return { params, score };
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
