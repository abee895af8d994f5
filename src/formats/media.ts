import { Buffer } from 'node:buffer';
import { FerryError } from '../errors.js';
import { parseJson } from './json.js';
import { setOwn } from './plain-data.js';
import { parseXml, toXml } from './xml.js';

/** The families of body Ferry treats differently. */
export type MediaKind = 'json' | 'xml' | 'text' | 'form' | 'binary';

const cache = new Map<string, MediaKind>();

/** Classify a Content-Type header value (parameters ignored). */
export function mediaKind(contentType: string | undefined): MediaKind {
  if (!contentType) return 'binary';
  let kind = cache.get(contentType);
  if (kind) return kind;
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (type === 'application/json' || type.endsWith('+json')) kind = 'json';
  else if (type === 'application/xml' || type === 'text/xml' || type.endsWith('+xml')) kind = 'xml';
  else if (type === 'application/x-www-form-urlencoded') kind = 'form';
  else if (type.startsWith('text/')) kind = 'text';
  else kind = 'binary';
  if (cache.size < 256) cache.set(contentType, kind);
  return kind;
}

/** The bare media type, lower-case, without parameters. */
export function mediaType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

/** Parse an url-encoded form into an object; repeated fields become arrays. */
export function parseForm(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    // own properties only: a field named constructor or __proto__ is data like any other
    const prev = Object.hasOwn(out, key) ? out[key] : undefined;
    if (prev === undefined) setOwn(out, key, value);
    else if (Array.isArray(prev)) prev.push(value);
    else setOwn(out, key, [prev, value]);
  }
  return out;
}

/**
 * Turn a raw body into a payload according to its content type. A malformed inbound body is the
 * client's fault (400); a malformed upstream response is the upstream's (502).
 */
export function parseBody(text: string, contentType: string | undefined, origin: 'request' | 'response' = 'request'): unknown {
  const inbound = origin === 'request';
  const what = inbound ? 'request body' : 'response body';
  switch (mediaKind(contentType)) {
    case 'json':
      return text.length === 0 ? null : parseJson(text, inbound ? 'FERRY_ERR_HTTP_BAD_JSON' : 'FERRY_ERR_CALL_BAD_RESPONSE', what);
    case 'xml':
      return text.length === 0 ? null : parseXml(text, inbound ? 'FERRY_ERR_HTTP_BAD_XML' : 'FERRY_ERR_CALL_BAD_RESPONSE', what);
    case 'form':
      return parseForm(text);
    default:
      return text;
  }
}

/** Serialise a payload for the wire in the given content type. Null means no body. */
export function serializePayload(payload: unknown, contentType: string): string | Buffer | null {
  if (payload === null || payload === undefined) return null;
  if (Buffer.isBuffer(payload)) return payload;
  if (payload instanceof Uint8Array) return Buffer.from(payload);
  switch (mediaKind(contentType)) {
    case 'json':
      return JSON.stringify(payload);
    case 'xml':
      return toXml(payload);
    case 'form':
      if (typeof payload === 'string') return payload;
      if (typeof payload === 'object') return formEncode(payload as Record<string, unknown>);
      return String(payload);
    default:
      if (typeof payload === 'string') return payload;
      if (typeof payload === 'object') return JSON.stringify(payload);
      return String(payload);
  }
}

function formEncode(obj: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(obj)) {
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else if (value !== undefined && value !== null) params.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  return params.toString();
}

/** The content type to declare for a payload when nothing else says. */
export function defaultContentType(payload: unknown): string {
  if (typeof payload === 'string') return 'text/plain; charset=utf-8';
  if (Buffer.isBuffer(payload)) return 'application/octet-stream';
  return 'application/json';
}

/** A coded error for a payload that cannot be written as the wanted type. */
export function serializeError(contentType: string, cause: unknown): FerryError {
  return new FerryError('FERRY_ERR_SERIALIZE', `payload cannot be written as ${contentType}: ${(cause as Error).message}`, { cause });
}
