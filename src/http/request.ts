import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import { PassThrough, type Readable } from 'node:stream';
import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import type { OperationResult } from '../engine/result.js';
import { attachHidden, FerryError } from '../errors.js';
import { mediaKind, parseBody } from '../formats/media.js';
import { upstreamHeaders } from './headers.js';
import { BodyStream } from '../engine/body-stream.js';

/** One upstream request with everything resolved: pool, path, headers, serialised body. */
export interface OutboundRequest {
  /** the keep-alive pool of `origin` (from HttpClients) */
  readonly dispatcher: Dispatcher;
  /** `http://host:port`, named in error messages and logs */
  readonly origin: string;
  /** path and query string, starting with `/` */
  readonly path: string;
  readonly method: string;
  /** lower-case names; hop-by-hop headers already removed */
  readonly headers: Record<string, string>;
  /** a Readable is streamed (it cannot be sent twice) */
  readonly body: string | Buffer | Readable | null;
  /** milliseconds to wait for the response headers, and between two body chunks */
  readonly timeout: number;
  /** how messages name the target, e.g. `endpoint 'orders'`; the origin when absent */
  readonly label?: string | undefined;
  /** a status of 400 or more raises FERRY_ERR_CALL_FAILED carrying the upstream status and body */
  readonly failOnError?: boolean | undefined;
  /** receives one debug line per request when debug is enabled */
  readonly log?: Logger | undefined;
  /**
   * An overall deadline (AbortSignal.timeout) across several requests, e.g. a call and its
   * retry; its expiry is FERRY_ERR_CALL_TIMEOUT like the per-request timeout.
   */
  readonly signal?: AbortSignal | undefined;
  /**
   * leave a 2xx body unread: the result's payload is a BodyStream over it (a download streamed
   * on); `timeout` still bounds the wait for headers and for each chunk. Error answers are read
   * and parsed as usual.
   */
  readonly streamResponse?: boolean | undefined;
  /** keep the body as the text that came (a SOAP envelope answered verbatim), not parsed */
  readonly rawText?: boolean | undefined;
}

/** Errors that mean the connection could not be made or was lost: the upstream is unreachable. */
const CONNECT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

/**
 * Send one request through undici and read the whole response into an OperationResult: headers
 * flattened lower-case; JSON/XML/form/text bodies parsed by their content type, other bodies kept
 * as a Buffer, an empty body as null. Failures become coded FerryErrors whose message names the
 * target and the cause but never headers or the query string; the request (method, url) hangs
 * off the error as a non-enumerable `request`.
 */
export async function sendRequest(req: OutboundRequest): Promise<OperationResult> {
  const debug = req.log?.isLevelEnabled('debug') === true;
  const started = debug ? performance.now() : 0;
  let statusCode: number | undefined;
  try {
    const res = await req.dispatcher.request({
      path: req.path,
      method: req.method as Dispatcher.HttpMethod,
      headers: req.headers,
      body: req.body,
      headersTimeout: req.timeout,
      bodyTimeout: req.timeout,
      signal: req.signal,
    });
    statusCode = res.statusCode;
    const headers = upstreamHeaders(res.headers);
    const rawType = res.headers['content-type'];
    const contentType = Array.isArray(rawType) ? rawType[0] : rawType;
    if (req.streamResponse && statusCode >= 200 && statusCode < 300) {
      // errors while the stream is read later are still coded, and name the target
      return { payload: new BodyStream(mapErrors(res.body, req), contentType), contentType, headers, statusCode };
    }
    const payload = await readPayload(res.body, contentType, res.statusCode, req);
    if (req.failOnError && statusCode >= 400) {
      throw new FerryError('FERRY_ERR_CALL_FAILED', `${describe(req)} answered ${statusCode}`, { statusCode, detail: { status: statusCode, body: payload } });
    }
    return { payload, contentType: payload === null ? undefined : contentType, headers, statusCode };
  } catch (err) {
    throw attachHidden(toCallError(err, req), 'request', { method: req.method, url: req.origin + req.path });
  } finally {
    if (debug) {
      const ms = Math.round(performance.now() - started);
      req.log!.debug({ method: req.method, url: req.origin + withoutQuery(req.path), status: statusCode, ms }, 'upstream call');
    }
  }
}

