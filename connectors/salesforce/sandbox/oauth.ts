import { createHash, createHmac, createPublicKey, randomBytes, timingSafeEqual, verify } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from './context.js';
import { sessionOf } from './context.js';
import type { ConnectedApp, Credentials } from './org.js';
import type { TokenInfo } from './tokens.js';

interface PendingCode {
  readonly clientId: string;
  readonly username: string;
  readonly redirectUri: string;
  readonly scope: string;
  readonly codeChallenge: string | undefined;
  readonly expiresAt: number;
}

class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

// Salesforce tolerates about three minutes of clock skew on JWT exp
const JWT_SKEW_MS = 3 * 60_000;
const CODE_LIFETIME_MS = 15 * 60_000;
// pending codes kept at most (the unauthenticated authorize endpoint issues one per call)
const MAX_CODES = 10_000;

/**
 * OAuth 2.0 as Salesforce serves it: `POST /services/oauth2/token` for the password,
 * refresh_token, client_credentials, authorization_code and JWT bearer grants (form-encoded in,
 * JSON or urlencoded out, `{error, error_description}` 400s), `/services/oauth2/authorize` (which
 * approves at once for a known user), `/services/oauth2/revoke`, and the identity URL.
 */
export function registerOAuth(app: FastifyInstance, ctx: SandboxContext): { issueCode(input: { clientId: string; username: string; redirectUri: string; scope?: string; codeChallenge?: string }): string } {
  // in issue order, which is expiry order: the oldest codes are first
  const codes = new Map<string, PendingCode>();
  const org = ctx.org;
  ctx.onReset(() => codes.clear());

  function issueCode(input: { clientId: string; username: string; redirectUri: string; scope?: string; codeChallenge?: string }): string {
    if (!org.apps.has(input.clientId)) throw new OAuthError('invalid_client_id', 'client identifier invalid');
    if (!org.user(input.username)) throw new OAuthError('invalid_grant', 'authentication failure');
    const now = org.now();
    // drop the expired codes, and the oldest past the cap
    for (const [old, pending] of codes) {
      if (pending.expiresAt > now && codes.size < MAX_CODES) break;
      codes.delete(old);
    }
    const code = `aPrx${randomBytes(24).toString('base64url')}`;
    codes.set(code, {
      clientId: input.clientId,
      username: input.username,
      redirectUri: input.redirectUri,
      scope: input.scope ?? 'api refresh_token id',
      codeChallenge: input.codeChallenge,
      expiresAt: now + CODE_LIFETIME_MS,
    });
    return code;
  }

  function clientOf(params: Record<string, string>, req: FastifyRequest, needSecret: boolean): ConnectedApp {
    let { client_id: clientId, client_secret: secret } = params;
    const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (basic) {
      // id and secret, percent-encoded, joined by the first colon (a secret may hold one)
      const pair = Buffer.from(basic, 'base64').toString('utf8');
      const colon = pair.indexOf(':');
      clientId ??= percentDecoded(colon === -1 ? pair : pair.slice(0, colon));
      secret ??= colon === -1 ? undefined : percentDecoded(pair.slice(colon + 1));
    }
    const appDef = clientId ? org.apps.get(clientId) : undefined;
    if (!appDef) throw new OAuthError('invalid_client_id', 'client identifier invalid');
    if ((needSecret || secret !== undefined) && !sameText(secret ?? '', appDef.clientSecret)) throw new OAuthError('invalid_client', 'invalid client credentials');
    return appDef;
  }

  function tokenResponse(appDef: ConnectedApp, user: Credentials, scope: string, withRefresh: boolean, extra: Record<string, string> = {}): Record<string, string> {
    const now = org.now();
    const access = org.tokens.issue('access', user, appDef.clientId, now, scope);
    const id = `${ctx.baseUrl()}/id/${org.id}/${user.userId}`;
    const issuedAt = String(access.issuedAt);
    const body: Record<string, string> = {
      access_token: access.token,
      ...(withRefresh ? { refresh_token: org.tokens.issue('refresh', user, appDef.clientId, now, scope).token } : {}),
      signature: createHmac('sha256', appDef.clientSecret).update(id + issuedAt).digest('base64'),
      scope,
      instance_url: ctx.baseUrl(),
      id,
      token_type: 'Bearer',
      issued_at: issuedAt,
      ...extra,
    };
    return body;
  }

  function grant(params: Record<string, string>, req: FastifyRequest): Record<string, string> {
    switch (params.grant_type) {
      case undefined:
      case '':
        throw new OAuthError('invalid_request', 'grant type is missing');
      case 'password': {
        const appDef = clientOf(params, req, true);
        const user = params.username ? org.user(params.username) : undefined;
        // Salesforce appends the security token to the password when the caller's IP is not trusted
        if (!user || !appDef.allowPasswordFlow || !sameText(params.password ?? '', user.password + user.securityToken)) {
          throw new OAuthError('invalid_grant', 'authentication failure');
        }
        return tokenResponse(appDef, user, 'api id', false);
      }
      case 'refresh_token': {
        const appDef = clientOf(params, req, false);
        const refresh = params.refresh_token ? org.tokens.valid(params.refresh_token, 'refresh', org.now()) : undefined;
        if (!refresh || refresh.clientId !== appDef.clientId) throw new OAuthError('invalid_grant', 'expired access/refresh token');
        const user = org.userById(refresh.userId)!;
        if (appDef.refreshTokenRotation) org.tokens.revoke(refresh.token);
        return tokenResponse(appDef, user, refresh.scope, appDef.refreshTokenRotation);
      }
      case 'client_credentials': {
        const appDef = clientOf(params, req, true);
        const user = appDef.runAs ? org.user(appDef.runAs) : undefined;
        if (!user) throw new OAuthError('invalid_grant', 'no client credentials user enabled');
        return tokenResponse(appDef, user, 'api', false, { token_format: 'opaque' });
      }
      case 'authorization_code': {
        const appDef = clientOf(params, req, params.code_verifier === undefined);
        const pending = params.code ? codes.get(params.code) : undefined;
        if (params.code) codes.delete(params.code);
        if (!pending || pending.clientId !== appDef.clientId || pending.expiresAt <= org.now()) throw new OAuthError('invalid_grant', 'expired authorization code');
        if (params.redirect_uri !== pending.redirectUri) throw new OAuthError('redirect_uri_mismatch', 'redirect_uri must match configuration');
        if (pending.codeChallenge !== undefined) {
          const verifier = params.code_verifier ?? '';
          if (createHash('sha256').update(verifier).digest('base64url') !== pending.codeChallenge) throw new OAuthError('invalid_grant', 'invalid code verifier');
        }
        const user = org.user(pending.username)!;
        return tokenResponse(appDef, user, pending.scope, pending.scope.split(' ').includes('refresh_token'));
      }
      case 'urn:ietf:params:oauth:grant-type:jwt-bearer':
        return jwtGrant(params.assertion ?? '');
      default:
        throw new OAuthError('unsupported_grant_type', 'grant type not supported');
    }
  }

  function jwtGrant(assertion: string): Record<string, string> {
    const parts = assertion.split('.');
    if (parts.length !== 3) throw new OAuthError('invalid_grant', 'invalid assertion');
    let header: { alg?: string };
    let claims: { iss?: string; sub?: string; aud?: string | string[]; exp?: number };
    try {
      header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as typeof header;
      claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as typeof claims;
    } catch {
      throw new OAuthError('invalid_grant', 'invalid assertion');
    }
    const appDef = claims.iss ? org.apps.get(claims.iss) : undefined;
    if (!appDef) throw new OAuthError('invalid_client_id', 'client identifier invalid');
    if (header.alg !== 'RS256' || !appDef.certificate) throw new OAuthError('invalid_grant', 'invalid assertion');
    let key;
    try {
      key = createPublicKey(appDef.certificate);
    } catch {
      throw new OAuthError('invalid_grant', 'invalid assertion');
    }
    const signed = verify('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`), key, Buffer.from(parts[2]!, 'base64url'));
    if (!signed) throw new OAuthError('invalid_grant', 'invalid assertion');
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    const accepted = ['https://login.salesforce.com', 'https://test.salesforce.com', ctx.baseUrl()];
    if (!audiences.some((a) => a !== undefined && accepted.includes(a.replace(/\/$/, '')))) throw new OAuthError('invalid_grant', 'audience is invalid');
    if (typeof claims.exp !== 'number' || claims.exp * 1000 + JWT_SKEW_MS <= org.now()) throw new OAuthError('invalid_grant', 'expired authorization code');
    const user = claims.sub ? org.user(claims.sub) : undefined;
    if (!user) throw new OAuthError('invalid_grant', "user hasn't approved this consumer");
    return tokenResponse(appDef, user, 'api id', false);
  }

  app.post('/services/oauth2/token', async (req, reply) => {
    const params = { ...formOf(req.body), ...(req.query as Record<string, string>) };
    const format = params.format ?? (/urlencoded/.test(req.headers.accept ?? '') ? 'urlencoded' : 'json');
    try {
      return answer(reply, 200, grant(params, req), format);
    } catch (err) {
      if (!(err instanceof OAuthError)) throw err;
      return answer(reply, 400, { error: err.error, error_description: err.description }, format);
    }
  });

  app.get('/services/oauth2/authorize', async (req, reply) => {
    const q = req.query as Record<string, string>;
    const redirect = q.redirect_uri ?? '';
    const appDef = q.client_id ? org.apps.get(q.client_id) : undefined;
    if (!appDef) return answer(reply, 400, { error: 'invalid_client_id', error_description: 'client identifier invalid' }, 'json');
    // only a registered callback (when the app has any), and never a javascript: or data: URL
    const target = httpUrl(redirect);
    if (!target || (appDef.redirectUris.length > 0 && !appDef.redirectUris.includes(redirect))) {
      return answer(reply, 400, { error: 'redirect_uri_mismatch', error_description: 'redirect_uri must match configuration' }, 'json');
    }
    // there is no login page: approve at once for login_hint, or the first user
    const username = q.login_hint ?? [...org.users.values()][0]?.username ?? '';
    let code: string;
    try {
      code = issueCode({ clientId: appDef.clientId, username, redirectUri: redirect, scope: q.scope, codeChallenge: q.code_challenge });
    } catch (err) {
      if (!(err instanceof OAuthError)) throw err;
      return answer(reply, 400, { error: err.error, error_description: err.description }, 'json');
    }
    target.searchParams.set('code', code);
    if (q.state) target.searchParams.set('state', q.state);
    return reply.redirect(target.toString(), 302);
  });

  app.post('/services/oauth2/revoke', async (req, reply) => {
    const params = { ...formOf(req.body), ...(req.query as Record<string, string>) };
    if (!params.token || !org.tokens.revoke(params.token)) return reply.code(400).send({ error: 'invalid_token', error_description: 'invalid token' });
    return reply.code(200).send();
  });

  const identity = async (req: FastifyRequest, reply: FastifyReply) => {
    const q = req.query as Record<string, string>;
    const session = sessionOf(ctx, q.oauth_token ?? req.headers.authorization, q.oauth_token !== undefined);
    if ('error' in session) return reply.code(403).send('Bad_OAuth_Token');
    return reply.send(identityOf(ctx, session.token));
  };
  app.get('/id/:orgId/:userId', identity);
  app.get('/services/oauth2/userinfo', identity);

  return { issueCode };
}

function identityOf(ctx: SandboxContext, token: TokenInfo): Record<string, unknown> {
  const record = ctx.org.store.get(token.userId);
  const v = record?.values ?? {};
  const base = ctx.baseUrl();
  return {
    id: `${base}/id/${ctx.org.id}/${token.userId}`,
    asserted_user: true,
    user_id: token.userId,
    organization_id: ctx.org.id,
    username: token.username,
    nick_name: v.CommunityNickname ?? v.Alias ?? null,
    display_name: v.Name ?? null,
    email: v.Email ?? null,
    first_name: v.FirstName ?? null,
    last_name: v.LastName ?? null,
    active: v.IsActive ?? true,
    user_type: 'STANDARD',
    language: 'en_US',
    locale: 'en_US',
    utcOffset: 0,
    urls: {
      rest: `${base}/services/data/v{version}/`,
      sobjects: `${base}/services/data/v{version}/sobjects/`,
      query: `${base}/services/data/v{version}/query/`,
      partner: `${base}/services/Soap/u/{version}/${ctx.org.id15}`,
    },
  };
}

/** A percent-decoded Basic credential, or invalid_client for bad encoding such as `%zz`. */
function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new OAuthError('invalid_client', 'invalid client credentials');
  }
}

/** The URL when `text` is an absolute http(s) URL, else undefined. */
function httpUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function formOf(body: unknown): Record<string, string> {
  if (typeof body !== 'string') return {};
  return Object.fromEntries(new URLSearchParams(body));
}

function answer(reply: FastifyReply, status: number, body: Record<string, string>, format: string): FastifyReply {
  reply.code(status).header('cache-control', 'no-cache,must-revalidate,max-age=0,no-store,private');
  if (format === 'urlencoded') return reply.header('content-type', 'application/x-www-form-urlencoded').send(new URLSearchParams(body).toString());
  return reply.header('content-type', 'application/json;charset=UTF-8').send(JSON.stringify(body));
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
