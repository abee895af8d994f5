/**
 * One ingest CSV row applied to the org store, with Bulk's cell rules (empty = leave as is, `#N/A`
 * = null), its deserialisation errors (`Failed to deserialize field at col N…`) and the
 * `CODE:message:fields --` error text of failedResults.
 */
import { toId18 } from '../ids.js';
import type { FieldDef, ObjectDef, RecordError } from '../model.js';
import { coerce } from '../store/coerce.js';
import type { OrgStore, SaveOptions } from '../store/org-store.js';
import type { Column } from './columns.js';
import { javaDouble } from './csv.js';
import type { IngestOperation } from './jobs.js';

export type RowOutcome = { readonly ok: true; readonly id: string; readonly created: boolean } | { readonly ok: false; readonly id: string; readonly error: string };

/** The cell value that sets a field to null. */
export const NULL_CELL = '#N/A';

const TYPED: ReadonlySet<FieldDef['type']> = new Set(['boolean', 'int', 'long', 'double', 'currency', 'percent', 'date', 'datetime', 'time']);
const DOUBLE: ReadonlySet<FieldDef['type']> = new Set(['double', 'currency', 'percent']);
// failedResults carries the record id of failed rows from API version 53.0
const FAILED_ID_SINCE = 53;

/** Salesforce's one-line form of a record error: `REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --`. */
export function errorText(error: RecordError): string {
  return `${error.statusCode}:${error.message}:${error.fields.length > 0 ? `${error.fields.join(',')} ` : ''}--`;
}

function fail(statusCode: string, message: string, fields: string[] = []): RecordError {
  return { statusCode, message, fields };
}

export interface ApplierOptions {
  readonly store: OrgStore;
  readonly def: ObjectDef;
  readonly columns: readonly Column[];
  readonly operation: IngestOperation;
  readonly externalIdField: FieldDef | undefined;
  readonly userId: string;
  readonly apiVersion: number;
}

/** Applies the rows of one job, in batches (duplicate upsert keys are found per batch, as Salesforce does). */
export class RowApplier {
  readonly #o: ApplierOptions;
  readonly #save: SaveOptions;
  readonly #idColumn: Column | undefined;
  readonly #doubles: readonly Column[];
  /** the upsert key's column */
  readonly #keyColumn: Column | undefined;
  #duplicateKeys: ReadonlySet<string> = new Set();
  readonly #hardDeleted: string[] = [];

  constructor(options: ApplierOptions) {
    this.#o = options;
    this.#save = { mode: 'text', userId: options.userId };
    this.#idColumn = options.columns.find((c) => c.kind === 'field' && c.field.name === 'Id');
    this.#doubles = options.columns.filter((c) => c.kind === 'field' && DOUBLE.has(c.field.type));
    this.#keyColumn = options.operation === 'upsert' ? options.columns.find((c) => c.kind === 'field' && c.field === options.externalIdField) : undefined;
  }

  /** Start a batch: remember which upsert keys it holds more than once (all those rows fail). */
  beginBatch(rows: readonly (readonly string[])[]): void {
    const key = this.#keyColumn;
    if (!key) return;
    const seen = new Set<string>();
    const twice = new Set<string>();
    for (const row of rows) {
      const value = (row[key.index] ?? '').toLowerCase();
      if (value === '' || value === NULL_CELL.toLowerCase()) continue;
      if (seen.has(value)) twice.add(value);
      seen.add(value);
    }
    this.#duplicateKeys = twice;
  }

