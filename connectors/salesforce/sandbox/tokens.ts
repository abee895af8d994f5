import { randomBytes } from 'node:crypto';

export interface TokenInfo {
  readonly token: string;
  readonly kind: 'access' | 'refresh';
  readonly userId: string;
  readonly username: string;
  /** the connected app it was issued to; undefined for SOAP login sessions */
  readonly clientId: string | undefined;
  readonly issuedAt: number;
  /** epoch ms; refresh tokens do not expire on their own */
  expiresAt: number;
  readonly scope: string;
}

// the store is swept for expired tokens when it has doubled since the last sweep (at least this big)
const SWEEP_FLOOR = 1024;

/**
 * Access tokens (also SOAP session ids: the same kind of token works for both, as in Salesforce)
 * and refresh tokens. Tokens look like real ones: `<15-char org id>!<opaque>`. Only usable tokens
 * are kept: a revoked one is forgotten at once and expired access tokens are swept out as new
 * ones are issued, so either is simply unknown afterwards (which every caller answers the same).
 */
export class TokenStore {
  readonly #tokens = new Map<string, TokenInfo>();
  readonly #orgId15: string;
  #sweepAt = SWEEP_FLOOR;
  /** lifetime of new access tokens, seconds; changeable at run time (tests make tokens expire) */
  lifetimeSeconds: number;

  constructor(orgId15: string, lifetimeSeconds: number) {
    this.#orgId15 = orgId15;
    this.lifetimeSeconds = lifetimeSeconds;
  }

  /** Issue a token. */
  issue(kind: TokenInfo['kind'], user: { userId: string; username: string }, clientId: string | undefined, now: number, scope = 'api refresh_token id'): TokenInfo {
    const opaque = randomBytes(kind === 'access' ? 48 : 40).toString('base64').replace(/[+/=]/g, (c) => (c === '+' ? '.' : c === '/' ? '_' : ''));
    const info: TokenInfo = {
      token: kind === 'access' ? `${this.#orgId15}!${opaque}` : `5Aep${opaque}`,
      kind,
      userId: user.userId,
      username: user.username,
      clientId,
      issuedAt: now,
      expiresAt: kind === 'access' ? now + this.lifetimeSeconds * 1000 : Number.POSITIVE_INFINITY,
      scope,
    };
    if (this.#tokens.size >= this.#sweepAt) this.#sweep(now);
    this.#tokens.set(info.token, info);
    return info;
  }

  /** How many tokens are kept (expired ones until the next sweep). */
  get size(): number {
    return this.#tokens.size;
  }

  /** A token that exists and (for access tokens) has not expired. */
  valid(token: string, kind: TokenInfo['kind'], now: number): TokenInfo | undefined {
    const info = this.#tokens.get(token);
    if (info && info.expiresAt <= now) this.#tokens.delete(token);
    if (!info || info.kind !== kind || info.expiresAt <= now) return undefined;
    return info;
  }

  /** Revoke one known token; revoking a refresh token also revokes the access tokens of that user and app. */
  revoke(token: string): boolean {
    const info = this.#tokens.get(token);
    if (!info) return false;
    this.#tokens.delete(token);
    if (info.kind === 'refresh') {
      for (const t of this.#tokens.values()) if (t.userId === info.userId && t.clientId === info.clientId) this.#tokens.delete(t.token);
    }
    return true;
  }

  /** Expire (or revoke) every access token, or one user's; returns how many. */
  invalidate(how: 'expire' | 'revoke', username: string | undefined, now: number): number {
    let n = 0;
    for (const t of this.#tokens.values()) {
      if (username !== undefined && t.username.toLowerCase() !== username.toLowerCase()) continue;
      if (how === 'revoke') this.#tokens.delete(t.token);
      else if (t.kind === 'access') t.expiresAt = Math.min(t.expiresAt, now);
      else continue;
      n++;
    }
    return n;
  }

  clear(): void {
    this.#tokens.clear();
    this.#sweepAt = SWEEP_FLOOR;
  }

  /** Forget expired access tokens; the next sweep waits until the store has doubled again. */
  #sweep(now: number): void {
    for (const t of this.#tokens.values()) if (t.expiresAt <= now) this.#tokens.delete(t.token);
    this.#sweepAt = Math.max(SWEEP_FLOOR, 2 * this.#tokens.size);
  }
}
