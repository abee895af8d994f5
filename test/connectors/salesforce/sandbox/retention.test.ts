import { beforeAll, describe, expect, it } from 'vitest';
import { CURSOR_IDLE_MS, CURSORS_PER_USER, MAX_CURSORS, QueryCursors } from '../../../../connectors/salesforce/sandbox/cursors.js';
import { MAX_EMAILS, Org } from '../../../../connectors/salesforce/sandbox/org.js';
import type { QueryResult } from '../../../../connectors/salesforce/sandbox/soql/types.js';
import { TokenStore } from '../../../../connectors/salesforce/sandbox/tokens.js';
import { CLIENT_ID, CLIENT_SECRET, login, tokenRequest, USERNAME, useSandbox } from './helpers.js';
import { call, faultOf, soapLogin } from './soap-helpers.js';

// What the sandbox keeps between requests stays bounded: query cursors close on their last page,
// expire when idle and are capped per user; expired and revoked tokens are forgotten; pending
// authorization codes are pruned, capped and cleared on reset; the outbox keeps the latest emails.

const OTHER = { username: 'other@ferry.sandbox', password: 'other-password', securityToken: 'other-token' };
const LEADS = 450;
const ctx = useSandbox({
  seed: {
    users: [{ ...OTHER, lastName: 'Other' }],
    records: { Lead: Array.from({ length: LEADS }, (_, i) => ({ LastName: `Cursor ${i}`, Company: 'Cursor Co' })) },
  },
});
const V = '/services/data/v62.0';
const SOQL = "SELECT Id FROM Lead WHERE Company = 'Cursor Co'";
let token = '';
let other = '';
beforeAll(async () => {
  token = await login(ctx.url);
  const res = await tokenRequest(ctx.url, { grant_type: 'password', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, username: OTHER.username, password: OTHER.password + OTHER.securityToken });
  other = res.body.access_token!;
});

async function get(path: string, as = token): Promise<{ status: number; json: any }> {
  const res = await fetch(`${ctx.url}${path}`, { headers: { authorization: `Bearer ${as}`, 'sforce-query-options': 'batchSize=200' } });
  return { status: res.status, json: await res.json() };
}

/** Run the paging query (pages of 200 out of 450); the locator path of its second page. */
async function openCursor(as = token): Promise<string> {
  const first = await get(`${V}/query?q=${encodeURIComponent(SOQL)}`, as);
  expect(first.json.done).toBe(false);
  return first.json.nextRecordsUrl as string;
}

