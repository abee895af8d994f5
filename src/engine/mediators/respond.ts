import { renderTemplateValue } from '../../expressions/index.js';
import { buildResponse } from '../respond.js';
import type { MediatorDefinition } from '../types.js';

interface RespondConfig {
  status?: number | string;
  headers?: Record<string, unknown>;
  body?: unknown;
  contentType?: string;
}

/**
 * `respond`: answer the client now with the current message (or `body`), then stop the flow.
 * The content type follows the payload unless `contentType` or a content-type header says
 * otherwise; status defaults to the status decided so far (e.g. an upstream's) or 200.
 */
export const respond: MediatorDefinition<RespondConfig | null> = {
  name: 'respond',
  description: 'Send the response to the client and stop the flow',
  // passes a streamed body on unread (unless an expression reads payload)
  streamAware: true,
  schema: {
    type: ['object', 'null'],
    additionalProperties: false,
    properties: {
      status: { anyOf: [{ type: 'integer', minimum: 100, maximum: 599 }, { type: 'string', pattern: '^\\$\\{' }] },
      headers: { type: 'object', propertyNames: { pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" }, additionalProperties: { type: ['string', 'number', 'boolean'] } },
      body: { description: 'replaces the payload: a value, an object with ${…} inside, or an expression' },
      contentType: { type: 'string' },
    },
  },
  compile(config, cctx) {
    const c = config ?? {};
    const status = c.status === undefined ? undefined : cctx.value(c.status, 'status');
    const headerNames = Object.keys(c.headers ?? {});
    const headerValues = headerNames.map((k) => cctx.value(c.headers![k], 'headers', k));
    const body = c.body === undefined ? undefined : cctx.value(c.body, 'body');
    const contentType = c.contentType === undefined ? undefined : cctx.value(c.contentType, 'contentType');
    return (mc) => {
      // everything is read from the message as it was before `body` replaces the payload
      let headers: Record<string, string> | undefined;
      if (headerNames.length) {
        headers = {};
        for (let i = 0; i < headerNames.length; i++) {
          const v = headerValues[i]!.evaluate(mc);
          if (v !== null && v !== undefined) headers[headerNames[i]!.toLowerCase()] = renderTemplateValue(v);
        }
      }
      const code = status === undefined ? undefined : Number(status.evaluate(mc));
      const type = contentType === undefined ? undefined : String(contentType.evaluate(mc));
      if (body) {
        mc.payload = body.evaluate(mc);
        mc.contentType = undefined;
      }
      mc.response = buildResponse(mc, code, headers, type);
      mc.halted = 'respond';
    };
  },
};
