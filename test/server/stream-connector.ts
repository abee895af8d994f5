/**
 * A project connector ("pipe") written the way a user would, in plain JavaScript, that reads
 * and writes streamed bodies through the connector contract only (io.bodyStream, io.streamed,
 * io.streamResult): `count` reads the message body and tells its size, `emit` produces a body.
 */
export const PIPE_DESCRIPTOR = `name: pipe
version: 0.1.0
description: counts and produces streamed bodies
connectionTypes:
  local: { description: nothing to configure, schema: { type: object, additionalProperties: false, properties: {} } }
operations:
  count:
    description: read the message body and count its bytes
    connectionTypes: [local]
    params: { type: object, properties: {} }
    result: { type: object }
  peek:
    description: read the first chunk of the message body only
    connectionTypes: [local]
    params: { type: object, properties: {} }
    result: { type: object }
  emit:
    description: produce a body of lines
    connectionTypes: [local]
    params: { type: object, required: [lines], properties: { lines: { type: integer, minimum: 0 } } }
    result: {}
`;

export const PIPE_MODULE = `
import { Readable } from 'node:stream';
export function createClient() { return {}; }
export const operations = {
  async count(_client, _params, io) {
    const body = io.bodyStream();
    if (!body) return { statusCode: 400, contentType: 'application/json', headers: {}, payload: { error: 'no body to count' } };
    let bytes = 0;
    let last = '';
    for await (const chunk of body) {
      bytes += chunk.length;
      last = chunk.toString('latin1').slice(-1);
    }
    return { statusCode: 200, contentType: 'application/json', headers: {}, payload: { bytes, last } };
  },
  async peek(_client, _params, io) {
    const body = io.bodyStream();
    for await (const chunk of body) return { statusCode: 200, contentType: 'application/json', headers: {}, payload: { first: chunk.length } };
    return { statusCode: 200, contentType: 'application/json', headers: {}, payload: { first: 0 } };
  },
  async emit(_client, params, io) {
    function* lines() {
      for (let i = 0; i < params.lines; i++) yield 'line ' + i + '\\n';
    }
    if (io.streamResult) {
      const data = Readable.from(lines());
      // the tests look at what became of each stream handed out
      (globalThis.__pipeEmitted ??= []).push(data);
      return { statusCode: 200, contentType: 'text/csv', headers: {}, payload: io.streamed(data, 'text/csv') };
    }
    return { statusCode: 200, contentType: 'text/csv', headers: {}, payload: [...lines()].join('') };
  },
};
`;
