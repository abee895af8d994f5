/**
 * Headers that describe one connection or one encoding of a body, never the message itself:
 * they are not forwarded upstream by `call` nor copied from an upstream response to the client.
 */
export const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
  'content-encoding',
  'accept-encoding',
  'expect',
]);

/** Normalise undici/Node header maps to lower-case single strings (repeats joined by ", "). */
export function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(raw)) {
    const value = raw[key];
    if (value === undefined) continue;
    out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Header maps that may hold repeated Set-Cookie headers. */
export type HeaderMap = Record<string, string | string[]>;

/** Upstream response headers, lower-case; Set-Cookie stays a list (cookie values contain commas). */
export function upstreamHeaders(raw: Record<string, string | string[] | undefined>): HeaderMap {
  const out: HeaderMap = flattenHeaders(raw);
  const cookies = raw['set-cookie'];
  if (Array.isArray(cookies)) out['set-cookie'] = cookies;
  return out;
}
