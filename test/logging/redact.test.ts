import { describe, expect, it } from 'vitest';
import { isSecretKey, redactText, redactValue, TOO_DEEP } from '../../src/logging/redact.js';
import { captureLogger } from '../helpers/project.js';

describe('secret redaction', () => {
  it.each([
    ['authorization', true],
    ['Proxy-Authorization', true],
    ['cookie', true],
    ['set-cookie', true],
    ['password', true],
    ['client_secret', true],
    ['clientSecret', true],
    ['access_token', true],
    ['refreshToken', true],
    ['sessionId', true],
    ['session_id', true],
    ['x-api-key', true],
    ['privateKey', true],
    ['assertion', true],
    ['tokenUrl', false],
    ['token_type', false],
    ['expires_in', false],
    ['username', false],
    ['instance_url', false],
  ])('key %s is secret: %s', (key, secret) => {
    expect(isSecretKey(key)).toBe(secret);
  });

  it.each([
    ['Authorization: Bearer eyJhbGciOi.abc.def', 'Authorization: Bearer [REDACTED]'],
    ['OAuth 00D5g000004ABCD!AQ0AQH.x_y', 'OAuth [REDACTED]'],
    ['Basic dXNlcjpwYXNzd29yZA==', 'Basic [REDACTED]'],
    ['session 00D5g000004ABCDEAA!AR8AQJXg5oXK7vO4 ok', 'session [REDACTED] ok'],
    ['grant_type=password&username=a&password=s3cr3t&client_secret=xyz', 'grant_type=password&username=a&password=[REDACTED]&client_secret=[REDACTED]'],
    ['{"access_token":"abc","instance_url":"https://x"}', '{"access_token":"[REDACTED]","instance_url":"https://x"}'],
    ['<urn:sessionId>00Dxyz</urn:sessionId>', '<urn:sessionId>[REDACTED]</urn:sessionId>'],
    ['<n1:password xmlns="x"><![CDATA[p<w>d]]></n1:password>', '<n1:password xmlns="x">[REDACTED]</n1:password>'],
    ['<newPassword>Secret123</newPassword>', '<newPassword>[REDACTED]</newPassword>'],
    ['nothing to hide here', 'nothing to hide here'],
  ])('masks %j', (text, expected) => {
    expect(redactText(text)).toBe(expected);
  });

  it('masks secret keys at any depth, leaving the rest', () => {
    const value = { headers: { authorization: 'Bearer x', accept: '*/*' }, body: { creds: [{ password: 'p', user: 'u' }] }, n: 1 };
    expect(redactValue(value)).toEqual({ headers: { authorization: '[REDACTED]', accept: '*/*' }, body: { creds: [{ password: '[REDACTED]', user: 'u' }] }, n: 1 });
    expect(value.headers.authorization).toBe('Bearer x');
  });

  it('never writes a subtree deeper than it checks', () => {
    let deep: Record<string, unknown> = { password: 'deep-secret' };
    for (let i = 0; i < 20; i++) deep = { level: deep };
    const out = JSON.stringify(redactValue(deep));
    expect(out).not.toContain('deep-secret');
    expect(out).toContain(TOO_DEEP);
    let ten: Record<string, unknown> = { token: 'ten-deep' };
    for (let i = 0; i < 10; i++) ten = { level: ten };
    expect(JSON.stringify(redactValue(ten))).toContain('"token":"[REDACTED]"');
  });

  it('keeps secrets out of every log line: fields, nested objects, messages and errors', () => {
    const { logger, text } = captureLogger('info');
    const err = Object.assign(new Error('login failed for token=abc123'), { sessionId: '00D000000000001!secretsession' });
    logger.info({ req: { headers: { cookie: 'sid=1', authorization: 'Bearer tok1' } }, client_secret: 'cs1' }, 'calling with Bearer tok2');
    logger.error({ err }, 'failed');
    logger.child({ api: 'x' }).warn({ deep: { a: { b: { refresh_token: 'rt1' } } } }, 'child');
    const out = text();
    for (const secret of ['sid=1', 'tok1', 'cs1', 'tok2', 'abc123', 'secretsession', 'rt1']) expect(out).not.toContain(secret);
    expect(out).toContain('[REDACTED]');
    expect(out).toContain('login failed for token=[REDACTED]');
  });
});
