import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { schemaProblems } from '../../../src/schema/ajv.js';
import type { FieldSpec, ObjectSpec } from './metadata/define.js';
import type { FieldType } from './model.js';
import type { Org } from './org.js';

/** A seed: what an org starts with. Files are YAML or JSON of this shape. */
export interface Seed {
  org?: { name?: string; tokenLifetimeSeconds?: number; dailyApiLimit?: number };
  connectedApps?: {
    clientId: string;
    clientSecret: string;
    name?: string;
    redirectUris?: string[];
    certificate?: string;
    runAs?: string;
    allowPasswordFlow?: boolean;
    refreshTokenRotation?: boolean;
  }[];
  users?: { username: string; password: string; securityToken?: string; firstName?: string; lastName: string; email?: string; alias?: string; passwordExpired?: boolean; _ref?: string }[];
  objects?: { name: string; label?: string; labelPlural?: string; keyPrefix: string; fields: (FieldSpec & { type: FieldType })[] }[];
  /** object name → records; `_ref: x` names a record, `"@x"` in a field refers to it */
  records?: Record<string, Record<string, unknown>[]>;
  apex?: { method: string; path: string; status?: number; headers?: Record<string, string>; body?: unknown }[];
}

const FIELD_TYPES = ['string', 'textarea', 'picklist', 'multipicklist', 'reference', 'boolean', 'currency', 'double', 'percent', 'int', 'long', 'date', 'datetime', 'time', 'email', 'phone', 'url', 'combobox'];

const SEED_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    org: {
      type: 'object',
      additionalProperties: false,
      properties: { name: { type: 'string' }, tokenLifetimeSeconds: { type: 'integer', minimum: 1 }, dailyApiLimit: { type: 'integer', minimum: 0 } },
    },
    connectedApps: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['clientId', 'clientSecret'],
        properties: {
          clientId: { type: 'string', minLength: 1 },
          clientSecret: { type: 'string', minLength: 1 },
          name: { type: 'string' },
          redirectUris: { type: 'array', items: { type: 'string' } },
          certificate: { type: 'string', description: 'PEM certificate or public key for JWT bearer' },
          runAs: { type: 'string', description: 'username client_credentials runs as' },
          allowPasswordFlow: { type: 'boolean' },
          refreshTokenRotation: { type: 'boolean' },
        },
      },
    },
    users: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['username', 'password', 'lastName'],
        properties: {
          username: { type: 'string', minLength: 3 },
          password: { type: 'string' },
          securityToken: { type: 'string' },
          firstName: { type: 'string' },
          lastName: { type: 'string' },
          email: { type: 'string' },
          alias: { type: 'string', maxLength: 8 },
          passwordExpired: { type: 'boolean' },
          _ref: { type: 'string' },
        },
      },
    },
    objects: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'keyPrefix', 'fields'],
        properties: {
          name: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]*__c$' },
          label: { type: 'string' },
          labelPlural: { type: 'string' },
          keyPrefix: { type: 'string', pattern: '^[a-zA-Z0-9]{3}$' },
          fields: {
            type: 'array',
            items: {
              type: 'object',
              required: ['name', 'type'],
              properties: { name: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]*$' }, type: { enum: FIELD_TYPES } },
            },
          },
        },
      },
    },
    records: { type: 'object', additionalProperties: { type: 'array', items: { type: 'object' } } },
    apex: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['method', 'path'],
        properties: {
          method: { enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] },
          path: { type: 'string', pattern: '^/' },
          status: { type: 'integer', minimum: 100, maximum: 599 },
          headers: { type: 'object', additionalProperties: { type: 'string' } },
          body: {},
        },
      },
    },
  },
};

const validateSeed = new Ajv({ allErrors: true, strict: false }).compile(SEED_SCHEMA);

/** The seed every sandbox starts from (one app, one user, the WSO2 examples' records). */
// the build copies seed/default.yaml beside the compiled code (scripts/copy-assets.mjs)
export const DEFAULT_SEED_FILE = fileURLToPath(new URL('./seed/default.yaml', import.meta.url));

/** Read a seed file (YAML or JSON) and check its shape; problems are thrown together. */
export function readSeedFile(path: string): Seed {
  const data = parseYaml(readFileSync(path, 'utf8')) as unknown;
  return checkSeed(data ?? {}, path);
}

/** Check a seed object (from a file or the admin API); problems are thrown together. */
export function checkSeed(data: unknown, source = 'seed'): Seed {
  if (!validateSeed(data)) {
    throw new Error(`${source} is not a valid seed: ${schemaProblems(validateSeed.errors).map((p) => p.message).join('; ')}`);
  }
  return data as Seed;
}

/**
 * Load a seed into an org: settings, custom objects, users (each also a User record), connected
 * apps, records (with `_ref` / `"@ref"` links) and Apex REST routes. Record errors are thrown with
 * the object, index and Salesforce's messages.
 */
