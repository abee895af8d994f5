import type { FieldDef, ObjectDef, SRecord } from '../model.js';

/** What SOQL and SOSL evaluation read: the org's metadata and records. */
export interface DataSource {
  /** an object by name, case-insensitively */
  object(name: string): ObjectDef | undefined;
  /** every record of a type, deleted ones included (the evaluator filters on `deleted`) */
  records(type: string): Iterable<SRecord>;
  /** a record by its 18-character id, deleted ones included */
  get(id: string): SRecord | undefined;
  /** every object (SOSL without RETURNING searches all searchable ones); optional, none when absent */
  objects?(): Iterable<ObjectDef>;
}

export interface QueryOptions {
  /** queryAll: rows in the recycle bin are included (IsDeleted = true) */
  readonly includeDeleted: boolean;
  /** "now" for date literals (TODAY, LAST_N_DAYS:n…); epoch ms */
  readonly now: number;
}

/** One evaluated row, cells in SELECT order, names in canonical casing. */
export interface QueryRow {
  /** canonical object name, or 'AggregateResult' */
  readonly object: string;
  /** the record id (for attributes.url), absent for aggregate rows */
  readonly id: string | undefined;
  readonly cells: readonly QueryCell[];
}

export type QueryCell =
  /** a field of this row's record */
  | { readonly kind: 'field'; readonly name: string; readonly field: FieldDef; readonly value: string | number | boolean | null }
  /** a parent relationship (Account of a Contact): its selected fields, or null when the reference is empty */
  | { readonly kind: 'parent'; readonly name: string; readonly row: QueryRow | null }
  /** a child subquery (Contacts of an Account): null when there are no child rows, as Salesforce does */
  | { readonly kind: 'children'; readonly name: string; readonly result: QueryResult | null }
  /** an aggregate or grouped value: name is the alias or expr0, expr1…; field is the aggregated field when there is one */
  | { readonly kind: 'aggregate'; readonly name: string; readonly field: FieldDef | undefined; readonly value: string | number | boolean | null };

export interface QueryResult {
  /** the FROM object, canonical */
  readonly object: string;
  /** rows matched before LIMIT/OFFSET paging by the caller; for COUNT() the count */
  readonly totalSize: number;
  readonly rows: readonly QueryRow[];
  /** SELECT COUNT() FROM …: totalSize is the count and there are no rows */
  readonly isCount: boolean;
  /** aggregate functions or GROUP BY: rows are AggregateResult */
  readonly isAggregate: boolean;
}

/** SOSL: rows per RETURNING object, in the order the objects were named. */
export interface SearchResult {
  readonly rows: readonly QueryRow[];
}
