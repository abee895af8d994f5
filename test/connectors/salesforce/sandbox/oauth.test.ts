import { createHash, createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CLIENT_ID, CLIENT_SECRET, login, PASSWORD, SECURITY_TOKEN, tokenRequest, USERNAME, useSandbox } from './helpers.js';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const JWT_APP = 'ferry-jwt-client';

const ctx = useSandbox({
  seed: {
    connectedApps: [
      { clientId: JWT_APP, clientSecret: 'jwt-secret', certificate: publicKey.export({ type: 'spki', format: 'pem' }).toString(), allowPasswordFlow: false },
      { clientId: 'no-run-as', clientSecret: 's3' },
      { clientId: 'rotating', clientSecret: 'rot', refreshTokenRotation: true, redirectUris: ['http://localhost/cb'] },
    ],
  },
});

function jwt(claims: Record<string, unknown>, key = privateKey, alg = 'RS256'): string {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const head = `${enc({ alg })}.${enc(claims)}`;
  return `${head}.${sign('RSA-SHA256', Buffer.from(head), key).toString('base64url')}`;
}

const inFuture = () => Math.floor(Date.now() / 1000) + 300;

describe('sandbox OAuth: /services/oauth2/token', () => {
  it('password grant: password + security token gives the documented success shape, no expires_in, no refresh token', async () => {
    const { status, body } = await tokenRequest(ctx.url, { grant_type: 'password', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, username: USERNAME, password: PASSWORD + SECURITY_TOKEN });
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['access_token', 'id', 'instance_url', 'issued_at', 'scope', 'signature', 'token_type']);
    expect(body.access_token).toMatch(/^00D5g00000Ferry![A-Za-z0-9._]+$/);
    expect(body.token_type).toBe('Bearer');
    expect(body.instance_url).toBe(ctx.url);
    expect(body.issued_at).toMatch(/^\d{13}$/);
    expect(body.id).toMatch(new RegExp(`^${ctx.url}/id/00D5g00000Ferry[A-Z0-5]{3}/005[A-Za-z0-9]{15}$`));
    expect(body.signature).toBe(createHmac('sha256', CLIENT_SECRET).update(body.id! + body.issued_at!).digest('base64'));
  });

  it.each([
    ['wrong password', { grant_type: 'password', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, username: USERNAME, password: 'nope' }, 400, 'invalid_grant', 'authentication failure'],
    ['password without the security token', { grant_type: 'password', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, username: USERNAME, password: PASSWORD }, 400, 'invalid_grant', 'authentication failure'],
    ['unknown user', { grant_type: 'password', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, username: 'who@x', password: 'p' }, 400, 'invalid_grant', 'authentication failure'],
    ['password flow disabled for the app', { grant_type: 'password', client_id: JWT_APP, client_secret: 'jwt-secret', username: USERNAME, password: PASSWORD + SECURITY_TOKEN }, 400, 'invalid_grant', 'authentication failure'],
    ['unknown client', { grant_type: 'password', client_id: 'nobody', client_secret: 'x', username: USERNAME, password: PASSWORD }, 400, 'invalid_client_id', 'client identifier invalid'],
    ['wrong client secret', { grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: 'wrong' }, 400, 'invalid_client', 'invalid client credentials'],
    ['client credentials without a run-as user', { grant_type: 'client_credentials', client_id: 'no-run-as', client_secret: 's3' }, 400, 'invalid_grant', 'no client credentials user enabled'],
    ['an unknown refresh token', { grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: '5Aepnope' }, 400, 'invalid_grant', 'expired access/refresh token'],
    ['an unsupported grant', { grant_type: 'magic', client_id: CLIENT_ID }, 400, 'unsupported_grant_type', 'grant type not supported'],
    ['no grant type', { client_id: CLIENT_ID }, 400, 'invalid_request', 'grant type is missing'],
  ])('%s → %d %s', async (_name, form, status, error, description) => {
    const res = await tokenRequest(ctx.url, form);
    expect(res).toEqual({ status, body: { error, error_description: description } });
  });

  it('client_credentials (secret in the form or in HTTP Basic) runs as the configured user', async () => {
    const form = await tokenRequest(ctx.url, { grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
    expect(form.status).toBe(200);
    expect(form.body.token_format).toBe('opaque');
    const basic = await tokenRequest(ctx.url, { grant_type: 'client_credentials' }, { authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}` });
    expect(basic.status).toBe(200);
    expect(basic.body.id).toBe(form.body.id);
  });

  it('authorization_code with PKCE gives a refresh token that refreshes (and rotates when the app says so)', async () => {
    const verifier = 'v'.repeat(50);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const authorize = await fetch(`${ctx.url}/services/oauth2/authorize?response_type=code&client_id=rotating&redirect_uri=${encodeURIComponent('http://localhost/cb')}&state=s1&code_challenge=${challenge}`, { redirect: 'manual' });
    expect(authorize.status).toBe(302);
    const location = new URL(authorize.headers.get('location')!);
    expect(location.searchParams.get('state')).toBe('s1');
    const code = location.searchParams.get('code')!;
    const exchanged = await tokenRequest(ctx.url, { grant_type: 'authorization_code', code, client_id: 'rotating', redirect_uri: 'http://localhost/cb', code_verifier: verifier });
    expect(exchanged.status).toBe(200);
    expect(exchanged.body.refresh_token).toMatch(/^5Aep/);
    const reused = await tokenRequest(ctx.url, { grant_type: 'authorization_code', code, client_id: 'rotating', client_secret: 'rot', redirect_uri: 'http://localhost/cb' });
    expect(reused.body).toEqual({ error: 'invalid_grant', error_description: 'expired authorization code' });
    const refreshed = await tokenRequest(ctx.url, { grant_type: 'refresh_token', client_id: 'rotating', client_secret: 'rot', refresh_token: exchanged.body.refresh_token! });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).toBeDefined();
    const again = await tokenRequest(ctx.url, { grant_type: 'refresh_token', client_id: 'rotating', client_secret: 'rot', refresh_token: exchanged.body.refresh_token! });
    expect(again.body.error).toBe('invalid_grant');
  });

  it('authorization_code issued through the admin API, without PKCE', async () => {
    const { code } = (await (await fetch(`${ctx.url}/__sandbox/oauth/code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ clientId: CLIENT_ID, username: USERNAME, redirectUri: 'http://localhost:8290/oauth/callback' }) })).json()) as { code: string };
    const res = await tokenRequest(ctx.url, { grant_type: 'authorization_code', code, client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uri: 'http://localhost:8290/oauth/callback' });
    expect(res.status).toBe(200);
    expect(res.body.refresh_token).toBeDefined();
  });

  it.each([
    ['a valid assertion', () => jwt({ iss: JWT_APP, sub: USERNAME, aud: 'https://login.salesforce.com', exp: inFuture() }), 200, undefined],
    ['the sandbox URL as audience', () => jwt({ iss: JWT_APP, sub: USERNAME, aud: ctx.url, exp: inFuture() }), 200, undefined],
    ['a signature by another key', () => jwt({ iss: JWT_APP, sub: USERNAME, aud: 'https://login.salesforce.com', exp: inFuture() }, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey), 400, 'invalid assertion'],
    ['an expired assertion', () => jwt({ iss: JWT_APP, sub: USERNAME, aud: 'https://login.salesforce.com', exp: Math.floor(Date.now() / 1000) - 600 }), 400, 'expired authorization code'],
    ['an unknown subject', () => jwt({ iss: JWT_APP, sub: 'ghost@x', aud: 'https://login.salesforce.com', exp: inFuture() }), 400, "user hasn't approved this consumer"],
    ['a wrong audience', () => jwt({ iss: JWT_APP, sub: USERNAME, aud: 'https://evil.example', exp: inFuture() }), 400, 'audience is invalid'],
    ['not a JWT', () => 'abc', 400, 'invalid assertion'],
  ])('JWT bearer with %s', async (_name, assertion, status, description) => {
    const res = await tokenRequest(ctx.url, { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: assertion() });
    expect(res.status).toBe(status);
    if (description) expect(res.body).toEqual({ error: 'invalid_grant', error_description: description });
    else expect(res.body.access_token).toBeDefined();
  });

  it('answers urlencoded when asked', async () => {
    const res = await fetch(`${ctx.url}/services/oauth2/token?format=urlencoded`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=magic' });
    expect(res.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(await res.text()).toBe('error=unsupported_grant_type&error_description=grant+type+not+supported');
  });
});

