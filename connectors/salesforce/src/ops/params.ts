import { FerryError } from '../../../../src/errors.js';
import { jsonParam } from './shared.js';

/**
 * A record body (`fieldAndValue`): a JSON object, or text holding one. Anything else is refused
 * here rather than sent, because Salesforce's answer to a bare array or number is a confusing
 * JSON_PARSER_ERROR about deserialising an SObject.
 */
export function objectBody(value: unknown, name: string): Record<string, unknown> {
  const body = jsonParam(value, name);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new FerryError('FERRY_ERR_CONNECTOR_PARAMS', `${name} must be a JSON object or text holding one`);
  }
  return body as Record<string, unknown>;
}

/** `fields` as Salesforce's comma list: from an array or comma text; undefined when empty. */
export function fieldList(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const items = Array.isArray(value) ? value.map(String) : String(value).split(',');
  const names = items.map((f) => f.trim()).filter((f) => f !== '');
  return names.length > 0 ? names.join(',') : undefined;
}
