import { FerryError } from '../../errors.js';
import { scanTemplate } from '../../expressions/index.js';
import type { CompiledValue, CompileOptions, Evaluator } from '../../expressions/index.js';
import { badXmlName, parseXml } from '../../formats/xml.js';
import { builderOf, compileFormatExpression, textNode, type FormatNode } from './format-expressions.js';
import { setOwn } from '../../formats/plain-data.js';

/**
 * Each `${…}` is replaced by a token before the format is parsed as XML, then found again in the
 * parsed text and attribute values. Tokens use Unicode noncharacters (reserved for internal use,
 * valid in XML, kept by fast-xml-parser, which strips the private-use area) and are as long as the
 * expression they stand for, with its line breaks, so XML errors point at the author's line:col.
 */
const START = '\uFDD0';
const END = '\uFDD1';
const FILLER = '\uFDD2';
const TOKEN = /\uFDD0[\s\uFDD2]*?(\d+)\uFDD1/g;
const WHOLE_TOKEN = /^\uFDD0[\s\uFDD2]*?(\d+)\uFDD1$/;
const TEXT = '#text';

// XML 1.0 names, restricted to what a JSON key can reasonably hold

/** `content` is the expression's source when one `${…}` is an element's whole content. */
type Node = FormatNode & { readonly content?: string };

/**
 * Compile an XML payloadFactory format, parsed once here into the object form of
 * src/formats/xml.ts (attributes `@name`, text `#text`, values strings). Expressions fill text and
 * attribute values; one that is an element's whole content inserts its value as it is, so an
 * object or array becomes child elements (arrays as repeated elements, as MI maps JSON to XML).
 *
 * Throws FerryError FERRY_ERR_ARTIFACT_INVALID for malformed XML and ExpressionSyntaxError with an
 * offset into the format for expression mistakes.
 */
export function compileXmlTemplate(format: string, opts: CompileOptions): Evaluator {
  const exprs: CompiledValue[] = [];
  let text = '';
  for (const part of scanTemplate(format)) {
    if (part.kind === 'text') {
      text += part.text;
    } else {
      exprs.push(compileFormatExpression(part, opts));
      text += token(exprs.length - 1, format.slice(part.start, part.end));
    }
  }
  return builderOf(compileNode(parseDocument(text), exprs, false));
}

/** The format as one XML document; a token in a name means `${…}` was used to name something. */
function parseDocument(text: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = parseXml(text, 'FERRY_ERR_ARTIFACT_INVALID', 'format');
  } catch (err) {
    if (!(err instanceof FerryError) || !err.message.includes(START)) throw err;
    const { line, column } = err.detail as { line: number; column: number };
    throw new FerryError('FERRY_ERR_ARTIFACT_INVALID', `format: \${…} cannot stand for an element or attribute name (line ${line}, column ${column})`, { detail: err.detail });
  }
  const roots = Object.keys(doc as object);
  const root = roots[0];
  if (roots.length !== 1 || root === undefined || Array.isArray((doc as Record<string, unknown>)[root])) {
    throw new FerryError('FERRY_ERR_ARTIFACT_INVALID', 'format must have exactly one root element');
  }
  return doc as Record<string, unknown>;
}

function token(index: number, source: string): string {
  const digits = String(index);
  const lines = source.split('\n').length - 1;
  const fill = Math.max(0, source.length - digits.length - lines - 2);
  return `${START}${'\n'.repeat(lines)}${FILLER.repeat(fill)}${digits}${END}`;
}

function compileNode(value: unknown, exprs: readonly CompiledValue[], inAttribute: boolean): Node {
  if (typeof value === 'string') return compileText(value, exprs, inAttribute);
  if (Array.isArray(value)) return compileArray(value, exprs);
  if (value !== null && typeof value === 'object') return compileElement(value as Record<string, unknown>, exprs);
  return { constant: true, value };
}

/** Text or an attribute value: a constant, a template, or (as an element's whole content) one value. */
function compileText(text: string, exprs: readonly CompiledValue[], inAttribute: boolean): Node {
  const whole = WHOLE_TOKEN.exec(text);
  if (whole && !inAttribute) {
    const expr = exprs[Number(whole[1])]!;
    return { constant: false, content: expr.source, build: (s) => asContent(expr.evaluate(s), expr.source) };
  }
  const pieces: (string | CompiledValue)[] = [];
  let last = 0;
  for (const match of text.matchAll(TOKEN)) {
    if (match.index > last) pieces.push(text.slice(last, match.index));
    pieces.push(exprs[Number(match[1])]!);
    last = match.index + match[0].length;
  }
  if (last < text.length) pieces.push(text.slice(last));
  return textNode(pieces);
}

/** Repeated elements; an inserted array among them adds its items as further repetitions. */
function compileArray(items: readonly unknown[], exprs: readonly CompiledValue[]): Node {
  const nodes = items.map((item) => compileNode(item, exprs, false));
  if (nodes.every((n) => n.constant)) return { constant: true, value: items };
  const parts = nodes.map((n) => ({ build: builderOf(n), spread: !n.constant && n.content !== undefined }));
  return {
    constant: false,
    build(s) {
      const out: unknown[] = [];
      for (const p of parts) {
        const v = p.build(s);
        if (p.spread && Array.isArray(v)) out.push(...v);
        else out.push(v);
      }
      return out;
    },
  };
}

function compileElement(element: Record<string, unknown>, exprs: readonly CompiledValue[]): Node {
  const keys = Object.keys(element);
  const nodes = keys.map((key) => compileNode(element[key], exprs, key.startsWith('@')));
  if (nodes.every((n) => n.constant)) return { constant: true, value: element };
  const entries = keys.map((key, n) => {
    const node = nodes[n]!;
    // `<a id="1">${x}</a>`: the value is the content of an element that also has attributes
    const merge = key === TEXT && !node.constant ? node.content : undefined;
    return { key, merge, build: builderOf(node) };
  });
  return {
    constant: false,
    build(s) {
      const out: Record<string, unknown> = {};
      for (const { key, merge, build } of entries) {
        const v = build(s);
        if (merge !== undefined) mergeContent(out, v, merge);
        else setOwn(out, key, v);
      }
      return out;
    },
  };
}

function mergeContent(element: Record<string, unknown>, content: unknown, source: string): void {
  if (Array.isArray(content)) {
    throw new FerryError('FERRY_ERR_PAYLOAD_FORMAT', `${source} is a list, which cannot be the content of an element with attributes; wrap it in an element of its own`);
  }
  if (content !== null && typeof content === 'object') for (const [k, v] of Object.entries(content)) setOwn(element, k, v);
  else if (content !== '') element[TEXT] = content;
}

/** An expression's value as element content: scalars as strings (XML has no types), objects checked and copied. */
function asContent(value: unknown, source: string): unknown {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object') return String(value);
  checkNames(value, source);
  return structuredClone(value);
}

// A key that is not an XML name would make toXml write a broken document; say so here instead.
function checkNames(value: unknown, source: string): void {
  const bad = badXmlName(value);
  if (bad !== undefined) throw new FerryError('FERRY_ERR_PAYLOAD_FORMAT', `${source} holds the key ${JSON.stringify(bad)}, which is not a valid XML name`);
}
