import type { FieldDef, FieldValue, ObjectDef, RecordError, SRecord } from '../model.js';
import type { OrgStore } from '../store/org-store.js';

/**
 * Parent references by external id in a REST body: `"Account": {"External_Id__c": "A-1"}` sets
 * the reference field (AccountId) to the id of the Account whose External_Id__c is A-1, as
 * Salesforce resolves it before saving.
 */

/** The body with relationship objects replaced by reference ids, or the errors Salesforce reports. */
export function resolveRelationships(store: OrgStore, def: ObjectDef, input: Readonly<Record<string, unknown>>): { input: Record<string, unknown> } | { errors: RecordError[] } {
  const out: Record<string, unknown> = {};
  const errors: RecordError[] = [];
  for (const [key, value] of Object.entries(input)) {
    const reference = def.parentMap.get(key.toLowerCase());
    if (!reference || value === null || typeof value !== 'object' || Array.isArray(value)) {
      out[key] = value;
      continue;
    }
    const resolved = resolveOne(store, reference, value as Record<string, unknown>);
    if ('error' in resolved) errors.push(resolved.error);
    else out[reference.name] = resolved.id;
  }
  return errors.length > 0 ? { errors } : { input: out };
}

function resolveOne(store: OrgStore, reference: FieldDef, nested: Record<string, unknown>): { id: string } | { error: RecordError } {
  const declared = (nested.attributes as { type?: unknown } | undefined)?.type;
  const parentType = typeof declared === 'string' ? declared : reference.referenceTo[0];
  const parent = parentType === undefined ? undefined : store.object(parentType);
  const keys = Object.keys(nested).filter((k) => k !== 'attributes');
  if (!parent || !reference.referenceTo.some((t) => t.toLowerCase() === parent.name.toLowerCase()) || keys.length !== 1) {
    return { error: { statusCode: 'INVALID_FIELD', message: `Cannot specify the relationship ${reference.relationshipName} without exactly one external id field`, fields: [] } };
  }
  const key = keys[0]!;
  const field = parent.fieldMap.get(key.toLowerCase());
  if (!field || !(field.externalId || field.idLookup)) {
    return { error: { statusCode: 'INVALID_FIELD', message: `No such column '${key}' on sobject of type ${parent.name}`, fields: [] } };
  }
  const raw = nested[key];
  const text = raw === null || raw === undefined ? '' : String(raw);
  const matches = field.type === 'id' ? [store.get(text)].filter((r): r is SRecord => r !== undefined && !r.deleted) : store.findByField(parent.name, field, lookupValue(field, text));
  if (matches.length === 0) {
    return { error: { statusCode: 'INVALID_FIELD', message: `Foreign key external ID: ${text} not found for field ${field.name} in entity ${parent.name}`, fields: [] } };
  }
  if (matches.length > 1) {
    return { error: { statusCode: 'INVALID_FIELD', message: `Foreign key external ID: ${text} matches more than one record for field ${field.name} in entity ${parent.name}`, fields: [] } };
  }
  return { id: matches[0]!.id };
}

/** A URL or body text as the stored value of a lookup field (numbers and booleans compare as such). */
export function lookupValue(field: FieldDef, text: string): FieldValue {
  switch (field.type) {
    case 'int':
    case 'long':
    case 'double':
    case 'currency':
    case 'percent':
      return Number.isNaN(Number(text)) ? text : Number(text);
    case 'boolean':
      return text.toLowerCase() === 'true';
    default:
      return text;
  }
}
