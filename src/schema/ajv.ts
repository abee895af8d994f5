import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under NodeNext its default export arrives as the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/**
 * The one ajv instance for Ferry's own schemas (server config, artifacts, mediator configs).
 * Every schema is compiled once, at load, and reused. `x-ferry-steps` marks nested step lists.
 */
export function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addKeyword({ keyword: 'x-ferry-steps', schemaType: 'boolean' });
  return ajv;
}

/** One schema violation, with the instance path split into segments for position lookup. */
export interface SchemaProblem {
  readonly path: (string | number)[];
  readonly message: string;
  /** the offending key is a property name (unknown key): point at the key, not the value */
  readonly atKey: boolean;
}

/**
 * Turn ajv's errors into readable problems. A value that fails `anyOf` gets errors from every
 * branch; keep the ones that say most: a branch's deeper error beats another branch's "must be
 * <type>" at the same place, and several type errors at one place merge into one.
 */
export function schemaProblems(errors: ErrorObject[] | null | undefined): SchemaProblem[] {
  if (!errors) return [];
  const relevant = errors.filter((e) => e.keyword !== 'if' && e.keyword !== 'anyOf' && e.keyword !== 'oneOf');
  const deeper = (path: string) => relevant.some((o) => o.keyword !== 'type' && o.instancePath.startsWith(`${path}/`));
  const kept = relevant.filter((e) => e.keyword !== 'type' || !deeper(e.instancePath));
  const typesAt = new Map<string, string[]>();
  // ajv names several allowed types as "object,string"
  for (const e of kept) if (e.keyword === 'type') typesAt.set(e.instancePath, [...(typesAt.get(e.instancePath) ?? []), ...String((e.params as { type: string }).type).split(',')]);
  const out: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const e of kept) {
    const path = splitPointer(e.instancePath);
    let message: string;
    let atKey = false;
    switch (e.keyword) {
      case 'additionalProperties': {
        const key = String((e.params as { additionalProperty: string }).additionalProperty);
        path.push(key);
        atKey = true;
        message = `unknown property '${key}'`;
        break;
      }
      case 'required':
        message = `missing required property '${(e.params as { missingProperty: string }).missingProperty}'`;
        break;
      case 'enum':
        message = `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
        break;
      case 'type':
        message = `must be ${[...new Set(typesAt.get(e.instancePath))].join(' or ')}`;
        break;
      default:
        message = e.message ?? e.keyword;
    }
    const where = path.length ? path.join('.') : '(top level)';
    const key = `${where}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, message: `${where}: ${message}`, atKey });
  }
  return out;
}

function splitPointer(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

export type { ValidateFunction };
