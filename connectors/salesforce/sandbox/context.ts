import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FaultInjector } from './faults.js';
import type { Org } from './org.js';
import type { RequestLog } from './request-log.js';
import type { RestResponse } from './rest/router.js';
import type { TokenInfo } from './tokens.js';

/** The authenticated caller of an API request. */
export interface Session {
  readonly token: TokenInfo;
  readonly userId: string;
  readonly username: string;
}

/** What every API module of the sandbox gets when it registers its routes. */
export interface SandboxContext {
  readonly org: Org;
  readonly requests: RequestLog;
  readonly faults: FaultInjector;
  /** http://host:port the sandbox listens on (instance_url, serverUrl, Location headers) */
  baseUrl(): string;
  /** run this on an admin reset, for state a module keeps outside the org (Bulk jobs) */
  onReset(fn: () => void): void;
}

// API versions: 31.0 … 68.0 are live (the reference's list, Winter '27 current); up to 30.0 retired.
export const OLDEST_LIVE_VERSION = 31;
export const LATEST_VERSION = 68;

/** `62.0` from `v62.0` (or `latest`), or why it cannot be served: gone (410) or unknown (404). */
export function parseApiVersion(text: string): { version: string } | { gone: true } | { unknown: true } {
  if (text === 'latest' || text === 'vlatest') return { version: `${LATEST_VERSION}.0` };
  const m = /^v(\d+)\.0$/.exec(text);
  if (!m) return { unknown: true };
  const n = Number(m[1]);
  if (n < OLDEST_LIVE_VERSION) return { gone: true };
  if (n > LATEST_VERSION) return { unknown: true };
  return { version: `${n}.0` };
}

/** Salesforce's release label for an API version: 59.0 → "Winter '24" (three releases a year). */
export function releaseLabel(version: number): string {
  const offset = LATEST_VERSION - version;
  const step = offset % 3;
  const season = ['Winter', 'Summer', 'Spring'][step]!;
  // Winter '27 = 68, Summer '26 = 67, Spring '26 = 66, Winter '26 = 65, …
  const year = step === 0 ? 27 - offset / 3 : 26 - (offset - step) / 3;
  return `${season} '${String(year).padStart(2, '0')}`;
}

/** A REST error body: Salesforce's array of {message, errorCode[, fields]}. */
export function restErrorBody(errorCode: string, message: string, fields?: readonly string[]): unknown[] {
  return [fields === undefined ? { message, errorCode } : { message, errorCode, fields }];
}

/**
 * Write a REST answer the one way Salesforce does: `Vary: Accept-Encoding`, JSON as
 * `application/json;charset=UTF-8` (X-PrettyPrint: 1 gives its `"key" : value` layout), or no body.
 * For HEAD, Node writes the headers (Content-Length included) and drops the body.
 */
/** The 410 a retired API version (`v20.0`) answers with. */
export function retiredVersion(rawVersion: string): RestResponse {
  return { status: 410, body: restErrorBody('GONE', `API version ${rawVersion.slice(1)} is no longer supported. Use a version from ${OLDEST_LIVE_VERSION}.0 or later.`) };
}

export function sendRest(reply: FastifyReply, res: RestResponse): FastifyReply {
  reply.code(res.status).header('vary', 'Accept-Encoding');
  if (res.headers) reply.headers(res.headers);
  if (res.body === undefined) return reply.send();
  reply.header('content-type', 'application/json;charset=UTF-8');
  const pretty = reply.request.headers['x-prettyprint'] === '1';
  return reply.send(pretty ? JSON.stringify(res.body, null, 2).replace(/^(\s*"(?:[^"\\]|\\.)*"): /gm, '$1 : ') : JSON.stringify(res.body));
}

/**
 * Authenticate a REST or Bulk call by its `Authorization: Bearer|OAuth <token>` header, count it
 * against the daily limit, and set `Sforce-Limit-Info`. On failure the error answer is sent and
 * undefined returned.
 */
export function authenticate(ctx: SandboxContext, req: FastifyRequest, reply: FastifyReply, options: { count?: number } = {}): Session | undefined {
  const session = sessionOf(ctx, req.headers.authorization);
  if ('error' in session) {
    void sendRest(reply, { status: 401, body: restErrorBody(session.error, session.message) });
    return undefined;
  }
  if (!ctx.org.limits.take(options.count ?? 1)) {
    void sendRest(reply, { status: 403, headers: { 'sforce-limit-info': ctx.org.limits.header() }, body: restErrorBody('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.') });
    return undefined;
  }
  reply.header('sforce-limit-info', ctx.org.limits.header());
  return session;
}

/** The session behind an Authorization header (or a SOAP session id), or why there is none. */
export function sessionOf(ctx: SandboxContext, authorization: string | undefined, raw = false): Session | { error: string; message: string } {
  const token = raw ? authorization : /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  const info = token ? ctx.org.tokens.valid(token, 'access', ctx.org.now()) : undefined;
  if (!info) return { error: 'INVALID_SESSION_ID', message: 'Session expired or invalid' };
  const user = ctx.org.userById(info.userId);
  if (user?.passwordExpired) return { error: 'INVALID_OPERATION_WITH_EXPIRED_PASSWORD', message: 'Your password has expired. Please reset your password.' };
  return { token: info, userId: info.userId, username: info.username };
}
