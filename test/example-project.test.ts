import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server/start.js';
import { startExample } from './helpers/example.js';

// The repository's own example project, exercised with the README's curl lines.
describe('example project (npm start)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startExample();
  });
  afterAll(() => server.close());

  const call = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${server.url}${path}`, init);
    return { status: res.status, type: res.headers.get('content-type'), headers: res.headers, text: await res.text() };
  };
  const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('echo answers JSON with JSON and sets its header', async () => {
    const res = await call('/echo', json({ hello: 'ferry' }));
    expect(res).toMatchObject({ status: 200, text: '{"hello":"ferry"}' });
    expect(res.headers.get('x-echoed-by')).toBe('Ferry');
  });

  it('echo answers XML with XML', async () => {
    const res = await call('/echo', { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<a x="1">hi</a>' });
    expect(res).toMatchObject({ status: 200, type: 'application/xml', text: '<a x="1">hi</a>' });
  });

  it('transform turns a JSON order into XML', async () => {
    const res = await call('/transform', json({ id: 'A-1', customer: 'ACME', lines: [{ sku: 'X', qty: 2 }, { sku: 'Y', qty: 1 }] }));
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/xml');
    expect(res.text).toBe(
      '<order id="A-1"><customer>ACME</customer><lineCount>2</lineCount><lines><sku>X</sku><qty>2</qty></lines><lines><sku>Y</sku><qty>1</qty></lines><seller>Ferry Demo Ltd</seller></order>',
    );
  });

  it('transform rejects an invalid order with 400 and the failed rules', async () => {
    const res = await call('/transform', json({ id: 7 }));
    expect(res.status).toBe(400);
    const body = JSON.parse(res.text) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('FERRY_ERR_VALIDATE_FAILED');
    expect(body.error.message).toContain('customer');
  });

  it('orders looks an order up through a named sequence', async () => {
    const res = await call('/orders/ORD-7');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toMatchObject({ id: 'ORD-7', customer: 'ACME Corp', total: 39 });
  });

  it('orders answers an unknown id from its onError sequence', async () => {
    const res = await call('/orders/nope');
    expect(res.status).toBe(404);
    expect(JSON.parse(res.text)).toEqual({ error: { code: 'ORDER_NOT_FOUND', message: 'no order with id nope' } });
  });

  it('orders summary calls its own lookup over HTTP', async () => {
    const res = await call('/orders/ORD-7/summary?currency=usd');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ order: 'ORD-7', customer: 'ACME Corp', lines: 2, total: 39, currency: 'USD' });
    expect(JSON.parse((await call('/orders/ORD-7/summary')).text).currency).toBe('EUR');
  });

  it('orders summary passes the lookup error through', async () => {
    const res = await call('/orders/nope/summary');
    expect(res.status).toBe(404);
    expect(JSON.parse(res.text)).toEqual({ error: { code: 'ORDER_NOT_FOUND', message: 'no order with id nope' } });
  });

  it('salesforcerest reproduces WSO2\'s REST example: create, then every Account', async () => {
    const res = await call('/salesforcerest', json({ sObject: 'Account', fieldAndValue: { name: 'Engineers', description: 'This Account belongs to WSO2' } }));
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text) as { totalSize: number; done: boolean; records: { Name: string }[] };
    expect(body.done).toBe(true);
    expect(body.totalSize).toBe(14);
    expect(body.records.map((r) => r.Name)).toEqual(expect.arrayContaining(['Edge Communications', 'Sample Account for Entitlements', 'Engineers']));
  });

  it('accounts: list, find by name (bound safely), create, read, update, delete', async () => {
    const all = JSON.parse((await call('/accounts')).text) as { Name: string }[];
    expect(all.length).toBeGreaterThanOrEqual(13);
    expect(JSON.parse((await call('/accounts?name=GenePoint')).text)).toEqual([expect.objectContaining({ Name: 'GenePoint', Industry: 'Biotechnology' })]);
    expect(JSON.parse((await call(`/accounts?name=${encodeURIComponent("x' OR Name LIKE '%")}`)).text)).toEqual([]);
    const created = await call('/accounts', json({ Name: 'Proxy Co', Industry: 'Energy' }));
    expect(created.status).toBe(201);
    const { id } = JSON.parse(created.text) as { id: string };
    expect(created.headers.get('location')).toBe(`/accounts/${id}`);
    expect(JSON.parse((await call(`/accounts/${id}`)).text)).toMatchObject({ Id: id, Name: 'Proxy Co', Industry: 'Energy' });
    expect((await call(`/accounts/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"Phone":"555"}' })).status).toBe(204);
    expect(JSON.parse((await call(`/accounts/${id}`)).text)).toMatchObject({ Phone: '555' });
    expect((await call(`/accounts/${id}`, { method: 'DELETE' })).status).toBe(204);
    const gone = await call(`/accounts/${id}`);
    expect(gone.status).toBe(404);
    expect(JSON.parse(gone.text)).toEqual({ error: { code: 'ENTITY_IS_DELETED', message: 'entity is deleted' } });
  });

  it.each([
    ['POST /accounts with a field the API does not offer', 400, 'FERRY_ERR_VALIDATE_FAILED', '/accounts', json({ Name: 'x', OwnerId: '005000000000001AAA' })],
    ['POST /accounts without a name', 400, 'FERRY_ERR_VALIDATE_FAILED', '/accounts', json({ Industry: 'Energy' })],
    ['PATCH /accounts/{id} with an unknown field', 400, 'FERRY_ERR_VALIDATE_FAILED', '/accounts/001000000000000AAA', { ...json({ Bogus__c: 1 }), method: 'PATCH' }],
    ["PATCH /accounts/{id} with a Contact's id (Salesforce says)", 400, 'MALFORMED_ID', '/accounts/003000000000000AAA', { ...json({ Phone: '1' }), method: 'PATCH' }],
    ['PATCH /accounts/{id} of an Account that does not exist (Salesforce says)', 404, 'NOT_FOUND', '/accounts/001000000000000AAA', { ...json({ Phone: '1' }), method: 'PATCH' }],
  ])('accounts answers %s with %i %s', async (_name, status, code, path, init) => {
    const res = await call(path, init);
    expect(res.status).toBe(status);
    expect((JSON.parse(res.text) as { error: { code: string } }).error.code).toBe(code);
  });

  it('accounts answers 404 for an unknown id', async () => {
    const res = await call('/accounts/001000000000000AAA');
    expect(res.status).toBe(404);
  });

  it("the management API logs in as MI's default admin/admin and lists the example's APIs", async () => {
    const login = await fetch(`${server.managementUrl}/management/login`, { headers: { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` } });
    const { AccessToken } = (await login.json()) as { AccessToken: string };
    const apis = (await (await fetch(`${server.managementUrl}/management/apis`, { headers: { authorization: `Bearer ${AccessToken}` } })).json()) as { count: number; list: { name: string }[] };
    expect(apis.list.map((a) => a.name).sort()).toEqual(['accounts', 'bulk', 'echo', 'orders', 'salesforce', 'salesforcerest', 'transform']);
    expect((await fetch(`${server.managementUrl}/healthz`)).status).toBe(200);
  });
});
