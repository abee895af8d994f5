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
});
