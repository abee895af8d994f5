import { describe, expect, it } from 'vitest';
import { CLIENT_ID, CLIENT_SECRET, tokenRequest, useSandbox } from './helpers.js';
import { REST_DATETIME, restClient } from './rest-client.js';

const PW_USER = 'pw@ferry.sandbox';
const ctx = useSandbox({ seed: { users: [{ username: PW_USER, password: 'start-pass1', securityToken: 'tok', lastName: 'Password', email: 'pw@ferry.example' }] } });
const api = restClient(() => ctx.url);
const admin = (method: string, path: string, body?: unknown) =>
  fetch(`${ctx.url}/__sandbox${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
const usage = (res: { headers: Headers }) => Number(/^api-usage=(\d+)\/\d+$/.exec(res.headers.get('sforce-limit-info') ?? '')?.[1]);

describe('REST versions and the resource map', () => {
  it('GET /services/data/vNN.N/ maps resources to relative URLs and identity to the full identity URL', async () => {
    const res = await api.get('/', { version: '59.0' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      sobjects: '/services/data/v59.0/sobjects',
      query: '/services/data/v59.0/query',
      queryAll: '/services/data/v59.0/queryAll',
      search: '/services/data/v59.0/search',
      parameterizedSearch: '/services/data/v59.0/parameterizedSearch',
      composite: '/services/data/v59.0/composite',
      limits: '/services/data/v59.0/limits',
      recent: '/services/data/v59.0/recent',
    });
    expect(res.body.identity).toMatch(new RegExp(`^${ctx.url}/id/00D5g00000Ferry[A-Z0-5]{3}/005[A-Za-z0-9]{15}$`));
    const identity = await fetch(res.body.identity, { headers: { authorization: `Bearer ${await api.token()}` } });
    expect(identity.status).toBe(200);
  });

  it.each([
    ['a retired version (30.0)', 410, '/services/data/v30.0/sobjects', 'GONE'],
    ['a long-retired version (20.0)', 410, '/services/data/v20.0/limits', 'GONE'],
    ['a version that does not exist yet', 404, '/services/data/v99.0/limits', 'NOT_FOUND'],
    ['an unknown resource', 404, '/services/data/v62.0/nothing-here', 'NOT_FOUND'],
  ])('%s → %d', async (_name, status, path, code) => {
    const res = await api.get(path);
    expect(res.status).toBe(status);
    expect(res.body[0].errorCode).toBe(code);
  });

  it.each([
    ['no Authorization header', null],
    ['an unknown token', '00D5g00000Ferry!nope'],
  ])('%s → 401 INVALID_SESSION_ID', async (_name, token) => {
    const res = await api.get('/limits', { token });
    expect(res).toMatchObject({ status: 401, body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }] });
  });

  it('the old `Authorization: OAuth <token>` form works too', async () => {
    const res = await fetch(`${ctx.url}/services/data/v62.0/limits`, { headers: { authorization: `OAuth ${await api.token()}` } });
    expect(res.status).toBe(200);
  });

  it('X-PrettyPrint: 1 lays JSON out Salesforce-style', async () => {
    const res = await api.get('/limits/recordCount?sObjects=Lead', { headers: { 'x-prettyprint': '1' } });
    expect(res.text).toBe('{\n  "sObjects" : [\n    {\n      "count" : 3,\n      "name" : "Lead"\n    }\n  ]\n}');
  });
});

describe('REST API limits', () => {
  it('every authenticated call counts once and says so in Sforce-Limit-Info; the versions list does not', async () => {
    const a = await api.get('/limits');
    const versions = await fetch(`${ctx.url}/services/data/`);
    expect(versions.headers.get('sforce-limit-info')).toBeNull();
    const b = await api.get('/limits');
    expect(usage(b)).toBe(usage(a) + 1);
    expect(b.body.DailyApiRequests).toEqual({ Max: 15000, Remaining: 15000 - usage(b) });
  });

  it('GET /limits lists the documented limits as {Max, Remaining}', async () => {
    const res = await api.get('/limits');
    for (const name of ['DailyApiRequests', 'DailyBulkApiBatches', 'DailyBulkV2QueryJobs', 'DailyBulkV2QueryFileStorageMB', 'DataStorageMB', 'FileStorageMB', 'ConcurrentAsyncGetReportInstances', 'SingleEmail']) {
      expect(res.body[name]).toEqual({ Max: expect.any(Number), Remaining: expect.any(Number) });
    }
    expect(res.body.DailyBulkV2QueryJobs.Max).toBe(10000);
    expect(Object.keys(res.body)).toEqual([...Object.keys(res.body)].sort());
  });

  it('when the daily limit is used up → 403 REQUEST_LIMIT_EXCEEDED, until it is raised', async () => {
    const before = await (await admin('GET', '/limits')).json();
    await admin('PUT', '/limits', { max: 500, used: 500 });
    try {
      const res = await api.get('/sobjects');
      expect(res).toMatchObject({ status: 403, body: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }] });
      expect(res.headers.get('sforce-limit-info')).toBe('api-usage=500/500');
      await admin('PUT', '/limits', { max: 501 });
      expect((await api.get('/sobjects')).status).toBe(200);
      expect((await api.get('/sobjects')).status).toBe(403);
    } finally {
      await admin('PUT', '/limits', before);
    }
  });

  it('GET /limits/recordCount counts live records, leaves out objects without any', async () => {
    const res = await api.get('/limits/recordCount?sObjects=Account,Contact,Task,Nope');
    expect(res.body).toEqual({ sObjects: [{ count: expect.any(Number), name: 'Account' }, { count: expect.any(Number), name: 'Contact' }] });
    const all = await api.get('/limits/recordCount');
    expect(all.body.sObjects.map((o: { name: string }) => o.name)).toEqual(expect.arrayContaining(['Account', 'Contact', 'Lead', 'Opportunity', 'Case', 'User']));
  });
});

describe('REST recent items', () => {
  it('records created or retrieved come first, newest first, as {attributes, Id, Name}; ?limit= caps', async () => {
    const first = await api.post('/sobjects/Account', { Name: 'Recent One' });
    const second = await api.post('/sobjects/Case', { Subject: 'Recent case' });
    await api.get(`/sobjects/Account/${first.body.id}`);
    const res = await api.get('/recent?limit=2');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${first.body.id}` }, Id: first.body.id, Name: 'Recent One' },
      { attributes: { type: 'Case', url: `/services/data/v62.0/sobjects/Case/${second.body.id}` }, Id: second.body.id, CaseNumber: expect.stringMatching(/^\d{8}$/) },
    ]);
    await api.del(`/sobjects/Account/${first.body.id}`);
    expect((await api.get('/recent')).body.map((r: { Id: string }) => r.Id)).not.toContain(first.body.id);
  });
});

