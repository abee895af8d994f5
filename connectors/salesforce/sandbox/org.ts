import { ApiLimits } from './limits.js';
import { QueryCursors } from './cursors.js';
import { checksum } from './ids.js';
import { defineObjects, type ObjectSpec } from './metadata/define.js';
import { CHILD_RELATIONSHIP_NAMES, STANDARD_OBJECTS } from './metadata/standard-objects.js';
import { OrgStore } from './store/org-store.js';
import { TokenStore } from './tokens.js';

export interface ConnectedApp {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly name: string;
  readonly redirectUris: readonly string[];
  /** PEM certificate or public key that verifies JWT bearer assertions */
  readonly certificate: string | undefined;
  /** the user client_credentials tokens run as */
  readonly runAs: string | undefined;
  /** "Allow OAuth Username-Password Flows" */
  readonly allowPasswordFlow: boolean;
  /** issue a new refresh token on every refresh */
  readonly refreshTokenRotation: boolean;
}

export interface Credentials {
  readonly username: string;
  readonly userId: string;
  password: string;
  readonly securityToken: string;
  /** SOAP login answers passwordExpired=true and REST refuses the session */
  passwordExpired: boolean;
}

export interface SentEmail {
  readonly at: string;
  readonly via: 'sendEmail' | 'sendEmailMessage' | 'resetPassword';
  readonly message: Record<string, unknown>;
}

export interface ApexRoute {
  readonly method: string;
  /** below /services/apexrest, with {param} segments */
  readonly path: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** the answer; `{param}` in strings is replaced by the path parameter */
  readonly body: unknown;
}

export interface OrgOptions {
  readonly name?: string;
  readonly tokenLifetimeSeconds?: number;
  readonly dailyApiLimit?: number;
  readonly clock?: () => number;
}

// Fifteen base-62 characters, as real org ids: 00D + pod + a readable tail.
const ORG_ID15 = '00D5g00000Ferry';
/** How many sent emails the outbox keeps (the admin API shows the latest). */
export const MAX_EMAILS = 1000;

/**
 * One sandbox org: its records and metadata, users and connected apps, tokens, API limit, query
 * cursors and the outbox of emails it pretended to send. Every API surface works on an Org.
 */
export class Org {
  readonly id15 = ORG_ID15;
  readonly id = ORG_ID15 + checksum(ORG_ID15);
  name: string;
  readonly store: OrgStore;
  readonly apps = new Map<string, ConnectedApp>();
  /** by lower-case username */
  readonly users = new Map<string, Credentials>();
  readonly tokens: TokenStore;
  readonly limits: ApiLimits;
  readonly cursors = new QueryCursors(() => this.now());
  /** the outbox, oldest first; only the latest MAX_EMAILS are kept (add with recordEmail) */
  readonly emails: SentEmail[] = [];
  readonly apex: ApexRoute[] = [];
  readonly #custom: ObjectSpec[] = [];

  constructor(options: OrgOptions = {}) {
    this.name = options.name ?? 'Ferry Sandbox';
    this.store = new OrgStore(defineObjects(STANDARD_OBJECTS, CHILD_RELATIONSHIP_NAMES), { clock: options.clock });
    this.tokens = new TokenStore(this.id15, options.tokenLifetimeSeconds ?? 7200);
    this.limits = new ApiLimits(options.dailyApiLimit ?? 15000);
  }

  now(): number {
    return this.store.now();
  }

  /** Add custom objects (from a seed file); every definition is rebuilt so relationships link both ways. */
  defineCustomObjects(specs: readonly ObjectSpec[]): void {
    this.#custom.push(...specs);
    for (const def of defineObjects([...STANDARD_OBJECTS, ...this.#custom], CHILD_RELATIONSHIP_NAMES).values()) this.store.defineObject(def);
  }

  /** Put an email in the outbox, dropping the oldest past MAX_EMAILS. */
  recordEmail(email: SentEmail): void {
    this.emails.push(email);
    if (this.emails.length > MAX_EMAILS) this.emails.shift();
  }

  /** The credentials of a user by username, case-insensitively. */
  user(username: string): Credentials | undefined {
    return this.users.get(username.toLowerCase());
  }

  /** The credentials of a user by id. */
  userById(userId: string): Credentials | undefined {
    for (const c of this.users.values()) if (c.userId === userId) return c;
    return undefined;
  }

  /** Forget every record, user, app, token, cursor and email (admin reset, before re-seeding). */
  clear(): void {
    this.store.clear();
    this.apps.clear();
    this.users.clear();
    this.tokens.clear();
    this.cursors.clear();
    this.emails.length = 0;
    this.apex.length = 0;
    this.limits.used = 0;
  }
}
