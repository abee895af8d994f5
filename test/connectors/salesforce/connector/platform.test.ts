import { describe, expect, it } from 'vitest';
import { useSalesforce } from './harness.js';

const sf = useSalesforce({
  seed: {
    apex: [
      { method: 'GET', path: '/Orders/{orderId}', body: { id: '{orderId}', status: 'Shipped' } },
      { method: 'POST', path: '/Orders', status: 201, headers: { 'X-Order-Source': 'sandbox' }, body: { created: true } },
      { method: 'PUT', path: '/Orders/{orderId}/notes', headers: { 'Content-Type': 'text/plain' }, body: 'noted {orderId}' },
      { method: 'DELETE', path: '/Orders/{orderId}', status: 204 },
    ],
  },
});

type Result = { payload?: unknown; headers: Record<string, unknown>; attributes: Record<string, unknown> };
const v = (out: { mc: { vars: Record<string, unknown> } }) => out.mc.vars.r as Result;
type Logged = { method: string; path: string; query: string; headers: Record<string, unknown>; body: string | null };
const last = (): Logged => (sf.sandbox.admin.requests() as Logged[]).at(-1)!;

describe('limits (GET /limits)', () => {
  it('every limit as {Max, Remaining}; attributes.apiUsage from Sforce-Limit-Info', async () => {
    const out = await sf.run('- salesforce.limits: { configKey: sf, responseVariable: r }');
    const limits = v(out).payload as Record<string, { Max: number; Remaining: number }>;
    expect(limits.DailyApiRequests).toEqual({ Max: 15000, Remaining: expect.any(Number) });
    for (const entry of Object.values(limits)) expect(entry).toEqual({ Max: expect.any(Number), Remaining: expect.any(Number) });
    expect(v(out).attributes).toMatchObject({ statusCode: 200, apiUsage: { used: 15000 - limits.DailyApiRequests!.Remaining, max: 15000 } });
    expect(last()).toMatchObject({ method: 'GET', path: '/services/data/v60.0/limits' });
  });

  it('the daily limit used up → REQUEST_LIMIT_EXCEEDED fault with status 403', async () => {
    const before = sf.sandbox.admin.setLimits({});
    sf.sandbox.admin.setLimits({ used: before.max });
    try {
      const out = await sf.run('- salesforce.limits: { configKey: sf }');
      expect(out.mc.error).toMatchObject({ code: 'REQUEST_LIMIT_EXCEEDED', status: 403 });
      expect(out.response.status).toBe(403);
    } finally {
      sf.sandbox.admin.setLimits({ used: before.used });
    }
  });
});

describe('recentItems (GET /recent)', () => {
  it('the records just used come first, as {attributes, Id, Name}; limit caps the list', async () => {
    const used = await sf.run(
      `- salesforce.createRecords: { configKey: sf, sObjectName: Account, records: [{ Name: Recent One }, { Name: Recent Two }], responseVariable: made }
- salesforce.rawRequest: { configKey: sf, method: GET, path: "/sobjects/Account/\${vars.made.payload[1].id}", responseVariable: seen }
- salesforce.rawRequest: { configKey: sf, method: GET, path: "/sobjects/Account/\${vars.made.payload[0].id}", responseVariable: seen }
- salesforce.recentItems: { configKey: sf, limit: 1, responseVariable: r }`,
    );
    const [one, two] = (used.mc.vars.made as { payload: { id: string }[] }).payload.map((p) => p.id);
    const item = (id: string, Name: string) => ({ attributes: { type: 'Account', url: `/services/data/v60.0/sobjects/Account/${id}` }, Id: id, Name });
    expect(v(used).payload).toEqual([item(one!, 'Recent One')]);
    expect(last()).toMatchObject({ path: '/services/data/v60.0/recent', query: 'limit=1' });
    const all = await sf.run('- salesforce.recentItems: { configKey: sf, responseVariable: r }');
    expect(v(all).payload).toEqual([item(one!, 'Recent One'), item(two!, 'Recent Two')]);
    expect(last().query).toBe('');
  });

  it.each([['0'], ['201'], ['"ten"']])('limit %s is a load error', async (limit) => {
    await expect(sf.run(`- salesforce.recentItems: { configKey: sf, limit: ${limit} }`)).rejects.toThrow(/FERRY_ERR_ARTIFACT_SCHEMA/);
  });

  it('a server error → a fault with its code', async () => {
    sf.sandbox.admin.addFault({ path: '/recent$', status: 503, body: [{ errorCode: 'SERVER_UNAVAILABLE', message: 'down for maintenance' }] });
    const out = await sf.run('- salesforce.recentItems: { configKey: sf }');
    expect(out.mc.error).toMatchObject({ code: 'SERVER_UNAVAILABLE', status: 503, message: 'down for maintenance' });
  });
});

