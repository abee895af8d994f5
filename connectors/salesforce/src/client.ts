import { Readable } from 'node:stream';
import type { ConnectorClient, ConnectorIO } from '../../../src/connectors/types.js';
import { BodyStream } from '../../../src/engine/body-stream.js';
import type { OperationResult } from '../../../src/engine/result.js';
import { FerryError } from '../../../src/errors.js';
import { sendRequest } from '../../../src/http/request.js';
import type { Logger } from '../../../src/logging/logger.js';
import { TokenSource, type Token } from './auth.js';
import { oauthSettings, type OAuthSettings } from './config.js';

/** One REST or Bulk call, relative to the API version unless the path starts with /services/. */
export interface SalesforceCall {
  readonly method: string;
  /** `/sobjects/Account` (below /services/data/vNN.N) or `/services/apexrest/…` */
  readonly path: string;
  /** query parameters; undefined values are left out */
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** a JSON value, text or bytes with `contentType`, or a Readable streamed as it is (Bulk uploads) */
  readonly body?: unknown;
  /** leave a 2xx body unread: the payload is a BodyStream (Bulk downloads) */
  readonly streamResponse?: boolean;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly log?: Logger;
}

/**
 * An oauth2 connection's client: its token source and API version. Every call goes through
 * `call()`, which adds the bearer token, parses `Sforce-Limit-Info` into `attributes.apiUsage`,
 * and on 401 INVALID_SESSION_ID (or Bulk's 400 InvalidSessionId) gets a new token and retries once
 * — never more, so a refused refresh cannot loop. The connection's `timeout` is one deadline for
 * the whole call: waiting for a token, the request and its retry together. A streamed call (a
 * Readable body, or streamResponse) takes as long as its data does: `timeout` then bounds the
 * wait for the answer's headers and each chunk, and a streamed upload cannot be sent twice, so
 * a session error on it is the answer.
 */
export class SalesforceRestClient implements ConnectorClient {
  readonly settings: OAuthSettings;
  readonly tokens: TokenSource;
  /** the project folder: Bulk result files with a relative filePath are written below it */
  readonly projectDir: string;
  readonly #io: ConnectorIO;

  constructor(name: string, params: Readonly<Record<string, unknown>>, io: ConnectorIO) {
    this.settings = oauthSettings(name, params);
    this.tokens = new TokenSource(this.settings, io);
    this.projectDir = io.projectDir;
    this.#io = io;
  }

  /** Nothing to release: pools belong to Ferry's HttpClients, tokens die with the client. */
  async close(): Promise<void> {}

  /** `/services/data/v60.0` for this connection's API version. */
  get dataPath(): string {
    return `/services/data/v${this.settings.apiVersion}`;
  }

  /** Make a call; transport failures are coded faults, Salesforce's error answers are results. */
  async call(req: SalesforceCall): Promise<OperationResult> {
    const streamedUpload = req.body instanceof Readable;
    const deadline = streamedUpload || req.streamResponse ? undefined : AbortSignal.timeout(this.settings.timeout);
    const token = await this.#token(deadline);
    const first = await this.#send(req, token, deadline);
    if (!isSessionError(first)) return first;
    this.tokens.invalidate(token);
    if (streamedUpload || !this.tokens.canRefresh()) return first;
    return this.#send(req, await this.#token(deadline), deadline);
  }

  /** The token, or a timeout fault when the (shared) token request outlasts this call's deadline. */
  #token(deadline: AbortSignal | undefined): Promise<Token> {
    const pending = this.tokens.get();
    if (!deadline) return pending;
    return new Promise<Token>((resolve, reject) => {
      const expired = () => reject(new FerryError('FERRY_ERR_CALL_TIMEOUT', `salesforce connection '${this.settings.name}' got no token within ${this.settings.timeout} ms`));
      if (deadline.aborted) return expired();
      deadline.addEventListener('abort', expired, { once: true });
      pending.then(resolve, reject).finally(() => deadline.removeEventListener('abort', expired));
    });
  }

  async #send(req: SalesforceCall, token: Token, deadline: AbortSignal | undefined): Promise<OperationResult> {
    const url = new URL(token.instanceUrl);
    const path = req.path.startsWith('/services/') ? req.path : `${this.dataPath}${req.path}`;
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) query.append(k, String(v));
    const search = query.size > 0 ? `?${query.toString()}` : '';
    const hasBody = req.body !== undefined && req.body !== null;
    const contentType = hasBody ? (req.contentType ?? 'application/json') : undefined;
    const result = await sendRequest({
      dispatcher: this.#io.http.forOrigin(url.origin),
      origin: url.origin,
      path: `${url.pathname.replace(/\/+$/, '')}${path}${search}`,
      method: req.method,
      headers: {
        authorization: `Bearer ${token.accessToken}`,
        accept: 'application/json',
        ...(contentType ? { 'content-type': contentType } : {}),
        ...req.headers,
      },
      body: hasBody ? (typeof req.body === 'string' || Buffer.isBuffer(req.body) || req.body instanceof Readable ? req.body : JSON.stringify(req.body)) : null,
      timeout: this.settings.timeout,
      signal: deadline,
      streamResponse: req.streamResponse,
      label: `salesforce connection '${this.settings.name}'`,
      log: req.log,
    });
    if (result.statusCode < 300 && isHtml(result.contentType) && !path.startsWith('/services/apexrest/')) {
      // a login page or maintenance notice instead of the API: usually a wrong instanceUrl
      if (result.payload instanceof BodyStream) result.payload.release();
      throw new FerryError('FERRY_ERR_CALL_BAD_RESPONSE', `salesforce connection '${this.settings.name}' answered ${result.statusCode} with an HTML page, not the API's JSON (is instanceUrl right?)`);
    }
    const usage = apiUsage(result.headers['sforce-limit-info']);
    return usage ? { ...result, attributes: { ...result.attributes, apiUsage: usage } } : result;
  }
}

/** `api-usage=673/15000` → {used: 673, max: 15000}. */
export function apiUsage(header: string | string[] | undefined): { used: number; max: number } | undefined {
  const text = Array.isArray(header) ? header[0] : header;
  const m = /api-usage=(\d+)\/(\d+)/.exec(text ?? '');
  return m ? { used: Number(m[1]), max: Number(m[2]) } : undefined;
}

function isHtml(contentType: string | undefined): boolean {
  return contentType !== undefined && /^\s*text\/html\b/i.test(contentType);
}

/**
 * A refused session: REST's 401 `[{errorCode: INVALID_SESSION_ID}]`, or Bulk's 400 whose
 * exceptionCode (JSON or XML) or errorCode is InvalidSessionId. Only the error codes count: a
 * record whose field happens to hold the words is not a session error.
 */
function isSessionError(result: OperationResult): boolean {
  if (result.statusCode === 401) return errorCodes(result.payload).includes('INVALID_SESSION_ID');
  if (result.statusCode === 400) return errorCodes(result.payload).includes('InvalidSessionId');
  return false;
}

/** The errorCode/exceptionCode values of an error answer: an array of errors, one error, or Bulk's XML `<error>`. */
function errorCodes(payload: unknown): string[] {
  const list = Array.isArray(payload) ? payload : [payload];
  const codes: string[] = [];
  for (const item of list) {
    if (item === null || typeof item !== 'object') continue;
    const e = ((item as { error?: unknown }).error ?? item) as { errorCode?: unknown; exceptionCode?: unknown };
    for (const code of [e.errorCode, e.exceptionCode]) if (typeof code === 'string') codes.push(code);
  }
  return codes;
}
