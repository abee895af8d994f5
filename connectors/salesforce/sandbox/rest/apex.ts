import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticate, sendRest, type SandboxContext } from '../context.js';
import type { ApexRoute } from '../org.js';

/**
 * Apex REST (`/services/apexrest/...`): the routes a seed registers, each answering a fixed status,
 * headers and body in which `{param}` is replaced by the matching path segment. Bearer auth and
 * API-limit counting as for REST. URL mappings are case-sensitive and may end in `*`, as in Apex.
 */
export function registerApex(app: FastifyInstance, ctx: SandboxContext): void {
  app.all('/services/apexrest/*', async (req: FastifyRequest, reply: FastifyReply) => {
    if (!authenticate(ctx, req, reply)) return reply;
    const path = req.url.slice('/services/apexrest'.length).split('?')[0]!;
    const parts = segments(path);
    const candidates = ctx.org.apex.map((route) => ({ route, params: match(route.path, parts) })).filter((c) => c.params !== undefined);
    const chosen = candidates.find((c) => c.route.method === req.method);
    if (!chosen) {
      if (candidates.length > 0) {
        const allowed = [...new Set(candidates.map((c) => c.route.method))].join(',');
        return sendRest(reply, { status: 405, body: [{ errorCode: 'METHOD_NOT_ALLOWED', message: `HTTP Method '${req.method}' not allowed. Allowed are ${allowed}` }] });
      }
      return sendRest(reply, { status: 404, body: [{ errorCode: 'NOT_FOUND', message: 'Could not find a match for URL' }] });
    }
    return answer(reply, chosen.route, chosen.params!);
  });
}

function segments(path: string): string[] {
  return path
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

/** The `{param}` values when a route's mapping matches the path (static segments case-sensitively). */
function match(mapping: string, parts: readonly string[]): Record<string, string> | undefined {
  const pattern = mapping.split('/').filter((s) => s !== '');
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (p === '*' && i === pattern.length - 1) return params;
    const part = parts[i];
    if (part === undefined) return undefined;
    const name = /^\{(\w+)\}$/.exec(p)?.[1];
    if (name !== undefined) params[name] = part;
    else if (p !== '*' && p !== part) return undefined;
  }
  return pattern.length === parts.length ? params : undefined;
}

function answer(reply: FastifyReply, route: ApexRoute, params: Readonly<Record<string, string>>): FastifyReply {
  const headers = Object.fromEntries(Object.entries(route.headers).map(([k, v]) => [k, fill(v, params)]));
  const contentType = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  reply.code(route.status).headers(headers);
  const body = substitute(route.body, params);
  if (body === null || body === undefined || route.status === 204) return reply.send();
  // a string under a non-JSON content type is a raw response body (Apex setting RestResponse.responseBody)
  if (typeof body === 'string' && contentType !== undefined && !/json/i.test(contentType)) return reply.send(body);
  if (contentType === undefined) reply.header('content-type', 'application/json;charset=UTF-8');
  return reply.send(JSON.stringify(body));
}

/** The route's body with `{param}` replaced in every string inside it. */
function substitute(value: unknown, params: Readonly<Record<string, string>>): unknown {
  if (typeof value === 'string') return fill(value, params);
  if (Array.isArray(value)) return value.map((v) => substitute(v, params));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, params)]));
  return value;
}

function fill(text: string, params: Readonly<Record<string, string>>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}
