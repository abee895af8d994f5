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

/** A basicAuth (SOAP login) connection's parameters after defaults. */
export interface SoapSettings {
  readonly name: string;
  readonly username: string;
  /** password with the security token appended (or given separately) */
  readonly password: string;
  /**
   * the partner login endpoint (…/services/Soap/u/NN.N), or `sandbox`: the embedded sandbox's,
   * known only when the server runs
   */
  readonly loginUrl: string;
  /** `60.0`: the version of the login endpoint when loginUrl does not name one */
  readonly apiVersion: string;
  /** milliseconds for one operation: waiting for a login, the call and its retry together */
  readonly timeout: number;
  /** log in afresh for every message (WSO2's default behaviour) instead of keeping the session */
  readonly forceLogin: boolean;
}

/**
 * Apply defaults to validated basicAuth parameters. loginUrl may be the full partner endpoint
 * (WSO2's `https://login.salesforce.com/services/Soap/u/60.0`, used as it is), a login host
 * (`https://test.salesforce.com`, a My Domain) below which `/services/Soap/u/<apiVersion>` is
 * added, or `sandbox`; without it, login.salesforce.com.
 */
export function soapSettings(name: string, p: Readonly<Record<string, unknown>>): SoapSettings {
  const apiVersion = normalizeVersion(str(p.apiVersion));
  const given = str(p.loginUrl)?.replace(/\/+$/, '');
  const endpoint = `/services/Soap/u/${apiVersion}`;
  let loginUrl: string;
  if (given === SANDBOX) loginUrl = SANDBOX;
  else if (given === undefined) loginUrl = `${DEFAULT_LOGIN}${endpoint}`;
  else loginUrl = /\/services\/Soap\//i.test(given) ? given : `${given}${endpoint}`;
  return {
    name,
    username: str(p.username) ?? '',
    password: (str(p.password) ?? '') + (str(p.securityToken) ?? ''),
    loginUrl,
    apiVersion,
    timeout: p.timeout === undefined ? 30_000 : toMillis(p.timeout as number | string),
    forceLogin: p.forceLogin === true || (typeof p.forceLogin === 'string' && p.forceLogin.trim().toLowerCase() === 'true'),
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
