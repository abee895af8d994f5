import type { ChildRelationship, FieldDef, FieldType, ObjectDef, PicklistValue } from '../model.js';

/** What a field definition must say; everything else takes describe's usual defaults for its type. */
export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
  readonly label?: string;
  readonly length?: number;
  readonly precision?: number;
  readonly scale?: number;
  /** default true; false with createable makes the field required on create (unless defaulted) */
  readonly nillable?: boolean;
  readonly createable?: boolean;
  readonly updateable?: boolean;
  readonly defaultedOnCreate?: boolean;
  readonly externalId?: boolean;
  readonly unique?: boolean;
  readonly nameField?: boolean;
  readonly referenceTo?: readonly string[];
  readonly relationshipName?: string;
  readonly picklist?: readonly string[];
  readonly restrictedPicklist?: boolean;
  readonly defaultValue?: string | boolean | number | null;
  readonly calculated?: boolean;
}

export interface ObjectSpec {
  readonly name: string;
  readonly label?: string;
  readonly labelPlural?: string;
  readonly keyPrefix: string;
  readonly fields: readonly FieldSpec[];
  /** filled in by linkRelationships from the other objects' reference fields */
  readonly childRelationships?: readonly ChildRelationship[];
}

const SOAP_TYPES: Record<FieldType, string> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  string: 'xsd:string',
  textarea: 'xsd:string',
  picklist: 'xsd:string',
  multipicklist: 'xsd:string',
  combobox: 'xsd:string',
  email: 'xsd:string',
  phone: 'xsd:string',
  url: 'xsd:string',
  encryptedstring: 'xsd:string',
  boolean: 'xsd:boolean',
  currency: 'xsd:double',
  double: 'xsd:double',
  percent: 'xsd:double',
  int: 'xsd:int',
  long: 'xsd:long',
  date: 'xsd:date',
  datetime: 'xsd:dateTime',
  time: 'xsd:time',
  address: 'urn:address',
  base64: 'xsd:base64Binary',
};

const TEXT_TYPES: ReadonlySet<FieldType> = new Set(['string', 'textarea', 'picklist', 'multipicklist', 'combobox', 'email', 'phone', 'url', 'encryptedstring']);

/** A full FieldDef from a short spec. */
export function defineField(spec: FieldSpec, custom = spec.name.endsWith('__c')): FieldDef {
  const type = spec.type;
  const isText = TEXT_TYPES.has(type);
  const isNumber = type === 'currency' || type === 'double' || type === 'percent';
  const picklistValues: PicklistValue[] = (spec.picklist ?? []).map((value) => ({ value, label: value, active: true, defaultValue: spec.defaultValue === value }));
  const system = type === 'id';
  const length = spec.length ?? (type === 'id' || type === 'reference' ? 18 : type === 'textarea' ? 32000 : isText ? 255 : 0);
  return Object.freeze({
    name: spec.name,
    label: spec.label ?? labelOf(spec.name),
    type,
    length,
    precision: spec.precision ?? (isNumber ? 18 : 0),
    scale: spec.scale ?? (isNumber ? 2 : 0),
    digits: type === 'int' ? 9 : type === 'long' ? 18 : 0,
    nillable: spec.nillable ?? (!system && type !== 'boolean'),
    createable: spec.createable ?? !system,
    updateable: spec.updateable ?? !system,
    defaultedOnCreate: spec.defaultedOnCreate ?? (system || type === 'boolean'),
    externalId: spec.externalId ?? false,
    unique: spec.unique ?? false,
    idLookup: system || (spec.externalId ?? false) || spec.name === 'Email',
    nameField: spec.nameField ?? false,
    custom,
    calculated: spec.calculated ?? false,
    // long text areas cannot be filtered on, as in Salesforce
    filterable: type !== 'textarea' || length <= 255,
    sortable: type !== 'textarea' && type !== 'multipicklist',
    groupable: type !== 'textarea' && !isNumber && type !== 'datetime' && type !== 'multipicklist',
    caseSensitive: false,
    referenceTo: spec.referenceTo ?? [],
    relationshipName: spec.relationshipName ?? null,
    picklistValues,
    restrictedPicklist: spec.restrictedPicklist ?? false,
    defaultValue: spec.defaultValue ?? (type === 'boolean' ? false : null),
    soapType: SOAP_TYPES[type],
  });
}

