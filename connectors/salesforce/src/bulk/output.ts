/**
 * Where a Bulk CSV download goes, per WSO2's `outputType` (JSON | CSV, default JSON) and
 * `includeResultTo` (BODY | FILE, default BODY):
 * - BODY, result replacing the body (`io.streamResult`): streamed on — CSV as it comes, JSON
 *   converted while it passes (a JSON array text, application/json); nothing is held whole;
 * - BODY, result kept in a variable: read whole — the CSV text, or an array of objects of strings
 *   (`[]` when there are no rows; WSO2 gives `{}`);
 * - FILE: streamed to `filePath` (see output-file.ts); the payload is WSO2's `{"result":"success"}`
 *   and `attributes` name the file and its size.
 * Downloads ask for gzip (Bulk compresses results) and are inflated as they are read.
 */
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { OperationIO } from '../../../../src/connectors/types.js';
import { BodyStream } from '../../../../src/engine/body-stream.js';
import type { OperationResult } from '../../../../src/engine/result.js';
import { FerryError } from '../../../../src/errors.js';
import { HOP_BY_HOP, type HeaderMap } from '../../../../src/http/headers.js';
import type { SalesforceRestClient } from '../client.js';
import { csvToJsonArray, csvToJsonStream, streamText } from './csv-json.js';
import { OutputFile } from './output-file.js';
import { flag, ok, text } from './shared.js';

export interface OutputOptions {
  readonly outputType: 'JSON' | 'CSV';
  readonly to: 'BODY' | 'FILE';
  readonly filePath: unknown;
  readonly allowAbsolutePath: boolean;
}

export const CSV_TYPE = 'text/csv; charset=UTF-8';
export const JSON_TYPE = 'application/json';

/** outputType / includeResultTo / filePath / allowAbsolutePath with WSO2's defaults. */
export function outputOptions(params: Record<string, unknown>): OutputOptions {
  const type = text(params.outputType)?.toUpperCase() ?? 'JSON';
  const to = text(params.includeResultTo)?.toUpperCase() ?? 'BODY';
  if (type !== 'JSON' && type !== 'CSV') throw new FerryError('FERRY_ERR_CONNECTOR_PARAMS', `outputType must be JSON or CSV (got '${type}')`);
  if (to !== 'BODY' && to !== 'FILE') throw new FerryError('FERRY_ERR_CONNECTOR_PARAMS', `includeResultTo must be BODY or FILE (got '${to}')`);
  return { outputType: type, to, filePath: params.filePath, allowAbsolutePath: flag(params.allowAbsolutePath) === true };
}

/** The output file, opened before anything is downloaded (so a bad path costs no API call). */
export function openOutput(options: OutputOptions, client: SalesforceRestClient): Promise<OutputFile | undefined> {
  return options.to === 'FILE' ? OutputFile.open(options.filePath, client.projectDir, options.allowAbsolutePath) : Promise.resolve(undefined);
}

/** A download: the answer, and its CSV as a stream when it is a success. */
export interface Download {
  readonly result: OperationResult;
  readonly csv: Readable | undefined;
}

/** GET a CSV resource, its body left unread (and inflated when gzipped). */
export async function download(client: SalesforceRestClient, path: string, query: Record<string, string | number | undefined>, io: OperationIO): Promise<Download> {
  const result = await client.call({ method: 'GET', path, query, headers: { accept: 'text/csv', 'accept-encoding': 'gzip' }, streamResponse: true, log: io.log });
  if (!ok(result) || !(result.payload instanceof BodyStream)) return { result, csv: undefined };
  const raw = result.payload.take('salesforce download');
  const encoding = String(result.headers['content-encoding'] ?? '').toLowerCase();
  if (!encoding.includes('gzip')) return { result, csv: raw };
  const gunzip = createGunzip();
  raw.on('error', (err) => gunzip.destroy(err));
  gunzip.on('close', () => {
    if (!raw.readableEnded) raw.destroy();
  });
  return { result, csv: raw.pipe(gunzip) };
}

/** Response headers of a delivered download: what described the connection or the raw bytes goes. */
export function resultHeaders(headers: HeaderMap): HeaderMap {
  const out: HeaderMap = {};
  for (const [k, v] of Object.entries(headers)) if (k !== 'content-type' && !HOP_BY_HOP.has(k)) out[k] = v;
  return out;
}

/**
 * Deliver a CSV download per the options. `base` is the answer it came with (status, headers,
 * attributes); `delimiter` is the CSV's when known (else read from its header line).
 */
export async function deliver(csv: Readable, base: OperationResult, options: OutputOptions, file: OutputFile | undefined, io: OperationIO, delimiter?: string): Promise<OperationResult> {
  const headers = resultHeaders(base.headers);
  const json = options.outputType === 'JSON';
  if (file) {
    const bytes = await file.write(json ? csvToJsonStream(csv, delimiter) : csv);
    return { statusCode: 200, headers, contentType: JSON_TYPE, payload: { result: 'success' }, attributes: { ...base.attributes, filePath: file.path, bytes } };
  }
  const contentType = json ? JSON_TYPE : CSV_TYPE;
  let payload: unknown;
  if (io.streamResult) payload = new BodyStream(json ? csvToJsonStream(csv, delimiter) : csv, contentType);
  else payload = json ? await csvToJsonArray(csv, delimiter) : await streamText(csv);
  return { statusCode: 200, headers, contentType, payload, attributes: base.attributes };
}
