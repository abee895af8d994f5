import type { Ajv } from 'ajv';
import { StepRegistry } from '../registry.js';
import type { MediatorDefinition } from '../types.js';
import { call } from './call.js';
import { drop } from './drop.js';
import { enrich } from './enrich.js';
import { filter } from './filter.js';
import { foreach } from './foreach.js';
import { header } from './header.js';
import { log } from './log.js';
import { payloadFactory } from './payload-factory.js';
import { property } from './property.js';
import { respond } from './respond.js';
import { sequence } from './sequence.js';
import { switchMediator } from './switch.js';
import { throwError } from './throw-error.js';
import { validate } from './validate.js';
import { variable } from './variable.js';

/** Ferry's built-in mediators; they register exactly as plugins do. */
export const BUILTIN_MEDIATORS: readonly MediatorDefinition[] = [
  log,
  variable,
  property,
  header,
  payloadFactory,
  enrich,
  filter,
  switchMediator,
  foreach,
  call,
  respond,
  drop,
  sequence,
  throwError,
  validate,
];

/** A registry holding the built-in mediators. */
export function createBuiltinRegistry(ajv: Ajv): StepRegistry {
  const registry = new StepRegistry(ajv);
  for (const def of BUILTIN_MEDIATORS) registry.register(def);
  return registry;
}
