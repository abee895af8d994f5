import { FerryError } from '../../errors.js';
import type { MediatorDefinition } from '../types.js';

interface ThrowErrorConfig {
  type?: string;
  errorMessage: string;
  status?: number;
}

/**
 * `throwError` (MI 4.4): raise a fault whose `${error.code}` is `type` and `${error.message}`
 * the message; the nearest onError / faultSequence handles it. `status` (a Ferry addition) is
 * what the default handler answers with (500 when absent).
 */
export const throwError: MediatorDefinition<ThrowErrorConfig> = {
  name: 'throwError',
  description: 'Raise a fault with a type (error code) and a message',
  // passes a streamed body on unread (unless an expression reads payload)
  streamAware: true,
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['errorMessage'],
    properties: {
      type: { type: 'string', minLength: 1, description: 'the error code; default FERRY_ERR_THROW' },
      errorMessage: { type: 'string', description: 'text, may contain ${…}' },
      status: { type: 'integer', minimum: 400, maximum: 599 },
    },
  },
  compile(config, cctx) {
    const type = cctx.value(config.type ?? 'FERRY_ERR_THROW', 'type');
    const message = cctx.value(config.errorMessage, 'errorMessage');
    const status = config.status ?? 500;
    return (mc) => {
      throw new FerryError(String(type.evaluate(mc)), String(message.evaluate(mc) ?? ''), { statusCode: status });
    };
  },
};
