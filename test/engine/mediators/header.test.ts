import { describe, expect, it } from 'vitest';
import { diagnosticsOf, load, runSteps } from '../../helpers/project.js';

describe('header mediator', () => {
  it('sets request headers (case-insensitively) that expressions then read', async () => {
    const { mc } = await runSteps('- header: { name: X-Customer, expression: "${payload.c}" }\n- variable: { name: seen, expression: "${headers[\'x-customer\']}" }', {
      payload: { c: 'acme' },
    });
    expect(mc.headers['x-customer']).toBe('acme');
    expect(mc.vars.seen).toBe('acme');
  });

  it('sets and removes response headers', async () => {
    const { response } = await runSteps('- header: { name: X-A, value: 1, scope: response }\n- header: { name: X-B, value: two, scope: response }\n- header: { name: x-b, scope: response, action: remove }');
    expect(response.headers['x-a']).toBe('1');
    expect(response.headers).not.toHaveProperty('x-b');
  });

  it('removes a request header', async () => {
    const { mc } = await runSteps('- header: { name: Authorization, action: remove }', { headers: { authorization: 'Basic x', accept: '*/*' } });
    expect(mc.headers).toEqual({ accept: '*/*' });
  });

  it('rejects a header name that is not a token', () => {
    expect(diagnosticsOf(load({ 'sequences/s.yaml': 'name: s\nsteps:\n  - header: { name: "bad name", value: x }\n' }))).toEqual([
      expect.stringMatching(/^s\.yaml:3:21 FERRY_ERR_ARTIFACT_SCHEMA header: name: must match pattern/),
    ]);
  });
});
