/**
 * How Bulk API 2.0 talks HTTP: JSON with `apiVersion` as a decimal (`62.0`), Salesforce's
 * X-PrettyPrint layout, error arrays, JSON_PARSER_ERROR wording, and CSV bodies streamed (gzip
 * when asked for, as Bulk compresses its results).
 */
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NO_ENTITY_BODY, parseSalesforceJson } from '../json-body.js';

/** A refusal a handler throws; the dispatcher answers it as `[{"errorCode","message"}]`. */
export class BulkError extends Error {
  readonly status: number;
  readonly errorCode: string;

  constructor(status: number, errorCode: string, message: string) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
  }
}

/** 404 NOT_FOUND, Salesforce's answer for unknown jobs and resources. */
export function notFound(): BulkError {
  return new BulkError(404, 'NOT_FOUND', 'The requested resource does not exist');
}

/** A 400 for an enum property given a value it does not take (recorded wording). */
export function invalidValue(property: string, value: unknown): BulkError {
  return new BulkError(400, 'API_ERROR', `Invalid value: '${value === undefined || value === null ? '' : String(value)}' supplied for property: '${property}'`);
}

const API_VERSION = /("apiVersion"\s?:\s?)(\d+)(?=\s*[,}\n])/g;

/** Send JSON as Salesforce does: `apiVersion` keeps its `.0`, X-PrettyPrint gives `"key" : value`. */
export function sendJson(reply: FastifyReply, status: number, body: unknown, pretty: boolean): FastifyReply {
  const text = pretty ? JSON.stringify(body, null, 2).replace(/^(\s*"(?:[^"\\]|\\.)*"): /gm, '$1 : ') : JSON.stringify(body);
  return reply.code(status).header('content-type', 'application/json;charset=UTF-8').send(text.replace(API_VERSION, '$1$2.0'));
}

/** Send a Bulk error array. */
export function sendError(reply: FastifyReply, err: BulkError, pretty: boolean): FastifyReply {
  return sendJson(reply, err.status, [{ errorCode: err.errorCode, message: err.message }], pretty);
}

/** The JSON body of a request; undefined when there is none; throws JSON_PARSER_ERROR as REST words it. */
export function jsonBody(req: FastifyRequest): unknown {
  const raw = req.body;
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string') throw new BulkError(400, 'JSON_PARSER_ERROR', NO_ENTITY_BODY);
  if (raw.trim() === '') return undefined;
  const parsed = parseSalesforceJson(raw);
  if (parsed instanceof Error) throw new BulkError(400, 'JSON_PARSER_ERROR', parsed.message);
  return parsed;
}

/** The body as a JSON object, or the error Salesforce gives for a missing or non-object body. */
export function jsonObjectBody(req: FastifyRequest): Record<string, unknown> {
  const body = jsonBody(req);
  if (body === undefined) throw new BulkError(400, 'JSON_PARSER_ERROR', 'The HTTP entity body is required, but this request has no entity body.');
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BulkError(400, 'JSON_PARSER_ERROR', `Cannot deserialize instance of JobInfo out of ${Array.isArray(body) ? 'START_ARRAY' : 'VALUE_STRING'} token at [line:1, column:1]`);
  }
  return body as Record<string, unknown>;
}

/** Stream a CSV answer (header text first, then the body stream), gzip-compressed when the client accepts it. */
export function sendCsv(req: FastifyRequest, reply: FastifyReply, head: string, body: Readable | undefined, headers: Record<string, string> = {}): FastifyReply {
  const parts = async function* (): AsyncGenerator<Buffer | string> {
    yield head;
    if (body) yield* body;
  };
  let stream: Readable = Readable.from(parts(), { objectMode: false });
  reply.code(200).header('content-type', 'text/csv;charset=UTF-8').headers(headers);
  if (/\bgzip\b/i.test(req.headers['accept-encoding'] ?? '')) {
    reply.header('content-encoding', 'gzip').header('vary', 'Accept-Encoding');
    const gzip = createGzip();
    stream.on('error', (err) => gzip.destroy(err));
    stream = stream.pipe(gzip);
  }
  return reply.send(stream);
}