/** The audit fields every object has. */
export function auditFields(withOwner: boolean): FieldSpec[] {
  const fields: FieldSpec[] = [
    { name: 'Id', type: 'id', label: 'Record ID' },
    { name: 'IsDeleted', type: 'boolean', label: 'Deleted', createable: false, updateable: false, defaultedOnCreate: true, nillable: false },
    { name: 'CreatedDate', type: 'datetime', label: 'Created Date', createable: false, updateable: false, defaultedOnCreate: true, nillable: false },
    { name: 'CreatedById', type: 'reference', label: 'Created By ID', referenceTo: ['User'], relationshipName: 'CreatedBy', createable: false, updateable: false, defaultedOnCreate: true, nillable: false },
    { name: 'LastModifiedDate', type: 'datetime', label: 'Last Modified Date', createable: false, updateable: false, defaultedOnCreate: true, nillable: false },
    { name: 'LastModifiedById', type: 'reference', label: 'Last Modified By ID', referenceTo: ['User'], relationshipName: 'LastModifiedBy', createable: false, updateable: false, defaultedOnCreate: true, nillable: false },
    { name: 'SystemModstamp', type: 'datetime', label: 'System Modstamp', createable: false, updateable: false, defaultedOnCreate: true, nillable: false },
  ];
  if (withOwner) fields.push({ name: 'OwnerId', type: 'reference', label: 'Owner ID', referenceTo: ['User'], relationshipName: 'Owner', defaultedOnCreate: true, nillable: false });
  return fields;
}

/**
 * Build every ObjectDef, then derive child relationships from the reference fields (Contact.AccountId
 * with relationshipName Account gives Account a child relationship "Contacts" unless a spec names it).
 */
export function defineObjects(specs: readonly ObjectSpec[], childNames: Readonly<Record<string, string>> = {}, modified = Date.UTC(2026, 0, 1)): Map<string, ObjectDef> {
  const children = new Map<string, ChildRelationship[]>();
  for (const spec of specs) {
    for (const f of spec.fields) {
      if (f.type !== 'reference' || !f.relationshipName) continue;
      // the audit and owner lookups to User would give User a child relationship per object
      if (f.referenceTo?.length === 1 && f.referenceTo[0] === 'User') continue;
      for (const parent of f.referenceTo ?? []) {
        const key = `${spec.name}.${f.name}`;
        const relationshipName = childNames[key] ?? (f.name.endsWith('__c') ? `${spec.name.replace(/__c$/, '')}s__r` : pluralOf(spec.name));
        // an empty name: Salesforce exposes no child relationship for this lookup
        if (relationshipName === '') continue;
        const list = children.get(parent.toLowerCase()) ?? [];
        list.push({ childSObject: spec.name, field: f.name, relationshipName, cascadeDelete: false });
        children.set(parent.toLowerCase(), list);
      }
    }
  }
  const out = new Map<string, ObjectDef>();
  for (const spec of specs) {
    const fields = spec.fields.map((f) => defineField(f));
    const childRelationships = [...(spec.childRelationships ?? []), ...(children.get(spec.name.toLowerCase()) ?? [])];
    const def: ObjectDef = Object.freeze({
      name: spec.name,
      label: spec.label ?? labelOf(spec.name),
      labelPlural: spec.labelPlural ?? pluralOf(spec.label ?? labelOf(spec.name)),
      keyPrefix: spec.keyPrefix,
      custom: spec.name.endsWith('__c'),
      fields,
      childRelationships,
      fieldMap: new Map(fields.map((f) => [f.name.toLowerCase(), f])),
      parentMap: new Map(fields.filter((f) => f.relationshipName).map((f) => [f.relationshipName!.toLowerCase(), f])),
      childMap: new Map(childRelationships.map((c) => [c.relationshipName.toLowerCase(), c])),
      createable: true,
      updateable: true,
      deletable: true,
      queryable: true,
      searchable: true,
      undeletable: true,
      mergeable: ['Account', 'Contact', 'Lead'].includes(spec.name),
      modified,
    });
    out.set(spec.name.toLowerCase(), def);
  }
  return out;
}

function labelOf(name: string): string {
  const base = name.replace(/__c$/, '').replace(/Id$/, ' ID');
  return base.replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').trim();
}

function pluralOf(name: string): string {
  if (/(s|x|ch|sh)$/.test(name)) return `${name}es`;
  if (/[^aeiou]y$/.test(name)) return `${name.slice(0, -1)}ies`;
  return `${name}s`;
}