describe('REST updated / deleted windows', () => {
  const iso = (ms: number) => new Date(ms).toISOString();
  const window = (kind: string, start: number, end: number) => api.get(`/sobjects/Account/${kind}/?start=${encodeURIComponent(iso(start))}&end=${encodeURIComponent(iso(end))}`);

  it('updated: ids changed in the window; latestDateCovered stops at the current minute; seconds ignored', async () => {
    const start = Date.now() - 60_000;
    const created = await api.post('/sobjects/Account', { Name: 'Replicated' });
    await admin('POST', '/clock', { advanceMs: 120_000 });
    const res = await window('updated', start, Date.now() + 3_600_000);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['ids', 'latestDateCovered']);
    expect(res.body.ids).toContain(created.body.id);
    expect(res.body.latestDateCovered).toMatch(REST_DATETIME);
    expect(res.body.latestDateCovered).toMatch(/:00\.000\+0000$/);
    const before = await window('updated', start - 3_600_000, start - 120_000);
    expect(before.body.ids).not.toContain(created.body.id);
  });

  it('deleted: {deletedRecords: [{id, deletedDate}], earliestDateAvailable, latestDateCovered}', async () => {
    const created = await api.post('/sobjects/Account', { Name: 'Replicated and deleted' });
    await api.del(`/sobjects/Account/${created.body.id}`);
    await admin('POST', '/clock', { advanceMs: 120_000 });
    const res = await window('deleted', Date.now() - 3_600_000, Date.now() + 3_600_000);
    expect(Object.keys(res.body)).toEqual(['deletedRecords', 'earliestDateAvailable', 'latestDateCovered']);
    expect(res.body.deletedRecords).toContainEqual({ id: created.body.id, deletedDate: expect.stringMatching(REST_DATETIME) });
    expect(res.body.earliestDateAvailable).toMatch(REST_DATETIME);
  });

  it.each([
    ['start after end', 'updated', `start=${encodeURIComponent('2026-06-02T00:00:00Z')}&end=${encodeURIComponent('2026-06-01T00:00:00Z')}`, 'INVALID_REPLICATION_DATE', 'startDate must chronologically precede endDate by more than one minute'],
    ['start and end in the same minute', 'updated', `start=${encodeURIComponent(new Date().toISOString().slice(0, 16) + ':05Z')}&end=${encodeURIComponent(new Date().toISOString().slice(0, 16) + ':55Z')}`, 'INVALID_REPLICATION_DATE', 'startDate must chronologically precede endDate by more than one minute'],
    ['updated more than 30 days back', 'updated', `start=${encodeURIComponent(new Date(Date.now() - 31 * 86_400_000).toISOString())}&end=${encodeURIComponent(new Date().toISOString())}`, 'INVALID_REPLICATION_DATE', 'startDate cannot be more than 30 days ago'],
    ['deleted more than 15 days back', 'deleted', `start=${encodeURIComponent(new Date(Date.now() - 16 * 86_400_000).toISOString())}&end=${encodeURIComponent(new Date().toISOString())}`, 'INVALID_REPLICATION_DATE', 'startDate cannot be more than 15 days ago'],
    ['no start', 'updated', `end=${encodeURIComponent(new Date().toISOString())}`, 'MISSING_ARGUMENT', 'start not specified'],
    ['an unreadable date', 'deleted', 'start=yesterday&end=today', 'INVALID_REPLICATION_DATE', 'Unable to parse start date: yesterday'],
  ])('%s → 400', async (_name, kind, query, code, message) => {
    const res = await api.get(`/sobjects/Account/${kind}?${query}`);
    expect(res).toMatchObject({ status: 400, body: [{ errorCode: code, message }] });
  });

  it('an unknown object → 404', async () => {
    expect((await api.get(`/sobjects/Nope/updated?start=2026-01-01T00:00:00Z&end=2026-01-02T00:00:00Z`)).status).toBe(404);
  });
});

