import type { SRecord } from '../model.js';
import type { Org } from '../org.js';
import { attributesOf } from './format.js';

/**
 * Each user's most recently used records (Salesforce's MRU list behind `/recent` and an sObject's
 * `recentItems`): records the user created, retrieved or changed through REST, newest first.
 */

const MAX_RECENT = 200;

// Kept beside the org rather than in it: only REST feeds and reads this list.
const lists = new WeakMap<Org, Map<string, string[]>>();

/** Note that a user used a record. */
export function touchRecent(org: Org, userId: string, id: string): void {
  let byUser = lists.get(org);
  if (!byUser) lists.set(org, (byUser = new Map()));
  const ids = (byUser.get(userId) ?? []).filter((x) => x !== id);
  ids.unshift(id);
  if (ids.length > MAX_RECENT) ids.length = MAX_RECENT;
  byUser.set(userId, ids);
}

/** The user's recent records that still exist and are not deleted, newest first, optionally of one type. */
export function recentRecords(org: Org, userId: string, limit = MAX_RECENT, type?: string): SRecord[] {
  const out: SRecord[] = [];
  for (const id of lists.get(org)?.get(userId) ?? []) {
    if (out.length >= limit) break;
    const record = org.store.get(id);
    if (!record || record.deleted) continue;
    if (type !== undefined && record.type !== type) continue;
    out.push(record);
  }
  return out;
}

/** A recent item as `/recent` and `recentItems` show it: attributes, Id and the name field. */
export function recentItem(org: Org, record: SRecord, version: string): Record<string, unknown> {
  const def = org.store.object(record.type);
  const nameField = def?.fields.find((f) => f.nameField)?.name ?? 'Name';
  return { attributes: attributesOf(version, record.type, record.id), Id: record.id, [nameField]: record.values[nameField] ?? null };
}
