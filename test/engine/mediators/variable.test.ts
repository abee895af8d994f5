import { describe, expect, it } from 'vitest';
import { diagnosticsOf, load, runSteps } from '../../helpers/project.js';

describe('variable mediator', () => {
  it.each([
    ['value: hello', undefined, 'hello'],
    ['value: "42", type: INTEGER', undefined, 42],
    ['value: "-7", type: LONG', undefined, -7],
    ['value: "2.5", type: DOUBLE', undefined, 2.5],
    ['value: "TRUE", type: BOOLEAN', undefined, true],
    ['value: 12, type: STRING', undefined, '12'],
    ['value: \'{"a":1}\', type: JSON', undefined, { a: 1 }],
    ['value: "<a><b>x</b></a>", type: XML', undefined, { a: { b: 'x' } }],
    ['expression: "${payload.n}", type: INTEGER', { n: '15' }, 15],
    ['expression: "${payload.obj}"', { obj: { k: [1] } }, { k: [1] }],
    ['expression: "${payload.obj}", type: STRING', { obj: { k: 1 } }, '{"k":1}'],
    ['expression: "${payload.missing}"', {}, null],
    ['value: "id-${payload.id}"', { id: 3 }, 'id-3'],
  ])('{%s} sets vars.v', async (options, payload, expected) => {
    const { mc } = await runSteps(`- variable: { name: v, ${options} }`, { payload });
    expect(mc.vars.v).toEqual(expected);
  });

  it('removes a variable', async () => {
    const { mc } = await runSteps('- variable: { name: v, action: remove }', { vars: { v: 1, w: 2 } });
    expect(mc.vars).toEqual({ w: 2 });
  });

  it('gives each message its own copy of a literal object', async () => {
    const first = await runSteps('- variable: { name: v, value: { list: [] } }');
    (first.mc.vars.v as { list: number[] }).list.push(1);
    const second = await runSteps('- variable: { name: v, value: { list: [] } }');
    expect(second.mc.vars.v).toEqual({ list: [] });
  });

  it('fails at run time with a coded error when a value does not fit its type', async () => {
    const { response, json } = await runSteps('- variable: { name: n, expression: "${payload.n}", type: INTEGER }', { payload: { n: 'abc' } });
    expect(response.status).toBe(500);
    expect(json).toEqual({ error: { code: 'FERRY_ERR_VARIABLE_TYPE', message: '\'n\': "abc" is not a valid INTEGER' } });
  });

  it.each([
    ['- variable: { name: n, value: abc, type: INTEGER }', '3:33 FERRY_ERR_VARIABLE_TYPE \'n\': "abc" is not a valid INTEGER'],
    ['- variable: { name: n }', "3:15 FERRY_ERR_ARTIFACT_INVALID 'n' needs exactly one of value or expression"],
    ['- variable: { name: n, value: 1, expression: "${payload}" }', "3:15 FERRY_ERR_ARTIFACT_INVALID 'n' needs exactly one of value or expression"],
    ['- variable: { name: "a.b", value: 1 }', '3:23 FERRY_ERR_ARTIFACT_SCHEMA variable: name: must match pattern'],
    ['- variable: { name: n, value: 1, type: NUMBER }', '3:42 FERRY_ERR_ARTIFACT_SCHEMA variable: type: must be one of'],
  ])('reports %s at load', (step, expected) => {
    const result = load({ 'sequences/s.yaml': `name: s\nsteps:\n  ${step}\n` });
    expect(diagnosticsOf(result)).toContainEqual(expect.stringContaining(`s.yaml:${expected}`));
  });
});