describe('callApexRest (/services/apexrest/…)', () => {
  it.each([
    ['GET with a path parameter and a query', 'method: GET, path: "Orders/A-100", query: { expand: true, n: 2 }', 200, { id: 'A-100', status: 'Shipped' }, 'GET', '/services/apexrest/Orders/A-100', 'expand=true&n=2', null],
    ['a leading slash is fine', 'method: GET, path: "/Orders/B-1"', 200, { id: 'B-1', status: 'Shipped' }, 'GET', '/services/apexrest/Orders/B-1', '', null],
    ['POST with a JSON body', 'method: POST, path: Orders, body: { item: x, qty: 2 }', 201, { created: true }, 'POST', '/services/apexrest/Orders', '', '{"item":"x","qty":2}'],
    ['PUT with a text body and its content type; a text answer', 'method: PUT, path: Orders/C-7/notes, body: "fragile, handle with care", contentType: text/plain', 200, 'noted C-7', 'PUT', '/services/apexrest/Orders/C-7/notes', '', 'fragile, handle with care'],
    ['DELETE answering 204: null payload', 'method: DELETE, path: Orders/D-1', 204, null, 'DELETE', '/services/apexrest/Orders/D-1', '', null],
    ['a segment with ? and a space is encoded, not a query', 'method: GET, path: "Orders/a b?x=1"', 200, { id: 'a b?x=1', status: 'Shipped' }, 'GET', '/services/apexrest/Orders/a%20b%3Fx%3D1', '', null],
  ])('%s', async (_name, params, status, payload, method, path, query, body) => {
    const out = await sf.run(`- salesforce.callApexRest: { configKey: sf, ${params}, responseVariable: r }`);
    expect(v(out).attributes.statusCode).toBe(status);
    expect(v(out).payload).toEqual(payload);
    expect(last()).toMatchObject({ method, path, query, body });
    if (body === 'fragile, handle with care') expect(last().headers['content-type']).toBe('text/plain');
  });

  it('the route’s own headers come back in the result', async () => {
    const out = await sf.run('- salesforce.callApexRest: { configKey: sf, method: POST, path: Orders, body: {}, responseVariable: r }');
    expect(v(out).headers['x-order-source']).toBe('sandbox');
  });

  it.each([
    ['an unknown mapping', 'GET', 'Nope', 'NOT_FOUND', 404],
    ['a method the mapping does not take', 'PATCH', 'Orders/A-1', 'METHOD_NOT_ALLOWED', 405],
  ])('%s → a fault with its code; failOnError false keeps the answer', async (_name, method, path, code, status) => {
    const out = await sf.run(`- salesforce.callApexRest: { configKey: sf, method: ${method}, path: "${path}" }`);
    expect(out.mc.error).toMatchObject({ code, status, detail: [expect.objectContaining({ errorCode: code })] });
    const kept = await sf.run(`- salesforce.callApexRest: { configKey: sf, method: ${method}, path: "${path}", failOnError: false, responseVariable: r }`);
    expect(v(kept)).toMatchObject({ attributes: { statusCode: status }, payload: [{ errorCode: code }] });
  });

  it.each([['../data/v60.0/limits'], ['Orders/%2e%2e/%2E%2E/data'], ['./Orders']])('path %j cannot leave /services/apexrest → coded error, no call', async (path) => {
    sf.sandbox.admin.clearRequests();
    const out = await sf.run('- salesforce.callApexRest: { configKey: sf, method: GET, path: "${vars.path}" }', { vars: { path } });
    expect(out.mc.error).toMatchObject({ code: 'FERRY_ERR_CONNECTOR_PARAMS', message: expect.stringContaining("'.' or '..'") });
    expect(sf.sandbox.admin.requests()).toEqual([]);
  });

  it.each([
    ['an unknown method', 'method: TRACE, path: x'],
    ['no path', 'method: GET'],
  ])('%s is a load error', async (_name, params) => {
    await expect(sf.run(`- salesforce.callApexRest: { configKey: sf, ${params} }`)).rejects.toThrow(/FERRY_ERR_ARTIFACT_SCHEMA/);
  });
});

