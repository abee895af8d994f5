import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SandboxContext } from './context.js';
import type { FaultRule } from './faults.js';
import type { FieldValue, ObjectDef, SRecord } from './model.js';
import { checkSeed, type Seed } from './seed.js';
import { RequestError } from './server.js';
import { isoDateTime } from './time.js';

/** What tests (in-process) and the admin HTTP API can do to a running sandbox. */
export interface SandboxAdmin {
  /** back to the startup seed: records, users, apps, tokens, limits, logs, faults */
  reset(): void;
  seed(seed: Seed): void;
  records(type: string, includeDeleted?: boolean): Record<string, unknown>[];
  requests(): readonly unknown[];
  clearRequests(): void;
  emails(): readonly unknown[];
  expireTokens(username?: string): number;
  revokeTokens(username?: string): number;
  setTokenLifetime(seconds: number): void;
  setLimits(limits: { max?: number; used?: number }): { max: number; used: number };
  addFault(rule: Omit<FaultRule, 'remaining'> & { count?: number }): FaultRule;
  clearFaults(): void;
  issueAuthorizationCode(input: { clientId: string; username: string; redirectUri: string; scope?: string; codeChallenge?: string }): string;
  /** move the org's clock (updated/deleted windows, token expiry, date literals) */
  advanceClock(ms: number): void;
}

/** The admin API under `/__sandbox/`, JSON in and out, kept apart from every Salesforce path. */
export function registerAdmin(app: FastifyInstance, ctx: SandboxContext, admin: SandboxAdmin): void {
  const ok = (reply: FastifyReply, body: unknown = { ok: true }) => reply.header('content-type', 'application/json').send(JSON.stringify(body));
  const bad = (reply: FastifyReply, message: string) => reply.code(400).header('content-type', 'application/json').send(JSON.stringify({ error: message }));
  // a body that is not JSON is the caller's mistake: 400 {error} through the app's error handler
  const json = (body: unknown): Record<string, unknown> => {
    if (typeof body !== 'string' || body.trim() === '') return {};
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (err) {
      throw new RequestError(400, `the request body is not JSON: ${(err as Error).message}`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new RequestError(400, 'the request body must be a JSON object');
    return value as Record<string, unknown>;
  };

  app.post('/__sandbox/reset', async (_req, reply) => {
    admin.reset();
    return ok(reply);
  });
  app.post('/__sandbox/seed', async (req, reply) => {
    try {
      admin.seed(checkSeed(json(req.body), 'request body'));
      return ok(reply);
    } catch (err) {
      return bad(reply, (err as Error).message);
    }
  });
  app.get('/__sandbox/records/:sObject', async (req, reply) => {
    const { sObject } = req.params as { sObject: string };
    if (!ctx.org.store.object(sObject)) return reply.code(404).send({ error: `no object ${sObject}` });
    return ok(reply, admin.records(sObject, (req.query as Record<string, string>).includeDeleted === 'true'));
  });
  app.get('/__sandbox/requests', async (_req, reply) => ok(reply, admin.requests()));
  app.delete('/__sandbox/requests', async (_req, reply) => {
    admin.clearRequests();
    return ok(reply);
  });
  app.get('/__sandbox/emails', async (_req, reply) => ok(reply, admin.emails()));
  app.post('/__sandbox/tokens/expire', async (req, reply) => ok(reply, { expired: admin.expireTokens(json(req.body).username as string | undefined) }));
  app.post('/__sandbox/tokens/revoke', async (req, reply) => ok(reply, { revoked: admin.revokeTokens(json(req.body).username as string | undefined) }));
  app.put('/__sandbox/tokens', async (req, reply) => {
    const seconds = json(req.body).lifetimeSeconds;
    if (typeof seconds !== 'number' || seconds <= 0) return bad(reply, 'lifetimeSeconds must be a positive number');
    admin.setTokenLifetime(seconds);
    return ok(reply);
  });
  app.get('/__sandbox/limits', async (_req, reply) => ok(reply, { max: ctx.org.limits.max, used: ctx.org.limits.used }));
  app.put('/__sandbox/limits', async (req, reply) => {
    const body = json(req.body);
    for (const key of ['max', 'used']) if (body[key] !== undefined && (typeof body[key] !== 'number' || (body[key] as number) < 0)) return bad(reply, `${key} must be a number ≥ 0`);
    return ok(reply, admin.setLimits(body as { max?: number; used?: number }));
  });
  app.get('/__sandbox/faults', async (_req, reply) => ok(reply, ctx.faults.list()));
  app.post('/__sandbox/faults', async (req, reply) => {
    const body = json(req.body) as Partial<FaultRule> & { count?: number };
    if (typeof body.path !== 'string') return bad(reply, 'path (a regular expression) is required');
    if (body.status === undefined && body.delayMs === undefined && body.drop !== true) return bad(reply, 'give status, delayMs or drop');
    try {
      return ok(reply, admin.addFault(body as FaultRule));
    } catch (err) {
      return bad(reply, (err as Error).message);
    }
  });
  app.delete('/__sandbox/faults', async (_req, reply) => {
    admin.clearFaults();
    return ok(reply);
  });
  app.post('/__sandbox/oauth/code', async (req, reply) => {
    const body = json(req.body);
    try {
      return ok(reply, { code: admin.issueAuthorizationCode(body as never) });
    } catch (err) {
      return bad(reply, (err as Error).message);
    }
  });
  app.post('/__sandbox/clock', async (req, reply) => {
    const ms = json(req.body).advanceMs;
    if (typeof ms !== 'number') return bad(reply, 'advanceMs must be a number');
    admin.advanceClock(ms);
    return ok(reply, { now: isoDateTime(ctx.org.now()) });
  });
}

/** A record as the admin API shows it: datetimes in ISO form, plus attributes with the type. */
export function plainRecord(record: SRecord, def: ObjectDef): Record<string, unknown> {
  const out: Record<string, unknown> = { attributes: { type: record.type } };
  for (const [k, v] of Object.entries(record.values)) {
    out[k] = typeof v === 'number' && def.fieldMap.get(k.toLowerCase())?.type === 'datetime' ? isoDateTime(v) : (v as FieldValue);
  }
  return out;
}
