// Odd client input gets each API's own error answer, never a 500 (which jsforce would retry):
// bodies of a media type a route does not take, bad OAuth parameters, malformed admin JSON,
// framework-level errors (bad URLs, oversized or mistyped bodies) by API, HEAD, and the headers
// of REST's early answers (401, 403, 410, versions, 404).
import { describe, expect, it } from 'vitest';
import { RestRouter, type RestRequest } from '../../../../connectors/salesforce/sandbox/rest/router.js';
import { CLIENT_ID, login, USERNAME, useSandbox } from './helpers.js';
import { jsforceEnvelope, VERSION } from './soap-helpers.js';

const OPEN_APP = 'open-app';
const COLON_APP = 'colon-app';
const COLON_SECRET = 'se:cret';

const ctx = useSandbox({
  seed: {
    connectedApps: [
      // no registered callback: any http(s) redirect_uri is taken
      { clientId: OPEN_APP, clientSecret: 'open-secret' },
      { clientId: COLON_APP, clientSecret: COLON_SECRET, runAs: USERNAME },
    ],
    apex: [{ method: 'POST', path: '/Orders', status: 201, body: { created: true } }],
  },
});

const REST_JSON = 'application/json;charset=UTF-8';
const CSV = 'Name\nFrom CSV\n';

async function bearer(): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await login(ctx.url)}` };
}

const accountCount = async () => ((await (await fetch(`${ctx.url}/__sandbox/records/Account`)).json()) as unknown[]).length;

function authorize(query: Record<string, string>): Promise<Response> {
  return fetch(`${ctx.url}/services/oauth2/authorize?${new URLSearchParams({ response_type: 'code', ...query }).toString()}`, { redirect: 'manual' });
}

function basicToken(credentials: string): Promise<Response> {
  return fetch(`${ctx.url}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(credentials).toString('base64')}` },
    body: 'grant_type=client_credentials',
  });
}

function clientFault(text: string): string | undefined {
  expect(text).toContain('<faultcode>soapenv:Client</faultcode>');
  return /<faultstring>([^<]*)<\/faultstring>/.exec(text)?.[1];
}

describe('a CSV body (streamed for Bulk) on a route that does not take CSV', () => {
  it('REST: 415 UNSUPPORTED_MEDIA_TYPE, and nothing is created', async () => {
    const before = await accountCount();
    const res = await fetch(`${ctx.url}/services/data/v62.0/sobjects/Account`, { method: 'POST', headers: { ...(await bearer()), 'content-type': 'text/csv; charset=UTF-8' }, body: CSV });
    expect(res.status).toBe(415);
    expect(res.headers.get('content-type')).toBe(REST_JSON);
    expect(await res.json()).toEqual([{ errorCode: 'UNSUPPORTED_MEDIA_TYPE', message: "MediaType of 'text/csv' is not supported by this resource" }]);
    expect(await accountCount()).toBe(before);
  });

  it('SOAP: a soapenv:Client fault, and the endpoint keeps answering', async () => {
    const res = await fetch(`${ctx.url}/services/Soap/u/${VERSION}`, { method: 'POST', headers: { 'content-type': 'text/csv', soapaction: '""' }, body: CSV });
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    expect(clientFault(await res.text())).toBe('MediaType of &apos;text/csv&apos; is not supported by this resource');
    const token = (await bearer()).authorization!.slice('Bearer '.length);
    const ok = await fetch(`${ctx.url}/services/Soap/u/${VERSION}`, { method: 'POST', headers: { 'content-type': 'text/xml', soapaction: '""' }, body: jsforceEnvelope('<getServerTimestamp/>', { SessionHeader: `<sessionId>${token}</sessionId>` }) });
    expect(ok.status).toBe(200);
  });

  it('OAuth and the admin API: their own error objects', async () => {
    const token = await fetch(`${ctx.url}/services/oauth2/token`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: CSV });
    expect(token.status).toBe(415);
    expect(await token.json()).toEqual({ error: 'invalid_request', error_description: "MediaType of 'text/csv' is not supported by this resource" });
    const limits = await fetch(`${ctx.url}/__sandbox/limits`, { method: 'PUT', headers: { 'content-type': 'text/csv' }, body: CSV });
    expect(limits.status).toBe(415);
    expect(await limits.json()).toEqual({ error: "MediaType of 'text/csv' is not supported by this resource" });
  });

  it('Apex REST takes any content type (a Blob in Apex): the route answers as usual', async () => {
    const res = await fetch(`${ctx.url}/services/apexrest/Orders`, { method: 'POST', headers: { ...(await bearer()), 'content-type': 'text/csv' }, body: CSV });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ created: true });
  });
});

describe('OAuth input that used to end in 500 UNKNOWN_EXCEPTION', () => {
  it('authorize with an unknown login_hint → 400 invalid_grant', async () => {
    const res = await authorize({ client_id: CLIENT_ID, redirect_uri: 'http://localhost:8290/oauth/callback', login_hint: 'nobody@ferry.sandbox' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe(REST_JSON);
    expect(await res.json()).toEqual({ error: 'invalid_grant', error_description: 'authentication failure' });
  });

  it.each([
    ['no redirect_uri', {}],
    ['a javascript: redirect', { redirect_uri: 'javascript:alert(document.domain)' }],
    ['a data: redirect', { redirect_uri: 'data:text/html,hi' }],
    ['a relative redirect', { redirect_uri: '/callback' }],
  ])('authorize with %s → 400 redirect_uri_mismatch, even for an app without registered callbacks', async (_label, query: Record<string, string>) => {
    const res = await authorize({ client_id: OPEN_APP, ...query });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.json()).toEqual({ error: 'redirect_uri_mismatch', error_description: 'redirect_uri must match configuration' });
  });

  it('authorize takes any http(s) callback of an app without registered ones, only a registered one otherwise', async () => {
    const open = await authorize({ client_id: OPEN_APP, redirect_uri: 'https://app.example/cb', state: 's' });
    expect(open.status).toBe(302);
    const location = new URL(open.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe('https://app.example/cb');
    expect(location.searchParams.get('state')).toBe('s');
    const unregistered = await authorize({ client_id: CLIENT_ID, redirect_uri: 'https://app.example/cb' });
    expect(unregistered.status).toBe(400);
    expect(((await unregistered.json()) as { error: string }).error).toBe('redirect_uri_mismatch');
  });

  it('authorize for an unknown client → 400 invalid_client_id', async () => {
    const res = await authorize({ client_id: 'nobody', redirect_uri: 'https://app.example/cb' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'invalid_client_id', error_description: 'client identifier invalid' });
  });

  it('HTTP Basic credentials with bad percent-encoding → 400 invalid_client', async () => {
    const res = await basicToken('%zz:%zz');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'invalid_client', error_description: 'invalid client credentials' });
  });

  it('HTTP Basic splits at the first colon, so a secret may hold one', async () => {
    const res = await basicToken(`${COLON_APP}:${COLON_SECRET}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { token_type: string }).token_type).toBe('Bearer');
  });
});

