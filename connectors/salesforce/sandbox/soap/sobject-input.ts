import type { FieldType, ObjectDef, RecordError } from '../model.js';
import type { CallContext } from './call.js';
import { isNil, textOf, type XNode } from './xml.js';

/**
 * An `sObject` element of a request (`<sObjects>`, `<masterRecord>`, …) as the store's input:
 * `type`, `Id`, `fieldsToNull`, text fields (xsi:nil as null), and parents given by external id
 * as nested sObjects (`<Account><type>Account</type><External_Id__c>A1</External_Id__c></Account>`).
 */
export interface SObjectInput {
  readonly type: string | undefined;
  readonly id: string | undefined;
  /** field name as sent → text, or null (xsi:nil or fieldsToNull) */
  readonly fields: Readonly<Record<string, string | null>>;
  /** parent relationship name as sent → the nested sObject naming the parent */
  readonly parents: readonly { readonly name: string; readonly node: XNode }[];
}

/** Read an sObject element. */
export function readSObject(node: XNode): SObjectInput {
  let type: string | undefined;
  let id: string | undefined;
  const fields: Record<string, string | null> = {};
  const nulls: string[] = [];
  const parents: { name: string; node: XNode }[] = [];
  for (const c of node.children) {
    if (c.name === 'type') type = c.text.trim();
    else if (c.name === 'fieldsToNull') nulls.push(c.text.trim());
    else if (c.name === 'Id') id = isNil(c) || c.text.trim() === '' ? undefined : c.text.trim();
    else if (c.children.length > 0) parents.push({ name: c.name, node: c });
    else fields[c.name] = isNil(c) ? null : c.text;
  }
  for (const n of nulls) if (n !== '') fields[n] = null;
  return { type, id, fields, parents };
}

// AllowFieldTruncationHeader: the string-holding types it lets through truncated
const TRUNCATABLE: ReadonlySet<FieldType> = new Set(['email', 'encryptedstring', 'multipicklist', 'phone', 'picklist', 'string', 'textarea']);

/**
 * The store input of an sObject for an object: parents resolved by external id, strings
 * truncated under AllowFieldTruncationHeader. Problems come back as record errors.
 */
export function saveInputOf(c: CallContext, def: ObjectDef, input: SObjectInput): { values: Record<string, unknown>; errors: RecordError[] } {
  const values: Record<string, unknown> = { ...input.fields };
  const errors: RecordError[] = [];
  for (const p of input.parents) {
    const resolved = resolveParent(c, def, p.name, p.node);
    if ('error' in resolved) errors.push(resolved.error);
    else values[resolved.field] = resolved.id;
  }
  if (c.headers.allowFieldTruncation) {
    for (const [name, value] of Object.entries(values)) {
      const f = def.fieldMap.get(name.toLowerCase());
      if (f && typeof value === 'string' && TRUNCATABLE.has(f.type) && f.length > 0 && value.length > f.length) values[name] = value.slice(0, f.length);
    }
  }
  return { values, errors };
}

function resolveParent(c: CallContext, def: ObjectDef, name: string, node: XNode): { field: string; id: string } | { error: RecordError } {
  const ref = def.parentMap.get(name.toLowerCase());
  if (!ref) return { error: { statusCode: 'INVALID_FIELD', message: `No such column '${name}' on sobject of type ${def.name}`, fields: [] } };
  const target = c.org.store.object(textOf(node, 'type') ?? ref.referenceTo[0] ?? '');
  const key = node.children.find((k) => k.name !== 'type' && k.name !== 'fieldsToNull');
  if (!target || !key) return { error: { statusCode: 'INVALID_FIELD', message: `Unable to identify the parent ${name} of ${def.name}`, fields: [ref.name] } };
  const value = key.text.trim();
  const keyField = target.fieldMap.get(key.name.toLowerCase());
  if (!keyField || !(keyField.externalId || keyField.idLookup)) {
    return { error: { statusCode: 'INVALID_FIELD', message: `Field name provided, ${key.name} is not an External ID or indexed field for ${target.name}`, fields: [] } };
  }
  const matches =
    keyField.type === 'id' ? [c.org.store.get(value)].filter((r) => r !== undefined && !r.deleted && r.type === target.name) : c.org.store.findByField(target.name, keyField, value);
  if (matches.length === 0) {
    return { error: { statusCode: 'INVALID_FIELD', message: `Foreign key external ID: ${value} not found for field ${keyField.name} in entity ${target.name}`, fields: [] } };
  }
  if (matches.length > 1) {
    return { error: { statusCode: 'DUPLICATE_EXTERNAL_ID', message: `Foreign key external ID: ${value} matched more than one record`, fields: [] } };
  }
  return { field: ref.name, id: matches[0]!.id };
}
