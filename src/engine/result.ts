import { HOP_BY_HOP, type HeaderMap } from '../http/headers.js';
import type { MessageContext } from './message-context.js';

/** What a `call` or a connector operation produced. */
export interface OperationResult {
  readonly payload: unknown;
  readonly contentType: string | undefined;
  readonly headers: HeaderMap;
  readonly statusCode: number;
  /** extra attributes beside statusCode (connectors add their own) */
  readonly attributes?: Record<string, unknown>;
}

export interface ResultOptions {
  readonly responseVariable?: string | undefined;
  readonly overwriteBody?: boolean | undefined;
}

/**
 * MI 4.4's responseVariable / overwriteBody, implemented once for `call` and every connector:
 * - with `responseVariable`, the result goes to `vars.<name>` as `{payload, headers, attributes}`
 *   and the message is left as it was;
 * - with `overwriteBody: true` as well, the result replaces the body and the variable keeps only
 *   headers and attributes;
 * - without `responseVariable` (MI's legacy behaviour) the result replaces the body.
 * Replacing the body also takes the upstream status and end-to-end headers, so `call` followed
 * by `respond` passes the upstream answer through.
 */
export function applyResult(mc: MessageContext, result: OperationResult, options: ResultOptions): void {
  const overwrite = options.responseVariable ? options.overwriteBody === true : true;
  if (options.responseVariable) {
    const captured: Record<string, unknown> = {
      headers: result.headers,
      attributes: { ...result.attributes, statusCode: result.statusCode },
    };
    if (!overwrite) captured.payload = result.payload;
    mc.vars[options.responseVariable] = captured;
  }
  if (!overwrite) return;
  mc.payload = result.payload;
  mc.contentType = result.contentType;
  mc.status = result.statusCode;
  for (const name of Object.keys(result.headers)) {
    // the request id is ours: it ties the client's answer to our log lines
    if (!HOP_BY_HOP.has(name) && name !== 'content-type' && name !== 'date' && name !== 'x-request-id') {
      mc.responseHeaders[name] = result.headers[name]!;
    }
  }
}
