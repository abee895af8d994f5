import type { MediatorDefinition } from '../types.js';

/** `drop`: stop mediation; the client gets 202 Accepted with no body (unless a respond came first). */
export const drop: MediatorDefinition<Record<string, never> | null> = {
  name: 'drop',
  description: 'Stop the flow and answer 202 with no body',
  // passes a streamed body on unread (unless an expression reads payload)
  streamAware: true,
  schema: { type: ['object', 'null'], additionalProperties: false, properties: {} },
  compile() {
    return (mc) => {
      mc.halted = 'drop';
    };
  },
};