/** The response body with its errors (timeouts, resets) turned into coded ones as it is read. */
function mapErrors(body: Readable, req: OutboundRequest): Readable {
  const out = new PassThrough();
  body.on('error', (err) => out.destroy(toCallError(err, req)));
  out.on('close', () => {
    if (!body.readableEnded) body.destroy();
  });
  return body.pipe(out);
}

async function readPayload(body: Dispatcher.ResponseData['body'], contentType: string | undefined, status: number, req: OutboundRequest): Promise<unknown> {
  const kind = mediaKind(contentType);
  if (kind === 'binary') {
    const bytes = Buffer.from(await body.arrayBuffer());
    return bytes.length === 0 ? null : bytes;
  }
  const text = await body.text();
  if (text.length === 0) return null;
  if (req.rawText) return text;
  try {
    return parseBody(text, contentType, 'response');
  } catch (err) {
    // An error status is the news; a proxy's HTML 502 labelled as JSON must not hide it behind
    // a parse error, so error bodies that do not parse are kept as text.
    if (status >= 400) return text;
    const message = err instanceof FerryError ? err.message : String(err);
    throw new FerryError('FERRY_ERR_CALL_BAD_RESPONSE', `${describe(req)} answered ${status} with a malformed body: ${message}`, {
      cause: err,
      detail: err instanceof FerryError ? err.detail : undefined,
    });
  }
}

/** Map undici and socket errors onto the call codes; coded errors pass through. */
function toCallError(err: unknown, req: OutboundRequest): FerryError {
  if (err instanceof FerryError) return err;
  const code = causeCode(err);
  const target = describe(req);
  if (req.signal?.aborted) {
    return new FerryError('FERRY_ERR_CALL_TIMEOUT', `${target} did not answer within the deadline (${signalReason(req.signal)})`, { cause: err });
  }
  switch (code) {
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return new FerryError('FERRY_ERR_CALL_TIMEOUT', `${target} did not answer within ${req.timeout} ms (${code})`, { cause: err });
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new FerryError('FERRY_ERR_CALL_TIMEOUT', `connecting to ${target} timed out (${code})`, { cause: err });
    case 'UND_ERR_RES_EXCEEDED_MAX_SIZE':
      return new FerryError('FERRY_ERR_CALL_BAD_RESPONSE', `${target} answered with a body larger than http.maxResponseSize`, { cause: err });
    default:
      break;
  }
  if (code !== undefined && (CONNECT_CODES.has(code) || code.startsWith('ERR_TLS') || code.includes('CERT'))) {
    return new FerryError('FERRY_ERR_CALL_CONNECT', `could not connect to ${target} (${code})`, { cause: err });
  }
  // undici's own messages name the bad argument, never its value
  const why = code?.startsWith('UND_ERR') ? `${code}: ${(err as Error).message}` : (code ?? (err as Error)?.name ?? 'unknown error');
  return new FerryError('FERRY_ERR_CALL_FAILED', `call to ${target} failed (${why})`, { cause: err });
}

function signalReason(signal: AbortSignal): string {
  const reason = signal.reason as { name?: unknown; message?: unknown } | undefined;
  return typeof reason?.message === 'string' ? reason.message : String(reason?.name ?? 'aborted');
}

/** The error code of a socket error, also when wrapped (undici `cause`, happy-eyeballs AggregateError). */
function causeCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown }; errors?: { code?: unknown }[] } | null;
  if (typeof e?.code === 'string') return e.code;
  if (typeof e?.cause?.code === 'string') return e.cause.code;
  const first = e?.errors?.[0]?.code;
  return typeof first === 'string' ? first : undefined;
}

// Messages reach clients and logs: they name the endpoint and origin, never the path, which can
// carry a secret (webhook URLs) as often as the query string does.
function describe(req: OutboundRequest): string {
  const where = `${req.method} ${req.origin}`;
  return req.label ? `${req.label} (${where})` : where;
}

// query strings carry api keys and personal data too often to be logged or put in messages
function withoutQuery(path: string): string {
  const q = path.indexOf('?');
  return q < 0 ? path : path.slice(0, q);
}
