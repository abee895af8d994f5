import type { JsonSchema } from '../engine/types.js';

const NAME = '^[a-z][A-Za-z0-9]*$';

/** JSON Schema of a connector.yaml. */
export const CONNECTOR_SCHEMA: JsonSchema = {
  $id: 'https://ferry.dev/schemas/connector.schema.json',
  title: 'Ferry connector descriptor (connector.yaml)',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'version', 'description', 'connectionTypes', 'operations'],
  properties: {
    name: { type: 'string', pattern: NAME, description: 'the step prefix, e.g. salesforce' },
    version: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+' },
    description: { type: 'string' },
    module: { type: 'string', description: 'the module file, relative to this folder (default index.js)' },
    connectionTypes: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: NAME },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['description', 'schema'],
        properties: { description: { type: 'string' }, schema: { type: 'object' } },
      },
    },
    operations: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: NAME, not: { const: 'init' } },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['description', 'connectionTypes', 'params', 'result'],
        properties: {
          description: { type: 'string' },
          connectionTypes: { type: 'array', minItems: 1, items: { type: 'string' } },
          params: { type: 'object', description: 'JSON Schema of the parameters (type object)' },
          aliases: { type: 'object', additionalProperties: { type: 'string' } },
          result: { type: 'object', description: 'JSON Schema of the result payload' },
        },
      },
    },
  },
};
