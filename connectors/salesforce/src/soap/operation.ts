import type { ConnectorClient, OperationIO } from '../../../../src/connectors/types.js';
import type { OperationResult } from '../../../../src/engine/result.js';
import { FerryError } from '../../../../src/errors.js';
import type { HeaderMap } from '../../../../src/http/headers.js';
import { soap } from './client.js';
import type { SoapCall } from './envelope.js';
import type { Session } from './login.js';
import { apiUsageOf, faultOf, readDocument, resultsOf, type FaultJson } from './results.js';
import type { RawAnswer } from './transport.js';

/**
 * The common path of every SOAP operation: one call with the connection's session, the answer
 * read once, and the OperationResult in the asked form — JSON (default) or, with
 * `outputType: XML`, Salesforce's envelope verbatim as WSO2 returns it. A fault answer (HTTP 500)
 * stays a result with Salesforce's status; the connector's describeError turns it into the fault.
 */

/** How many `result` elements a call answers: one per input item, exactly one, or none (logout). */
export type ResultShape = 'many' | 'one' | 'none';

/** A call and how its answer reads. */
export interface SoapOperation extends SoapCall {
  readonly results: ResultShape;
  /** renew a refused session and retry once (default true) */
  readonly retry?: boolean;
  /** list elements a result always has, as [] when none came (getUpdated's ids, search's searchRecords) */
  readonly lists?: readonly string[];
}

/** An answer read: the raw text, its JSON (the results, or the fault), the API usage. */
export interface SoapOutcome {
  readonly raw: RawAnswer;
  readonly statusCode: number;
  readonly json: unknown;
  readonly fault: FaultJson | undefined;
  readonly apiUsage: { used: number; max: number } | undefined;
  /** the session the answer came with (soapLogout forgets it) */
  readonly session: Session;
}

/** Make the call and read the answer. */
export async function invoke(client: ConnectorClient, io: OperationIO, op: SoapOperation): Promise<SoapOutcome> {
  const answer = await soap(client).call(op, io, { retry: op.retry });
  const { session, ...raw } = answer;
  let doc;
  try {
    doc = readDocument(raw.text, `the answer to ${op.name}`);
  } catch (err) {
    // an error status is the news: a proxy's HTML 503 is kept as text, not hidden behind a parse error
    if (raw.statusCode >= 400) return { raw, statusCode: raw.statusCode, json: raw.text, fault: undefined, apiUsage: undefined, session };
    throw err;
  }
  const apiUsage = apiUsageOf(doc.header);
  const fault = faultOf(doc.body);
  if (fault) return { raw, statusCode: raw.statusCode < 400 ? 500 : raw.statusCode, json: fault, fault, apiUsage, session };
  if (!doc.body) throw new FerryError('FERRY_ERR_CALL_BAD_RESPONSE', `the answer to ${op.name} has an empty SOAP Body`);
  const results = resultsOf(doc.body);
  for (const r of results) {
    if (r !== null && typeof r === 'object') for (const name of op.lists ?? []) (r as Record<string, unknown>)[name] ??= [];
  }
  const json = op.results === 'many' ? results : op.results === 'one' ? (results[0] ?? {}) : {};
  return { raw, statusCode: raw.statusCode, json, fault, apiUsage, session };
}

/** Whether the operation's outputType asks for Salesforce's XML. */
export function wantsXml(params: Record<string, unknown>): boolean {
  return typeof params.outputType === 'string' && params.outputType.toUpperCase() === 'XML';
}

/** The OperationResult of an answer: JSON, or the envelope verbatim for outputType XML. */
export function toResult(o: SoapOutcome, xml: boolean, attributes: Record<string, unknown> = {}, json: unknown = o.json): OperationResult {
  const contentType = xml ? (o.raw.contentType ?? 'text/xml; charset=utf-8') : typeof json === 'string' ? (o.raw.contentType ?? 'text/plain; charset=utf-8') : 'application/json';
  const attrs = o.apiUsage ? { ...attributes, apiUsage: o.apiUsage } : attributes;
  const headers: HeaderMap = { ...o.raw.headers, 'content-type': contentType };
  // the length of Salesforce's envelope, not of the JSON made from it
  if (!xml) delete headers['content-length'];
  return {
    payload: xml ? o.raw.text : json,
    contentType,
    headers,
    statusCode: o.statusCode,
    ...(Object.keys(attrs).length > 0 ? { attributes: attrs } : {}),
  };
}

/** Call and answer in the form `outputType` asks for. */
export async function soapOperation(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO, op: SoapOperation): Promise<OperationResult> {
  return toResult(await invoke(client, io, op), wantsXml(params));
}

/** A boolean parameter as WSO2 writes them: 0/1, true/false, "0"/"1", "true"/"false"; absent → fallback. */
export function flag(value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value === 'boolean') return value;
  const text = String(value).trim().toLowerCase();
  if (text === '1' || text === 'true') return true;
  if (text === '0' || text === 'false') return false;
  throw new FerryError('FERRY_ERR_CONNECTOR_PARAMS', `'${text.slice(0, 20)}' is not a boolean (0/1, true/false)`);
}

/** The `salesforce.<op>: <param>` prefix of parameter errors. */
export function named(op: string, param: string): string {
  return `salesforce.${op}: ${param}`;
}
