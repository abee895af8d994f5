import type { Dispatcher } from 'undici';
import { FerryError } from '../../../../src/errors.js';
import type { HeaderMap } from '../../../../src/http/headers.js';
import { sendRequest } from '../../../../src/http/request.js';
import type { Logger } from '../../../../src/logging/logger.js';

/** A SOAP answer as it came: status, headers and the body text, unparsed. */
export interface RawAnswer {
  readonly statusCode: number;
  /** the answer's own content type (text/xml; charset=utf-8) */
  readonly contentType: string | undefined;
  readonly headers: HeaderMap;
  readonly text: string;
}

export interface PostOptions {
  readonly soapAction: string;
  /** milliseconds for the headers, and between body chunks */
  readonly timeout: number;
  /** the overall deadline of the operation */
  readonly signal: AbortSignal;
  /** how messages name the target */
  readonly label: string;
  readonly log?: Logger | undefined;
}

/**
 * POST an envelope through Ferry's keep-alive pool with sendRequest (its timeouts, deadline and
 * coded transport errors), keeping the answer as the text Salesforce sent: outputType XML
 * returns it verbatim, and the JSON conversion reads it with its own parser.
 */
export async function postXml(pool: Dispatcher, url: URL, body: string, o: PostOptions): Promise<RawAnswer> {
  const result = await sendRequest({
    dispatcher: pool,
    origin: url.origin,
    path: `${url.pathname}${url.search}`,
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=UTF-8', soapaction: o.soapAction, accept: 'text/xml' },
    body,
    timeout: o.timeout,
    signal: o.signal,
    label: o.label,
    log: o.log,
    rawText: true,
  });
  const contentType = result.contentType;
  if (result.statusCode < 300 && contentType !== undefined && /^\s*text\/html\b/i.test(contentType)) {
    // a login page or a maintenance notice instead of the API: usually a wrong loginUrl
    throw new FerryError('FERRY_ERR_CALL_BAD_RESPONSE', `${o.label} answered ${result.statusCode} with an HTML page, not a SOAP envelope`);
  }
  const text = typeof result.payload === 'string' ? result.payload : Buffer.isBuffer(result.payload) ? result.payload.toString('utf8') : '';
  return { statusCode: result.statusCode, contentType, headers: result.headers, text };
}
