import type { OperationResult } from '../../../../src/engine/result.js';
import { faultOf, readDocument } from './results.js';

/**
 * The fault of a SOAP operation's error answer: Salesforce's exceptionCode (or the faultcode
 * without `sf:`) and faultstring — from the JSON fault, or from the envelope itself with
 * outputType XML. Undefined for anything else (REST answers, a proxy's HTML page).
 */
export function soapFaultOf(result: OperationResult): { code: string; message: string } | undefined {
  const body = result.payload;
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const f = body as { faultcode?: unknown; faultstring?: unknown; exceptionCode?: unknown };
    if (typeof f.faultcode !== 'string' || typeof f.faultstring !== 'string') return undefined;
    return { code: typeof f.exceptionCode === 'string' ? f.exceptionCode : f.faultcode, message: f.faultstring };
  }
  if (typeof body !== 'string' || !body.includes('Fault')) return undefined;
  try {
    const fault = faultOf(readDocument(body, 'the SOAP fault').body);
    return fault ? { code: fault.exceptionCode ?? fault.faultcode, message: fault.faultstring } : undefined;
  } catch {
    return undefined;
  }
}
