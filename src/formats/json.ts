import { FerryError, type ErrorCode } from '../errors.js';
import { jsonErrorOffset } from './json-locate.js';
import { lineColAt } from './position.js';

/** JSON.parse with a coded error that says at which line and column the text broke. */
export function parseJson(text: string, code: ErrorCode = 'FERRY_ERR_HTTP_BAD_JSON', what = 'request body'): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    // V8's message quotes the text itself; name only the offending character instead
    const offset = Math.max(0, jsonErrorOffset(text));
    const found = offset < text.length ? `unexpected ${JSON.stringify(text[offset])}` : 'unexpected end of input';
    const where = lineColAt(text, offset);
    throw new FerryError(code, `${what} is not valid JSON at line ${where.line}, column ${where.col}: ${found}`, {
      cause: err,
      detail: { line: where.line, column: where.col },
    });
  }
}
