import type { Ajv } from 'ajv';
import { FerryError } from '../errors.js';
import type { ValidateFunction } from '../schema/ajv.js';
import type { MediatorDefinition } from './types.js';

/** A definition plus its config validator, compiled once when the definition is registered. */
export interface RegisteredStep {
  readonly def: MediatorDefinition;
  readonly validate: ValidateFunction;
}

// camelCase names; a dotted name (`salesforce.query`) is a connector operation.
const NAME = /^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)?$/;

/**
 * The one registry of step kinds. Built-in mediators and connector operations register the same
 * way; duplicates and bad names are coded errors, never silent overrides.
 */
export class StepRegistry {
  readonly #steps = new Map<string, RegisteredStep>();
  readonly #ajv: Ajv;

  constructor(ajv: Ajv) {
    this.#ajv = ajv;
  }

  /** Add a definition; throws FERRY_ERR_REGISTRY_* on a duplicate, a bad name or a bad schema. */
  register(def: MediatorDefinition): void {
    if (typeof def?.name !== 'string' || !NAME.test(def.name)) {
      throw new FerryError('FERRY_ERR_REGISTRY_BAD_NAME', `step name ${JSON.stringify(def?.name)} must be camelCase, optionally prefixed by a connector name and a dot`);
    }
    if (this.#steps.has(def.name)) {
      throw new FerryError('FERRY_ERR_REGISTRY_DUPLICATE', `a step named '${def.name}' is already registered`);
    }
    if (typeof def.compile !== 'function' || typeof def.schema !== 'object' || def.schema === null) {
      throw new FerryError('FERRY_ERR_REGISTRY_BAD_DEFINITION', `step '${def.name}' needs a schema object and a compile function`);
    }
    let validate: ValidateFunction;
    try {
      validate = this.#ajv.compile(def.schema);
    } catch (err) {
      throw new FerryError('FERRY_ERR_REGISTRY_BAD_DEFINITION', `step '${def.name}' has an invalid schema: ${(err as Error).message}`, { cause: err });
    }
    this.#steps.set(def.name, { def, validate });
  }

  get(name: string): RegisteredStep | undefined {
    return this.#steps.get(name);
  }

  /** Every registered definition, in registration order. */
  all(): MediatorDefinition[] {
    return [...this.#steps.values()].map((s) => s.def);
  }
}
