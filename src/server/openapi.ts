import { stringify } from 'yaml';
import type { LoadedApi, LoadedResource } from '../artifacts/apis.js';
import type { Project } from '../artifacts/project.js';
import type { JsonSchema } from '../engine/types.js';

/** An OpenAPI 3.1 document, as plain JSON data. */
export type OpenApiDocument = Record<string, unknown>;

export const OPENAPI_VERSION = '3.1.0';

// OpenAPI 3.1 Schema Objects are JSON Schema (2020-12 by default, or the dialect `$schema`
// names), so a resource's requestSchema / responseSchema goes in as written.
const ERROR_SCHEMA = 'FerryError';
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const BINARY = { type: 'string', format: 'binary' };

/**
 * The OpenAPI document of one API (MI's `?swagger.json`, with bodies): a server at
 * `serverUrl` + the API's context (its version included), one path per uriTemplate, one
 * operation per method, path parameters and the uriTemplate's query parameters, and the
 * resource's requestSchema / responseSchema as request and 200 response bodies. Every operation
 * also documents Ferry's error answer `{"error": {"code", "message"}}`.
 */
export function openApiDocument(api: LoadedApi, serverUrl: string): OpenApiDocument {
  const paths: Record<string, Record<string, unknown>> = {};
  const schemas: Record<string, unknown> = { [ERROR_SCHEMA]: errorSchema() };
  const operationIds = new Set<string>();
  for (const resource of api.resources) {
    const { path, wildcard } = openApiPath(resource);
    const item = (paths[path] ??= {});
    const base = operationName(resource.methods[0]!, path, operationIds);
    const request = resource.requestSchema && addSchema(schemas, `${base}_request`, resource.requestSchema);
    const response = resource.responseSchema && addSchema(schemas, `${base}_response`, resource.responseSchema);
    for (const method of resource.methods) {
      const operation: Record<string, unknown> = { operationId: method === resource.methods[0] ? base : operationName(method, path, operationIds) };
      if (resource.description) operation.summary = resource.description;
      const parameters = parametersOf(resource, wildcard);
      if (parameters.length) operation.parameters = parameters;
      const body = requestBody(resource, method, request);
      if (body) operation.requestBody = body;
      operation.responses = responses(request !== undefined, response);
      item[method.toLowerCase()] = operation;
    }
  }
  const info: Record<string, unknown> = { title: api.name, version: api.version ?? '1.0.0' };
  if (api.description) info.description = api.description;
  return {
    openapi: OPENAPI_VERSION,
    info,
    servers: [{ url: joinUrl(serverUrl, api.context) }],
    paths,
    components: { schemas },
  };
}

/** The same document as YAML (MI's `?swagger.yaml`). */
export function openApiYaml(doc: OpenApiDocument): string {
  return stringify(doc, { aliasDuplicateObjects: false, lineWidth: 0 });
}

/** The document of the project's API `apiName`, or undefined when it has none of that name. */
export function openApiFor(project: Pick<Project, 'apis'>, apiName: string, serverUrl: string): OpenApiDocument | undefined {
  const api = project.apis.find((a) => a.name === apiName);
  return api && openApiDocument(api, serverUrl);
}

/**
 * The uriTemplate's path in OpenAPI form. `{id}` stays as it is; a trailing `/*` (the rest of the
 * path, read as pathParams["*"]) becomes a parameter named `path`, or `path_1`… when taken.
 */
function openApiPath(resource: LoadedResource): { path: string; wildcard: string | undefined } {
  const source = resource.template.source;
  const q = source.indexOf('?');
  const path = q === -1 ? source : source.slice(0, q);
  if (!path.endsWith('/*')) return { path, wildcard: undefined };
  const taken = new Set([...resource.template.pathParams, ...resource.template.queryParams.map((p) => p.param)]);
  let wildcard = 'path';
  for (let i = 1; taken.has(wildcard); i++) wildcard = `path_${i}`;
  return { path: `${path.slice(0, -1)}{${wildcard}}`, wildcard };
}

/** `get_orders_id`: the method and the path, as an identifier; unique in the document. */
function operationName(method: string, path: string, taken: Set<string>): string {
  const tail = path.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  const base = `${method.toLowerCase()}_${tail || 'root'}`;
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
  taken.add(name);
  return name;
}

