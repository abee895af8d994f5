import type { MessageContext } from '../message-context.js';
import type { MediatorDefinition } from '../types.js';
import { VALUE_TYPES, type ValueType } from './value-types.js';
import { typedValue } from './variable.js';

interface PropertyConfig {
  name: string;
  value?: unknown;
  expression?: string;
  type?: ValueType;
  scope?: 'default' | 'synapse' | 'transport' | 'axis2' | 'operation';
  action?: 'set' | 'remove';
}

type Writer = (mc: MessageContext, value: unknown) => void;

/**
 * `property` (MI's legacy mediator), with its scopes mapped onto Ferry's message:
 * - default / synapse / operation → `${props.<name>}`;
 * - transport → a transport header, set on the message (sent by `call`) and on the response;
 * - axis2 → `${props.<name>}`, except MI's control properties `HTTP_SC` (response status) and
 *   `messageType` / `ContentType` (response content type).
 * Prefer `variable` and `header` in new flows.
 */
export const property: MediatorDefinition<PropertyConfig> = {
  name: 'property',
  description: 'Legacy MI property: set or remove a property or a transport header',
  // passes a streamed body on unread (unless an expression reads payload)
  streamAware: true,
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', minLength: 1 },
      value: {},
      expression: { type: 'string' },
      type: { enum: [...VALUE_TYPES] },
      scope: { enum: ['default', 'synapse', 'transport', 'axis2', 'operation'], description: 'default default' },
      action: { enum: ['set', 'remove'] },
    },
  },
  compile(config, cctx) {
    const write = writerFor(config.name, config.scope ?? 'default');
    if (config.action === 'remove') return (mc) => write(mc, undefined);
    const value = typedValue(config, cctx, config.name);
    return (mc) => write(mc, value(mc));
  },
};

function writerFor(name: string, scope: NonNullable<PropertyConfig['scope']>): Writer {
  if (scope === 'transport') {
    const header = name.toLowerCase();
    return (mc, value) => {
      if (value === undefined || value === null) {
        delete mc.headers[header];
        delete mc.responseHeaders[header];
      } else {
        const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
        mc.headers[header] = text;
        mc.responseHeaders[header] = text;
      }
    };
  }
  if (scope === 'axis2' && name === 'HTTP_SC') {
    return (mc, value) => {
      mc.status = value === undefined || value === null ? undefined : Number(value);
    };
  }
  if (scope === 'axis2' && (name === 'messageType' || name === 'ContentType')) {
    return (mc, value) => {
      if (value === undefined || value === null) delete mc.responseHeaders['content-type'];
      else mc.responseHeaders['content-type'] = String(value);
    };
  }
  return (mc, value) => {
    if (value === undefined) delete mc.props[name];
    else mc.props[name] = value;
  };
}
