/**
 * Field paths bound to metadata (`Account.Owner.Name` → the AccountId and OwnerId reference fields,
 * then User.Name) and read from records. Deleted records are invisible unless the query is a
 * queryAll, parents included.
 */
import type { FieldDef, FieldValue, ObjectDef, SRecord } from '../model.js';
import { toId18 } from '../ids.js';
import type { FieldPath } from './ast.js';
import { badRelationship, noSuchColumn } from './errors.js';
import type { DataSource } from './types.js';

export interface BoundPath {
  /** as written, for messages */
  readonly text: string;
  readonly pos: number;
  /** the reference fields walked, outermost first (Contact.AccountId, then Account.OwnerId …) */
  readonly hops: readonly FieldDef[];
  /** the object at the end of the walk, which owns `field` */
  readonly owner: ObjectDef;
  readonly field: FieldDef;
  /** canonical, case-folded identity: `account.owner.name`; equal paths select the same column */
  readonly key: string;
}

/**
 * Bind a path against `root`. A leading segment equal to the FROM alias (or to the object's own
 * name, when that is not also a relationship) refers to the object itself.
 */
export function resolvePath(text: string, source: DataSource, root: ObjectDef, path: FieldPath, alias: string | undefined): BoundPath {
  let parts = path.parts;
  if (parts.length > 1) {
    const head = parts[0]!.toLowerCase();
    if ((alias && head === alias.toLowerCase()) || (head === root.name.toLowerCase() && !root.parentMap.has(head))) parts = parts.slice(1);
  }
  let owner = root;
  const hops: FieldDef[] = [];
  for (const part of parts.slice(0, -1)) {
    const ref = owner.parentMap.get(part.toLowerCase());
    const target = ref?.referenceTo[0] === undefined ? undefined : source.object(ref.referenceTo[0]);
    if (!ref || !target) throw badRelationship(text, path.pos, part);
    hops.push(ref);
    owner = target;
  }
  const last = parts[parts.length - 1]!;
  const field = owner.fieldMap.get(last.toLowerCase());
  if (!field) throw noSuchColumn(text, path.pos, last, owner.name);
  const key = [...hops.map((h) => h.relationshipName!), field.name].join('.').toLowerCase();
  return { text: path.text, pos: path.pos, hops, owner, field, key };
}

/** Whether a record is visible to this query. */
export function visible(rec: SRecord | undefined, includeDeleted: boolean): rec is SRecord {
  return rec !== undefined && (includeDeleted || !rec.deleted);
}

/** The parent a reference field of `rec` points at, if it exists and is visible. */
export function parentOf(source: DataSource, rec: SRecord, hop: FieldDef, includeDeleted: boolean): SRecord | undefined {
  const ref = rec.values[hop.name];
  if (typeof ref !== 'string' || ref === '') return undefined;
  const id = toId18(ref);
  const parent = id === undefined ? undefined : source.get(id);
  return visible(parent, includeDeleted) ? parent : undefined;
}

/** One field of one record; IsDeleted always tells the truth of the recycle bin. */
export function fieldValue(rec: SRecord, field: FieldDef): FieldValue {
  if (field.name === 'IsDeleted') return rec.deleted;
  return rec.values[field.name] ?? null;
}

/** The value at the end of a path, null when a parent on the way is missing. */
export function readPath(source: DataSource, rec: SRecord, path: BoundPath, includeDeleted: boolean): FieldValue {
  let current: SRecord | undefined = rec;
  for (const hop of path.hops) {
    current = parentOf(source, current, hop, includeDeleted);
    if (!current) return null;
  }
  return fieldValue(current, path.field);
}
