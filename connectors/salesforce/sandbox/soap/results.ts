import type { FieldDef, FieldValue, RecordError, SRecord } from '../model.js';
import type { QueryCell, QueryResult, QueryRow } from '../soql/types.js';
import { isoDateTime } from '../time.js';
import { each, el, esc, leaf, nil } from './xml.js';

/**
 * sObjects and result types as the partner API writes them: `<sf:type>`, then `<sf:Id>` (the
 * record's Id when selected, else nil), then the selected fields in SELECT order — so a selected
 * Id appears twice; nulls as `xsi:nil`, parents as nested `sf:sObject`s, child subqueries as nested
 * QueryResults (nil when empty), doubles in Java's notation (`75000.0`, `1.39E8`).
 */

/** Reads records behind rows (compound address fields are computed from their parts). */
export interface RowSource {
  get(id: string): SRecord | undefined;
}

const DOUBLE_TYPES: ReadonlySet<string> = new Set(['double', 'currency', 'percent']);

/** A number as Java's Double.toString writes it, which is what the SOAP API sends for xsd:double. */
export function javaDouble(n: number): string {
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(n);
  if (abs >= 1e-3 && abs < 1e7) {
    const text = String(n);
    return text.includes('.') || text.includes('e') ? text : `${text}.0`;
  }
  const [mantissa, exponent] = n.toExponential().split('e') as [string, string];
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

/** A stored value as SOAP text, or null. */
export function soapValue(field: FieldDef | undefined, value: FieldValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (field?.type === 'datetime') return isoDateTime(value);
    if (field && DOUBLE_TYPES.has(field.type)) return javaDouble(value);
    return Number.isInteger(value) ? String(value) : javaDouble(value);
  }
  return value;
}

/** A row as an sObject element (`records`, `result`, `record`, or `sf:Account` for a parent). */
export function sobjectXml(tag: string, row: QueryRow, source: RowSource): string {
  const id = row.cells.find((c) => c.kind === 'field' && c.name === 'Id');
  let out = leaf('sf:type', row.object) + leaf('sf:Id', id?.kind === 'field' ? (id.value as string | null) : null);
  for (const cell of row.cells) out += cellXml(cell, row, source);
  return el(tag, out, ' xsi:type="sf:sObject"');
}

function cellXml(cell: QueryCell, row: QueryRow, source: RowSource): string {
  const name = `sf:${cell.name}`;
  switch (cell.kind) {
    case 'field':
      if (cell.field.type === 'address') return addressXml(name, row.id === undefined ? undefined : source.get(row.id), cell.field);
      return leaf(name, soapValue(cell.field, cell.value));
    case 'aggregate':
      return aggregateXml(name, cell.field, cell.value);
    case 'parent':
      return cell.row === null ? nil(name) : sobjectXml(name, cell.row, source);
    case 'children':
      return cell.result === null ? nil(name) : el(name, queryResultContent(cell.result.rows, cell.result.totalSize, true, undefined, source), ' xsi:type="QueryResult"');
  }
}

// AggregateResult is untyped in the WSDL, so each value says what it is
function aggregateXml(name: string, field: FieldDef | undefined, value: FieldValue): string {
  if (value === null) return nil(name);
  let type: string;
  if (typeof value === 'number') {
    if (field?.type === 'datetime') type = 'xsd:dateTime';
    else if ((field && DOUBLE_TYPES.has(field.type)) || !Number.isInteger(value)) type = 'xsd:double';
    else type = 'xsd:int';
  } else if (typeof value === 'boolean') type = 'xsd:boolean';
  else type = field && field.soapType.startsWith('xsd:') ? field.soapType : 'xsd:string';
  const text = type === 'xsd:double' ? javaDouble(value as number) : soapValue(field, value)!;
  return `<${name} xsi:type="${type}">${esc(text)}</${name}>`;
}

// compound address: tns:address, location's latitude/longitude first (WSDL extension order)
function addressXml(name: string, record: SRecord | undefined, field: FieldDef): string {
  const prefix = field.name.replace(/Address$/, '');
  const part = (suffix: string): FieldValue => record?.values[`${prefix}${suffix}`] ?? null;
  const parts: [string, FieldValue][] = [
    ['latitude', part('Latitude')],
    ['longitude', part('Longitude')],
    ['city', part('City')],
    ['country', part('Country')],
    ['countryCode', part('CountryCode')],
    ['geocodeAccuracy', part('GeocodeAccuracy')],
    ['postalCode', part('PostalCode')],
    ['state', part('State')],
    ['stateCode', part('StateCode')],
    ['street', part('Street')],
  ];
  if (parts.every(([, v]) => v === null)) return nil(name);
  return el(name, parts.map(([k, v]) => leaf(k, soapValue(undefined, v))).join(''), ' xsi:type="address"');
}

/** The elements of a QueryResult in WSDL order: done, queryLocator, records…, size. */
export function queryResultContent(rows: readonly QueryRow[], size: number, done: boolean, locator: string | undefined, source: RowSource): string {
  return leaf('done', done) + leaf('queryLocator', locator ?? null) + rows.map((r) => sobjectXml('records', r, source)).join('') + leaf('size', size);
}

/** A top-level `<result xsi:type="QueryResult">` for query, queryAll and queryMore. */
export function queryResultXml(result: QueryResult, rows: readonly QueryRow[], done: boolean, locator: string | undefined, source: RowSource): string {
  return el('result', queryResultContent(result.isCount ? [] : rows, result.totalSize, done, locator, source), ' xsi:type="QueryResult"');
}

/** `<errors>` elements in Error's WSDL order: fields…, message, statusCode. */
export function errorsXml(errors: readonly RecordError[]): string {
  return errors.map((e) => el('errors', each('fields', e.fields) + leaf('message', e.message) + leaf('statusCode', e.statusCode))).join('');
}

/** A SaveResult / DeleteResult / UndeleteResult / EmptyRecycleBinResult: errors…, id, success. */
export function saveResultXml(outcome: { id: string | undefined; errors: readonly RecordError[] }): string {
  return el('result', errorsXml(outcome.errors) + leaf('id', outcome.id ?? null) + leaf('success', outcome.errors.length === 0));
}

/** An UpsertResult: created, errors…, id, success. */
export function upsertResultXml(outcome: { id: string | undefined; created: boolean; errors: readonly RecordError[] }): string {
  return el('result', leaf('created', outcome.created) + errorsXml(outcome.errors) + leaf('id', outcome.id ?? null) + leaf('success', outcome.errors.length === 0));
}
