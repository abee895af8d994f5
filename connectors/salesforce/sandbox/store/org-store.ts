import { IdGenerator, keyPrefixOf, toId18 } from '../ids.js';
import type { FieldDef, FieldValue, ObjectDef, RecordError, SRecord } from '../model.js';
import type { DataSource } from '../soql/types.js';
import { coerce, type InputMode } from './coerce.js';
import { derive } from './derived.js';

/** Field name → value as a client sent it (any casing). */
export type SaveInput = Readonly<Record<string, unknown>>;

export interface SaveOptions {
  readonly mode: InputMode;
  /** the user doing it: owner and audit fields */
  readonly userId: string;
}

export type SaveOutcome = { readonly ok: true; readonly id: string } | { readonly ok: false; readonly errors: readonly RecordError[] };
export type UpsertOutcome =
  | { readonly ok: true; readonly id: string; readonly created: boolean }
  | { readonly ok: false; readonly errors: readonly RecordError[] }
  | { readonly ok: false; readonly multiple: readonly string[]; readonly errors: readonly RecordError[] };
export type DeleteOutcome = { readonly ok: true; readonly id: string } | { readonly ok: false; readonly notFound: boolean; readonly errors: readonly RecordError[] };

/** Thrown inside `transaction()` to undo everything it did (allOrNone). */
export class Rollback extends Error {
  constructor() {
    super('rolled back');
  }
}

// Deleting one of these parents deletes these children too, as Salesforce does.
const CASCADE: Readonly<Record<string, readonly string[]>> = { Account: ['Contact', 'Opportunity', 'Case'] };

/**
 * The org's records, in memory: create/update/upsert/delete/undelete with Salesforce's field
 * validation, audit fields, recycle bin, and all-or-nothing transactions through an undo log.
 * Implements the SOQL DataSource.
 */
export class OrgStore implements DataSource {
  readonly #objects: Map<string, ObjectDef>;
  readonly #byPrefix = new Map<string, ObjectDef>();
  readonly #records = new Map<string, SRecord>();
  readonly #byType = new Map<string, Map<string, SRecord>>();
  readonly #ids: IdGenerator;
  readonly #clock: () => number;
  #undo: (() => void)[] | undefined;
  #caseNumber = 1000;

  constructor(objects: Map<string, ObjectDef>, options: { clock?: () => number; ids?: IdGenerator } = {}) {
    this.#objects = objects;
    for (const def of objects.values()) {
      this.#byPrefix.set(def.keyPrefix, def);
      this.#byType.set(def.name.toLowerCase(), new Map());
    }
    this.#clock = options.clock ?? Date.now;
    this.#ids = options.ids ?? new IdGenerator();
  }

  /** Now, by the org's clock (tests may move it). */
  now(): number {
    return this.#clock();
  }

  /** An object by name, case-insensitively. */
  object(name: string): ObjectDef | undefined {
    return this.#objects.get(name.toLowerCase());
  }

