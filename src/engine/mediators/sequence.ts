import type { MediatorDefinition } from '../types.js';

type SequenceConfig = string | { name: string; params?: Record<string, unknown> };

/**
 * `sequence`: run a named sequence. `params` are readable inside it as
 * `${params.functionParams.x}` (MI's template parameters), and restored afterwards.
 */
export const sequence: MediatorDefinition<SequenceConfig> = {
  name: 'sequence',
  description: 'Run a named sequence from sequences/, optionally with parameters',
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
    if (typeof config === 'string') {
      const ref = cctx.sequence(config);
      return (mc) => ref.run(mc);
    }
    const ref = cctx.sequence(config.name, 'name');
    if (!config.params) return (mc) => ref.run(mc);
    const params = cctx.value(config.params, 'params');
    return async (mc) => {
      const saved = mc.params.functionParams;
      mc.params.functionParams = params.evaluate(mc) as Record<string, unknown>;
      try {
        await ref.run(mc);
      } finally {
        mc.params.functionParams = saved;
      }
    };
  },
};