const invalidLocator = [{ message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' }];

async function advanceClock(ms: number): Promise<void> {
  await fetch(`${ctx.url}/__sandbox/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceMs: ms }) });
}

describe('query cursors over REST and SOAP', () => {
  it('a page can be fetched again while the cursor is open; once the last page is served, its locators are invalid', async () => {
    const second = await openCursor();
    const again = await get(second);
    const page2 = await get(second);
    expect(page2.json.records).toEqual(again.json.records);
    const third = page2.json.nextRecordsUrl as string;
    const last = await get(third);
    expect(last.json).toMatchObject({ totalSize: LEADS, done: true });
    expect(last.json.records).toHaveLength(LEADS - 400);
    for (const locator of [third, second]) expect(await get(locator)).toEqual({ status: 400, json: invalidLocator });
  });

  it(`a user's cursor number ${CURSORS_PER_USER + 1} releases their oldest; other users' cursors are not touched`, async () => {
    const mine = [];
    for (let i = 0; i < CURSORS_PER_USER; i++) mine.push(await openCursor());
    const theirs = await openCursor(other);
    expect((await get(mine[0]!)).status).toBe(200);
    mine.push(await openCursor());
    expect(await get(mine[0]!)).toEqual({ status: 400, json: invalidLocator });
    expect((await get(mine[1]!)).status).toBe(200);
    expect((await get(theirs, other)).status).toBe(200);
  });

  it('SOAP query cursors count with the same user’s REST ones (queryMore then faults INVALID_QUERY_LOCATOR)', async () => {
    const sid = await soapLogin(ctx.url);
    const first = await call(ctx.url, sid, `<query><queryString>${SOQL.replace(/'/g, '&apos;')}</queryString></query>`, { QueryOptions: '<batchSize>200</batchSize>' });
    const locator = first.body.queryResponse.result.queryLocator as string;
    expect(locator).toMatch(/^01g\w+-200$/);
    for (let i = 0; i < CURSORS_PER_USER; i++) await openCursor();
    const more = await call(ctx.url, sid, `<queryMore><queryLocator>${locator}</queryLocator></queryMore>`);
    expect(faultOf(more).code).toBe('sf:INVALID_QUERY_LOCATOR');
  });

  it('a cursor expires after 15 minutes of org-clock inactivity; using it restarts the 15 minutes', async () => {
    const used = await openCursor();
    const idle = await openCursor();
    await advanceClock(CURSOR_IDLE_MS - 60_000);
    const page2 = await get(used);
    expect(page2.status).toBe(200);
    await advanceClock(120_000);
    expect(await get(idle)).toEqual({ status: 400, json: invalidLocator });
    expect((await get(page2.json.nextRecordsUrl)).json.done).toBe(true);
  });
});

describe('query cursors: what is held stays bounded', () => {
  const result = (rows: number): QueryResult => ({
    object: 'Lead',
    totalSize: rows,
    rows: Array.from({ length: rows }, (_, i) => ({ object: 'Lead', id: String(i), cells: [] })),
    isCount: false,
    isAggregate: false,
  });

  it('fully fetched queries leave no cursor behind', () => {
    const cursors = new QueryCursors(() => 0);
    for (let q = 0; q < 300; q++) {
      let page = cursors.first(result(5000), 2000, 'u1');
      while (page.locator) page = cursors.next(page.locator)!;
      expect(page.done).toBe(true);
    }
    expect(cursors.size).toBe(0);
  });

  it('abandoned cursors: at most 10 per user, MAX_CURSORS in all, none once idle', () => {
    let now = 0;
    const cursors = new QueryCursors(() => now);
    for (let q = 0; q < 50; q++) cursors.first(result(500), 200, 'u1');
    expect(cursors.size).toBe(CURSORS_PER_USER);
    for (let u = 0; u < 100; u++) for (let q = 0; q < 5; q++) cursors.first(result(500), 200, `user${u}`);
    expect(cursors.size).toBe(MAX_CURSORS);
    now += CURSOR_IDLE_MS;
    cursors.first(result(500), 200, 'late');
    expect(cursors.size).toBe(1);
  });
});

describe('tokens: expired and revoked ones are forgotten', () => {
  const user = { userId: '005000000000001AAA', username: 'u@example.com' };

  it('20,000 grants whose tokens expire as they go keep the store small; a valid token stays valid', () => {
    const tokens = new TokenStore('00D000000000001', 1);
    const keeper = tokens.issue('access', user, 'app', 0);
    tokens.lifetimeSeconds = 10;
    for (let i = 1; i <= 20_000; i++) tokens.issue('access', user, 'app', i * 1000);
    expect(tokens.size).toBeLessThan(2048);
    const live = tokens.issue('access', user, 'app', 20_001_000);
    expect(tokens.valid(live.token, 'access', 20_001_000)).toBe(live);
    expect(tokens.valid(keeper.token, 'access', 20_001_000)).toBeUndefined();
  });

  it('revoking forgets the token (and a refresh token takes its app’s access tokens with it)', () => {
    const tokens = new TokenStore('00D000000000001', 7200);
    const refresh = tokens.issue('refresh', user, 'app', 0);
    tokens.issue('access', user, 'app', 0);
    const elsewhere = tokens.issue('access', user, 'other-app', 0);
    expect(tokens.revoke(refresh.token)).toBe(true);
    expect(tokens.size).toBe(1);
    expect(tokens.valid(elsewhere.token, 'access', 1)).toBe(elsewhere);
    expect(tokens.revoke(refresh.token)).toBe(false);
    expect(tokens.invalidate('revoke', undefined, 1)).toBe(1);
    expect(tokens.size).toBe(0);
  });

  it('a revoked refresh token still answers invalid_grant', async () => {
    const { code } = (await (await fetch(`${ctx.url}/__sandbox/oauth/code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ clientId: CLIENT_ID, username: USERNAME, redirectUri: 'http://localhost:8290/oauth/callback' }) })).json()) as { code: string };
    const granted = await tokenRequest(ctx.url, { grant_type: 'authorization_code', code, client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uri: 'http://localhost:8290/oauth/callback' });
    const refreshToken = granted.body.refresh_token!;
    const revoke = await fetch(`${ctx.url}/services/oauth2/revoke`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${encodeURIComponent(refreshToken)}` });
    expect(revoke.status).toBe(200);
    const refreshed = await tokenRequest(ctx.url, { grant_type: 'refresh_token', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, refresh_token: refreshToken });
    expect(refreshed).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: 'expired access/refresh token' } });
  });
});

describe('authorization codes', () => {
  const REDIRECT = 'http://localhost:8290/oauth/callback';
  const issue = () => ctx.sandbox.admin.issueAuthorizationCode({ clientId: CLIENT_ID, username: USERNAME, redirectUri: REDIRECT });
  const exchange = (code: string) => tokenRequest(ctx.url, { grant_type: 'authorization_code', code, client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uri: REDIRECT });
  const expired = { status: 400, body: { error: 'invalid_grant', error_description: 'expired authorization code' } };

  it('at most 10,000 are pending: past that the oldest is dropped', async () => {
    const oldest = issue();
    const second = issue();
    for (let i = 0; i < 9_999; i++) issue();
    expect(await exchange(oldest)).toEqual(expired);
    expect((await exchange(second)).status).toBe(200);
  });

  it('an admin reset clears them', async () => {
    const code = issue();
    await fetch(`${ctx.url}/__sandbox/reset`, { method: 'POST' });
    expect(await exchange(code)).toEqual(expired);
    token = await login(ctx.url);
  });
});

describe('the outbox', () => {
  it(`keeps the latest ${MAX_EMAILS} emails sent over SOAP`, async () => {
    const sid = await soapLogin(ctx.url);
    const message = (n: number) => `<messages xsi:type="SingleEmailMessage"><subject>Mail ${n}</subject><plainTextBody>b</plainTextBody><toAddresses>a@example.com</toAddresses></messages>`;
    for (let batch = 0; batch < 101; batch++) {
      const res = await call(ctx.url, sid, `<sendEmail>${Array.from({ length: 10 }, (_, i) => message(batch * 10 + i)).join('')}</sendEmail>`);
      expect(res.status).toBe(200);
    }
    const outbox = ctx.sandbox.admin.emails() as { message: { subject?: string } }[];
    expect(outbox).toHaveLength(MAX_EMAILS);
    expect(outbox[0]!.message.subject).toBe('Mail 10');
    expect(outbox.at(-1)!.message.subject).toBe('Mail 1009');
  }, 30_000);

  it('recordEmail drops the oldest past the cap', () => {
    const org = new Org();
    for (let i = 0; i < MAX_EMAILS + 5; i++) org.recordEmail({ at: '', via: 'sendEmail', message: { i } });
    expect(org.emails).toHaveLength(MAX_EMAILS);
    expect(org.emails[0]!.message).toEqual({ i: 5 });
  });
});
