import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_SCHEMA } from '../config/schema.js';
import { createBuiltinRegistry } from '../engine/mediators/index.js';
import type { JsonSchema, MediatorDefinition } from '../engine/types.js';
import { createAjv } from '../schema/ajv.js';
import { Connections } from '../connectors/connections.js';
import { CONNECTOR_SCHEMA } from '../connectors/descriptor-schema.js';
import { builtinConnectors } from '../connectors/discover.js';
import { connectorSteps } from '../connectors/steps.js';
import { HttpClients } from '../http/clients.js';
import { createLogger } from '../logging/logger.js';
import { API_SCHEMA, SEQUENCE_SCHEMA } from './schemas.js';

/**
 * The JSON Schemas shipped in schemas/ for editors (yaml-language-server): the artifact schemas
 * with the whole step vocabulary spliced in, so every mediator and its options autocomplete.
 * Ferry itself validates step by step (for precise positions); these are the same rules in one
 * document.
 */
export function editorSchemas(mediators: readonly MediatorDefinition[] = builtinSteps()): Record<string, JsonSchema> {
  const step = {
    description: 'one step: a map with exactly one key, the mediator name',
    oneOf: mediators.map((def) => ({
      type: 'object',
      additionalProperties: false,
      required: [def.name],
      properties: { [def.name]: { description: def.description, ...(linkSteps(def.schema) as object) } },
    })),
  };
  const definitions = { steps: { type: 'array', items: { $ref: '#/definitions/step' } }, step };
  return {
    'api.schema.json': { $schema: 'http://json-schema.org/draft-07/schema#', ...(linkSteps(API_SCHEMA) as object), definitions },
    'sequence.schema.json': { $schema: 'http://json-schema.org/draft-07/schema#', ...(linkSteps(SEQUENCE_SCHEMA) as object), definitions },
    'server.schema.json': { $schema: 'http://json-schema.org/draft-07/schema#', ...SERVER_SCHEMA },
    'connector.schema.json': { $schema: 'http://json-schema.org/draft-07/schema#', ...CONNECTOR_SCHEMA },
  };
}

/** The built-in mediators and the built-in connectors' operation steps. */
function builtinSteps(): MediatorDefinition[] {
  const connectors = builtinConnectors();
  const connections = new Connections(connectors, { http: new HttpClients(), logger: createLogger({ level: 'silent', format: 'json' }), projectDir: '.', sandboxUrl: () => undefined });
  return [...createBuiltinRegistry(createAjv()).all(), ...connectors.flatMap((c) => connectorSteps(c, connections))];
}

/** Replace every nested-steps marker with a reference to the step-list definition. */
function linkSteps(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(linkSteps);
  if (!schema || typeof schema !== 'object') return schema;
  if ((schema as Record<string, unknown>)['x-ferry-steps']) return { $ref: '#/definitions/steps' };
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, linkSteps(v)]));
}

/** The text of each shipped schema file. */
export function renderSchemas(): Record<string, string> {
  return Object.fromEntries(Object.entries(editorSchemas()).map(([name, schema]) => [name, `${JSON.stringify(schema, null, 2)}\n`]));
}

/** Write the shipped schemas into a folder; returns the paths written. */
export function writeSchemas(outDir: string): string[] {
  mkdirSync(outDir, { recursive: true });
  return Object.entries(renderSchemas()).map(([name, text]) => {
    const path = join(outDir, name);
    writeFileSync(path, text);
    return path;
  });
}
