import { describe, expect, it } from 'vitest';
import { diagnosticsOf, load, runSteps } from '../../helpers/project.js';

describe('log mediator', () => {
  it('writes the message template with the request bindings and extra fields', async () => {
    const { logs } = await runSteps('- log: { level: warn, message: "order ${payload.id} for ${vars.who}", fields: { total: "${payload.total}", fixed: 7 } }', {
      payload: { id: 'A1', total: 12.5 },
      vars: { who: 'ann' },
    });
    const line = logs.find((l) => l.msg === 'order A1 for ann');
    expect(line).toMatchObject({ level: 'warn', seq: 'main', total: 12.5, fixed: 7 });
    expect(line!.step).toMatch(/^log:\d+$/);
  });

  it.each([
    ['info', 'info'],
    ['DEBUG', 'debug'],
    ['WARNING', 'warn'],
    ['error', 'error'],
  ])('accepts MI level spelling %s as %s', async (given, level) => {
    const { logs } = await runSteps(`- log: { category: ${given}, message: hello }`);
    expect(logs.find((l) => l.msg === 'hello')?.level).toBe(level);
  });

  it('renders an object value in a message as JSON', async () => {
    const { logs } = await runSteps('- log: { message: "${payload}" }', { payload: { a: [1, 2] } });
    expect(logs.some((l) => l.msg === '{"a":[1,2]}')).toBe(true);
  });

  it('redacts secrets that a flow logs', async () => {
    const { logs } = await runSteps('- log: { message: "auth ${headers.authorization}", fields: { password: "${payload.pw}" } }', {
      payload: { pw: 'hunter2' },
      headers: { authorization: 'Bearer abc.def.ghi' },
    });
    const line = logs.find((l) => String(l.msg).startsWith('auth'));
    expect(line).toMatchObject({ msg: 'auth Bearer [REDACTED]', password: '[REDACTED]' });
    expect(JSON.stringify(logs)).not.toContain('hunter2');
  });

  it('rejects unknown options at load', () => {
    const result = load({ 'sequences/s.yaml': 'name: s\nsteps:\n  - log: { mesage: hi }\n' });
    expect(diagnosticsOf(result)).toEqual(["s.yaml:3:12 FERRY_ERR_ARTIFACT_SCHEMA log: mesage: unknown property 'mesage'"]);
  });
});
