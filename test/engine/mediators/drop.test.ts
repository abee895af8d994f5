import { describe, expect, it } from 'vitest';
import { runSteps } from '../../helpers/project.js';

describe('drop mediator', () => {
  it.each(['- drop: {}', '- drop:'])('%s stops the flow and answers 202 with no body', async (step) => {
    const { response, mc } = await runSteps(`${step}\n- variable: { name: after, value: 1 }`, { payload: { a: 1 } });
    expect(response).toEqual({ status: 202, headers: {}, body: null });
    expect(mc.vars).not.toHaveProperty('after');
  });
});
