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
  revoked: boolean;
  readonly scope: string;
}

/**
 * Access tokens (also SOAP session ids: the same kind of token works for both, as in Salesforce)
 * and refresh tokens. Tokens look like real ones: `<15-char org id>!<opaque>`.
 */
export class TokenStore {
  readonly #tokens = new Map<string, TokenInfo>();
  readonly #orgId15: string;
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
      revoked: false,
      scope,
    };
    this.#tokens.set(info.token, info);
    return info;
  }

  /** A token that exists, is not revoked and (for access tokens) has not expired. */
  valid(token: string, kind: TokenInfo['kind'], now: number): TokenInfo | undefined {
    const info = this.#tokens.get(token);
    if (!info || info.kind !== kind || info.revoked || info.expiresAt <= now) return undefined;
    return info;
  }

  /** Revoke one token; revoking a refresh token also revokes the access tokens of that user and app. */
  revoke(token: string): boolean {
    const info = this.#tokens.get(token);
    if (!info) return false;
    info.revoked = true;
    if (info.kind === 'refresh') {
      for (const t of this.#tokens.values()) if (t.userId === info.userId && t.clientId === info.clientId) t.revoked = true;
    }
    return true;
  }

  /** Expire (or revoke) every access token, or one user's; returns how many. */
  invalidate(how: 'expire' | 'revoke', username: string | undefined, now: number): number {
    let n = 0;
    for (const t of this.#tokens.values()) {
      if (username !== undefined && t.username.toLowerCase() !== username.toLowerCase()) continue;
      if (how === 'revoke') t.revoked = true;
      else if (t.kind === 'access') t.expiresAt = Math.min(t.expiresAt, now);
      else continue;
      n++;
    }
    return n;
  }

  clear(): void {
    this.#tokens.clear();
  }
}
