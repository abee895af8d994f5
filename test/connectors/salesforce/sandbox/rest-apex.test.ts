import { describe, expect, it } from 'vitest';
import { restClient } from './rest-client.js';
import { useSandbox } from './helpers.js';

const ctx = useSandbox({
  seed: {
    apex: [
      { method: 'GET', path: '/Orders/{orderId}', body: { id: '{orderId}', status: 'Shipped', lines: [{ order: '{orderId}', qty: 2 }], total: 12.5 } },
      { method: 'POST', path: '/Orders', status: 201, headers: { 'X-Order-Source': 'sandbox' }, body: { created: true } },
      { method: 'DELETE', path: '/Orders/{orderId}', status: 204 },
      { method: 'GET', path: '/Ping', headers: { 'Content-Type': 'text/plain' }, body: 'pong' },
      { method: 'GET', path: '/Files/*', body: 'any file' },
    ],
  },
});
const api = restClient(() => ctx.url);

describe('Apex REST routes from the seed', () => {
  it('GET with a {param}: the body comes back with the parameter filled in everywhere, as JSON', async () => {
    const res = await api.get('/services/apexrest/Orders/A-100');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(res.headers.get('sforce-limit-info')).toMatch(/^api-usage=\d+\/15000$/);
    expect(res.body).toEqual({ id: 'A-100', status: 'Shipped', lines: [{ order: 'A-100', qty: 2 }], total: 12.5 });
  });

  it('the status and headers a route declares', async () => {
    const res = await api.post('/services/apexrest/Orders', { item: 'x' });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-order-source')).toBe('sandbox');
    expect(res.body).toEqual({ created: true });
  });

  it('204 routes answer without a body', async () => {
    const res = await api.del('/services/apexrest/Orders/A-100');
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
  });

  it('a string body under a text content type goes out as is; a `*` mapping matches any rest of the path', async () => {
    const ping = await api.get('/services/apexrest/Ping');
    expect(ping.text).toBe('pong');
    const file = await api.get('/services/apexrest/Files/a/b/c.txt');
    expect(file.body).toBe('any file');
  });

  it.each([
    ['an unknown path', 'GET', '/services/apexrest/Nope', 404, [{ errorCode: 'NOT_FOUND', message: 'Could not find a match for URL' }]],
    ['a different case (mappings are case-sensitive)', 'GET', '/services/apexrest/orders/A-1', 404, [{ errorCode: 'NOT_FOUND', message: 'Could not find a match for URL' }]],
    ['a known path with another method', 'PUT', '/services/apexrest/Orders/A-1', 405, [{ errorCode: 'METHOD_NOT_ALLOWED', message: "HTTP Method 'PUT' not allowed. Allowed are GET,DELETE" }]],
  ])('%s → %d', async (_name, method, path, status, body) => {
    const res = await api.call(method, path);
    expect(res.status).toBe(status);
    expect(res.body).toEqual(body);
  });

  it('needs a valid session: 401 INVALID_SESSION_ID without one', async () => {
    const res = await api.get('/services/apexrest/Orders/A-1', { token: null });
    expect(res).toMatchObject({ status: 401, body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }] });
  });
});
