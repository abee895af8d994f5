import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { PASSWORD_HASH } from '../config/schema.js';
import type { ManagementConfig, ServerConfig } from '../config/types.js';

// scrypt's recommended interactive parameters (N = 2^14, r = 8, p = 1): about 50 ms and 16 MB
// per hash, which is what makes a leaked server.yaml slow to brute-force.
const SCRYPT: ScryptOptions = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const SALT_BYTES = 16;
const KEY_BYTES = 32;

function derive(plain: string, salt: Buffer, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(plain.normalize('NFC'), salt, length, SCRYPT, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** `scrypt$<salt base64>$<hash base64>` of a password, for management.users[].passwordHash. */
export async function hashPassword(plain: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(plain, salt, KEY_BYTES);
  return `scrypt$${salt.toString('base64')}$${key.toString('base64')}`;
}

/**
 * Whether `plain` is the password behind `hash` (a hashPassword result). The hashes are compared
 * in constant time; a malformed hash is never matched (and takes as long as a real check).
 */
export async function verifyPassword(plain: string, hash: string): Promise<boolean> {
  const parts = PASSWORD_HASH.test(hash) ? hash.split('$') : undefined;
  const salt = parts ? Buffer.from(parts[1]!, 'base64') : randomBytes(SALT_BYTES);
  const expected = parts ? Buffer.from(parts[2]!, 'base64') : randomBytes(KEY_BYTES);
  if (expected.length === 0 || salt.length === 0) return false;
  const actual = await derive(plain, salt, expected.length);
  return timingSafeEqual(actual, expected) && parts !== undefined;
}

/**
 * Warnings to log once at startup: a management API that nobody can use.
 */
export function managementWarnings(config: ServerConfig): string[] {
  const { management } = config;
  if (!management.enabled) return [];
  if (management.users.length === 0 && management.token === undefined) {
    return [
      'the management API has no users and no token: every /management resource answers 401; ' +
        'add management.users (passwordHash from `ferry hash-password`) or management.token to server.yaml',
    ];
  }
  return [];
}

/** The outcome of checking credentials: who it is, or nothing (never why not). */
export type Principal = { readonly username: string; readonly via: 'login' | 'token' };

interface IssuedToken {
  readonly username: string;
  readonly expiresAt: number;
}

// Tokens beyond this many (a login loop) push out the oldest: memory stays bounded.
const MAX_TOKENS = 10_000;

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/**
 * Bearer tokens issued by login, kept in memory (a restart logs everybody out). Only their
 * SHA-256 is kept, so a heap dump shows no usable token.
 */
export class TokenStore {
  readonly #tokens = new Map<string, IssuedToken>();
  #dummyHash: Promise<string> | undefined;

  /**
   * Check Basic credentials against the configured users. An unknown user costs the same scrypt
   * as a wrong password, so the answer time does not tell which part was wrong.
   */
  async login(config: ManagementConfig, username: string, password: string): Promise<string | undefined> {
    const user = config.users.find((u) => u.username === username);
    const hash = user?.passwordHash ?? (await (this.#dummyHash ??= hashPassword(randomBytes(16).toString('hex'))));
    const ok = await verifyPassword(password, hash);
    if (!ok || !user) return undefined;
    this.#sweep();
    const token = randomBytes(32).toString('base64url');
    this.#tokens.set(sha256(token).toString('hex'), { username: user.username, expiresAt: Date.now() + config.tokenLifetime });
    return token;
  }

  /** Who a bearer token belongs to: an unexpired token of a user still configured, or the static token. */
  authenticate(config: ManagementConfig, token: string): Principal | undefined {
    const digest = sha256(token);
    if (config.token !== undefined && timingSafeEqual(digest, sha256(config.token))) return { username: 'token', via: 'token' };
    const key = digest.toString('hex');
    const issued = this.#tokens.get(key);
    if (!issued) return undefined;
    if (issued.expiresAt <= Date.now()) {
      this.#tokens.delete(key);
      return undefined;
    }
    // a user removed from server.yaml (and reloaded) loses their tokens at once
    if (!config.users.some((u) => u.username === issued.username)) return undefined;
    return { username: issued.username, via: 'login' };
  }

  /** Forget a token issued by login (GET/POST /management/logout); false when it was not one. */
  revoke(token: string): boolean {
    return this.#tokens.delete(sha256(token).toString('hex'));
  }

  #sweep(): void {
    const now = Date.now();
    for (const [key, t] of this.#tokens) if (t.expiresAt <= now) this.#tokens.delete(key);
    // Map keeps insertion order: the first keys are the oldest tokens
    for (const key of this.#tokens.keys()) {
      if (this.#tokens.size < MAX_TOKENS) break;
      this.#tokens.delete(key);
    }
  }
}

/** `Authorization: Basic …` → username and password; undefined when absent or malformed. */
export function parseBasic(header: string | undefined): { username: string; password: string } | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** `Authorization: Bearer …` → the token; undefined when absent or malformed. */
export function parseBearer(header: string | undefined): string | undefined {
  const m = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)\s*$/i.exec(header ?? '');
  return m?.[1];
}
