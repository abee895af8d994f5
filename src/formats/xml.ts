import { Buffer } from 'node:buffer';
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
const XML_NAME = /^[\p{L}_][\p{L}\p{N}_.-]*(?::[\p{L}_][\p{L}\p{N}_.-]*)?$/u;

/** The first key (at any depth) that cannot be written as an XML element or attribute name. */
export function badXmlName(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const bad = badXmlName(item);
      if (bad !== undefined) return bad;
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const name = key.startsWith(ATTR_PREFIX) ? key.slice(ATTR_PREFIX.length) : key;
    if (key !== TEXT_KEY && !XML_NAME.test(name)) return key;
    const bad = badXmlName(child);
    if (bad !== undefined) return bad;
  }
  return undefined;
}

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
  try {
    return parser.parse(text) as unknown;
  } catch (err) {
    // the parser refuses names such as constructor or __proto__, and nesting deeper than 100
    throw new FerryError(code, `${what} cannot be read as XML: ${(err as Error).message.replace(/^\[SECURITY\] /, '')}`, { cause: err });
  }
}

/**
 * Serialise a payload as XML. An object with exactly one key is that root element (the shape
 * parseXml produces); anything else is wrapped as MI does: objects in <jsonObject>, arrays in
 * <jsonArray> with <jsonElement> children, scalars in <jsonObject>.
 */
export function toXml(payload: unknown): string {
  if (typeof payload === 'string') return payload;
  if (payload === null || payload === undefined) return '';
  const bad = badXmlName(payload);
  if (bad !== undefined) throw new FerryError('FERRY_ERR_SERIALIZE', `the key ${JSON.stringify(bad.slice(0, 60))} cannot be an XML name`);
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
