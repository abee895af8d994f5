import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { ConnectorIO } from '../../../src/connectors/types.js';
import { FerryError } from '../../../src/errors.js';
import { sendRequest } from '../../../src/http/request.js';
import { SANDBOX, type OAuthSettings } from './config.js';

/** An access token and the instance it works against. */
export interface Token {
  readonly accessToken: string;
  readonly instanceUrl: string;
}

/** The code of every failure to get a token: bad credentials, revoked refresh token, unreachable login host. */
export const AUTH_FAILED = 'SALESFORCE_AUTH_FAILED';

// A refused token request is remembered this long and answered from memory: a misconfigured
// password connection under load would otherwise send a login per message and lock the user out
// (Salesforce locks after a handful of failed logins).
const REFUSAL_COOLDOWN_MS = 15_000;

// Salesforce accepts a JWT whose exp is a few minutes ahead; three minutes leaves room for skew
const JWT_LIFETIME_S = 180;

/**
 * One connection's access token: fetched on first use, kept until Salesforce refuses it, then
 * fetched again once. Concurrent callers share one in-flight token request (single-flight), so a
 * burst of requests after an expiry costs one token call. Salesforce's token answer has no
 * expires_in: a token is good until a call answers INVALID_SESSION_ID. A refusal (bad
 * credentials, revoked refresh token) is remembered for REFUSAL_COOLDOWN_MS and rethrown without
 * asking again.
 */
export class TokenSource {
  readonly #settings: OAuthSettings;
  readonly #io: ConnectorIO;
  #current: Token | undefined;
  #pending: Promise<Token> | undefined;
  /** the refresh token in use (a rotating app hands out a new one with each refresh) */
  #refreshToken: string | undefined;
  /** the last refusal and until when it stands */
  #refused: { fault: FerryError; until: number } | undefined;
  /** how many token requests were made (tests and metrics read it) */
  requests = 0;

  constructor(settings: OAuthSettings, io: ConnectorIO) {
    this.#settings = settings;
    this.#io = io;
    this.#refreshToken = settings.refreshToken;
  }

