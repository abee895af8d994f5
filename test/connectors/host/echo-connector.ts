/**
 * A second connector, nothing like Salesforce, to prove the contract: an in-memory key-value
 * store ("kv") whose operations answer like a small HTTP API. Written to a project's
 * connectors/kv/ folder by the tests, as plain JavaScript, the way a user would.
 */
export const KV_DESCRIPTOR = `name: kv
version: 0.1.0
description: An in-memory key-value store
connectionTypes:
  memory:
    description: a named in-memory table
    schema:
      type: object
      additionalProperties: false
      required: [table]
      properties:
        table: { type: string, minLength: 1 }
        capacity: { type: integer, minimum: 1 }
operations:
  put:
    description: store a value
    connectionTypes: [memory]
    params:
      type: object
      required: [key, value]
      properties:
        key: { type: string, minLength: 1 }
        value: {}
        ttl: { type: integer, minimum: 0 }
    aliases: { name: key }
    result: { type: object, properties: { stored: { type: boolean } } }
  get:
    description: read a value; 404 when absent
    connectionTypes: [memory]
    params:
      type: object
      required: [key]
      properties:
        key: { type: string }
    result: { type: object }
`;

export const KV_MODULE = `
const tables = new Map();
// numbers each client, so tests can tell a cached client from a new one
let opened = 0;
export function createClient(connection) {
  const table = tables.get(connection.params.table) ?? new Map();
  tables.set(connection.params.table, table);
  return { table, name: connection.name, capacity: connection.params.capacity ?? 100, id: ++opened, async close() {} };
}
export const operations = {
  async put(client, params) {
    if (client.table.size >= client.capacity) {
      return { statusCode: 507, contentType: 'application/json', headers: {}, payload: { code: 'FULL', reason: 'table ' + client.name + ' is full' } };
    }
    client.table.set(params.key, params.value);
    return { statusCode: 201, contentType: 'application/json', headers: { 'x-kv': 'put' }, payload: { stored: true }, attributes: { size: client.table.size, client: client.id } };
  },
  async get(client, params) {
    if (!client.table.has(params.key)) {
      return { statusCode: 404, contentType: 'application/json', headers: {}, payload: { code: 'NO_KEY', reason: 'no key ' + params.key } };
    }
    return { statusCode: 200, contentType: 'application/json', headers: {}, payload: { key: params.key, value: client.table.get(params.key) } };
  },
};
export function describeError(result) {
  return result.payload && result.payload.code ? { code: 'KV_' + result.payload.code, message: result.payload.reason } : undefined;
}
`;
