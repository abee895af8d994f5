import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import type { Diagnostics, SourcePos } from '../artifacts/diagnostics.js';
import { displayPath, YamlFile } from '../artifacts/yaml-file.js';
import { schemaProblems } from '../schema/ajv.js';
import { substituteEnv, type EnvProblem } from './env.js';
import { MIN_MANAGEMENT_TOKEN, PASSWORD_HASH, SERVER_SCHEMA } from './schema.js';
import type { EndpointConfig, ServerConfig } from './types.js';
import { toBytes, toMillis } from './units.js';

// Config values arrive as strings from ${env:…}; coercion turns "8290" into the port number.
const ajv = new Ajv({ allErrors: true, coerceTypes: true, strict: true, allowUnionTypes: true });
const validateServer = ajv.compile(SERVER_SCHEMA);

export const SERVER_CONFIG_FILE = join('config', 'server.yaml');

/**
 * Read `<project>/config/server.yaml` (optional: defaults apply when it is absent), substitute
 * `${env:…}`, validate, apply defaults and freeze. Problems go to `diags`; the returned config is
 * usable (defaults) even when the file had errors, so later stages can still report theirs.
 */
export function loadServerConfig(projectDir: string, diags: Diagnostics, env: NodeJS.ProcessEnv = process.env, sink?: { file?: YamlFile }): ServerConfig {
  const abs = join(projectDir, SERVER_CONFIG_FILE);
  if (!existsSync(abs)) return normalizeConfig({});
  const file = YamlFile.read(abs, displayPath(abs), diags, 'FERRY_ERR_CONFIG_SYNTAX');
  if (!file) return normalizeConfig({});
  // later checks (connections against their connector) report at positions in this file
  if (sink) sink.file = file;
  const raw = file.data ?? {};
  const problems: EnvProblem[] = [];
  const data = substituteEnv(raw, env, problems);
  const snippet = snippets(file, [...secretsOf(raw), ...secretsOf(data)]);
  for (const p of problems) {
    const pos = file.locateInString(p.path, p.index);
    diags.error('FERRY_ERR_CONFIG_ENV_MISSING', `environment variable ${p.name} is not set and has no default (write \${env:${p.name}:-default} to give one)`, pos, snippet(p.path, pos));
  }
  const broken = new Set(problems.map((p) => String(p.path[0])));
  if (!validateServer(data)) {
    // an unresolved ${env:…} was reported already; its type error would only repeat it
    const unresolved = new Set(problems.map((p) => p.path.join('.')));
    for (const problem of schemaProblems(validateServer.errors)) {
      broken.add(String(problem.path[0]));
      if (unresolved.has(problem.path.join('.'))) continue;
      const pos = file.locate(problem.path, problem.atKey);
      diags.error('FERRY_ERR_CONFIG_SCHEMA', problem.message, pos, snippet(problem.path, pos, problem.atKey));
    }
  }
  if (!broken.has('management')) checkManagement((data as RawConfig).management, file, diags, snippet);
  if (broken.size === 0) return normalizeConfig(data as RawConfig, projectDir);
  // Keep the sections without errors (endpoints, configs…), so the artifacts that use them are
  // checked against what the file says rather than reporting a cascade of missing names.
  const sound = Object.fromEntries(Object.entries(data as object).filter(([key]) => !broken.has(key)));
  return validateServer(sound) ? normalizeConfig(sound as RawConfig, projectDir) : normalizeConfig({});
}

type Dur = number | string;
interface RawConfig {
  server?: { host?: string; port?: number; managementPort?: number; bodyLimit?: Dur; streamBodyLimit?: Dur; shutdownTimeout?: Dur; requestTimeout?: Dur; hotDeploy?: boolean };
  logging?: { level?: ServerConfig['logging']['level']; format?: ServerConfig['logging']['format'] };
  http?: { connectionsPerOrigin?: number; timeout?: Dur; maxResponseSize?: Dur };
  endpoints?: Record<string, { uri: string; method?: string; timeout?: Dur; headers?: Record<string, string> }>;
  connections?: Record<string, { connector: string; type?: string }>;
  configs?: Record<string, unknown>;
  sandbox?: { enabled?: boolean; port?: number; host?: string; seed?: string };
  management?: {
    enabled?: boolean;
    users?: { username: string; passwordHash: string }[];
    token?: string;
    tokenLifetime?: Dur;
    health?: { connections?: boolean; timeout?: Dur };
  };
}

/**
 * What the schema cannot say well: a passwordHash that is not ferry hash-password's output (a
 * plain password pasted there, most likely), a static token too short to resist guessing, a user
 * listed twice. Empty values are an unset `${env:…:-}` and mean "not configured", not an error.
 */
