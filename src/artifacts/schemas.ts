import { STEP_LIST_SCHEMA, type JsonSchema } from '../engine/types.js';

const NAME = '^[A-Za-z_][A-Za-z0-9_.-]*$';
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

/** A flow: inline steps, or the name of a sequence in sequences/. */
const FLOW = {
  anyOf: [{ type: 'string', pattern: NAME, description: 'name of a sequence in sequences/' }, STEP_LIST_SCHEMA],
};

/** JSON Schema of an API file (config/apis/*.yaml); steps are checked one by one by their own schemas. */
export const API_SCHEMA: JsonSchema = {
  $id: 'https://ferry.dev/schemas/api.schema.json',
  title: 'Ferry REST API (config/apis/*.yaml)',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'context', 'resources'],
  properties: {
    name: { type: 'string', pattern: NAME },
    description: { type: 'string' },
    // ':' and '*' would be read as route parameters and wildcards by the router
    context: { type: 'string', pattern: "^/([A-Za-z0-9._~!$&'()+,;=@%/-]|\\{version\\})*$", description: 'URL prefix of every resource, e.g. /orders' },
    version: { type: 'string', pattern: '^[A-Za-z0-9._-]+$' },
    versionType: { enum: ['url', 'context'], description: 'url (default): /context/version; context: the context holds {version}' },
    resources: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['methods', 'inSequence'],
        properties: {
          methods: {
            anyOf: [
              { type: 'array', minItems: 1, uniqueItems: true, items: { enum: [...HTTP_METHODS] } },
              { type: 'string', pattern: `^(${HTTP_METHODS.join('|')})( (${HTTP_METHODS.join('|')}))*$`, description: "MI's space-separated form" },
            ],
          },
          uriTemplate: { type: 'string', pattern: '^/', description: 'path below the context: /{id}, /search?q={q}, /files/*' },
          description: { type: 'string' },
          streamBody: { type: 'boolean', description: 'pass the request body to the flow unread, as a stream (CSV uploads of any size into Bulk steps); steps that need the parsed body read it then (bounded by server.bodyLimit)' },
          requestSchema: {
            type: ['object', 'string'],
            minLength: 1,
            description:
              'JSON Schema the request body must match: inline, or a .json/.yaml file relative to the project folder; checked before the flow runs (400 FERRY_ERR_HTTP_REQUEST_INVALID; a streamBody is not checked) and published in the OpenAPI document',
          },
          responseSchema: {
            type: ['object', 'string'],
            minLength: 1,
            description:
              'JSON Schema a successful (2xx) response body must match: inline or a file, like requestSchema; a mismatch is logged and answered 500 FERRY_ERR_RESPONSE_SCHEMA; published in the OpenAPI document',
          },
          inSequence: FLOW,
          faultSequence: FLOW,
        },
      },
    },
  },
};

/** JSON Schema of a sequence file (sequences/*.yaml). */
export const SEQUENCE_SCHEMA: JsonSchema = {
  $id: 'https://ferry.dev/schemas/sequence.schema.json',
  title: 'Ferry sequence (sequences/*.yaml)',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'steps'],
  properties: {
    name: { type: 'string', pattern: NAME },
    description: { type: 'string' },
    steps: STEP_LIST_SCHEMA,
    onError: FLOW,
  },
};
