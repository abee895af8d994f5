import { FerryError, statusOf } from '../errors.js';
import type { ErrorInfo } from '../expressions/index.js';
import type { MessageContext } from './message-context.js';

/**
 * What `${error.*}` shows for a thrown value. Ferry's coded errors keep their code and message;
 * anything else is an internal bug, reported without its stack or message (which may hold
 * payload data) to the client, and logged in full by the default handler.
 */
export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof FerryError) {
    const info: ErrorInfo = { code: err.code, message: err.message, status: err.statusCode };
    if (err.detail !== undefined) info.detail = err.detail;
    if (err.position !== undefined) info.position = err.position;
    return info;
  }
  return { code: 'FERRY_ERR_MEDIATION', message: 'internal mediation error', status: statusOf(err) };
}

/**
 * Enter a fault flow: set `${error.*}` and MI's ERROR_CODE / ERROR_MESSAGE / ERROR_DETAIL
 * properties, keep the thrown value for the default handler's log line, and tell the observer
 * (metrics count faults by code here: every handler entry goes through this function).
 */
export function recordError(mc: MessageContext, err: unknown): void {
  const info = toErrorInfo(err);
  if (mc.observer) mc.observer.fault(info.code);
  mc.error = info;
  mc.props.ERROR_CODE = info.code;
  mc.props.ERROR_MESSAGE = info.message;
  if (info.detail !== undefined) mc.props.ERROR_DETAIL = info.detail;
  mc.thrown = err;
}
