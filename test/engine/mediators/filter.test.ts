import { describe, expect, it } from 'vitest';
import { diagnosticsOf, load, runSteps } from '../../helpers/project.js';

const branches = 'then:\n      - variable: { name: branch, value: then }\n    else:\n      - variable: { name: branch, value: else }';

describe('filter mediator', () => {
  it.each([
    ['${payload.age >= 18}', { age: 30 }, 'then'],
    ['${payload.age >= 18}', { age: 3 }, 'else'],
    ['${payload.flag}', { flag: 'true' }, 'then'],
    ['${payload.flag}', { flag: 'no' }, 'else'],
    ['${payload.missing}', {}, 'else'],
    ['${exists(payload.a)}', { a: 0 }, 'then'],
  ])('condition %s on %j runs %s', async (expression, payload, branch) => {
    const { mc } = await runSteps(`- filter:\n    expression: "${expression}"\n    ${branches}`, { payload });
    expect(mc.vars.branch).toBe(branch);
  });

  it.each([
    ['gold|silver', 'gold', 'then'],
    ['gold|silver', 'golden', 'else'],
    ['[A-Z]{3}-\\\\d+', 'ORD-42', 'then'],
  ])('regex %s against %s runs %s (whole-string match, as MI)', async (regex, value, branch) => {
    const { mc } = await runSteps(`- filter:\n    source: "\${payload.v}"\n    regex: "${regex}"\n    ${branches}`, { payload: { v: value } });
    expect(mc.vars.branch).toBe(branch);
  });

  it('runs nothing for a missing branch', async () => {
    const { mc } = await runSteps('- filter: { expression: "${false}", then: [ { variable: { name: x, value: 1 } } ] }');
    expect(mc.vars).toEqual({});
  });

  it.each([
    ['{ then: [] }', 'FERRY_ERR_ARTIFACT_INVALID filter needs expression, or source with regex'],
    ['{ source: "${payload}", regex: "(", then: [] }', 'FERRY_ERR_ARTIFACT_INVALID invalid regex'],
    ['{ expression: "${true}", then: [ { nope: {} } ] }', "FERRY_ERR_ARTIFACT_UNKNOWN_MEDIATOR unknown mediator 'nope'"],
  ])('reports %s at load', (config, expected) => {
    expect(diagnosticsOf(load({ 'sequences/s.yaml': `name: s\nsteps:\n  - filter: ${config}\n` }))).toContainEqual(expect.stringContaining(expected));
  });
});