function parametersOf(resource: LoadedResource, wildcard: string | undefined): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = resource.template.pathParams.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
  if (wildcard) {
    out.push({ name: wildcard, in: 'path', required: true, description: 'the rest of the path (may hold /), read as ${params.pathParams["*"]}', schema: { type: 'string' } });
  }
  for (const { param, name } of resource.template.queryParams) {
    const p: Record<string, unknown> = { name: param, in: 'query', required: false, schema: { type: 'string' } };
    if (name !== param) p.description = `read as \${params.pathParams.${name}}`;
    out.push(p);
  }
  return out;
}

function requestBody(resource: LoadedResource, method: string, schema: JsonSchema | undefined): Record<string, unknown> | undefined {
  const content: Record<string, unknown> = {};
  if (resource.streamBody) {
    // passed on unread: a CSV or any bytes, of any size
    content['text/csv'] = { schema: { ...BINARY } };
    content['application/octet-stream'] = { schema: { ...BINARY } };
  }
  if (schema) content['application/json'] = { schema };
  if (!resource.streamBody && !schema && BODY_METHODS.has(method)) {
    // no declared shape: the flow reads JSON, XML, forms, text or bytes
    content['*/*'] = {};
  }
  if (Object.keys(content).length === 0) return undefined;
  // a requestSchema is enforced for bodied methods; other methods are checked only when they send one
  return { required: BODY_METHODS.has(method) && (schema !== undefined || resource.streamBody), content };
}

function responses(checked: boolean, schema: JsonSchema | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {
    '200': schema ? { description: 'Success', content: { 'application/json': { schema } } } : { description: 'Success' },
  };
  if (checked) out['400'] = { description: 'The request body does not match the requestSchema (FERRY_ERR_HTTP_REQUEST_INVALID)', content: errorContent() };
  out.default = { description: 'Error: {"error": {"code", "message"}}', content: errorContent() };
  return out;
}

function errorContent(): Record<string, unknown> {
  return { 'application/json': { schema: { $ref: `#/components/schemas/${ERROR_SCHEMA}` } } };
}

function errorSchema(): JsonSchema {
  return {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: { type: 'string', description: 'a FERRY_ERR_* code, a throwError type or an upstream error code' },
          message: { type: 'string' },
        },
      },
    },
  };
}

/**
 * Put a user's schema under components/schemas and return a reference to it. Its own `#…`
 * references (to its definitions / $defs) are rewritten to point inside the component, since in
 * the document `#` is the document's root.
 */
function addSchema(schemas: Record<string, unknown>, name: string, schema: JsonSchema): JsonSchema {
  const pointer = `#/components/schemas/${name}`;
  const { $id: _id, ...rest } = schema;
  schemas[name] = relocate(rest, pointer);
  return { $ref: pointer };
}

// keywords whose values are data, not schemas: a "$ref" key inside them is not a reference
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples', 'example']);
// keywords whose values map names to schemas: the names are not keywords
const MAP_KEYWORDS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas', 'dependencies']);

function relocate(schema: unknown, pointer: string): unknown {
  if (Array.isArray(schema)) return schema.map((v) => relocate(v, pointer));
  if (!schema || typeof schema !== 'object') return schema;
  const obj = schema as Record<string, unknown>;
  // below a nested $id, `#` means that schema: leave its references as they are
  if (typeof obj.$id === 'string') return structuredClone(obj);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(obj)) {
    if (key === '$ref' && typeof v === 'string' && (v === '#' || v.startsWith('#/'))) out[key] = v === '#' ? pointer : `${pointer}${v.slice(1)}`;
    else if (DATA_KEYWORDS.has(key)) out[key] = structuredClone(v);
    else if (MAP_KEYWORDS.has(key) && v && typeof v === 'object' && !Array.isArray(v)) out[key] = Object.fromEntries(Object.entries(v).map(([k, s]) => [k, relocate(s, pointer)]));
    else out[key] = relocate(v, pointer);
  }
  return out;
}

function joinUrl(base: string, context: string): string {
  const b = base.endsWith('/') ? base.slice(0, -1) : base;
  return context === '/' ? b || '/' : b + context;
}