function checkManagement(management: RawConfig['management'], file: YamlFile, diags: Diagnostics, snippet: Snippets): void {
  const report = (message: string, path: (string | number)[]) => {
    const pos = file.locate(['management', ...path]);
    diags.error('FERRY_ERR_CONFIG_SCHEMA', message, pos, snippet(['management', ...path], pos));
  };
  const seen = new Set<string>();
  (management?.users ?? []).forEach((user, i) => {
    if (user.passwordHash !== '' && !PASSWORD_HASH.test(user.passwordHash)) {
      report(`management.users.${i}.passwordHash: must be scrypt$<salt>$<hash> as printed by 'ferry hash-password' (never the password itself)`, ['users', i, 'passwordHash']);
    }
    if (user.username !== '' && seen.has(user.username)) report(`management.users.${i}.username: user '${user.username}' is listed twice`, ['users', i, 'username']);
    seen.add(user.username);
  });
  const token = management?.token;
  if (token !== undefined && token !== '' && token.length < MIN_MANAGEMENT_TOKEN) {
    report(`management.token: must be at least ${MIN_MANAGEMENT_TOKEN} characters (e.g. openssl rand -base64 32)`, ['token']);
  } else if (token !== undefined && !/^[A-Za-z0-9._~+/-]*=*$/.test(token)) {
    // what `Authorization: Bearer …` can carry (RFC 6750 token68); another token could never be sent
    report('management.token: may hold only letters, digits and - . _ ~ + / (then = padding), as a bearer token must', ['token']);
  }
}

/** The source line shown under a diagnostic at `path`, unless it may show a secret. */
type Snippets = (path: readonly (string | number)[], pos: SourcePos, atKey?: boolean) => string | undefined;

/**
 * Diagnostics about the management credentials give their position only: a plain password
 * pasted as a passwordHash, or a short token, would otherwise be printed by `ferry validate` and
 * logged by a failed reload. That covers everything in `management.users` (a flow mapping puts a
 * user's passwordHash on the same line as the username), `management.token`, an unknown key in
 * `management` (a misspelt passwordHash or token), and any line that holds one of those values.
 */
function snippets(file: YamlFile, secrets: readonly string[]): Snippets {
  return (path, pos, atKey = false) => {
    if (path[0] === 'management' && (path[1] === 'users' || path[1] === 'token' || atKey)) return undefined;
    const line = file.snippet(pos.line);
    return line !== undefined && secrets.some((secret) => line.includes(secret)) ? undefined : line;
  };
}

/** The scalar values under management.token and management.users (non-empty), as text. */
function secretsOf(config: unknown): string[] {
  const management = (config as { management?: { token?: unknown; users?: unknown } } | null)?.management;
  const out: string[] = [];
  const walk = (value: unknown): void => {
    if (value === null || value === undefined) return;
    if (typeof value === 'object') for (const v of Object.values(value)) walk(v);
    else if (String(value) !== '') out.push(String(value));
  };
  walk(management?.token);
  if (Array.isArray(management?.users)) for (const user of management.users) walk((user as { passwordHash?: unknown } | null)?.passwordHash);
  return out;
}

/** All defaults in one place; the result is deeply frozen. */
export function normalizeConfig(raw: RawConfig, projectDir = '.'): ServerConfig {
  const httpTimeout = toMillis(raw.http?.timeout ?? '30s');
  const endpoints: Record<string, EndpointConfig> = {};
  for (const [name, ep] of Object.entries(raw.endpoints ?? {})) {
    endpoints[name] = {
      name,
      uri: ep.uri,
      method: ep.method,
      timeout: ep.timeout === undefined ? httpTimeout : toMillis(ep.timeout),
      headers: Object.fromEntries(Object.entries(ep.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    };
  }
  return deepFreeze({
    server: {
      host: raw.server?.host ?? '0.0.0.0',
      port: raw.server?.port ?? 8290,
      managementPort: raw.server?.managementPort ?? 9164,
      bodyLimit: toBytes(raw.server?.bodyLimit ?? '10mb'),
      streamBodyLimit: toBytes(raw.server?.streamBodyLimit ?? '2gb'),
      shutdownTimeout: toMillis(raw.server?.shutdownTimeout ?? '10s'),
      requestTimeout: toMillis(raw.server?.requestTimeout ?? 0),
      hotDeploy: raw.server?.hotDeploy ?? false,
    },
    logging: {
      level: raw.logging?.level ?? 'info',
      format: raw.logging?.format ?? 'auto',
    },
    http: {
      connectionsPerOrigin: raw.http?.connectionsPerOrigin ?? 64,
      timeout: httpTimeout,
      maxResponseSize: toBytes(raw.http?.maxResponseSize ?? '50mb'),
    },
    endpoints,
    connections: raw.connections ?? {},
    configs: raw.configs ?? {},
    management: {
      enabled: raw.management?.enabled ?? true,
      users: (raw.management?.users ?? []).filter((u) => u.username !== '' && u.passwordHash !== '').map((u) => ({ username: u.username, passwordHash: u.passwordHash })),
      token: raw.management?.token ? raw.management.token : undefined,
      tokenLifetime: toMillis(raw.management?.tokenLifetime ?? '1h'),
      health: {
        connections: raw.management?.health?.connections ?? false,
        timeout: toMillis(raw.management?.health?.timeout ?? '5s'),
      },
    },
    sandbox: {
      enabled: raw.sandbox?.enabled ?? false,
      port: raw.sandbox?.port ?? 9270,
      host: raw.sandbox?.host ?? '127.0.0.1',
      seed: raw.sandbox?.seed === undefined ? undefined : resolve(projectDir, raw.sandbox.seed),
    },
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