describe('REST user passwords', () => {
  const userId = async (username: string) => {
    const res = await api.get(`/query?q=${encodeURIComponent(`SELECT Id FROM User WHERE Username = '${username}'`)}`);
    return res.body.records[0].Id as string;
  };
  const loginAs = (username: string, password: string) => tokenRequest(ctx.url, { grant_type: 'password', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, username, password });

  it('GET → {isExpired}', async () => {
    const res = await api.get(`/sobjects/User/${await userId(PW_USER)}/password`);
    expect(res).toMatchObject({ status: 200, body: { isExpired: false } });
  });

  it.each([
    ['too short', 'abc1', 'Your password must be at least 8 characters long.'],
    ['letters only', 'abcdefghij', 'Your password must have a mix of letters and numbers.'],
    ['digits only', '1234567890', 'Your password must have a mix of letters and numbers.'],
  ])('POST a password that is %s → 400 INVALID_NEW_PASSWORD', async (_name, password, message) => {
    const res = await api.post(`/sobjects/User/${await userId(PW_USER)}/password`, { NewPassword: password });
    expect(res).toMatchObject({ status: 400, body: [{ message, errorCode: 'INVALID_NEW_PASSWORD' }] });
  });

  it('POST {NewPassword} → 204; the user logs in with it (plus the security token)', async () => {
    const res = await api.post(`/sobjects/User/${await userId(PW_USER)}/password`, { NewPassword: 'changed-pass2' });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect((await loginAs(PW_USER, 'changed-pass2tok')).status).toBe(200);
    expect((await loginAs(PW_USER, 'start-pass1tok')).status).toBe(400);
  });

  it('DELETE resets: 200 {NewPassword}, which works, and a resetPassword email is recorded', async () => {
    const id = await userId(PW_USER);
    const res = await api.del(`/sobjects/User/${id}/password`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['NewPassword']);
    expect(res.body.NewPassword).toMatch(/^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9]{10}$/);
    expect((await loginAs(PW_USER, `${res.body.NewPassword}tok`)).status).toBe(200);
    const emails = (await (await admin('GET', '/emails')).json()) as { via: string; message: { toAddresses: string[]; targetObjectId: string } }[];
    expect(emails).toContainEqual(expect.objectContaining({ via: 'resetPassword', message: expect.objectContaining({ toAddresses: ['pw@ferry.example'], targetObjectId: id }) }));
  });

  it('a User created through the API gets a password it can log in with', async () => {
    const created = await api.post('/sobjects/User', { Username: 'new@ferry.sandbox', LastName: 'New', Email: 'new@ferry.example', Alias: 'new' });
    expect(created.status).toBe(201);
    expect((await api.post(`/sobjects/User/${created.body.id}/password`, { NewPassword: 'fresh-pass3' })).status).toBe(204);
    expect((await loginAs('new@ferry.sandbox', 'fresh-pass3')).status).toBe(200);
  });

  it.each([
    ['an unknown user id', '005000000000000AAA'],
    ['an id that is not a user', 'account'],
  ])('%s → 404', async (_name, which) => {
    const id = which === 'account' ? (await api.post('/sobjects/Account', { Name: 'Not a user' })).body.id : which;
    expect((await api.get(`/sobjects/User/${id}/password`)).status).toBe(404);
  });
});