export function applySeed(org: Org, seed: Seed): void {
  if (seed.org?.name) org.name = seed.org.name;
  if (seed.org?.tokenLifetimeSeconds) org.tokens.lifetimeSeconds = seed.org.tokenLifetimeSeconds;
  if (seed.org?.dailyApiLimit !== undefined) org.limits.max = seed.org.dailyApiLimit;
  if (seed.objects?.length) org.defineCustomObjects(seed.objects.map(customObject));

  const refs = new Map<string, string>();
  for (const u of seed.users ?? []) {
    const existing = org.user(u.username);
    if (existing) throw new Error(`seed user ${u.username} already exists`);
    const systemUser = [...org.users.values()][0]?.userId;
    const outcome = org.store.create(
      'User',
      { Username: u.username, LastName: u.lastName, FirstName: u.firstName, Email: u.email ?? u.username, Alias: u.alias ?? u.lastName.slice(0, 8) },
      { mode: 'json', userId: systemUser ?? 'pending' },
    );
    if (!outcome.ok) throw new Error(`seed user ${u.username}: ${outcome.errors.map((e) => e.message).join('; ')}`);
    const record = org.store.get(outcome.id)!;
    // the first user creates itself
    if (!systemUser) Object.assign(record.values, { CreatedById: outcome.id, LastModifiedById: outcome.id });
    org.users.set(u.username.toLowerCase(), {
      username: u.username,
      userId: outcome.id,
      password: u.password,
      securityToken: u.securityToken ?? '',
      passwordExpired: u.passwordExpired ?? false,
    });
    if (u._ref) refs.set(u._ref, outcome.id);
  }

  for (const a of seed.connectedApps ?? []) {
    org.apps.set(a.clientId, {
      clientId: a.clientId,
      clientSecret: a.clientSecret,
      name: a.name ?? a.clientId,
      redirectUris: a.redirectUris ?? [],
      certificate: a.certificate,
      runAs: a.runAs,
      allowPasswordFlow: a.allowPasswordFlow ?? true,
      refreshTokenRotation: a.refreshTokenRotation ?? false,
    });
  }

  const owner = [...org.users.values()][0]?.userId;
  if (!owner && Object.keys(seed.records ?? {}).length > 0) throw new Error('seed records need a user to own them');
  // records load all or nothing: a seed with a bad record leaves none of its records behind
  org.store.transaction(() => loadRecords(org, seed, refs, owner));

  for (const r of seed.apex ?? []) {
    org.apex.push({ method: r.method, path: r.path, status: r.status ?? 200, headers: r.headers ?? {}, body: r.body ?? null });
  }
}

function loadRecords(org: Org, seed: Seed, refs: Map<string, string>, owner: string | undefined): void {
  for (const [type, list] of Object.entries(seed.records ?? {})) {
    list.forEach((raw, i) => {
      const { _ref, ...fields } = raw as Record<string, unknown> & { _ref?: string };
      const resolved = Object.fromEntries(
        Object.entries(fields).map(([k, v]) => {
          if (typeof v !== 'string' || !v.startsWith('@')) return [k, v];
          const id = refs.get(v.slice(1));
          if (!id) throw new Error(`seed ${type}[${i}].${k}: no record has _ref ${v.slice(1)}`);
          return [k, id];
        }),
      );
      const outcome = org.store.create(type, resolved, { mode: 'json', userId: owner! });
      if (!outcome.ok) throw new Error(`seed ${type}[${i}]: ${outcome.errors.map((e) => `${e.statusCode}: ${e.message}`).join('; ')}`);
      if (_ref) refs.set(_ref, outcome.id);
    });
  }
}

function customObject(spec: NonNullable<Seed['objects']>[number]): ObjectSpec {
  return {
    name: spec.name,
    label: spec.label,
    labelPlural: spec.labelPlural,
    keyPrefix: spec.keyPrefix,
    fields: [
      { name: 'Id', type: 'id', label: 'Record ID' },
      { name: 'Name', type: 'string', length: 80, label: `${spec.label ?? spec.name} Name`, nameField: true },
      { name: 'IsDeleted', type: 'boolean', createable: false, updateable: false, nillable: false },
      { name: 'CreatedDate', type: 'datetime', createable: false, updateable: false, defaultedOnCreate: true, nillable: false },
      { name: 'CreatedById', type: 'reference', referenceTo: ['User'], relationshipName: 'CreatedBy', createable: false, updateable: false, defaultedOnCreate: true, nillable: false },
      { name: 'LastModifiedDate', type: 'datetime', createable: false, updateable: false, defaultedOnCreate: true, nillable: false },
      { name: 'LastModifiedById', type: 'reference', referenceTo: ['User'], relationshipName: 'LastModifiedBy', createable: false, updateable: false, defaultedOnCreate: true, nillable: false },
      { name: 'SystemModstamp', type: 'datetime', createable: false, updateable: false, defaultedOnCreate: true, nillable: false },
      { name: 'OwnerId', type: 'reference', referenceTo: ['User'], relationshipName: 'Owner', defaultedOnCreate: true, nillable: false },
      ...spec.fields,
    ],
  };
}
