/**
 * Value helpers shared by operators, paths and functions: how a value is named in an error, how
 * it is written into a string template, and JSON-style equality. Values are plain JSON-like data
 * (what the engine keeps in payload/vars), so no class instances are expected here.
 */

/** Longest piece of a value quoted in an error message (values may hold personal data or tokens). */
export const MAX_VALUE_CHARS = 60;

/** A non-null, non-array object. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Own-property read: `payload.constructor` must not reach Object.prototype. */
export function getOwn(obj: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** The JSON type name of a value, as used in messages. */
export function typeOf(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function truncate(text: string): string {
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** `string "abc"`, `number 3`, `object {"a":1}` — short and truncated, for error messages. */
export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  const type = typeOf(v);
  const text = typeof v === 'string' ? JSON.stringify(v) : typeof v === 'object' ? safeJson(v) : String(v);
  return `${type} ${truncate(text)}`;
}

/**
 * How a value is written into a string template. MI prints nothing for a missing value
 * (InlineExpressionUtilTest: "Processing user : ${payload.team[0].age}" → "Processing user : ")
 * and compact JSON for objects and arrays.
 */
export function renderTemplateValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'object') return safeJson(v);
  return String(v);
}

/** Structural equality of JSON values (used by filters and `in`/`subsetof`…). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}