describe('sandbox OAuth: tokens on API calls', () => {
  const versions = (token: string) => fetch(`${ctx.url}/services/data/v62.0/`, { headers: { authorization: `Bearer ${token}` } });

  it('a revoked token gets 401 INVALID_SESSION_ID', async () => {
    const token = await login(ctx.url);
    expect((await versions(token)).status).toBe(200);
    const revoke = await fetch(`${ctx.url}/services/oauth2/revoke`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${encodeURIComponent(token)}` });
    expect(revoke.status).toBe(200);
    const res = await versions(token);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
  });

  it('tokens expire after the configured lifetime, and the admin API can expire them at once', async () => {
    await fetch(`${ctx.url}/__sandbox/tokens`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lifetimeSeconds: 1 }) });
    const short = await login(ctx.url);
    await fetch(`${ctx.url}/__sandbox/tokens`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lifetimeSeconds: 7200 }) });
    await fetch(`${ctx.url}/__sandbox/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceMs: 2000 }) });
    expect((await versions(short)).status).toBe(401);
    const long = await login(ctx.url);
    expect((await versions(long)).status).toBe(200);
    await fetch(`${ctx.url}/__sandbox/tokens/expire`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect((await versions(long)).status).toBe(401);
  });

  it('identity URL answers for a valid token', async () => {
    const token = await login(ctx.url);
    const { body } = await tokenRequest(ctx.url, { grant_type: 'password', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, username: USERNAME, password: PASSWORD + SECURITY_TOKEN });
    const res = await fetch(`${body.id}?format=json&oauth_token=${encodeURIComponent(token)}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ username: USERNAME, organization_id: expect.stringMatching(/^00D5g00000Ferry/), user_id: expect.stringMatching(/^005/) });
  });
});
