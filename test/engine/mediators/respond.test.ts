import { describe, expect, it } from 'vitest';
import { runSteps } from '../../helpers/project.js';

describe('respond mediator', () => {
  it('answers with the current payload in its own content type and stops the flow', async () => {
    const { response, mc } = await runSteps('- respond: {}\n- variable: { name: after, value: 1 }', { payload: { ok: true } });
    expect(response).toEqual({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' });
    expect(mc.vars).not.toHaveProperty('after');
  });

  it('takes status, headers and body (with expressions)', async () => {
    const { response } = await runSteps('- respond: { status: 201, headers: { Location: "/o/${payload.id}" }, body: { created: "${payload.id}" } }', { payload: { id: 9 } });
    expect(response.status).toBe(201);
    expect(response.headers).toMatchObject({ location: '/o/9', 'content-type': 'application/json' });
    expect(JSON.parse(String(response.body))).toEqual({ created: 9 });
  });

  it('takes the status from an expression', async () => {
    const { response } = await runSteps('- respond: { status: "${payload.code}" }', { payload: { code: 418 } });
    expect(response.status).toBe(418);
  });

  it.each([
    ['a string body is text', '- respond: { body: hello }', 'text/plain; charset=utf-8', 'hello'],
    ['a contentType override converts JSON to XML', '- respond: { contentType: application/xml }', 'application/xml', '<jsonObject><a>1</a><b>2</b></jsonObject>'],
    ['an XML payload stays XML', '- respond: {}', 'application/xml', '<order id="1"><qty>007</qty></order>'],
  ])('%s', async (_name, step, type, body) => {
    const payload = step.includes('contentType') ? { a: 1, b: 2 } : { order: { '@id': '1', qty: '007' } };
    const contentType = _name.includes('XML payload') ? 'application/xml' : 'application/json';
    const { response } = await runSteps(step, { payload, contentType });
    expect(response.headers['content-type']).toBe(type);
    expect(response.body).toBe(body);
  });

  it('sends no body and no content type for a null payload', async () => {
    const { response } = await runSteps('- respond: { status: 204 }');
    expect(response).toEqual({ status: 204, headers: {}, body: null });
  });

  it('is implicit at the end of a flow', async () => {
    const { response } = await runSteps('- variable: { name: x, value: 1 }', { payload: [1, 2] });
    expect(response).toMatchObject({ status: 200, body: '[1,2]' });
  });

  it.each([
    ['a header value with a line break', '- respond: { headers: { X-A: "${payload.v}" } }', { v: 'a\r\nSet-Cookie: evil=1' }, 'response header x-a holds a line break'],
    ['a status outside 100-599', '- respond: { status: "${payload.v}" }', { v: 999 }, 'response status "999" is not an HTTP status'],
    ['a status that is not a number', '- property: { name: HTTP_SC, expression: "${payload.v}", scope: axis2 }', { v: 'abc' }, 'response status "NaN" is not an HTTP status'],
  ])('refuses %s with a coded fault, not a broken answer', async (_name, steps, payload, message) => {
    const { response, json } = await runSteps(steps, { payload });
    expect(response.status).toBe(500);
    expect(json).toEqual({ error: { code: 'FERRY_ERR_RESPONSE_INVALID', message: expect.stringContaining(message) } });
  });

  it('leaves out a header whose value is null', async () => {
    const { response } = await runSteps('- respond: { headers: { X-Missing: "${payload.none}", X-Here: yes } }', { payload: {} });
    expect(response.headers).not.toHaveProperty('x-missing');
    expect(response.headers['x-here']).toBe('yes');
  });

  it('refuses to write a key that is not an XML name into XML', async () => {
    const { response, json } = await runSteps('- respond: { contentType: application/xml }', { payload: { root: { 'a><injected/><b': 'v' } } });
    expect(response.status).toBe(500);
    expect((json as { error: { code: string } }).error.code).toBe('FERRY_ERR_SERIALIZE');
  });
});
