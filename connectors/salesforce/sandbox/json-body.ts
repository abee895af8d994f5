import { jsonErrorOffset } from '../../../src/formats/json-locate.js';
import { lineColAt } from '../../../src/formats/position.js';

/** Salesforce's wording for a request that needs a body and has none. */
export const NO_ENTITY_BODY = 'The HTTP entity body is required, but this request has no entity body.';

/**
 * Parse a JSON request body as REST and Bulk do: the value, or an Error worded as Salesforce's
 * JSON_PARSER_ERROR (`Unexpected character ('}' (code 125)) at [line:1, column:8]`).
 */
export function parseSalesforceJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    const offset = Math.max(0, jsonErrorOffset(raw));
    const { line, col } = lineColAt(raw, offset);
    const ch = raw[offset];
    const what = ch === undefined ? 'Unexpected end-of-input' : `Unexpected character ('${ch}' (code ${ch.charCodeAt(0)}))`;
    return new Error(`${what} at [line:${line}, column:${col}]`);
  }
}
