import type { MediatorDefinition } from '../types.js';

interface HeaderConfig {
  name: string;
  value?: unknown;
  expression?: string;
  scope?: 'request' | 'response';
  action?: 'set' | 'remove';
}

/**
 * `header`: set or remove a transport header. `request` (default) changes the message's headers —
 * what `${headers.x}` reads and what `call` sends upstream; `response` changes what the client
 * gets back.
 */
export const header: MediatorDefinition<HeaderConfig> = {
  name: 'header',
  description: 'Set or remove a request or response header',
  // passes a streamed body on unread (unless an expression reads payload)
  streamAware: true,
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" },
      value: { type: ['string', 'number', 'boolean'] },
      expression: { type: 'string' },
      scope: { enum: ['request', 'response'], description: 'default request' },
      action: { enum: ['set', 'remove'], description: 'default set' },
    },
  },
  compile(config, cctx) {
    const name = config.name.toLowerCase();
    const target = config.scope === 'response' ? 'responseHeaders' : 'headers';
    if (config.action === 'remove') {
      return (mc) => {
        delete mc[target][name];
      };
    }
    if ((config.value === undefined) === (config.expression === undefined)) {
      cctx.error('FERRY_ERR_ARTIFACT_INVALID', 'header needs exactly one of value or expression');
    }
    const value = cctx.value(config.value ?? config.expression, config.value === undefined ? 'expression' : 'value');
    return (mc) => {
      const v = value.evaluate(mc);
      if (v === null || v === undefined) delete mc[target][name];
      else mc[target][name] = typeof v === 'object' ? JSON.stringify(v) : String(v);
    };
  },
};