  /** The current token, fetching one if there is none. */
  get(): Promise<Token> {
    if (this.#current) return Promise.resolve(this.#current);
    if (this.#refused && Date.now() < this.#refused.until) return Promise.reject(this.#refused.fault);
    this.#pending ??= this.#fetch().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /**
   * Forget a token Salesforce refused, so the next get() fetches a new one. Only the refused token
   * is dropped: a newer one another request already fetched is kept (no double refresh).
   */
  invalidate(refused: Token): void {
    if (this.#current?.accessToken === refused.accessToken) this.#current = undefined;
  }

  /** Whether a refused token can be replaced (a static access token cannot). */
  canRefresh(): boolean {
    return this.#settings.grant !== 'accessToken';
  }

  async #fetch(): Promise<Token> {
    const s = this.#settings;
    if (s.grant === 'accessToken') {
      if (!s.accessToken) throw authError('the accessToken grant needs accessToken');
      this.#current = { accessToken: s.accessToken, instanceUrl: this.#instance(undefined) };
      return this.#current;
    }
    const form = new URLSearchParams(this.#grantForm());
    const tokenUrl = s.tokenUrl === SANDBOX ? `${this.#sandbox()}/services/oauth2/token` : s.tokenUrl;
    let url: URL;
    try {
      url = new URL(tokenUrl);
    } catch {
      throw authError(`tokenUrl ${tokenUrl} is not a URL`);
    }
    this.requests++;
    let ok = false;
    try {
      const token = await this.#request(url, form);
      ok = true;
      return token;
    } finally {
      this.#io.events?.tokenRefresh(s.name, ok);
    }
  }

  /** One token request to the token endpoint; the token, or the coded fault. */
  async #request(url: URL, form: URLSearchParams): Promise<Token> {
    const s = this.#settings;
    let result;
    try {
      result = await sendRequest({
        dispatcher: this.#io.http.forOrigin(url.origin),
        origin: url.origin,
        path: url.pathname + url.search,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        timeout: s.timeout,
        // shared by every caller waiting for it, so it has its own deadline, not a caller's
        signal: AbortSignal.timeout(s.timeout),
        label: `the token endpoint of connection '${s.name}'`,
      });
    } catch (err) {
      throw authError(`could not reach the token endpoint: ${(err as Error).message}`, err);
    }
    const body = (result.payload ?? {}) as Record<string, string>;
    if (result.statusCode !== 200 || typeof body.access_token !== 'string') {
      const why = body.error_description ?? body.error ?? `status ${result.statusCode}`;
      const fault = authError(`connection '${s.name}' could not get a token (${s.grant}): ${why}`, undefined, body.error ? { error: body.error, error_description: body.error_description } : undefined);
      // a 4xx is Salesforce saying no to these credentials; a 5xx may pass, so is not remembered
      if (result.statusCode >= 400 && result.statusCode < 500) this.#refused = { fault, until: Date.now() + REFUSAL_COOLDOWN_MS };
      throw fault;
    }
    this.#refused = undefined;
    if (typeof body.refresh_token === 'string') this.#refreshToken = body.refresh_token;
    this.#current = { accessToken: body.access_token, instanceUrl: this.#instance(body.instance_url) };
    return this.#current;
  }

  #grantForm(): Record<string, string> {
    const s = this.#settings;
    const client: Record<string, string> = { client_id: s.clientId ?? '', ...(s.clientSecret ? { client_secret: s.clientSecret } : {}) };
    const scope: Record<string, string> = s.scope ? { scope: s.scope } : {};
    switch (s.grant) {
      case 'clientCredentials':
        return { grant_type: 'client_credentials', ...client, ...scope };
      case 'password':
        return { grant_type: 'password', ...client, username: s.username ?? '', password: s.password ?? '', ...scope };
      case 'refreshToken':
        if (!this.#refreshToken) throw authError('the refreshToken grant needs refreshToken');
        return { grant_type: 'refresh_token', ...client, refresh_token: this.#refreshToken };
      case 'jwtBearer':
        return { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: this.#assertion() };
      default:
        throw authError(`unknown grant ${String(s.grant)}`);
    }
  }

  #assertion(): string {
    const s = this.#settings;
    let pem = s.privateKey;
    if (!pem && s.privateKeyFile) {
      const path = isAbsolute(s.privateKeyFile) ? s.privateKeyFile : join(this.#io.projectDir, s.privateKeyFile);
      try {
        pem = readFileSync(path, 'utf8');
      } catch (err) {
        throw authError(`privateKeyFile ${s.privateKeyFile} cannot be read: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
      }
    }
    if (!pem) throw authError('the jwtBearer grant needs privateKey or privateKeyFile');
    let key;
    try {
      key = createPrivateKey(pem.replace(/\\n/g, '\n'));
    } catch {
      throw authError('the private key is not a PEM private key');
    }
    const tokenUrl = s.tokenUrl === SANDBOX ? this.#sandbox() : s.tokenUrl;
    const audience = s.audience ?? (/test\.salesforce\.com/.test(tokenUrl) ? 'https://test.salesforce.com' : s.tokenUrl === SANDBOX ? this.#sandbox() : 'https://login.salesforce.com');
    const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const head = `${enc({ alg: 'RS256' })}.${enc({ iss: s.clientId, sub: s.username, aud: audience, exp: Math.floor(Date.now() / 1000) + JWT_LIFETIME_S })}`;
    return `${head}.${sign('RSA-SHA256', Buffer.from(head), key).toString('base64url')}`;
  }

  #instance(fromToken: string | undefined): string {
    const configured = this.#settings.instanceUrl;
    if (configured === SANDBOX) return this.#sandbox();
    const url = configured ?? fromToken;
    if (!url) throw authError(`connection '${this.#settings.name}' has no instanceUrl and the token answer gave none`);
    return url.replace(/\/+$/, '');
  }

  #sandbox(): string {
    const url = this.#io.sandboxUrl();
    if (!url) throw authError(`connection '${this.#settings.name}' points at the sandbox, but server.yaml does not enable it (sandbox.enabled: true)`);
    return url;
  }
}

/** The coded fault of a token failure; secrets never enter the message. */
export function authError(message: string, cause?: unknown, detail?: unknown): FerryError {
  return new FerryError(AUTH_FAILED, message, { statusCode: 502, cause, detail });
}
