import { describe, expect, it } from 'vitest';
import { runSteps } from '../../helpers/project.js';

describe('sequence mediator', () => {
  it('runs a named sequence on the same message', async () => {
    const { mc } = await runSteps('- sequence: enrich\n- variable: { name: after, expression: "${vars.fromSeq + 1}" }', { payload: { n: 1 } }, {
      'sequences/enrich.yaml': 'name: enrich\nsteps:\n  - variable: { name: fromSeq, expression: "${payload.n * 10}" }\n',
    });
    expect(mc.vars).toMatchObject({ fromSeq: 10, after: 11 });
  });

  it('passes params readable as params.functionParams, restored afterwards', async () => {
    const { mc } = await runSteps('- sequence: { name: greet, params: { who: "${payload.name}", greeting: Hi } }', { payload: { name: 'Ann' } }, {
      'sequences/greet.yaml': 'name: greet\nsteps:\n  - variable: { name: text, value: "${params.functionParams.greeting}, ${params.functionParams.who}" }\n',
    });
    expect(mc.vars.text).toBe('Hi, Ann');
    expect(mc.params.functionParams).toEqual({});
  });

  it('stops the caller when the called sequence responds', async () => {
    const { mc, response } = await runSteps('- sequence: answer\n- variable: { name: after, value: 1 }', {}, {
      'sequences/answer.yaml': 'name: answer\nsteps:\n  - respond: { status: 201, body: done }\n',
    });
    expect(response.status).toBe(201);
    expect(mc.vars).not.toHaveProperty('after');
  });

  it('ends runaway recursion with a coded fault', async () => {
    const { response, json } = await runSteps('- sequence: loop', {}, { 'sequences/loop.yaml': 'name: loop\nsteps:\n  - sequence: loop\n' });
    expect(response.status).toBe(500);
    expect((json as { error: { code: string } }).error.code).toBe('FERRY_ERR_SEQUENCE_DEPTH');
  });

  it('allows recursion that ends', async () => {
    const countdown = 'name: countdown\nsteps:\n  - variable: { name: n, expression: "${vars.n - 1}" }\n  - filter:\n      expression: "${vars.n > 0}"\n      then: [ { sequence: countdown } ]\n';
    const { mc } = await runSteps('- sequence: countdown', { vars: { n: 10 } }, { 'sequences/countdown.yaml': countdown });
    expect(mc.vars.n).toBe(0);
    expect(mc.sequenceDepth).toBe(0);
  });
});
