import { toMillis } from '../../../src/config/units.js';

/** The grants an oauth2 connection can use to get an access token. */
export type Grant = 'accessToken' | 'refreshToken' | 'clientCredentials' | 'jwtBearer' | 'password';

/** An oauth2 connection's parameters after defaults, as the client uses them. */
export interface OAuthSettings {
  readonly name: string;
  readonly grant: Grant;
  /** the org's API host, `sandbox` for the embedded sandbox, or undefined: taken from the token answer */
  readonly instanceUrl: string | undefined;
  /** the token endpoint, or `sandbox` */
  readonly tokenUrl: string;
  readonly clientId: string | undefined;
  readonly clientSecret: string | undefined;
  readonly accessToken: string | undefined;
  readonly refreshToken: string | undefined;
  readonly username: string | undefined;
  /** password with the security token appended (or given separately) */
  readonly password: string | undefined;
  readonly privateKey: string | undefined;
  readonly privateKeyFile: string | undefined;
  readonly audience: string | undefined;
  readonly scope: string | undefined;
  /** `60.0` */
  readonly apiVersion: string;
  /** milliseconds per request (headers and each body chunk) */
  readonly timeout: number;
}

export const SANDBOX = 'sandbox';
export const DEFAULT_API_VERSION = '60.0';
const DEFAULT_LOGIN = 'https://login.salesforce.com';

/** Apply defaults to validated oauth2 parameters (the descriptor's schema checked them). */
export function oauthSettings(name: string, p: Readonly<Record<string, unknown>>): OAuthSettings {
  const loginUrl = str(p.loginUrl);
  const tokenUrl = str(p.tokenUrl) ?? (loginUrl === SANDBOX ? SANDBOX : `${(loginUrl ?? DEFAULT_LOGIN).replace(/\/+$/, '')}/services/oauth2/token`);
  const password = str(p.password);
  return {
    name,
    grant: (str(p.grant) as Grant | undefined) ?? 'clientCredentials',
    instanceUrl: str(p.instanceUrl)?.replace(/\/+$/, ''),
    tokenUrl,
    clientId: str(p.clientId),
    clientSecret: str(p.clientSecret),
    accessToken: str(p.accessToken),
    refreshToken: str(p.refreshToken),
    username: str(p.username),
    password: password === undefined ? undefined : password + (str(p.securityToken) ?? ''),
    privateKey: str(p.privateKey),
    privateKeyFile: str(p.privateKeyFile),
    audience: str(p.audience),
    scope: str(p.scope),
    apiVersion: normalizeVersion(str(p.apiVersion)),
    timeout: p.timeout === undefined ? 30_000 : toMillis(p.timeout as number | string),
  };
}

/** `v60.0`, `60.0` or `60` → `60.0`. */
export function normalizeVersion(version: string | undefined): string {
  if (!version) return DEFAULT_API_VERSION;
  const n = /^v?(\d+)(?:\.0)?$/.exec(version.trim())?.[1];
  return n ? `${n}.0` : DEFAULT_API_VERSION;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
}
