/**
 * Where the data of an upload comes from, and in what form: `inputData` (WSO2's CSV text, or
 * records), else `inputFile` (a file on Ferry's host, read as a stream: what WSO2 needs its File
 * connector for, loading the whole file), else the message body — a stream (a `streamBody: true` resource) taken unread, or a
 * payload already read. CSV goes as it is; JSON (an array of records, or `{records: [...]}` as
 * a REST query answers) and NDJSON are converted. The form is `inputFormat` when given, else the
 * body's content type (a file's extension): NDJSON types, JSON types, anything else CSV
 * (text/plain included, as WSO2's example sends its CSV).
 */
import { Buffer } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Readable } from 'node:stream';
import type { OperationIO } from '../../../../src/connectors/types.js';
import { BodyStream } from '../../../../src/engine/body-stream.js';
import { FerryError } from '../../../../src/errors.js';
import { mediaKind, mediaType } from '../../../../src/formats/media.js';
import { projectPath } from './project-path.js';
import { BULK_FILE, BULK_INPUT, bulkFault, flag, text } from './shared.js';

export type InputFormat = 'CSV' | 'JSON' | 'NDJSON';

/** The data to upload, as found. */
export type Input =
  | { readonly kind: 'csv-text'; readonly text: string }
  | { readonly kind: 'csv-stream'; readonly stream: Readable }
  | { readonly kind: 'records'; readonly records: readonly unknown[] }
  | { readonly kind: 'ndjson-text'; readonly text: string }
  | { readonly kind: 'ndjson-stream'; readonly stream: Readable };

const NDJSON_TYPES = new Set(['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/x-jsonlines', 'application/jsonlines', 'application/json-seq']);

/** The form a content type says a body is in. */
export function formatOf(contentType: string | undefined): InputFormat {
  if (!contentType) return 'CSV';
  if (NDJSON_TYPES.has(mediaType(contentType))) return 'NDJSON';
  return mediaKind(contentType) === 'json' ? 'JSON' : 'CSV';
}

/** `inputFormat` as given (any case), or undefined. */
export function inputFormat(value: unknown): InputFormat | undefined {
  const given = text(value)?.toUpperCase();
  if (given === undefined) return undefined;
  if (given === 'CSV' || given === 'JSON' || given === 'NDJSON') return given;
  throw new FerryError('FERRY_ERR_CONNECTOR_PARAMS', `inputFormat must be CSV, JSON or NDJSON (got '${String(value)}')`);
}

/** Records from a parsed JSON value: an array, or an object holding `records`. */
function recordsOf(value: unknown, what: string): Input {
  if (Array.isArray(value)) return { kind: 'records', records: value };
  const records = (value as { records?: unknown } | null)?.records;
  if (Array.isArray(records)) return { kind: 'records', records };
  throw bulkFault(BULK_INPUT, `${what} is JSON but not an array of records (nor an object holding records)`);
}

function parseJsonText(value: string, what: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch (err) {
    throw bulkFault(BULK_INPUT, `${what} is not JSON: ${(err as Error).message}`);
  }
}

/** Text or bytes in the given form. */
function fromText(value: string, format: InputFormat, what: string): Input {
  if (format === 'CSV') return { kind: 'csv-text', text: value };
  if (format === 'NDJSON') return { kind: 'ndjson-text', text: value };
  return recordsOf(parseJsonText(value, what), what);
}

const FILE_FORMATS: Readonly<Record<string, InputFormat>> = { '.json': 'JSON', '.ndjson': 'NDJSON', '.jsonl': 'NDJSON' };

/**
 * `inputFile`, checked (project-path.ts) and opened before anything is sent, so a missing file
 * is the fault SALESFORCE_BULK_FILE rather than an empty job. CSV and NDJSON stream from disk; a
 * JSON array is read whole (bounded by server.bodyLimit), as it cannot be converted before its end.
 */
async function fromFile(given: string, params: Record<string, unknown>, io: OperationIO, projectDir: string): Promise<Input> {
  const path = await projectPath('inputFile', given, projectDir, flag(params.allowAbsolutePath) === true);
  const format = inputFormat(params.inputFormat) ?? FILE_FORMATS[extname(path).toLowerCase()] ?? 'CSV';
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw bulkFault(BULK_FILE, `the input file '${given}' cannot be read (${(err as { code?: string }).code ?? (err as Error).message})`, { cause: err });
  }
  if (format === 'JSON') {
    try {
      const { size } = await handle.stat();
      const limit = io.message.bodyLimit;
      if (limit > 0 && size > limit) throw new FerryError('FERRY_ERR_HTTP_BODY_TOO_LARGE', `the JSON input file '${given}' (${size} bytes) exceeds server.bodyLimit (${limit} bytes); NDJSON or CSV files stream at any size`);
      return fromText(await handle.readFile('utf8'), 'JSON', `inputFile '${given}'`);
    } finally {
      await handle.close();
    }
  }
  const stream = createReadStream('', { fd: handle });
  return format === 'CSV' ? { kind: 'csv-stream', stream } : { kind: 'ndjson-stream', stream };
}

/**
 * The upload's data: `inputData` when given, else `inputFile` (text is CSV unless inputFormat says otherwise; a
 * list is records), else the message body. A streamed body is taken here (read once, by this
 * step); a streamed JSON body is read whole first (bounded by server.bodyLimit): a JSON array
 * cannot be converted before its end, NDJSON or CSV can.
 */
export async function findInput(params: Record<string, unknown>, io: OperationIO, by: string, projectDir: string): Promise<Input> {
  const format = inputFormat(params.inputFormat);
  const data = params.inputData;
  if (typeof data === 'string' && data.trim() !== '') return fromText(data, format ?? 'CSV', 'inputData');
  if (data !== null && typeof data === 'object') return recordsOf(data, 'inputData');
  const file = text(params.inputFile);
  if (file !== undefined) return fromFile(file, params, io, projectDir);
  const mc = io.message;
  const payload = mc.payload;
  if (payload instanceof BodyStream) {
    const bodyFormat = format ?? formatOf(payload.contentType ?? mc.contentType);
    if (bodyFormat === 'CSV') return { kind: 'csv-stream', stream: payload.take(by) };
    if (bodyFormat === 'NDJSON') return { kind: 'ndjson-stream', stream: payload.take(by) };
    const whole = await payload.buffer(mc.bodyLimit, by);
    return typeof whole === 'string' || Buffer.isBuffer(whole) ? fromText(whole.toString(), 'JSON', 'the message body') : recordsOf(whole, 'the message body');
  }
  if (typeof payload === 'string' || Buffer.isBuffer(payload)) {
    const body = payload.toString();
    if (body.trim() !== '') return fromText(body, format ?? formatOf(mc.contentType), 'the message body');
  } else if (payload !== null && payload !== undefined) {
    return recordsOf(payload, 'the message body');
  }
  throw new FerryError('FERRY_ERR_CONNECTOR_PARAMS', `${by}: no inputData and the message has no body to upload`);
}

/**
 * Let the rest of a request body flow away unread: the client is answered (an error, most
 * likely) on a connection that stays usable. Destroying the stream would cut the connection
 * before the answer.
 */
export function drain(stream: Readable): void {
  if (stream.readableEnded || stream.destroyed) return;
  stream.unpipe();
  stream.resume();
}
