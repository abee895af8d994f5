import { describe, expect, it } from 'vitest';
import { useSandbox } from './helpers.js';
import { restClient } from './rest-client.js';

// POST /composite/batch: independent subrequests, haltOnError, one API call each (reference §2.5).
const ctx = useSandbox();
const api = restClient(() => ctx.url);

const usage = (headers: Headers) => Number(/api-usage=(\d+)\//.exec(headers.get('sforce-limit-info') ?? '')?.[1]);
const HALTED = { statusCode: 412, result: [{ errorCode: 'BATCH_PROCESSING_HALTED', message: 'Batch processing halted per request' }] };

async function accountId(name: string): Promise<string> {
  const res = await api.post('/sobjects/Account', { Name: name, BillingPostalCode: '94105' });
  return res.body.id as string;
}

describe('sandbox REST composite: POST /composite/batch', () => {
  it("the documentation's example: PATCH then GET the record → [204 null, 200 record], hasErrors false", async () => {
    const id = await accountId('Batch Example');
    const res = await api.post('/composite/batch', {
      batchRequests: [
        { method: 'PATCH', url: `v62.0/sobjects/account/${id}`, richInput: { Name: 'NewName' } },
        { method: 'GET', url: `v62.0/sobjects/account/${id}?fields=Name,BillingPostalCode` },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(res.body.hasErrors).toBe(false);
    expect(res.body.results[0]).toEqual({ statusCode: 204, result: null });
    expect(res.body.results[1]).toMatchObject({ statusCode: 200, result: { attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${id}` }, Name: 'NewName', BillingPostalCode: '94105' } });
    expect(Object.keys(res.body)).toEqual(['hasErrors', 'results']);
  });

  it('urls may also be written /services/data/vNN.N/…; query and limits resources run too', async () => {
    const res = await api.post('/composite/batch', {
      batchRequests: [
        { method: 'GET', url: "/services/data/v62.0/query?q=SELECT+Id+FROM+Account+WHERE+Name+=+'GenePoint'" },
        { method: 'GET', url: 'v62.0/limits' },
      ],
    });
    expect(res.body.results[0]).toMatchObject({ statusCode: 200, result: { totalSize: 1, done: true } });
    expect(res.body.results[1].statusCode).toBe(200);
  });

  it('each subrequest counts as one API call (and Sforce-Limit-Info says so)', async () => {
    const before = await api.get('/composite');
    const res = await api.post('/composite/batch', { batchRequests: Array.from({ length: 4 }, () => ({ method: 'GET', url: 'v62.0/limits' })) });
    expect(usage(res.headers)).toBe(usage(before.headers) + 4);
  });

  it('without haltOnError every subrequest runs and commits on its own: a failure rolls nothing back', async () => {
    const res = await api.post('/composite/batch', {
      batchRequests: [
        { method: 'POST', url: 'v62.0/sobjects/Account', richInput: { Name: 'Batch Survivor' } },
        { method: 'POST', url: 'v62.0/sobjects/Account', richInput: { Industry: 'Banking' } },
        { method: 'GET', url: 'v62.0/sobjects/Account/001000000000000AAA' },
      ],
    });
    expect(res.body.hasErrors).toBe(true);
    expect(res.body.results.map((r: { statusCode: number }) => r.statusCode)).toEqual([201, 400, 404]);
    expect(res.body.results[1].result).toEqual([{ message: 'Required fields are missing: [Name]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Name'] }]);
    expect(ctx.sandbox.admin.records('Account').filter((r) => r.Name === 'Batch Survivor')).toHaveLength(1);
  });

  it('haltOnError: after the first 4xx every later subrequest is 412 BATCH_PROCESSING_HALTED and does not run', async () => {
    const res = await api.post('/composite/batch', {
      haltOnError: true,
      batchRequests: [
        { method: 'GET', url: 'v62.0/limits' },
        { method: 'GET', url: 'v62.0/sobjects/Account/001000000000000AAA' },
        { method: 'POST', url: 'v62.0/sobjects/Account', richInput: { Name: 'Never Batched' } },
        { method: 'GET', url: 'v62.0/limits' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.hasErrors).toBe(true);
    expect(res.body.results[0].statusCode).toBe(200);
    expect(res.body.results[1]).toEqual({ statusCode: 404, result: [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }] });
    expect(res.body.results.slice(2)).toEqual([HALTED, HALTED]);
    expect(ctx.sandbox.admin.records('Account').filter((r) => r.Name === 'Never Batched')).toEqual([]);
  });

  it('a subrequest beyond the daily limit answers 403 REQUEST_LIMIT_EXCEEDED', async () => {
    const { used, max } = ctx.sandbox.admin.setLimits({});
    try {
      // the batch itself and its first subrequest fit; the second does not
      ctx.sandbox.admin.setLimits({ max: used + 1 });
      const res = await api.post('/composite/batch', { batchRequests: [{ method: 'GET', url: 'v62.0/limits' }, { method: 'GET', url: 'v62.0/limits' }] });
      expect(res.status).toBe(200);
      expect(res.body.results[0].statusCode).toBe(200);
      expect(res.body.results[1]).toEqual({ statusCode: 403, result: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }] });
      expect(res.body.hasErrors).toBe(true);
    } finally {
      ctx.sandbox.admin.setLimits({ max });
    }
  });

  const victim = { method: 'POST', url: 'v62.0/sobjects/Account', richInput: { Name: 'Batch Validation Victim' } };
  const limits = { method: 'GET', url: 'v62.0/limits' };
  it.each([
    ['26 subrequests', 'LIMIT_EXCEEDED', [victim, ...Array.from({ length: 25 }, () => limits)]],
    ['a subrequest version later than the batch', 'JSON_PARSER_ERROR', [victim, { method: 'GET', url: 'v63.0/limits' }]],
    ['a subrequest version before 34.0', 'JSON_PARSER_ERROR', [victim, { method: 'GET', url: 'v33.0/limits' }]],
    ['an invalid method', 'JSON_PARSER_ERROR', [victim, { method: 'FETCH', url: 'v62.0/limits' }]],
    ['a url that is not an API url', 'JSON_PARSER_ERROR', [victim, { method: 'GET', url: 'limits' }]],
  ])('%s → 400 %s before anything runs', async (_name, errorCode, batchRequests) => {
    const res = await api.post('/composite/batch', { haltOnError: false, batchRequests });
    expect(res.status).toBe(400);
    expect(res.body).toEqual([{ message: expect.any(String), errorCode }]);
    expect(ctx.sandbox.admin.records('Account').filter((r) => r.Name === 'Batch Validation Victim')).toEqual([]);
  });

  it('no batchRequests → 400 JSON_PARSER_ERROR', async () => {
    const res = await api.post('/composite/batch', { haltOnError: true });
    expect(res.status).toBe(400);
    expect(res.body).toEqual([{ message: expect.any(String), errorCode: 'JSON_PARSER_ERROR' }]);
  });

  it('batch arrived in API 34.0: v33.0/composite/batch is 404', async () => {
    const res = await api.post('/composite/batch', { batchRequests: [] }, { version: '33.0' });
    expect(res.status).toBe(404);
  });
});