describe('the admin API with a body that is not a JSON object', () => {
  it.each([
    ['PUT', '/limits', '{"max":', /^the request body is not JSON: /],
    ['POST', '/faults', '{"path": }', /^the request body is not JSON: /],
    ['POST', '/tokens/expire', 'null', /^the request body must be a JSON object$/],
    ['POST', '/clock', '[1]', /^the request body must be a JSON object$/],
  ])('%s %s %s → 400 {error}', async (method, path, body, message) => {
    const res = await fetch(`${ctx.url}/__sandbox${path}`, { method, headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(400);
    const answer = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(answer)).toEqual(['error']);
    expect(answer.error).toMatch(message);
  });
});

describe('framework errors answered in the shape of the API under the path', () => {
  it('bad percent-encoding in a REST path: the REST error array', async () => {
    const res = await fetch(`${ctx.url}/services/data/v62.0/sobjects/Account/%E0%A4%A`, { headers: await bearer() });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe(REST_JSON);
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
    expect(await res.json()).toEqual([{ errorCode: 'INVALID_REQUEST', message: "'/services/data/v62.0/sobjects/Account/%E0%A4%A' is not a valid url component" }]);
  });

  it('bad percent-encoding under /services/oauth2/ and /services/Soap/', async () => {
    const oauth = await fetch(`${ctx.url}/services/oauth2/token/%E0%A4%A`, { method: 'POST' });
    expect(oauth.status).toBe(400);
    expect(((await oauth.json()) as { error: string }).error).toBe('invalid_request');
    const soap = await fetch(`${ctx.url}/services/Soap/u/${VERSION}/%E0%A4%A`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: '<x/>' });
    expect(soap.status).toBe(500);
    expect(clientFault(await soap.text())).toBe('&apos;/services/Soap/u/62.0/%E0%A4%A&apos; is not a valid url component');
  });

  it('SOAP: a 40 MB body and a malformed content type are soapenv:Client faults in XML', async () => {
    const big = await fetch(`${ctx.url}/services/Soap/u/${VERSION}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: Buffer.alloc(40 * 1024 * 1024, 0x20) });
    expect(big.status).toBe(500);
    expect(big.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    expect(clientFault(await big.text())).toBe('The request body is too large');
    const mistyped = await fetch(`${ctx.url}/services/Soap/u/${VERSION}`, { method: 'POST', headers: { 'content-type': 'xml' }, body: '<x/>' });
    expect(mistyped.status).toBe(500);
    expect(clientFault(await mistyped.text())).toBe('MediaType of &apos;xml&apos; is not supported by this resource');
  });

  it('a malformed content type on REST and OAuth: 415 in their shapes', async () => {
    const rest = await fetch(`${ctx.url}/services/data/v62.0/sobjects/Account`, { method: 'POST', headers: { ...(await bearer()), 'content-type': 'json' }, body: '{}' });
    expect(rest.status).toBe(415);
    expect(await rest.json()).toEqual([{ errorCode: 'UNSUPPORTED_MEDIA_TYPE', message: "MediaType of 'json' is not supported by this resource" }]);
    const oauth = await fetch(`${ctx.url}/services/oauth2/token`, { method: 'POST', headers: { 'content-type': 'form' }, body: 'grant_type=password' });
    expect(oauth.status).toBe(415);
    expect(await oauth.json()).toEqual({ error: 'invalid_request', error_description: "MediaType of 'form' is not supported by this resource" });
  });
});

describe('HEAD on REST resources', () => {
  it.each(['/sobjects/Account/describe', '/limits', '/sobjects'])('HEAD %s → 200, the GET headers, no body', async (path) => {
    const auth = await bearer();
    const get = await fetch(`${ctx.url}/services/data/v62.0${path}`, { headers: auth });
    const head = await fetch(`${ctx.url}/services/data/v62.0${path}`, { method: 'HEAD', headers: auth });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe(REST_JSON);
    expect(head.headers.get('sforce-limit-info')).toMatch(/^api-usage=\d+\/15000$/);
    expect(head.headers.get('content-length')).toBe(String((await get.arrayBuffer()).byteLength));
    expect(await head.text()).toBe('');
  });

  it('the router runs HEAD as GET, and names HEAD when only other methods are allowed', () => {
    const router = new RestRouter();
    router.add('GET', '/limits', (req) => ({ status: 200, body: { method: req.method } }));
    router.add('POST', '/composite', () => ({ status: 200, body: {} }));
    const request = (path: string) => ({ method: 'HEAD', path, version: '62.0', query: {}, headers: {}, body: undefined }) as unknown as RestRequest;
    expect(router.handle(request('/limits'))).toEqual({ status: 200, body: { method: 'GET' } });
    expect(router.handle(request('/composite'))).toEqual({ status: 405, body: [{ errorCode: 'METHOD_NOT_ALLOWED', message: "HTTP Method 'HEAD' not allowed. Allowed are POST" }] });
  });

  it('HEAD /services/data/ → 200 without a body', async () => {
    const res = await fetch(`${ctx.url}/services/data/`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });
});

describe('REST answers before the router carry the REST headers', () => {
  const restHeaders = (res: Response) => [res.headers.get('content-type'), res.headers.get('vary')];

  it('401 INVALID_SESSION_ID', async () => {
    const res = await fetch(`${ctx.url}/services/data/v62.0/limits`, { headers: { authorization: 'Bearer nope' } });
    expect(res.status).toBe(401);
    expect(restHeaders(res)).toEqual([REST_JSON, 'Accept-Encoding']);
    expect(await res.json()).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
  });

  it('403 REQUEST_LIMIT_EXCEEDED', async () => {
    const auth = await bearer();
    const put = (body: unknown) => fetch(`${ctx.url}/__sandbox/limits`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await put({ used: 15000 });
    try {
      const res = await fetch(`${ctx.url}/services/data/v62.0/limits`, { headers: auth });
      expect(res.status).toBe(403);
      expect(restHeaders(res)).toEqual([REST_JSON, 'Accept-Encoding']);
      expect(res.headers.get('sforce-limit-info')).toBe('api-usage=15000/15000');
      expect(await res.json()).toEqual([{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
    } finally {
      await put({ used: 0 });
    }
  });

  it('410 for a retired version, the versions list and 404 for an unknown path', async () => {
    for (const path of ['/services/data/v30.0/limits', '/services/data/', '/services/nothing']) {
      const res = await fetch(`${ctx.url}${path}`);
      expect([path, res.status, ...restHeaders(res)]).toEqual([path, { '/services/data/v30.0/limits': 410, '/services/data/': 200, '/services/nothing': 404 }[path], REST_JSON, 'Accept-Encoding']);
    }
  });

  it('X-PrettyPrint: 1 lays out the 401 as every REST answer', async () => {
    const res = await fetch(`${ctx.url}/services/data/v62.0/limits`, { headers: { 'x-prettyprint': '1' } });
    expect(await res.text()).toBe('[\n  {\n    "message" : "Session expired or invalid",\n    "errorCode" : "INVALID_SESSION_ID"\n  }\n]');
  });
});
