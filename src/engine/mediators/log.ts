import type { MediatorDefinition } from '../types.js';

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
type Level = (typeof LEVELS)[number];

interface LogConfig {
  level?: string;
  category?: string;
  message?: string;
  fields?: Record<string, unknown>;
}

// MI 4.4 names the level `category` and spells it in capitals; both are accepted.
const LEVEL_NAMES = [...LEVELS, ...LEVELS.map((l) => l.toUpperCase()), 'WARNING'];

/** `log`: one log line with a message template and extra fields, bound to the request. */
export const log: MediatorDefinition<LogConfig> = {
  name: 'log',
  description: 'Write a log line: a message with ${…} inside, and optional fields',
  // passes a streamed body on unread (unless an expression reads payload)
  streamAware: true,
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      level: { enum: LEVEL_NAMES, description: 'default info' },
      category: { enum: LEVEL_NAMES, description: "MI's name for level" },
      message: { type: 'string' },
      fields: { type: 'object', additionalProperties: true },
    },
  },
  compile(config, cctx) {
    const level = toLevel(config.level ?? config.category ?? 'info');
    const message = cctx.value(config.message ?? '', 'message');
    const fieldNames = Object.keys(config.fields ?? {});
    const fieldValues = fieldNames.map((k) => cctx.value(config.fields![k], 'fields', k));
    const { seq, step } = cctx.where;
    return (mc) => {
      // the level check first: a debug line costs nothing when debug is off
      if (!mc.log.isLevelEnabled(level)) return;
      const bindings: Record<string, unknown> = { seq, step };
      for (let i = 0; i < fieldNames.length; i++) bindings[fieldNames[i]!] = fieldValues[i]!.evaluate(mc);
      const text = message.evaluate(mc);
      mc.log[level](bindings, typeof text === 'string' ? text : JSON.stringify(text));
    };
  },
};

function toLevel(name: string): Level {
  const lower = name.toLowerCase();
  return lower === 'warning' ? 'warn' : (lower as Level);
}
