import { Ajv, type AsyncValidateFunction, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under NodeNext its default export arrives as the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

// MI's own examples declare draft-04; ajv 8 has no draft-04/06 meta-schema, and their common
// subset is read the same way by draft-07. A draft-04-only form (boolean exclusiveMaximum) is
// then refused at load with ajv's message.
const DRAFT_07_COMPATIBLE = /^https?:\/\/json-schema\.org\/draft-0[467]\/schema#?$/;

/**
 * Compile a user's JSON Schema (a validate step's), once, at load. Unlike Ferry's own schemas
 * (src/schema/ajv.ts, strict), user schemas are read leniently: unknown keywords are ignored, as
 * other validators do. Each step gets its own ajv, so `$id`s of different steps never clash.
 * Throws ajv's error for an invalid schema, and refuses `$async` schemas, whose check returns a
 * promise that would let every value pass.
 */
export function compileUserSchema(schema: unknown): ValidateFunction {
  const declared = typeof schema === 'object' && schema !== null ? (schema as { $schema?: unknown }).$schema : undefined;
  const options = { allErrors: true, strict: false };
  let ajv: Ajv;
  if (typeof declared === 'string' && declared.includes('/draft/2020-12/')) ajv = new Ajv2020(options);
  else if (typeof declared === 'string' && declared.includes('/draft/2019-09/')) ajv = new Ajv2019(options);
  else ajv = new Ajv(options);
  addFormats(ajv);
  let check: ValidateFunction | AsyncValidateFunction;
  if (typeof declared === 'string' && DRAFT_07_COMPATIBLE.test(declared)) {
    const { $schema: _declared, ...rest } = schema as Record<string, unknown>;
    check = ajv.compile(rest);
  } else {
    check = ajv.compile(schema as object);
  }
  if ('$async' in check && check.$async) throw new Error('asynchronous schemas ($async) are not supported');
  return check;
}

/** One failed check, with the path written as an expression (`payload.items[0].name`). */
export interface SchemaViolation {
  readonly path: string;
  readonly message: string;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** ajv's errors as violations under `base` (the validated value's own path, e.g. `payload`). */
export function violations(errors: readonly ErrorObject[], base: string): SchemaViolation[] {
  // an `if` error only repeats what its failed `then`/`else` already says
  return errors.filter((e) => e.keyword !== 'if').map((e) => {
    let path = base;
    for (const raw of e.instancePath.split('/').slice(1)) {
      const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      path += /^\d+$/.test(seg) ? `[${seg}]` : IDENTIFIER.test(seg) ? `.${seg}` : `[${JSON.stringify(seg)}]`;
    }
    const extra = e.keyword === 'additionalProperties' ? (e.params as { additionalProperty?: string }).additionalProperty : undefined;
    const message = extra === undefined ? (e.message ?? e.keyword) : `must not have property '${extra}'`;
    return { path, message };
  });
}
