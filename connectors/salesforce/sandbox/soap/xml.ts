import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * The little XML the SOAP API needs: an element tree for requests read by local names (clients use
 * any prefixes, or none) with each element's namespace resolved, and string builders for responses.
 */

/** An element by local name: attributes by local name, element children in order, and its text. */
export interface XNode {
  readonly name: string;
  /** the namespace URI in scope for the element's prefix (or the default one); undefined when none */
  readonly namespace?: string | undefined;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XNode[];
  /** the concatenated text content (CDATA included), untrimmed */
  readonly text: string;
}

/** The XML is not well-formed: SOAP answers with a `soapenv:Client` fault. */
export class XmlSyntaxError extends Error {}

type Ordered = Record<string, unknown>;
/** prefix ('' for the default namespace) → namespace URI */
type Scope = ReadonlyMap<string, string>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // decodes numeric character references (&#10;) as well as the XML entities
  htmlEntities: true,
});

/** The document element of an XML text. */
export function parseXml(text: string): XNode {
  if (text.trim() === '') throw new XmlSyntaxError('Premature end of file.');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new XmlSyntaxError(valid.err.msg);
  const top = (parser.parse(text) as Ordered[]).map((e) => toNode(e, new Map())).filter((n): n is XNode => n !== undefined && !n.name.startsWith('?'));
  if (top.length !== 1) throw new XmlSyntaxError('Content is not allowed in prolog.');
  return top[0]!;
}

function toNode(entry: Ordered, outer: Scope): XNode | undefined {
  const qname = Object.keys(entry).find((k) => k !== ':@' && k !== '#text');
  if (qname === undefined) return undefined;
  const scope = new Map(outer);
  const attrs: Record<string, string> = {};
  for (const [key, value] of Object.entries((entry[':@'] as Record<string, string> | undefined) ?? {})) {
    if (key === 'xmlns') scope.set('', value);
    else if (key.startsWith('xmlns:')) scope.set(key.slice(6), value);
    else attrs[localName(key)] = value;
  }
  const colon = qname.indexOf(':');
  const kids = (entry[qname] as Ordered[] | undefined) ?? [];
  const children: XNode[] = [];
  let text = '';
  for (const kid of kids) {
    if ('#text' in kid) text += String(kid['#text']);
    else {
      const node = toNode(kid, scope);
      if (node) children.push(node);
    }
  }
  return { name: localName(qname), namespace: scope.get(colon === -1 ? '' : qname.slice(0, colon)), attrs, children, text };
}

function localName(qname: string): string {
  return qname.slice(qname.indexOf(':') + 1);
}

/** The first child element with this local name. */
export function child(node: XNode | undefined, name: string): XNode | undefined {
  return node?.children.find((c) => c.name === name);
}

/** Every child element with this local name. */
export function childrenNamed(node: XNode | undefined, name: string): XNode[] {
  return node ? node.children.filter((c) => c.name === name) : [];
}

/** The trimmed text of the first child with this name, or undefined when absent or nil. */
export function textOf(node: XNode | undefined, name: string): string | undefined {
  const c = child(node, name);
  return c === undefined || isNil(c) ? undefined : c.text.trim();
}

/** Whether an element carries xsi:nil="true". */
export function isNil(node: XNode): boolean {
  return node.attrs.nil === 'true' || node.attrs.nil === '1';
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text escaped for element content, as Salesforce writes it (apostrophes as &apos;). */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** `<name>content</name>`; content is already XML. */
export function el(name: string, content: string, attrs = ''): string {
  return `<${name}${attrs}>${content}</${name}>`;
}

/** `<name>text</name>`, or `<name xsi:nil="true"/>` for null and undefined. */
export function leaf(name: string, value: string | number | boolean | null | undefined): string {
  return value === null || value === undefined ? nil(name) : `<${name}>${esc(String(value))}</${name}>`;
}

/** `<name xsi:nil="true"/>`. */
export function nil(name: string): string {
  return `<${name} xsi:nil="true"/>`;
}

/** One `<name>` per value (unbounded elements; nothing for an empty list). */
export function each(name: string, values: readonly string[]): string {
  return values.map((v) => leaf(name, v)).join('');
}
