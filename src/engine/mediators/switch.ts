import type { MessageContext } from '../message-context.js';
import type { MediatorDefinition, Step } from '../types.js';
import { STEP_LIST_SCHEMA } from '../types.js';
import { fullMatch } from './value-types.js';

interface SwitchConfig {
  source: string;
  cases?: { regex?: string; equals?: unknown; steps?: unknown[] }[];
  default?: unknown[];
}

/** `switch`: the first case whose regex fully matches (or that equals) the source runs; else default. */
export const switchMediator: MediatorDefinition<SwitchConfig> = {
  name: 'switch',
  description: 'Run the first case that matches the source, or default',
  // passes a streamed body on unread (unless an expression reads payload)
  streamAware: true,
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['source'],
    properties: {
      source: { type: 'string' },
      cases: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          properties: {
            regex: { type: 'string' },
            equals: { type: ['string', 'number', 'boolean', 'null'] },
            steps: STEP_LIST_SCHEMA,
          },
        },
      },
      default: STEP_LIST_SCHEMA,
    },
  },
  compile(config, cctx) {
    const source = cctx.value(config.source, 'source');
    const cases: { matches: (text: string) => boolean; run: Step }[] = [];
    (config.cases ?? []).forEach((c, i) => {
      const run = cctx.steps(c.steps ?? [], 'cases', i, 'steps');
      if ((c.regex === undefined) === (c.equals === undefined)) {
        cctx.error('FERRY_ERR_ARTIFACT_INVALID', 'a case needs exactly one of regex or equals', 'cases', i);
        return;
      }
      if (c.regex !== undefined) {
        try {
          const regex = fullMatch(c.regex);
          cases.push({ matches: (text) => regex.test(text), run });
        } catch (err) {
          cctx.error('FERRY_ERR_ARTIFACT_INVALID', `invalid regex: ${(err as Error).message}`, 'cases', i, 'regex');
        }
      } else {
        const expected = String(c.equals);
        cases.push({ matches: (text) => text === expected, run });
      }
    });
    const fallback = cctx.steps(config.default ?? [], 'default');
    return (mc: MessageContext) => {
      const v = source.evaluate(mc);
      const text = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
      for (const c of cases) if (c.matches(text)) return c.run(mc);
      return fallback(mc);
    };
  },
};
