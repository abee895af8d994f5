import type { FastifyInstance } from 'fastify';
import { plainRecord, registerAdmin, type SandboxAdmin } from './admin.js';
import type { SandboxContext } from './context.js';
import { FaultInjector } from './faults.js';
import { registerOAuth } from './oauth.js';
import { Org } from './org.js';
import { RequestLog } from './request-log.js';
import { registerApex } from './rest/apex.js';
import { registerRest } from './rest/index.js';
import { createRestRouter } from './rest/routes.js';
import { registerBulk } from './bulk/index.js';
import { registerSoap } from './soap/index.js';
import { applySeed, DEFAULT_SEED_FILE, readSeedFile, type Seed } from './seed.js';
import { createSandboxApp } from './server.js';

export interface SandboxOptions {
  /** 0 picks a free port (tests); the standalone default is 9270 */
  readonly port?: number;
  readonly host?: string;
  /** a seed file path or a seed object, applied after the default seed */
  readonly seed?: string | Seed;
  /** skip the default seed (an empty org with only what `seed` brings) */
  readonly noDefaultSeed?: boolean;
}

export interface Sandbox {
  /** http://127.0.0.1:port */
  readonly url: string;
  readonly admin: SandboxAdmin;
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

export const DEFAULT_SANDBOX_PORT = 9270;

/**
 * Start a sandbox org: a real HTTP server speaking Salesforce's OAuth, REST, SOAP and Bulk 2.0
 * wire formats over an in-memory org, plus the admin API under /__sandbox/.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  let clockOffset = 0;
  const org = new Org({ clock: () => Date.now() + clockOffset });
  const requests = new RequestLog();
  const faults = new FaultInjector();
  let url = '';
  const resetHooks: (() => void)[] = [];
  const ctx: SandboxContext = { org, requests, faults, baseUrl: () => url, onReset: (fn) => resetHooks.push(fn) };
  const seeds: Seed[] = [];
  if (!options.noDefaultSeed) seeds.push(readSeedFile(DEFAULT_SEED_FILE));
  if (typeof options.seed === 'string') seeds.push(readSeedFile(options.seed));
  else if (options.seed) seeds.push(options.seed);
  for (const seed of seeds) applySeed(org, seed);

  const app = createSandboxApp(ctx);
  const oauth = registerOAuth(app, ctx);
  registerRest(app, ctx, createRestRouter());
  registerApex(app, ctx);
  registerSoap(app, ctx);
  registerBulk(app, ctx);

  const admin: SandboxAdmin = {
    reset() {
      for (const hook of resetHooks) hook();
      org.clear();
      requests.clear();
      faults.clear();
      for (const seed of seeds) applySeed(org, seed);
    },
    seed: (seed) => applySeed(org, seed),
    records: (type, includeDeleted = false) => {
      const def = org.store.object(type);
      if (!def) return [];
      return [...org.store.records(type)].filter((r) => includeDeleted || !r.deleted).map((r) => plainRecord(r, def));
    },
    requests: () => requests.list(),
    clearRequests: () => requests.clear(),
    emails: () => org.emails,
    expireTokens: (username) => org.tokens.invalidate('expire', username, org.now()),
    revokeTokens: (username) => org.tokens.invalidate('revoke', username, org.now()),
    setTokenLifetime: (seconds) => {
      org.tokens.lifetimeSeconds = seconds;
    },
    setLimits: ({ max, used }) => {
      if (max !== undefined) org.limits.max = max;
      if (used !== undefined) org.limits.used = used;
      return { max: org.limits.max, used: org.limits.used };
    },
    addFault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    issueAuthorizationCode: (input) => oauth.issueCode(input),
    advanceClock: (ms) => {
      clockOffset += ms;
    },
  };
  registerAdmin(app, ctx, admin);

  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? DEFAULT_SANDBOX_PORT, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  return { url, admin, app, close: () => app.close() };
}

export type { Seed } from './seed.js';
export type { SandboxAdmin } from './admin.js';
