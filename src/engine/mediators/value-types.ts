import { FerryError } from '../../errors.js';
import { parseXml } from '../../formats/xml.js';

/** MI's variable/property types. */
export const VALUE_TYPES = ['STRING', 'INTEGER', 'BOOLEAN', 'DOUBLE', 'FLOAT', 'LONG', 'SHORT', 'JSON', 'XML', 'OM'] as const;
export type ValueType = (typeof VALUE_TYPES)[number];

const INTEGER = /^[+-]?\d+$/;
const LIMITS: Partial<Record<ValueType, [number, number]>> = {
  SHORT: [-32768, 32767],
  INTEGER: [-2147483648, 2147483647],
  LONG: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/**
 * Convert a value to an MI type, or fail with FERRY_ERR_VARIABLE_TYPE naming the value and the
 * type. JSON parses strings (objects pass through); XML/OM parse XML text into the object form
 * XML payloads have, so `${vars.x.root.child}` works on both.
 */
export function convertValue(value: unknown, type: ValueType, name: string): unknown {
  const fail = (why = ''): never => {
    const shown = typeof value === 'string' ? JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value) : typeof value;
    throw new FerryError('FERRY_ERR_VARIABLE_TYPE', `'${name}': ${shown} is not a valid ${type}${why}`);
  };
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'STRING':
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
    case 'SHORT':
    case 'INTEGER':
    case 'LONG': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && INTEGER.test(value.trim()) ? Number(value.trim()) : NaN;
      if (!Number.isInteger(n)) return fail();
      const [min, max] = LIMITS[type]!;
      if (n < min || n > max) return fail(` (out of range ${min}..${max})`);
      return n;
    }
    case 'DOUBLE':
    case 'FLOAT': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      return Number.isFinite(n) ? n : fail();
    }
    case 'BOOLEAN':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
      return fail();
    case 'JSON':
      if (typeof value !== 'string') return value;
      try {
        return JSON.parse(value) as unknown;
      } catch (err) {
        return fail(`: ${(err as Error).message}`);
      }
    case 'XML':
    case 'OM':
      if (typeof value !== 'string') return value;
      try {
        return parseXml(value, 'FERRY_ERR_VARIABLE_TYPE', `'${name}'`);
      } catch (err) {
        throw new FerryError('FERRY_ERR_VARIABLE_TYPE', (err as Error).message);
      }
  }
}

/** MI's truthiness for filter conditions: booleans, the strings "true"/"false", non-zero numbers, present objects. */
export function isTrue(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.trim().toLowerCase() === 'true';
  if (typeof value === 'number') return value !== 0;
  return value !== null && value !== undefined;
}

/** A regex that must match the whole text, as Java's String.matches does in MI. */
export function fullMatch(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`, 's');
}