  /** Finish a batch: a hard delete takes the children its cascade moved to the recycle bin with it. */
  endBatch(): void {
    if (this.#hardDeleted.length === 0) return;
    const gone = new Set(this.#hardDeleted);
    this.#hardDeleted.length = 0;
    for (const rel of this.#o.def.childRelationships) {
      for (const child of [...this.#o.store.records(rel.childSObject)]) {
        const parent = child.values[rel.field];
        if (child.deleted && typeof parent === 'string' && gone.has(parent)) this.#o.store.purge(child.id);
      }
    }
  }

  /** Apply one row. */
  apply(row: readonly string[]): RowOutcome {
    const rowId = this.#rowId(row);
    const failedId = this.#o.apiVersion >= FAILED_ID_SINCE && rowId !== undefined ? (toId18(rowId) ?? '') : '';
    const outcome = this.#run(row, rowId);
    return 'statusCode' in outcome ? { ok: false, id: failedId, error: errorText(outcome) } : outcome;
  }

  /** The row's cells as successfulResults echoes them: doubles as the stored number in Java's notation. */
  echo(row: readonly string[], width: number): string[] {
    const out = Array.from({ length: width }, (_, i) => row[i] ?? '');
    for (const c of this.#doubles) {
      const cell = out[c.index]!;
      if (cell !== '' && cell !== NULL_CELL && Number.isFinite(Number(cell))) out[c.index] = javaDouble(Number(cell));
    }
    return out;
  }

  #run(row: readonly string[], rowId: string | undefined): { ok: true; id: string; created: boolean } | RecordError {
    const { store, def, operation } = this.#o;
    if (operation === 'delete' || operation === 'hardDelete') return this.#delete(rowId, operation === 'hardDelete');
    const input = this.#input(row);
    if ('error' in input) return input.error;
    const built = input.values;
    switch (operation) {
      case 'insert': {
        if (rowId !== undefined) return fail('INVALID_FIELD', 'cannot specify Id in an insert call', ['Id']);
        const out = store.create(def.name, built, this.#save);
        return out.ok ? { ok: true, id: out.id, created: true } : out.errors[0]!;
      }
      case 'update': {
        if (rowId === undefined) return fail('MISSING_ARGUMENT', 'Id not specified in an update call');
        if (!toId18(rowId)) return fail('MALFORMED_ID', `${def.label} ID: id value of incorrect type: ${rowId}`, ['Id']);
        const out = store.update(rowId, built, this.#save, def.name);
        return out.ok ? { ok: true, id: out.id, created: false } : out.errors[0]!;
      }
      case 'upsert': {
        const ext = this.#o.externalIdField!;
        const key = Object.entries(built).find(([k]) => k === ext.name)?.[1];
        if (typeof key === 'string' && this.#duplicateKeys.has(key.toLowerCase())) return fail('DUPLICATE_VALUE', `Duplicate external id specified: ${key}`, [ext.name]);
        const out = store.upsert(def.name, ext.name, built, this.#save);
        return out.ok ? { ok: true, id: out.id, created: out.created } : out.errors[0]!;
      }
    }
  }

  #delete(rowId: string | undefined, hard: boolean): { ok: true; id: string; created: boolean } | RecordError {
    const { store, def } = this.#o;
    if (rowId === undefined) return fail('MISSING_ARGUMENT', 'Id not specified in a delete call');
    const id = toId18(rowId);
    if (!id) return fail('MALFORMED_ID', `${def.label} ID: id value of incorrect type: ${rowId}`, ['Id']);
    if (store.objectOfId(id)?.name !== def.name || !store.get(id)) return fail('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id');
    const out = store.delete(id);
    if (!out.ok) return out.errors[0]!;
    if (hard) {
      store.purge(id);
      this.#hardDeleted.push(id);
    }
    return { ok: true, id, created: false };
  }

  /** The Id cell, undefined when absent, empty or `#N/A`. */
  #rowId(row: readonly string[]): string | undefined {
    const cell = this.#idColumn ? (row[this.#idColumn.index] ?? '') : '';
    return cell === '' || cell === NULL_CELL ? undefined : cell.trim();
  }

  /** Field name → text (or null) for the store; deserialisation and foreign-key errors come out first. */
  #input(row: readonly string[]): { values: Record<string, string | null> } | { error: RecordError } {
    const input: Record<string, string | null> = {};
    for (const column of this.#o.columns) {
      // Id picks the record (update) or is refused (insert); only an upsert keyed on Id sends it on
      if (column.kind === 'field' && column.field.name === 'Id' && this.#o.externalIdField?.name !== 'Id') continue;
      const cell = row[column.index] ?? '';
      if (cell === '') continue;
      const target = column.kind === 'field' ? column.field : column.reference;
      if (cell === NULL_CELL) {
        input[target.name] = null;
        continue;
      }
      if (column.kind === 'relation') {
        const id = this.#foreignKey(column, cell);
        if (typeof id !== 'string') return { error: id };
        input[target.name] = id;
        continue;
      }
      const value = column.field.type === 'date' ? cell.replace(/Z$/i, '') : cell;
      if (TYPED.has(column.field.type)) {
        const checked = coerce(column.field, value, 'text', () => undefined);
        if ('error' in checked && checked.error.statusCode === 'INVALID_TYPE_ON_FIELD_IN_RECORD') {
          return { error: fail('INVALID_FIELD', `Failed to deserialize field at col ${column.index + 1}. Due to, '${cell}' is not a valid value for the type ${column.field.soapType}`, [column.field.name]) };
        }
      }
      input[column.field.name] = value;
    }
    return { values: input };
  }

  /** The id of the parent a `Rel.Field` cell names, or why there is none. */
  #foreignKey(column: Column & { kind: 'relation' }, value: string): string | RecordError {
    const { store } = this.#o;
    const { target, lookup } = column;
    const where = `${value} not found for field ${lookup.name} in entity ${target.name}`;
    if (lookup.type === 'id') {
      const id = toId18(value);
      const rec = id ? store.get(id) : undefined;
      return rec && !rec.deleted && rec.type === target.name ? rec.id : fail('INVALID_FIELD', `Foreign key external ID: ${where}`);
    }
    const matches = store.findByField(target.name, lookup, value);
    if (matches.length === 1) return matches[0]!.id;
    if (matches.length === 0) return fail('INVALID_FIELD', `Foreign key external ID: ${where}`);
    return fail('INVALID_FIELD', `Foreign key external ID: ${value} matched more than 1 record for field ${lookup.name} in entity ${target.name}`);
  }
}
