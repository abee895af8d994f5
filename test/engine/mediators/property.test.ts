import { describe, expect, it } from 'vitest';
import { runSteps } from '../../helpers/project.js';

describe('property mediator (legacy scopes)', () => {
  it('sets and removes default-scope properties, read as props', async () => {
    const { mc } = await runSteps('- property: { name: a, value: "1", type: INTEGER }\n- property: { name: b, expression: "${props.a + 1}" }\n- property: { name: a, action: remove }');
    expect(mc.props).toMatchObject({ b: 2 });
    expect(mc.props).not.toHaveProperty('a');
  });

  it('maps transport scope onto the message headers and the response headers', async () => {
    const { mc, response } = await runSteps('- property: { name: X-Trace, value: t-1, scope: transport }\n- property: { name: X-Gone, scope: transport, action: remove }', {
      headers: { 'x-gone': 'bye' },
    });
    expect(mc.headers['x-trace']).toBe('t-1');
    expect(mc.headers).not.toHaveProperty('x-gone');
    expect(response.headers['x-trace']).toBe('t-1');
  });

  it.each([
    ['HTTP_SC', '"201"', (r: { status: number }) => r.status, 201],
    ['messageType', 'application/xml', (r: { headers: Record<string, string> }) => r.headers['content-type'], 'application/xml'],
  ])('honours axis2 %s', async (name, value, read, expected) => {
    const { response } = await runSteps(`- property: { name: ${name}, value: ${value}, scope: axis2 }`, { payload: { a: 1 } });
    expect(read(response as never)).toBe(expected);
  });

  it('turns a JSON payload into XML when messageType says so', async () => {
    const { response } = await runSteps('- property: { name: messageType, value: application/xml, scope: axis2 }', { payload: { order: { id: '7' } } });
    expect(response.body).toBe('<order><id>7</id></order>');
  });
});
