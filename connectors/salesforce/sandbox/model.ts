/**
 * The sandbox org's data model, shared by every API surface (REST, SOAP, Bulk, SOQL): object and
 * field metadata as describe reports it, and records as the store keeps them.
 */

/** describe's field `type` values the sandbox uses. */
export type FieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'picklist'
  | 'multipicklist'
  | 'reference'
  | 'boolean'
  | 'currency'
  | 'double'
  | 'percent'
  | 'int'
  | 'long'
  | 'date'
  | 'datetime'
  | 'time'
  | 'email'
  | 'phone'
  | 'url'
  | 'address'
  | 'combobox'
  | 'encryptedstring'
  | 'base64';

export interface PicklistValue {
  readonly value: string;
  readonly label: string;
  readonly active: boolean;
  readonly defaultValue: boolean;
}

export interface FieldDef {
  /** canonical API name, e.g. AccountId, sample__c */
  readonly name: string;
  readonly label: string;
  readonly type: FieldType;
  /** characters for text types, 0 otherwise */
  readonly length: number;
  readonly precision: number;
  readonly scale: number;
  readonly digits: number;
  readonly nillable: boolean;
  readonly createable: boolean;
  readonly updateable: boolean;
  readonly defaultedOnCreate: boolean;
  readonly externalId: boolean;
  readonly unique: boolean;
  readonly idLookup: boolean;
  readonly nameField: boolean;
  readonly custom: boolean;
  readonly calculated: boolean;
  readonly filterable: boolean;
  readonly sortable: boolean;
  readonly groupable: boolean;
  readonly caseSensitive: boolean;
  /** reference fields: the objects it points at, and the parent relationship name (Account for AccountId) */
  readonly referenceTo: readonly string[];
  readonly relationshipName: string | null;
  readonly picklistValues: readonly PicklistValue[];
  readonly restrictedPicklist: boolean;
  readonly defaultValue: string | boolean | number | null;
  /** xsd type describe reports as soapType, e.g. tns:ID, xsd:string */
  readonly soapType: string;
}

export interface ChildRelationship {
  /** the child object, e.g. Contact */
  readonly childSObject: string;
  /** the child's reference field, e.g. AccountId */
  readonly field: string;
  /** the name used in subqueries, e.g. Contacts */
  readonly relationshipName: string;
  readonly cascadeDelete: boolean;
}

export interface ObjectDef {
  readonly name: string;
  readonly label: string;
  readonly labelPlural: string;
  readonly keyPrefix: string;
  readonly custom: boolean;
  readonly fields: readonly FieldDef[];
  readonly childRelationships: readonly ChildRelationship[];
  /** field by lower-case name */
  readonly fieldMap: ReadonlyMap<string, FieldDef>;
  /** parent relationship (lower-case relationshipName) → the reference field */
  readonly parentMap: ReadonlyMap<string, FieldDef>;
  /** child relationship by lower-case name */
  readonly childMap: ReadonlyMap<string, ChildRelationship>;
  readonly createable: boolean;
  readonly updateable: boolean;
  readonly deletable: boolean;
  readonly queryable: boolean;
  readonly searchable: boolean;
  readonly undeletable: boolean;
  readonly mergeable: boolean;
  /** last change to the metadata (describe's Last-Modified / ETag) */
  readonly modified: number;
}

/**
 * A stored value. Text-like fields hold strings; numbers numbers; booleans booleans; `date` fields
 * 'YYYY-MM-DD' strings; `datetime` fields epoch milliseconds; `time` 'HH:mm:ss.SSSZ' strings.
 */
export type FieldValue = string | number | boolean | null;

export interface SRecord {
  /** canonical object name */
  readonly type: string;
  readonly id: string;
  /** canonical field name → value; always has Id and the audit fields */
  readonly values: Record<string, FieldValue>;
  /** in the recycle bin (IsDeleted = true): visible to queryAll and undelete */
  deleted: boolean;
  /** when it was deleted (epoch ms), for getDeleted */
  deletedAt?: number;
}

/** One per-record error, as Salesforce reports them in save results (statusCode, message, fields). */
export interface RecordError {
  readonly statusCode: string;
  readonly message: string;
  readonly fields: readonly string[];
}
