import type { MediatorDefinition } from '../types.js';
import { STEP_LIST_SCHEMA } from '../types.js';
import { fullMatch, isTrue } from './value-types.js';

interface FilterConfig {
  expression?: string;
  source?: string;
  regex?: string;
  then?: unknown[];
  else?: unknown[];
}

/** `filter`: if/else on a condition, or on `source` fully matching `regex` (MI's two forms). */
export const filter: MediatorDefinition<FilterConfig> = {
  name: 'filter',
  description: 'Run then or else depending on a condition',
  // passes a streamed body on unread (unless an expression reads payload)
  streamAware: true,
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      expression: { type: 'string', description: 'condition, e.g. ${payload.age >= 18}' },
      source: { type: 'string', description: 'value to match against regex' },
      regex: { type: 'string' },
      then: STEP_LIST_SCHEMA,
      else: STEP_LIST_SCHEMA,
    },
  },
  compile(config, cctx) {
    const thenStep = cctx.steps(config.then ?? [], 'then');
    const elseStep = cctx.steps(config.else ?? [], 'else');
    let test: (mc: Parameters<typeof thenStep>[0]) => boolean = () => false;
    if (config.expression !== undefined) {
      if (config.source !== undefined || config.regex !== undefined) cctx.error('FERRY_ERR_ARTIFACT_INVALID', 'filter takes either expression, or source with regex, not both');
      const condition = cctx.value(config.expression, 'expression');
      test = (mc) => isTrue(condition.evaluate(mc));
    } else if (config.source !== undefined && config.regex !== undefined) {
      const source = cctx.value(config.source, 'source');
      let regex: RegExp | undefined;
      try {
        regex = fullMatch(config.regex);
      } catch (err) {
        cctx.error('FERRY_ERR_ARTIFACT_INVALID', `invalid regex: ${(err as Error).message}`, 'regex');
      }
      test = (mc) => {
        const v = source.evaluate(mc);
        return regex !== undefined && v !== null && v !== undefined && regex.test(typeof v === 'object' ? JSON.stringify(v) : String(v));
      };
    } else {
      cctx.error('FERRY_ERR_ARTIFACT_INVALID', 'filter needs expression, or source with regex');
    }
    return (mc) => (test(mc) ? thenStep(mc) : elseStep(mc));
  },
};