describe('rawRequest (any REST resource)', () => {
  it.each([
    ['a path below the API version, with a query', 'method: GET, path: /limits/recordCount, query: { sObjects: "Account,Lead" }', 200, '/services/data/v60.0/limits/recordCount', 'sObjects=Account%2CLead'],
    ['a path from the root (/services/…)', 'method: GET, path: /services/data/v60.0/query, query: { q: "SELECT COUNT() FROM Lead" }', 200, '/services/data/v60.0/query', 'q=SELECT+COUNT%28%29+FROM+Lead'],
    ['without a leading slash', 'method: GET, path: "sobjects/Account/describe"', 200, '/services/data/v60.0/sobjects/Account/describe', ''],
  ])('%s', async (_name, params, status, path, query) => {
    const out = await sf.run(`- salesforce.rawRequest: { configKey: sf, ${params}, responseVariable: r }`);
    expect(v(out).attributes).toMatchObject({ statusCode: status, apiUsage: expect.any(Object) });
    expect(last()).toMatchObject({ method: 'GET', path, query });
  });

  it('answers as Salesforce does: recordCount and a COUNT() query', async () => {
    const counts = await sf.run('- salesforce.rawRequest: { configKey: sf, method: GET, path: /limits/recordCount, query: { sObjects: Lead }, responseVariable: r }');
    expect(v(counts).payload).toEqual({ sObjects: [{ count: 3, name: 'Lead' }] });
    const count = await sf.run('- salesforce.rawRequest: { configKey: sf, method: GET, path: /query, query: { q: "SELECT COUNT() FROM Lead" }, responseVariable: r }');
    expect(v(count).payload).toEqual({ totalSize: 3, done: true, records: [] });
  });

  it('POST with a JSON body and extra headers (names lower-cased); 201 with Location', async () => {
    const out = await sf.run('- salesforce.rawRequest: { configKey: sf, method: POST, path: /sobjects/Lead, body: { LastName: Raw, Company: Raw Inc }, headers: { Sforce-Auto-Assign: "FALSE", X-PrettyPrint: "1" }, responseVariable: r }');
    expect(v(out).attributes.statusCode).toBe(201);
    expect(v(out).payload).toEqual({ id: expect.stringMatching(/^00Q\w{15}$/), success: true, errors: [] });
    expect(v(out).headers.location).toMatch(/\/sobjects\/Lead\/00Q/);
    expect(last()).toMatchObject({ method: 'POST', path: '/services/data/v60.0/sobjects/Lead', body: '{"LastName":"Raw","Company":"Raw Inc"}' });
    expect(last().headers).toMatchObject({ 'sforce-auto-assign': 'FALSE', 'x-prettyprint': '1', 'content-type': 'application/json' });
  });

  it('a Content-Type header sets the type of a text body', async () => {
    const out = await sf.run('- salesforce.rawRequest: { configKey: sf, method: PATCH, path: "/sobjects/Account/${vars.id}", body: "{\\"Phone\\":\\"1\\"}", headers: { Content-Type: "application/json; charset=UTF-8" }, responseVariable: r }', {
      vars: { id: sf.sandbox.admin.records('Account')[0]!.Id },
    });
    expect(v(out).attributes.statusCode).toBe(204);
    expect(v(out).payload).toBeNull();
    expect(last().headers['content-type']).toBe('application/json; charset=UTF-8');
  });

  it('a Salesforce error → fault with its code, status and detail; failOnError false keeps it', async () => {
    const out = await sf.run('- salesforce.rawRequest: { configKey: sf, method: GET, path: /sobjects/Account/001000000000AAAAAA }');
    expect(out.mc.error).toMatchObject({ code: 'NOT_FOUND', status: 404, detail: [{ errorCode: 'NOT_FOUND', message: expect.any(String) }] });
    expect(out.response.status).toBe(404);
    const kept = await sf.run('- salesforce.rawRequest: { configKey: sf, method: GET, path: /nope, failOnError: false, responseVariable: r }');
    expect(v(kept)).toMatchObject({ attributes: { statusCode: 404 }, payload: [{ errorCode: 'NOT_FOUND' }] });
  });

  it.each([
    ['a full URL', 'path: "https://evil.example/services/data/v60.0/limits"', 'not a URL'],
    ['a scheme-relative URL', 'path: "//evil.example/services/data"', 'not a URL'],
    ['a .. segment', 'path: "/sobjects/../../../oauth2/token"', "'.' or '..'"],
    ['an Authorization header', 'path: /limits, headers: { Authorization: "Bearer stolen" }', "header 'Authorization' is set by the connection"],
    ['a Host header', 'path: /limits, headers: { host: evil.example }', "header 'host' is set by the connection"],
  ])('%s → FERRY_ERR_CONNECTOR_PARAMS, no call', async (_name, params, message) => {
    sf.sandbox.admin.clearRequests();
    const out = await sf.run(`- salesforce.rawRequest: { configKey: sf, method: GET, ${params} }`);
    expect(out.mc.error).toMatchObject({ code: 'FERRY_ERR_CONNECTOR_PARAMS', message: expect.stringContaining(message) });
    expect(sf.sandbox.admin.requests()).toEqual([]);
  });

  it.each([
    ['an unknown method', 'method: TRACE, path: /limits'],
    ['a header value with a line break', 'method: GET, path: /limits, headers: { X-A: "a\\r\\nX-B: b" }'],
    ['a query value that is an object', 'method: GET, path: /limits, query: { a: { b: 1 } }'],
  ])('%s is a load error', async (_name, params) => {
    await expect(sf.run(`- salesforce.rawRequest: { configKey: sf, ${params} }`)).rejects.toThrow(/FERRY_ERR_ARTIFACT_SCHEMA/);
  });
});