  /** Every object, in definition order. */
  objects(): ObjectDef[] {
    return [...this.#objects.values()];
  }

  /** The object an id's key prefix belongs to. */
  objectOfId(id: string): ObjectDef | undefined {
    return this.#byPrefix.get(keyPrefixOf(id));
  }

  /** Add an object (seed files define custom objects); a name that exists is replaced. */
  defineObject(def: ObjectDef): void {
    this.#objects.set(def.name.toLowerCase(), def);
    this.#byPrefix.set(def.keyPrefix, def);
    if (!this.#byType.has(def.name.toLowerCase())) this.#byType.set(def.name.toLowerCase(), new Map());
  }

  records(type: string): Iterable<SRecord> {
    return this.#byType.get(type.toLowerCase())?.values() ?? [];
  }

  /** A record by a 15- or 18-character id (deleted ones included). */
  get(id: string): SRecord | undefined {
    const id18 = toId18(id);
    return id18 === undefined ? undefined : this.#records.get(id18);
  }

  /** Live records of a type whose field equals the value (case-insensitive for text). */
  findByField(type: string, field: FieldDef, value: FieldValue): SRecord[] {
    const out: SRecord[] = [];
    const wanted = typeof value === 'string' ? value.toLowerCase() : value;
    for (const r of this.records(type)) {
      if (r.deleted) continue;
      const v = r.values[field.name];
      if ((typeof v === 'string' ? v.toLowerCase() : v) === wanted) out.push(r);
    }
    return out;
  }

  /** Live records pointing at an id through any reference field. */
  referencing(id: string): { record: SRecord; field: FieldDef }[] {
    const out: { record: SRecord; field: FieldDef }[] = [];
    for (const def of this.#objects.values()) {
      const refs = def.fields.filter((f) => f.type === 'reference');
      if (refs.length === 0) continue;
      for (const r of this.records(def.name)) {
        if (r.deleted) continue;
        for (const f of refs) if (r.values[f.name] === id) out.push({ record: r, field: f });
      }
    }
    return out;
  }

  /** Insert a record; field errors come back all at once, as Salesforce lists them. */
  create(type: string, input: SaveInput, options: SaveOptions): SaveOutcome {
    const def = this.object(type);
    if (!def) return fail([{ statusCode: 'INVALID_TYPE', message: `sObject type '${type}' is not supported.`, fields: [] }]);
    const { values, errors } = this.#convert(def, input, options, 'create');
    for (const f of def.fields) {
      if (f.name in values) continue;
      if (f.defaultValue !== null && f.type !== 'reference') values[f.name] = f.defaultValue;
    }
    // a field whose value was refused (too long, wrong type) is reported for that, not as missing
    const refused = new Set(errors.flatMap((e) => e.fields));
    const missing = def.fields.filter((f) => f.createable && !f.nillable && !f.defaultedOnCreate && !refused.has(f.name) && (values[f.name] === undefined || values[f.name] === null || values[f.name] === ''));
    if (missing.length > 0) {
      errors.unshift({ statusCode: 'REQUIRED_FIELD_MISSING', message: `Required fields are missing: [${missing.map((f) => f.name).join(', ')}]`, fields: missing.map((f) => f.name) });
    }
    errors.push(...this.#uniqueness(def, values, undefined));
    if (errors.length > 0) return fail(errors);

    const now = this.#clock();
    const id = this.#ids.next(def.keyPrefix);
    const record: SRecord = {
      type: def.name,
      id,
      values: {
        Id: id,
        IsDeleted: false,
        CreatedDate: now,
        CreatedById: options.userId,
        LastModifiedDate: now,
        LastModifiedById: options.userId,
        SystemModstamp: now,
        ...(def.fieldMap.has('ownerid') ? { OwnerId: options.userId } : {}),
        ...(def.name === 'Case' ? { CaseNumber: String(++this.#caseNumber).padStart(8, '0') } : {}),
        ...values,
      },
      deleted: false,
    };
    derive(record);
    this.#records.set(id, record);
    this.#byType.get(def.name.toLowerCase())!.set(id, record);
    this.#undo?.push(() => {
      this.#records.delete(id);
      this.#byType.get(def.name.toLowerCase())!.delete(id);
    });
    return { ok: true, id };
  }

  /** Update fields of an existing record. `type`, when given, must match the record's. */
  update(id: string, input: SaveInput, options: SaveOptions, type?: string): SaveOutcome {
    const record = this.get(id);
    if (!record || (type !== undefined && record.type.toLowerCase() !== type.toLowerCase())) {
      return fail([{ statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'invalid cross reference id', fields: [] }]);
    }
    if (record.deleted) return fail([{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }]);
    if (record.type === 'Lead' && record.values.IsConverted === true) {
      return fail([{ statusCode: 'CANNOT_UPDATE_CONVERTED_LEAD', message: 'cannot reference converted lead', fields: [] }]);
    }
    const def = this.object(record.type)!;
    const { values, errors } = this.#convert(def, input, options, 'update');
    for (const [name, v] of Object.entries(values)) {
      const f = def.fieldMap.get(name.toLowerCase())!;
      if (!f.nillable && (v === null || v === '') && f.type !== 'boolean') {
        errors.push({ statusCode: 'REQUIRED_FIELD_MISSING', message: `Required fields are missing: [${f.name}]`, fields: [f.name] });
      }
    }
    errors.push(...this.#uniqueness(def, values, record.id));
    if (errors.length > 0) return fail(errors);
    this.#write(record, { ...values, LastModifiedDate: this.#clock(), LastModifiedById: options.userId, SystemModstamp: this.#clock() });
    return { ok: true, id: record.id };
  }

  /** Insert or update by an external-id field (or Id); several matches is a 300-style outcome. */
  upsert(type: string, extField: string, input: SaveInput, options: SaveOptions): UpsertOutcome {
    const def = this.object(type);
    if (!def) return fail([{ statusCode: 'INVALID_TYPE', message: `sObject type '${type}' is not supported.`, fields: [] }]);
    const field = def.fieldMap.get(extField.toLowerCase());
    if (!field || !(field.externalId || field.idLookup)) {
      return fail([{ statusCode: 'NOT_FOUND', message: `Provided external ID field does not exist or is not accessible: ${extField}`, fields: [] }]);
    }
    const key = Object.keys(input).find((k) => k.toLowerCase() === field.name.toLowerCase());
    const raw = key === undefined ? undefined : input[key];
    if (raw === undefined || raw === null || raw === '') {
      if (field.type === 'id') return this.#asUpsert(this.create(type, input, options), true);
      return fail([{ statusCode: 'MISSING_ARGUMENT', message: `${field.name} not specified`, fields: [] }]);
    }
    let matches: SRecord[];
    if (field.type === 'id') {
      if (typeof raw !== 'string') return fail([{ statusCode: 'MALFORMED_ID', message: `${def.label} ID: id value of incorrect type: ${typeof raw}`, fields: ['Id'] }]);
      matches = [this.get(raw)].filter((r): r is SRecord => !!r && !r.deleted);
    } else {
      // compare in the stored form: a number external id arrives as "15222" from SOAP and CSV
      const stored = coerce(field, raw, options.mode, () => undefined);
      if ('error' in stored) return fail([stored.error]);
      matches = this.findByField(def.name, field, stored.value);
    }
    if (matches.length > 1) {
      return { ok: false, multiple: matches.map((r) => r.id), errors: [{ statusCode: 'DUPLICATE_EXTERNAL_ID', message: `${field.name}: more than one record found for external id field: [${matches.map((r) => r.id).join(', ')}]`, fields: [field.name] }] };
    }
    if (matches.length === 1) {
      const rest = Object.fromEntries(Object.entries(input).filter(([k]) => k !== key && k.toLowerCase() !== 'id'));
      return this.#asUpsert(this.update(matches[0]!.id, rest, options), false);
    }
    const withoutId = Object.fromEntries(Object.entries(input).filter(([k]) => field.type !== 'id' || k !== key));
    return this.#asUpsert(this.create(type, withoutId, options), true);
  }

  /**
   * Set fields the API itself may not write (MasterRecordId after a merge, a Lead's Converted*
   * fields): no validation, but audit stamp and undo as any write.
   */
  writeSystemFields(id: string, values: Record<string, FieldValue>): void {
    const record = this.get(id);
    if (record) this.#write(record, { ...values, SystemModstamp: this.#clock() });
  }

  /** Move a record (and its cascade children) to the recycle bin. */
  delete(id: string): DeleteOutcome {
    const record = this.get(id);
    if (!record) return { ok: false, notFound: true, errors: [{ statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'invalid cross reference id', fields: [] }] };
    if (record.deleted) return { ok: false, notFound: false, errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }] };
    const at = this.#clock();
    const victims = [record, ...(CASCADE[record.type] ?? []).flatMap((child) => [...this.records(child)].filter((r) => !r.deleted && Object.values(r.values).includes(record.id)))];
    for (const r of victims) this.#setDeleted(r, true, at);
    return { ok: true, id: record.id };
  }

  /** Restore a record from the recycle bin (with what its deletion cascaded to). */
  undelete(id: string): DeleteOutcome {
    const record = this.get(id);
    if (!record) return { ok: false, notFound: true, errors: [{ statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'invalid cross reference id', fields: [] }] };
    if (!record.deleted) return { ok: false, notFound: false, errors: [{ statusCode: 'UNDELETE_FAILED', message: 'Entity is not in the recycle bin', fields: [] }] };
    const at = record.deletedAt;
    const restored = [record, ...(CASCADE[record.type] ?? []).flatMap((child) => [...this.records(child)].filter((r) => r.deleted && r.deletedAt === at && Object.values(r.values).includes(record.id)))];
    for (const r of restored) this.#setDeleted(r, false, this.#clock());
    return { ok: true, id: record.id };
  }

  /** Remove a deleted record for good (emptyRecycleBin). */
  purge(id: string): DeleteOutcome {
    const record = this.get(id);
    if (!record || !record.deleted) {
      return { ok: false, notFound: !record, errors: [{ statusCode: 'INVALID_ID_FIELD', message: record ? 'Entity is not in the recycle bin' : 'invalid record id', fields: [] }] };
    }
    this.#records.delete(record.id);
    this.#byType.get(record.type.toLowerCase())!.delete(record.id);
    this.#undo?.push(() => {
      this.#records.set(record.id, record);
      this.#byType.get(record.type.toLowerCase())!.set(record.id, record);
    });
    return { ok: true, id: record.id };
  }

  /** Ids of live records of a type changed (SystemModstamp) within [start, end). */
  updatedIds(type: string, start: number, end: number): string[] {
    return [...this.records(type)].filter((r) => !r.deleted && (r.values.SystemModstamp as number) >= start && (r.values.SystemModstamp as number) < end).map((r) => r.id);
  }

  /** Records of a type deleted within [start, end). */
  deletedIds(type: string, start: number, end: number): { id: string; deletedDate: number }[] {
    return [...this.records(type)].filter((r) => r.deleted && r.deletedAt! >= start && r.deletedAt! < end).map((r) => ({ id: r.id, deletedDate: r.deletedAt! }));
  }

  /**
   * Run `fn` all-or-nothing: if it throws (Rollback or anything else), every change it made is
   * undone before the error propagates. Transactions nest into the outermost one.
   */
  transaction<T>(fn: () => T): T {
    if (this.#undo) return fn();
    const undo: (() => void)[] = [];
    this.#undo = undo;
    try {
      return fn();
    } catch (err) {
      for (let i = undo.length - 1; i >= 0; i--) undo[i]!();
      throw err;
    } finally {
      this.#undo = undefined;
    }
  }

  /** Remove every record (admin reset). */
  clear(): void {
    this.#records.clear();
    for (const map of this.#byType.values()) map.clear();
  }

  #convert(def: ObjectDef, input: SaveInput, options: SaveOptions, op: 'create' | 'update'): { values: Record<string, FieldValue>; errors: RecordError[] } {
    const values: Record<string, FieldValue> = {};
    const errors: RecordError[] = [];
    const readOnly: string[] = [];
    for (const [name, raw] of Object.entries(input)) {
      if (name === 'attributes') continue;
      const f = def.fieldMap.get(name.toLowerCase());
      if (!f) {
        errors.push({ statusCode: 'INVALID_FIELD', message: `No such column '${name}' on sobject of type ${def.name}`, fields: [] });
        continue;
      }
      if (f.name === 'Id' && op === 'update') continue;
      if (op === 'create' ? !f.createable : !f.updateable) {
        readOnly.push(f.name);
        continue;
      }
      const result = coerce(f, raw, options.mode, (id) => this.get(id) && !this.get(id)!.deleted ? this.get(id)!.type : undefined);
      if ('error' in result) errors.push(result.error);
      else values[f.name] = result.value;
    }
    if (readOnly.length > 0) {
      errors.push({
        statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
        message: `Unable to create/update fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
        fields: readOnly,
      });
    }
    return { values, errors };
  }

  #uniqueness(def: ObjectDef, values: Record<string, FieldValue>, self: string | undefined): RecordError[] {
    const errors: RecordError[] = [];
    for (const f of def.fields) {
      if (!f.unique || values[f.name] === undefined || values[f.name] === null) continue;
      const other = this.findByField(def.name, f, values[f.name]!).find((r) => r.id !== self);
      if (other) errors.push({ statusCode: 'DUPLICATE_VALUE', message: `duplicate value found: ${f.name} duplicates value on record with id: ${other.id}`, fields: [f.name] });
    }
    return errors;
  }

  #write(record: SRecord, values: Record<string, FieldValue>): void {
    const before = { ...record.values };
    Object.assign(record.values, values);
    derive(record);
    this.#undo?.push(() => {
      for (const k of Object.keys(record.values)) delete record.values[k];
      Object.assign(record.values, before);
    });
  }

  #setDeleted(record: SRecord, deleted: boolean, at: number): void {
    const before = { deleted: record.deleted, deletedAt: record.deletedAt, values: { ...record.values } };
    record.deleted = deleted;
    record.deletedAt = deleted ? at : undefined;
    record.values.IsDeleted = deleted;
    record.values.SystemModstamp = at;
    this.#undo?.push(() => {
      record.deleted = before.deleted;
      record.deletedAt = before.deletedAt;
      Object.assign(record.values, before.values);
    });
  }

  #asUpsert(outcome: SaveOutcome, created: boolean): UpsertOutcome {
    return outcome.ok ? { ok: true, id: outcome.id, created } : outcome;
  }
}

function fail(errors: RecordError[]): { ok: false; errors: RecordError[]; notFound: false } {
  return { ok: false, errors, notFound: false };
}
