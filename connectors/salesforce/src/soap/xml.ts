import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { FerryError } from '../../../../src/errors.js';

/**
 * The little XML the SOAP operations need: an element tree read by local names (Salesforce
 * answers with `sf:`/default namespaces, WSO2 flows write `sfdc:` or `urn:` prefixes, and both are
 * ignored), the same tree from Ferry's parsed-XML object form, and escaping for what we write.
 */

/** An element: its local name, attributes by local name, element children in order, its text. */
export interface XNode {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XNode[];
  /** the concatenated text content (CDATA included), untrimmed */
  readonly text: string;
}

type Ordered = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  // record values are data: " Acme " stays " Acme "
  trimValues: false,
  processEntities: true,
  // decodes numeric character references (&#10;) besides the five XML entities
  htmlEntities: true,
});

const DOCTYPE = /<!DOCTYPE|<!ENTITY/i;

/**
 * The document element of an XML text. Malformed XML and DTDs (entity expansion) are refused
 * with `code`; `what` names the text in the message.
 */
export function parseXml(text: string, code: string, what: string): XNode {
  if (DOCTYPE.test(text)) throw new FerryError(code, `${what} declares a DTD; document type declarations are refused`);
  const verdict = XMLValidator.validate(text);
  if (verdict !== true) throw new FerryError(code, `${what} is not well-formed XML (line ${verdict.err.line}, column ${verdict.err.col}): ${verdict.err.msg}`);
  let top: XNode[];
  try {
    top = (parser.parse(text) as Ordered[]).map(fromOrdered).filter((n): n is XNode => n !== undefined && !n.name.startsWith('?'));
  } catch (err) {
    throw new FerryError(code, `${what} cannot be read as XML: ${(err as Error).message.replace(/^\[SECURITY\] /, '')}`);
  }
  if (top.length !== 1) throw new FerryError(code, `${what} must have one root element`);
  return top[0]!;
}

function fromOrdered(entry: Ordered): XNode | undefined {
  const qname = Object.keys(entry).find((k) => k !== ':@' && k !== '#text');
  if (qname === undefined) return undefined;
  const attrs: Record<string, string> = {};
  for (const [key, value] of Object.entries((entry[':@'] as Record<string, string> | undefined) ?? {})) {
    if (key !== 'xmlns' && !key.startsWith('xmlns:')) attrs[localName(key)] = String(value);
  }
  const children: XNode[] = [];
  let text = '';
  for (const kid of (entry[qname] as Ordered[] | undefined) ?? []) {
    if ('#text' in kid) text += String(kid['#text']);
    else {
      const node = fromOrdered(kid);
      if (node) children.push(node);
    }
  }
  return { name: localName(qname), attrs, children, text };
}

/** `sfdc:Name` → `Name`. */
export function localName(qname: string): string {
  return qname.slice(qname.indexOf(':') + 1);
}

/**
 * The element tree of a value in Ferry's parsed-XML object form (src/formats/xml.ts): `@name`
 * keys are attributes, `#text` is text, an array is a repeated element. `name` is the element
 * the value belongs to.
 */
export function fromObjectForm(name: string, value: unknown): XNode[] {
  if (Array.isArray(value)) return value.flatMap((v) => fromObjectForm(name, v));
  const local = localName(name);
  if (value === null || value === undefined) return [{ name: local, attrs: {}, children: [], text: '' }];
  if (typeof value !== 'object') return [{ name: local, attrs: {}, children: [], text: String(value) }];
  const attrs: Record<string, string> = {};
  const children: XNode[] = [];
  let text = '';
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (key === '#text') text = String(v);
    else if (key.startsWith('@')) {
      const attr = key.slice(1);
      if (attr !== 'xmlns' && !attr.startsWith('xmlns:')) attrs[localName(attr)] = String(v);
    } else children.push(...fromObjectForm(key, v));
  }
  return [{ name: local, attrs, children, text }];
}

/** The first child element with this local name. */
export function child(node: XNode | undefined, name: string): XNode | undefined {
  return node?.children.find((c) => c.name === name);
}

/** Whether an element carries xsi:nil="true". */
export function isNil(node: XNode): boolean {
  return node.attrs.nil === 'true' || node.attrs.nil === '1';
}

// XML 1.0 cannot carry these even as character references
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/**
 * Text escaped for element content or an attribute value. `>` is escaped too, so `]]>` in a
 * value can never end anything. A control character XML 1.0 cannot carry is a coded error naming
 * `what`, not silently dropped data.
 */
export function esc(text: string, what = 'a value'): string {
  const bad = NOT_XML.exec(text);
  if (bad) throw new FerryError('FERRY_ERR_CONNECTOR_PARAMS', `${what} holds the character U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}, which XML cannot carry`);
  return text.replace(/[&<>"]/g, (c) => ESCAPES[c]!);
}

/** `<name>content</name>`; content is XML already. */
export function el(name: string, content: string): string {
  return `<${name}>${content}</${name}>`;
}

/** `<name>text</name>` with the text escaped. */
export function leaf(name: string, text: string, what?: string): string {
  return `<${name}>${esc(text, what)}</${name}>`;
}

// API names of objects and fields, and the names of WSDL elements: nothing else becomes an element name
const API_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Whether a key can be written as an element name (a Salesforce API name). */
export function isApiName(name: string): boolean {
  return API_NAME.test(name);
}
