import { describe, expect, it } from 'vitest';
import { CLIENT_ID, login, PASSWORD, SECURITY_TOKEN, USERNAME, useSandbox } from './helpers.js';

const ctx = useSandbox({ seed: { records: { Account: [{ Name: 'Seeded By Test', _ref: 'x' }], Contact: [{ LastName: 'Linked', AccountId: '@x' }] } } });

const admin = (path: string, method = 'GET', body?: unknown) =>
  fetch(`${ctx.url}/__sandbox${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
const api = (token: string, path: string, init: RequestInit = {}) => fetch(`${ctx.url}/services/data/v62.0${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers as Record<string, string>) } });

describe('sandbox admin API', () => {
  it('lists seeded records, with references between them resolved', async () => {
    const accounts = (await (await admin('/records/Account')).json()) as Record<string, unknown>[];
    const seeded = accounts.find((a) => a.Name === 'Seeded By Test')!;
    expect(accounts).toHaveLength(14);
    const contacts = (await (await admin('/records/Contact')).json()) as Record<string, unknown>[];
    expect(contacts.find((c) => c.LastName === 'Linked')).toMatchObject({ AccountId: seeded.Id, attributes: { type: 'Contact' } });
    expect(seeded.CreatedDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect((await admin('/records/Nope')).status).toBe(404);
  });

  it('loads more through POST /seed and refuses an invalid seed with the problems listed', async () => {
    expect((await admin('/seed', 'POST', { records: { Lead: [{ LastName: 'Extra', Company: 'X' }] } })).status).toBe(200);
    const leads = (await (await admin('/records/Lead')).json()) as { LastName: string }[];
    expect(leads.map((l) => l.LastName)).toContain('Extra');
    const bad = await admin('/seed', 'POST', { users: [{ username: 'u' }] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/users\.0: missing required property 'password'/);
    const badRecord = await admin('/seed', 'POST', { records: { Account: [{ Nmae: 'typo' }] } });
    // all or nothing: the good record before the bad one is not kept
    const partial = await admin('/seed', 'POST', { records: { Account: [{ Name: 'Good One' }, { Nmae: 'typo' }] } });
    expect(partial.status).toBe(400);
    expect(((await (await admin('/records/Account')).json()) as { Name: string }[]).map((a) => a.Name)).not.toContain('Good One');
    expect(((await badRecord.json()) as { error: string }).error).toBe("seed Account[0]: REQUIRED_FIELD_MISSING: Required fields are missing: [Name]; INVALID_FIELD: No such column 'Nmae' on sobject of type Account");
  });

  it('records requests with secrets masked', async () => {
    await admin('/requests', 'DELETE');
    const token = await login(ctx.url);
    await api(token, '/sobjects/Account/describe');
    await fetch(`${ctx.url}/services/Soap/u/60.0`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml', soapaction: 'login' },
      body: `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><login xmlns="urn:partner.soap.sforce.com"><username>${USERNAME}</username><password>${PASSWORD}${SECURITY_TOKEN}</password></login></soapenv:Body></soapenv:Envelope>`,
    });
    const log = (await (await admin('/requests')).json()) as { method: string; path: string; status: number; headers: Record<string, string>; body: string | null }[];
    expect(log.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['POST /services/oauth2/token 200', 'GET /services/data/v62.0/sobjects/Account/describe 200', 'POST /services/Soap/u/60.0 200']);
    const text = JSON.stringify(log);
    expect(text).not.toContain(token);
    expect(text).not.toContain(PASSWORD);
    expect(log[1]!.headers.authorization).toBe('[REDACTED]');
    expect(log[0]!.body).toContain(`client_id=${CLIENT_ID}`);
  });

  it('expires and revokes tokens for everyone or one user', async () => {
    const token = await login(ctx.url);
    expect(await (await admin('/tokens/expire', 'POST', { username: 'someone@else' })).json()).toEqual({ expired: 0 });
    expect((await api(token, '/limits')).status).toBe(200);
    const { expired } = (await (await admin('/tokens/expire', 'POST', { username: USERNAME })).json()) as { expired: number };
    expect(expired).toBeGreaterThan(0);
    expect((await api(token, '/limits')).status).toBe(401);
    const fresh = await login(ctx.url);
    await admin('/tokens/revoke', 'POST', {});
    expect((await api(fresh, '/limits')).status).toBe(401);
  });

  it('sets the daily API limit: Sforce-Limit-Info counts real calls, the limit answers 403', async () => {
    const token = await login(ctx.url);
    expect(await (await admin('/limits', 'PUT', { max: 100, used: 97 })).json()).toEqual({ max: 100, used: 97 });
    const first = await api(token, '/limits');
    expect(first.headers.get('sforce-limit-info')).toBe('api-usage=98/100');
    await api(token, '/limits');
    await api(token, '/limits');
    const refused = await api(token, '/limits');
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual([{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
    await admin('/limits', 'PUT', { max: 15000, used: 0 });
  });

  it.each([
    ['a status and body', { status: 503, body: [{ errorCode: 'SERVER_UNAVAILABLE', message: 'down' }] }, async (res: Response) => {
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual([{ errorCode: 'SERVER_UNAVAILABLE', message: 'down' }]);
    }],
    ['a dropped connection', { drop: true }, async (res: Response | Error) => {
      expect(res).toBeInstanceOf(Error);
    }],
  ])('injects %s for the next N matching requests only', async (_name, fault, check) => {
    const token = await login(ctx.url);
    expect((await admin('/faults', 'POST', { method: 'GET', path: '/limits$', count: 2, ...fault })).status).toBe(200);
    for (let i = 0; i < 2; i++) await check(await api(token, '/limits').catch((e: Error) => e) as never);
    expect((await api(token, '/limits')).status).toBe(200);
    expect(await (await admin('/faults')).json()).toEqual([]);
  });

  it('injects a delay before the real answer', async () => {
    const token = await login(ctx.url);
    await admin('/faults', 'POST', { path: '/recent', delayMs: 300 });
    const started = Date.now();
    const res = await api(token, '/recent');
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('refuses a fault rule without an effect or with a bad pattern', async () => {
    const noEffect = await admin('/faults', 'POST', { path: 'x' });
    expect(noEffect.status).toBe(400);
    expect(await noEffect.json()).toEqual({ error: 'give status, delayMs or drop' });
    const badPattern = await admin('/faults', 'POST', { path: '(', status: 500 });
    expect(badPattern.status).toBe(400);
    expect(await badPattern.json()).toEqual({ error: 'Invalid regular expression: /(/: Unterminated group' });
    expect(await (await admin('/faults')).json()).toEqual([]);
  });

  it('reset goes back to the startup seed', async () => {
    const token = await login(ctx.url);
    await api(token, '/sobjects/Account', { method: 'POST', body: JSON.stringify({ Name: 'Temporary' }) });
    const job = (await (await api(token, '/jobs/ingest', { method: 'POST', body: JSON.stringify({ object: 'Account', operation: 'insert' }) })).json()) as { id: string };
    expect((await api(token, `/jobs/ingest/${job.id}`)).status).toBe(200);
    expect(((await (await admin('/records/Account')).json()) as unknown[]).length).toBe(15);
    await admin('/reset', 'POST');
    expect(((await (await admin('/records/Account')).json()) as unknown[]).length).toBe(14);
    expect((await api(token, '/limits')).status).toBe(401);
    const again = await login(ctx.url);
    expect((await api(again, `/jobs/ingest/${job.id}`)).status).toBe(404);
  });
});
