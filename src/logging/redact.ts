/**
 * Secret redaction for everything Ferry logs. pino's path-based redaction needs every path up
 * front; secrets in an integration server turn up anywhere (a header map, a connector's token
 * response, a log mediator field, a message template), so keys are matched by name at any depth
 * and strings are scanned for credential shapes.
 */
export const REDACTED = '[REDACTED]';

// Compared against the key lower-cased with '-' and '_' removed.
const SECRET_KEY = /(authorization|cookie|password|passwd|secret|token|sessionid|apikey|privatekey|assertion|credential)/;
// ...unless the key only names where or what kind a secret is.
const NOT_SECRET_KEY = /(url|uri|type|expires|expiresin|endpoint|file|path|header)$/;

const SECRET_TEXT: readonly [RegExp, string][] = [
  [/\b(Bearer|OAuth)\s+[A-Za-z0-9._~+/!=-]+/gi, `$1 ${REDACTED}`],
  [/\bBasic\s+[A-Za-z0-9+/=]{6,}/gi, `Basic ${REDACTED}`],
  // Salesforce access tokens / session ids: <15-char org id>!<opaque>
  [/\b00D[A-Za-z0-9]{12,15}![A-Za-z0-9._-]+/g, REDACTED],
  [/\b(access_token|refresh_token|client_secret|password|assertion|sessionId|session_id|token)=([^&\s"']+)/gi, `$1=${REDACTED}`],
  [/("(?:access_token|refresh_token|client_secret|password|sessionId|session_id|token|secret)"\s*:\s*")([^"]*)"/gi, `$1${REDACTED}"`],
  // SOAP: <sessionId>, <password>, <n1:newPassword xmlns="…"><![CDATA[…]]></…>
  [/(<(?:\w+:)?(?:sessionId|password|newPassword)\b[^>]*>)(?:<!\[CDATA\[[\s\S]*?\]\]>|[^<])*(<\/)/gi, `$1${REDACTED}$2`],
];

/** Whether a key names a secret (`Authorization`, `client_secret`, `sessionId`…). */
export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_]/g, '');
  return SECRET_KEY.test(k) && !NOT_SECRET_KEY.test(k);
}

/** Mask credential-shaped parts of a string. */
export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_TEXT) out = out.replace(pattern, replacement);
  return out;
}

// Deeper than this, a subtree is not written at all: it could hide a secret the walk never reached.
const MAX_DEPTH = 12;
export const TOO_DEEP = '[Too deep]';

/** A redacted deep copy. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) return TOO_DEEP;
  if (value instanceof Error) return redactError(value, depth);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  if (Buffer.isBuffer(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = isSecretKey(key) && v !== null && v !== undefined && v !== '' ? REDACTED : redactValue(v, depth + 1);
  }
  return out;
}

function redactError(err: Error, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = { type: err.name, message: redactText(err.message) };
  if (err.stack) out.stack = redactText(err.stack);
  for (const [key, v] of Object.entries(err)) out[key] = isSecretKey(key) ? REDACTED : redactValue(v, depth + 1);
  if (err.cause !== undefined) out.cause = redactValue(err.cause, depth + 1);
  return out;
}
