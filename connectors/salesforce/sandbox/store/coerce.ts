import { toId18 } from '../ids.js';
import type { FieldDef, FieldValue, RecordError } from '../model.js';
import { parseDate, parseDateTime } from '../time.js';

/**
 * How input values arrive: `json` (REST: typed JSON values) or `text` (SOAP and Bulk CSV: every
 * value is a string). The two report type mismatches as their APIs do.
 */
export type InputMode = 'json' | 'text';

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

// the type Salesforce's deserialiser names; recorded: `reference` (lookups), `multipicklist`, `string` (text)
const JAVA_TYPES: Partial<Record<FieldDef['type'], string>> = {
  reference: 'reference',
  multipicklist: 'multipicklist',
  int: 'int',
  long: 'long',
  double: 'double',
  currency: 'double',
  percent: 'double',
  boolean: 'boolean',
  date: 'date',
  datetime: 'datetime',
  time: 'time',
};

/** A value checked and converted for a field, or the error Salesforce would report. */
export function coerce(field: FieldDef, raw: unknown, mode: InputMode, exists: (id: string) => string | undefined): { value: FieldValue } | { error: RecordError } {
  if (raw === null || raw === undefined) return { value: null };
  const mismatch = (): { error: RecordError } =>
    mode === 'json'
      ? error('JSON_PARSER_ERROR', deserializeMessage(JAVA_TYPES[field.type] ?? 'string', raw), [])
      : error('INVALID_TYPE_ON_FIELD_IN_RECORD', `${field.label}: value not of required type: ${shown(jsonToken(raw).text)}`, [field.name]);
  if (typeof raw === 'object') return mismatch();

  switch (field.type) {
    case 'boolean': {
      if (typeof raw === 'boolean') return { value: raw };
      const text = String(raw).trim().toLowerCase();
      if (text === 'true' || text === '1') return { value: true };
      if (text === 'false' || text === '0' || text === '') return { value: false };
      return mismatch();
    }
    case 'int':
    case 'long': {
      const text = String(raw).trim();
      if (typeof raw === 'number' ? Number.isInteger(raw) : INTEGER.test(text)) return { value: Number(text) };
      if (NUMBER.test(text)) return { value: Math.trunc(Number(text)) };
      return mismatch();
    }
    case 'double':
    case 'currency':
    case 'percent': {
      const text = String(raw).trim();
      if (typeof raw === 'number' || (typeof raw === 'string' && NUMBER.test(text))) return { value: Number(text) };
      return mismatch();
    }
    case 'date': {
      const date = typeof raw === 'string' ? parseDate(raw) : undefined;
      return date === undefined ? mismatch() : { value: date };
    }
    case 'datetime': {
      const ms = typeof raw === 'string' ? parseDateTime(raw) : typeof raw === 'number' ? raw : undefined;
      return ms === undefined ? mismatch() : { value: ms };
    }
    case 'reference':
    case 'id': {
      const text = String(raw).trim();
      if (text === '') return { value: null };
      const id = toId18(text);
      if (!id) return error('MALFORMED_ID', `${field.label}: id value of incorrect type: ${text}`, [field.name]);
      const type = exists(id);
      if (!type) return error('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [field.name]);
      if (field.referenceTo.length > 0 && !field.referenceTo.some((t) => t.toLowerCase() === type.toLowerCase())) {
        return error('FIELD_INTEGRITY_EXCEPTION', `${field.label}: id value of incorrect type: ${text}`, [field.name]);
      }
      return { value: id };
    }
    default: {
      const text = String(raw);
      if (field.length > 0 && text.length > field.length) {
        return error('STRING_TOO_LONG', `${field.label}: data value too large: ${shown(text)} (max length=${field.length})`, [field.name]);
      }
      if (field.type === 'email' && text !== '' && !EMAIL.test(text)) {
        return error('INVALID_EMAIL_ADDRESS', `${field.label}: invalid email address: ${text}`, [field.name]);
      }
      if (field.restrictedPicklist && text !== '' && !field.picklistValues.some((p) => p.value === text)) {
        return error('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `${field.label}: bad value for restricted picklist field: ${text}`, [field.name]);
      }
      return { value: text === '' && mode === 'text' ? null : text };
    }
  }
}

function error(statusCode: string, message: string, fields: string[]): { error: RecordError } {
  return { error: { statusCode, message, fields } };
}

/**
 * Salesforce's Jackson message for a JSON value a field cannot take. It names the token the value
 * starts with; recorded: `… from VALUE_STRING value 2017-05-30T-06:00:00X or request may be missing
 * a required field`, `… from START_OBJECT value { or request may be missing a required field`, and
 * `… from START_ARRAY value` with nothing after it but the position (which we do not track).
 */
function deserializeMessage(type: string, raw: unknown): string {
  const { token, text } = jsonToken(raw);
  const base = `Cannot deserialize instance of ${type} from ${token} value`;
  return token === 'START_ARRAY' ? base : `${base} ${shown(text)} or request may be missing a required field`;
}

/**
 * The Jackson token a parsed JSON value starts with, and how the message shows it. Objects and
 * arrays show only their opening bracket: String() of a deeply nested array recurses once per
 * level and overflows the stack. (`1.0` parses to 1, so it is reported as VALUE_NUMBER_INT.)
 */
function jsonToken(raw: unknown): { token: string; text: string } {
  if (Array.isArray(raw)) return { token: 'START_ARRAY', text: '[' };
  if (typeof raw === 'object') return { token: 'START_OBJECT', text: '{' };
  if (typeof raw === 'boolean') return { token: raw ? 'VALUE_TRUE' : 'VALUE_FALSE', text: String(raw) };
  if (typeof raw === 'number') return { token: Number.isInteger(raw) ? 'VALUE_NUMBER_INT' : 'VALUE_NUMBER_FLOAT', text: String(raw) };
  return { token: 'VALUE_STRING', text: String(raw) };
}

function shown(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
