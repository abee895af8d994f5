/**
 * The header row of an ingest CSV: API field names (any casing), child-to-parent references by an
 * indexed parent field (`Account.External_Id__c`, `Owner.Email`), and for polymorphic lookups the
 * parent type first (`Lead:Who.Email`). A name that is none of these fails the whole job.
 */
import type { FieldDef, ObjectDef } from '../model.js';

export type Column =
  | { readonly kind: 'field'; readonly index: number; readonly name: string; readonly field: FieldDef }
  /** a lookup set through a unique field of the parent: `reference` is the child's field (AccountId) */
  | { readonly kind: 'relation'; readonly index: number; readonly name: string; readonly reference: FieldDef; readonly target: ObjectDef; readonly lookup: FieldDef };

export type HeaderOutcome = { readonly columns: readonly Column[] } | { readonly errorMessage: string };

const RELATION = /^(?:([A-Za-z][A-Za-z0-9_]*):)?([A-Za-z][A-Za-z0-9_]*)\.([A-Za-z][A-Za-z0-9_]*)$/;

/** Bind a header row to the job's object; `objectOf` finds parent objects by name. */
export function resolveHeader(def: ObjectDef, names: readonly string[], objectOf: (name: string) => ObjectDef | undefined): HeaderOutcome {
  const columns: Column[] = [];
  for (const [index, raw] of names.entries()) {
    const name = raw.trim();
    const column = fieldColumn(def, name, index) ?? relationColumn(def, name, index, objectOf);
    if (!column) return { errorMessage: `InvalidBatch : Field name not found : ${name}` };
    columns.push(column);
  }
  return { columns };
}

function fieldColumn(def: ObjectDef, name: string, index: number): Column | undefined {
  const field = def.fieldMap.get(name.toLowerCase());
  return field ? { kind: 'field', index, name, field } : undefined;
}

function relationColumn(def: ObjectDef, name: string, index: number, objectOf: (name: string) => ObjectDef | undefined): Column | undefined {
  const m = RELATION.exec(name);
  if (!m) return undefined;
  const [, typeName, relationship, lookupName] = m as unknown as [string, string | undefined, string, string];
  const reference = def.parentMap.get(relationship.toLowerCase());
  if (!reference) return undefined;
  const polymorphic = reference.referenceTo.length > 1;
  // the Type: prefix is required on polymorphic lookups and refused on the others
  if (polymorphic !== (typeName !== undefined)) return undefined;
  const targetName = typeName ?? reference.referenceTo[0];
  if (!targetName || !reference.referenceTo.some((t) => t.toLowerCase() === targetName.toLowerCase())) return undefined;
  const target = objectOf(targetName);
  const lookup = target?.fieldMap.get(lookupName.toLowerCase());
  if (!target || !lookup || !lookup.idLookup) return undefined;
  return { kind: 'relation', index, name, reference, target, lookup };
}
