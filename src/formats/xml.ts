import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { FerryError, type ErrorCode } from '../errors.js';
import { lineColAt } from './position.js';

/**
 * XML ⇄ object mapping used everywhere a payload crosses the XML boundary. Attributes become
 * `@name` keys, text beside attributes or children becomes `#text`, repeated elements become
 * arrays, and values stay strings (XML has no types; "007" must not turn into 7).
 */
const ATTR_PREFIX = '@';
const TEXT_KEY = '#text';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: ATTR_PREFIX,
  textNodeName: TEXT_KEY,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Only the five predefined XML entities and numeric references are decoded; DTDs are refused
  // before parsing, so no user-defined entity can ever be expanded (billion laughs).
  processEntities: true,
  htmlEntities: false,
});

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: ATTR_PREFIX,
  textNodeName: TEXT_KEY,
  suppressEmptyNode: true,
  suppressBooleanAttributes: false,
  format: false,
});

const DOCTYPE = /<!DOCTYPE|<!ENTITY/i;

/** Parse an XML document into an object; DTDs and malformed XML are coded errors with a position. */
export function parseXml(text: string, code: ErrorCode = 'FERRY_ERR_HTTP_BAD_XML', what = 'request body'): unknown {
  const dtd = DOCTYPE.exec(text);
  if (dtd) {
    const at = lineColAt(text, dtd.index);
    throw new FerryError(
      code === 'FERRY_ERR_HTTP_BAD_XML' ? 'FERRY_ERR_HTTP_XML_DTD' : code,
      `${what} declares a DTD at line ${at.line}, column ${at.col}; document type declarations and entities are refused`,
      { detail: { line: at.line, column: at.col } },
    );
  }
  if (text.trim() === '') throw new FerryError(code, `${what} is empty; an XML document needs a root element`);
  const verdict = XMLValidator.validate(text);
  if (verdict !== true) {
    const { msg, line, col } = verdict.err;
    throw new FerryError(code, `${what} is not valid XML at line ${line}, column ${col}: ${msg}`, {
      detail: { line, column: col },
    });
  }
  return parser.parse(text) as unknown;
}

/**
 * Serialise a payload as XML. An object with exactly one key is that root element (the shape
 * parseXml produces); anything else is wrapped as MI does: objects in <jsonObject>, arrays in
 * <jsonArray> with <jsonElement> children, scalars in <jsonObject>.
 */
export function toXml(payload: unknown): string {
  if (typeof payload === 'string') return payload;
  if (payload === null || payload === undefined) return '';
  if (Array.isArray(payload)) return builder.build({ jsonArray: { jsonElement: payload } }) as string;
  if (typeof payload === 'object') {
    const keys = Object.keys(payload);
    const only = keys.length === 1 ? keys[0] : undefined;
    if (only !== undefined && !only.startsWith(ATTR_PREFIX) && only !== TEXT_KEY) {
      const root = (payload as Record<string, unknown>)[only];
      if (!Array.isArray(root)) return builder.build(payload) as string;
    }
    return builder.build({ jsonObject: payload }) as string;
  }
  return builder.build({ jsonObject: payload }) as string;
}
