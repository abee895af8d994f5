import type { RecordError } from '../model.js';
import type { SoqlError } from '../soql/index.js';
import type { RestResponse } from './router.js';

/**
 * REST error answers. Top-level REST errors are an array of `{message, errorCode[, fields]}`
 * (errorCode, not the statusCode that per-record results in collections use).
 */

export const NOT_FOUND_MESSAGE = 'The requested resource does not exist';

/** An error answer with one entry; `fields` only when given (Salesforce often omits it). */
export function restError(status: number, errorCode: string, message: string, fields?: readonly string[]): RestResponse {
  return { status, body: [fields === undefined ? { message, errorCode } : { message, errorCode, fields }] };
}

/** 404 NOT_FOUND "The requested resource does not exist". */
export function notFound(): RestResponse {
  return restError(404, 'NOT_FOUND', NOT_FOUND_MESSAGE);
}

/** 404 for a path segment that is neither an id nor an external-id field Salesforce knows. */
export function noSuchExternalIdField(segment: string): RestResponse {
  return restError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${segment}`);
}

/**
 * Save errors of one record as a REST error array. A JSON_PARSER_ERROR stops deserialisation, so
 * Salesforce reports it alone and without `fields`.
 */
export function recordErrorsBody(errors: readonly RecordError[]): unknown[] {
  const parse = errors.find((e) => e.statusCode === 'JSON_PARSER_ERROR');
  if (parse) return [{ message: parse.message, errorCode: parse.statusCode }];
  return errors.map((e) => ({ message: e.message, errorCode: e.statusCode, fields: [...e.fields] }));
}

/** 400 with the save errors of one record. */
export function recordErrors(errors: readonly RecordError[], status = 400): RestResponse {
  return { status, body: recordErrorsBody(errors) };
}

/** A SOQL/SOSL error: 400 with the engine's code and Salesforce's positioned message. */
export function soqlError(err: SoqlError): RestResponse {
  return restError(400, err.code, err.message);
}

/** A JSON_PARSER_ERROR answer. */
export function jsonParserError(message: string): RestResponse {
  return restError(400, 'JSON_PARSER_ERROR', message);
}

/** The body must be a JSON object (one record); undefined means it is. */
export function requireObjectBody(body: unknown, typeName: string): RestResponse | undefined {
  if (body === undefined) return jsonParserError('The HTTP entity body is required, but this request has no entity body.');
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) return undefined;
  // Salesforce's deserialiser names the JSON token it found where an object should start
  const token = body === null ? 'VALUE_NULL' : Array.isArray(body) ? 'START_ARRAY' : typeof body === 'string' ? 'VALUE_STRING' : typeof body === 'boolean' ? (body ? 'VALUE_TRUE' : 'VALUE_FALSE') : Number.isInteger(body) ? 'VALUE_NUMBER_INT' : 'VALUE_NUMBER_FLOAT';
  return jsonParserError(`Cannot deserialize instance of ${typeName} from ${token} value [line:1, column:1]`);
}
