import { describe, expect, it } from 'vitest';
import { diagnosticsOf, load, runSteps } from '../../helpers/project.js';

const SWITCH = `- switch:
    source: "\${payload.tier}"
    cases:
      - regex: "gold|platinum"
        steps: [ { variable: { name: discount, value: 20, type: INTEGER } } ]
      - equals: silver
        steps: [ { variable: { name: discount, value: 10, type: INTEGER } } ]
      - regex: "gold.*"
        steps: [ { variable: { name: discount, value: 99, type: INTEGER } } ]
    default: [ { variable: { name: discount, value: 0, type: INTEGER } } ]`;

describe('switch mediator', () => {
  it.each([
    ['gold', 20],
    ['platinum', 20],
    ['silver', 10],
    ['golden', 99],
    ['bronze', 0],
    [null, 0],
  ])('tier %s gets discount %d (first matching case wins)', async (tier, discount) => {
    const { mc } = await runSteps(SWITCH, { payload: { tier } });
    expect(mc.vars.discount).toBe(discount);
  });

  it('matches numbers by their text', async () => {
    const { mc } = await runSteps('- switch:\n    source: "${payload.code}"\n    cases:\n      - equals: 404\n        steps: [ { variable: { name: hit, value: yes } } ]', { payload: { code: 404 } });
    expect(mc.vars.hit).toBe('yes');
  });

  it('reports a case with both regex and equals', () => {
    expect(diagnosticsOf(load({ 'sequences/s.yaml': 'name: s\nsteps:\n  - switch:\n      source: x\n      cases:\n        - { regex: a, equals: b }\n' }))).toEqual([
      's.yaml:6:11 FERRY_ERR_ARTIFACT_INVALID a case needs exactly one of regex or equals',
    ]);
  });
});
