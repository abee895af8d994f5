import type { Readable } from 'node:stream';
import { FerryError } from '../errors.js';
import { BodyStream } from './body-stream.js';
import type { HeaderMap } from '../http/headers.js';
import { defaultContentType, serializeError, serializePayload } from '../formats/media.js';
import type { MessageContext, OutboundResponse } from './message-context.js';
import { recordError } from './faults.js';

/**
 * The response for the current message: its payload serialised in the content type chosen by,
 * in order, an explicit override, a `content-type` response header set by the flow, the
 * payload's own content type (so an XML request whose payload stayed XML answers in XML), or
 * the type that fits the value.
 */
export function buildResponse(mc: MessageContext, status?: number, headers?: Record<string, string>, contentType?: string): OutboundResponse {
  const out: HeaderMap = { ...mc.responseHeaders, ...headers };
  checkHeaders(out);
  const payload = mc.payload;
  const streamed = payload instanceof BodyStream;
  const type = contentType ?? firstOf(out['content-type']) ?? mc.contentType ?? (streamed ? (payload.contentType ?? 'application/octet-stream') : defaultContentType(payload));
  let body: string | Buffer | Readable | null;
  if (streamed) {
    // a streamed body goes out as it came, never converted
    body = payload.take('the response');
  } else {
    try {
      body = serializePayload(payload, type);
    } catch (err) {
      throw serializeError(type, err);
    }
  }
  if (body === null) delete out['content-type'];
  else out['content-type'] = type;
  const code = status ?? mc.status ?? 200;
  if (!Number.isInteger(code) || code < 100 || code > 599) {
    throw new FerryError('FERRY_ERR_RESPONSE_INVALID', `response status ${JSON.stringify(String(code).slice(0, 20))} is not an HTTP status (100-599)`);
  }
  return { status: code, headers: out, body };
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// HTAB and visible characters; a CR or LF from the payload would otherwise split the header
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\uffff]*$/;

/** Headers set from message data are checked here, once for every way of answering. */
function checkHeaders(headers: HeaderMap): void {
  for (const [name, value] of Object.entries(headers)) {
    if (!TOKEN.test(name)) throw new FerryError('FERRY_ERR_RESPONSE_INVALID', `response header name ${JSON.stringify(name.slice(0, 60))} is not valid`);
    const values = Array.isArray(value) ? value : [value];
    if (!values.every((v) => FIELD_VALUE.test(v))) throw new FerryError('FERRY_ERR_RESPONSE_INVALID', `response header ${name} holds a line break or control character`);
  }
}

/**
 * Ferry's default fault answer: an upstream error passed through as it came (so a simple proxy
 * over a connector answers like the upstream), else `{"error": {"code", "message"}}` with the
 * error's status.
 */
export function faultResponse(mc: MessageContext): OutboundResponse {
  const upstream = mc.thrown instanceof FerryError ? mc.thrown.response : undefined;
  if (upstream) {
    const type = upstream.contentType ?? defaultContentType(upstream.body);
    const body = serializePayload(upstream.body, type);
    return { status: upstream.status, headers: body === null ? {} : { 'content-type': type }, body };
  }
  const info = mc.error ?? { code: 'FERRY_ERR_MEDIATION', message: 'mediation failed', status: 500 };
  const status = info.status && info.status >= 400 && info.status <= 599 ? info.status : 500;
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ error: { code: info.code, message: info.message } }),
  };
}

/**
 * Run a resource's flow and settle the answer: the `respond` the flow made; 202 for `drop`;
 * the default fault answer (with one concise log line) when a fault was not answered; and
 * otherwise the current message, as if the flow ended with `respond: {}`.
 */
export async function runFlow(mc: MessageContext, inSequence: (mc: MessageContext) => unknown, faultSequence?: (mc: MessageContext) => unknown): Promise<OutboundResponse> {
  try {
    await inSequence(mc);
  } catch (err) {
    recordError(mc, err);
    mc.halted = 'fault';
    if (faultSequence) {
      mc.halted = undefined;
      try {
        await faultSequence(mc);
      } catch (again) {
        recordError(mc, again);
      }
      if (!mc.halted) mc.halted = 'fault';
    }
  }
  if (mc.response) return mc.response;
  if (mc.halted === 'drop') return { status: 202, headers: {}, body: null };
  if (mc.halted === 'fault') {
    logFault(mc);
    return faultResponse(mc);
  }
  try {
    return buildResponse(mc);
  } catch (err) {
    recordError(mc, err);
    logFault(mc);
    return faultResponse(mc);
  }
}

function logFault(mc: MessageContext): void {
  const err = mc.thrown;
  const info = mc.error;
  if (err instanceof FerryError || !err) {
    mc.log.warn({ code: info?.code, status: info?.status, position: info?.position }, `fault: ${info?.code}: ${info?.message}`);
  } else {
    mc.log.error({ err, code: info?.code }, `fault: unexpected error in mediation`);
  }
}

function firstOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
