import { FerryError } from '../../errors.js';
import type { MediatorDefinition } from '../types.js';

type SequenceConfig = string | { name: string; params?: Record<string, unknown> };

/**
 * `sequence`: run a named sequence. `params` are readable inside it as
 * `${params.functionParams.x}` (MI's template parameters), and restored afterwards.
 */
export const sequence: MediatorDefinition<SequenceConfig> = {
  name: 'sequence',
  description: 'Run a named sequence from sequences/, optionally with parameters',
  // passes a streamed body on unread (unless an expression reads payload)
  streamAware: true,
  schema: {
    anyOf: [
      { type: 'string', minLength: 1, description: 'sequence name' },
      {
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        properties: {
          name: { type: 'string', minLength: 1 },
          params: { type: 'object', description: 'values (or ${…}) readable as ${params.functionParams.<name>}' },
        },
      },
    ],
  },
  compile(config, cctx) {
    const ref = typeof config === 'string' ? cctx.sequence(config) : cctx.sequence(config.name, 'name');
    const params = typeof config === 'string' || !config.params ? undefined : cctx.value(config.params, 'params');
    return async (mc) => {
      // sequences may call each other (recursion with a base case is legal); a runaway loop
      // ends with a coded fault instead of a stack overflow or an endless async chain
      if (mc.sequenceDepth >= MAX_DEPTH) {
        throw new FerryError('FERRY_ERR_SEQUENCE_DEPTH', `sequence '${ref.name}' would nest deeper than ${MAX_DEPTH} sequence calls`);
      }
      const saved = mc.params.functionParams;
      if (params) mc.params.functionParams = params.evaluate(mc) as Record<string, unknown>;
      mc.sequenceDepth++;
      try {
        await ref.run(mc);
      } finally {
        mc.sequenceDepth--;
        mc.params.functionParams = saved;
      }
    };
  },
};

const MAX_DEPTH = 64;
