import type { QueryPage } from '../cursors.js';
import type { FieldDef, FieldValue, ObjectDef, SRecord } from '../model.js';
import type { QueryCell, QueryResult, QueryRow } from '../soql/types.js';
import { restDateTime } from '../time.js';

/**
 * Records and query results as REST JSON: `attributes: {type, url}` first, then fields in canonical
 * casing with explicit nulls, datetimes as `2021-12-03T17:59:20.000+0000`, compound addresses as
 * nested objects, parents as nested records, child subqueries as nested query results.
 */

/** What rendering needs: the request's API version and a way to read records (compound fields). */
export interface RenderContext {
  /** `62.0` */
  readonly version: string;
  readonly records: { get(id: string): SRecord | undefined };
}

/** `/services/data/v62.0/sobjects/Account[/id]`. */
export function sobjectUrl(version: string, type: string, id?: string): string {
  return id === undefined ? `/services/data/v${version}/sobjects/${type}` : `/services/data/v${version}/sobjects/${type}/${id}`;
}

/** A record's `attributes` object. */
export function attributesOf(version: string, type: string, id: string): { type: string; url: string } {
  return { type, url: sobjectUrl(version, type, id) };
}

/** One stored value as REST JSON shows it. */
export function restValue(field: FieldDef | undefined, value: FieldValue | undefined): unknown {
  if (value === undefined || value === null) return null;
  if (field?.type === 'datetime' && typeof value === 'number') return restDateTime(value);
  return value;
}

/**
 * A compound address field (`BillingAddress`) from its components, keys in Salesforce's
 * (alphabetical) order; null when every component is empty, as Salesforce reports it.
 */
export function addressValue(record: SRecord, field: FieldDef): Record<string, unknown> | null {
  const prefix = field.name.replace(/Address$/, '');
  const part = (suffix: string): FieldValue => record.values[`${prefix}${suffix}`] ?? null;
  const value = {
    city: part('City'),
    country: part('Country'),
    geocodeAccuracy: part('GeocodeAccuracy'),
    latitude: part('Latitude'),
    longitude: part('Longitude'),
    postalCode: part('PostalCode'),
    state: part('State'),
    street: part('Street'),
  };
  return Object.values(value).every((v) => v === null) ? null : value;
}

/** The REST value of one field of a record (compound fields computed from their parts). */
export function fieldOf(record: SRecord, field: FieldDef): unknown {
  if (field.type === 'address') return addressValue(record, field);
  if (field.name === 'IsDeleted') return record.deleted;
  return restValue(field, record.values[field.name]);
}

/** A record with the given fields (all of the object's, in describe order, by default). */
export function renderRecord(record: SRecord, def: ObjectDef, version: string, fields: readonly FieldDef[] = def.fields): Record<string, unknown> {
  const out: Record<string, unknown> = { attributes: attributesOf(version, record.type, record.id) };
  for (const f of fields) out[f.name] = fieldOf(record, f);
  return out;
}

/** A query or search row: attributes, then its cells in SELECT order. */
export function renderRow(row: QueryRow, ctx: RenderContext): Record<string, unknown> {
  const out: Record<string, unknown> = {
    // aggregate rows have no record behind them, hence no url
    attributes: row.id === undefined ? { type: row.object } : attributesOf(ctx.version, row.object, row.id),
  };
  for (const cell of row.cells) out[cell.name] = renderCell(cell, row, ctx);
  return out;
}

function renderCell(cell: QueryCell, row: QueryRow, ctx: RenderContext): unknown {
  switch (cell.kind) {
    case 'field': {
      if (cell.field.type !== 'address') return restValue(cell.field, cell.value);
      const record = row.id === undefined ? undefined : ctx.records.get(row.id);
      return record ? addressValue(record, cell.field) : null;
    }
    case 'aggregate':
      return restValue(cell.field, cell.value);
    case 'parent':
      return cell.row === null ? null : renderRow(cell.row, ctx);
    case 'children':
      return cell.result === null ? null : renderNestedResult(cell.result, ctx);
  }
}

/** A child subquery's rows as the nested `{totalSize, done, records}` object. */
export function renderNestedResult(result: QueryResult, ctx: RenderContext): Record<string, unknown> {
  return { totalSize: result.totalSize, done: true, records: result.rows.map((r) => renderRow(r, ctx)) };
}

/**
 * One page of a query: `{totalSize, done, nextRecordsUrl?, records}` (nextRecordsUrl only while
 * more pages remain, under `/query/` for query and queryAll alike, as jsforce expects).
 */
export function renderQueryPage(page: QueryPage, ctx: RenderContext): Record<string, unknown> {
  const out: Record<string, unknown> = { totalSize: page.totalSize, done: page.done };
  if (!page.done && page.locator !== undefined) out.nextRecordsUrl = `/services/data/v${ctx.version}/query/${page.locator}`;
  out.records = page.result.isCount ? [] : page.rows.map((r) => renderRow(r, ctx));
  return out;
}
