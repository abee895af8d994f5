import { FerryError } from '../../../../src/errors.js';
import type { SObject } from './envelope.js';
import { child, fromObjectForm, isApiName, isNil, parseXml, type XNode } from './xml.js';

/**
 * The record and id parameters of the SOAP operations, in the forms WSO2 flows pass them and in
 * plain JSON for new flows:
 *
 * - WSO2's XML, as text or as Ferry's parsed-XML object (what `${payload}` gives after an XML
 *   request or a payloadFactory): a root element whose children are the items. Records:
 *   `<sfdc:sObjects type="Account"><sfdc:sObject><sfdc:Name>x</sfdc:Name></sfdc:sObject>…` (a
 *   field with children names a parent by external id); ids: `<sfdc:sObjects><sfdc:Ids>001…</sfdc:Ids>…`.
 *   Prefixes and namespaces are ignored.
 * - JSON: an array (or text holding one) of records `{type, Name, …}` / of ids; comma-separated
 *   text is a list of ids.
 *
 * An object is the parsed-XML form (a single JSON record object reads the same way), an array
 * always JSON.
 */

const PARAMS = 'FERRY_ERR_CONNECTOR_PARAMS';

/** A parameter's value as an XML root, a JSON array, or plain text. */
export type Input = { readonly xml: XNode } | { readonly json: readonly unknown[] } | { readonly text: string };

/** Classify a parameter value; `what` names it in errors (`salesforce.soapCreate: sobjects`). */
export function readInput(value: unknown, what: string): Input {
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.startsWith('<')) return { xml: parseXml(text, PARAMS, what) };
    if (text.startsWith('[')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new FerryError(PARAMS, `${what} starts like a JSON array but is not valid JSON`);
      }
      if (Array.isArray(parsed)) return { json: parsed };
    }
    return { text };
  }
  if (Array.isArray(value)) return { json: value };
  if (value !== null && typeof value === 'object') return { xml: objectRoot(value as Record<string, unknown>, what) };
  throw new FerryError(PARAMS, `${what} must be XML (text or the parsed element) or a JSON array`);
}

/**
 * The root of the parsed-XML object form: `{root: {...}}` as `${payload}` gives it, or the root's
 * content `{"@type": "Account", "sfdc:sObject": [...]}` as `${payload['sfdc:sObjects']}` gives it.
 */
function objectRoot(value: Record<string, unknown>, what: string): XNode {
  const keys = Object.keys(value);
  const only = keys.length === 1 ? keys[0]! : undefined;
  if (only !== undefined && !only.startsWith('@') && only !== '#text') {
    const content = value[only];
    if (Array.isArray(content)) throw new FerryError(PARAMS, `${what} holds several ${only} elements; give the one root element`);
    if (content !== null && typeof content === 'object') return fromObjectForm(only, content)[0]!;
  }
  return fromObjectForm('root', value)[0]!;
}

/**
 * Records for create, update, upsert and findDuplicates. Each record's type is its own (`type` in
 * JSON, a `type` child or attribute in XML), else the XML root's `type` attribute, else
 * `defaultType` (the sObjectType parameter); a record without any is refused.
 */
export function readRecords(value: unknown, what: string, defaultType: string | undefined): SObject[] {
  const input = readInput(value, what);
  let records: SObject[];
  if ('xml' in input) {
    const root = input.xml;
    // a record always has fields: a root whose children are all plain values is one record itself
    // (`<sObject type="Account"><Name>x</Name></sObject>`, or one JSON record object)
    if (root.children.length > 0 && root.children.every((c) => c.children.length === 0)) return [xmlRecord(root, defaultType, `${what} record 1`)];
    const rootType = root.attrs.type?.trim() || defaultType;
    records = root.children.map((node, i) => xmlRecord(node, rootType, `${what} record ${i + 1}`));
  } else if ('json' in input) {
    records = input.json.map((item, i) => jsonRecord(item, defaultType, `${what} record ${i + 1}`));
  } else {
    throw new FerryError(PARAMS, `${what} must be XML records (<sObjects type="Account"><sObject>…) or a JSON array of records`);
  }
  if (records.length === 0) throw new FerryError(PARAMS, `${what} holds no records`);
  return records;
}

/** A record element: its children are fields; one with children names a parent by external id. */
export function xmlRecord(node: XNode, fallbackType: string | undefined, what: string): SObject {
  const type = recordType(node, fallbackType, what);
  const fields: [string, string | SObject][] = [];
  const fieldsToNull: string[] = [];
  for (const c of node.children) {
    if (c.name === 'type') continue;
    if (c.name === 'fieldsToNull') fieldsToNull.push(fieldName(c.text.trim(), what));
    else if (isNil(c)) fieldsToNull.push(fieldName(c.name, what));
    else if (c.children.length > 0) fields.push([fieldName(c.name, what), xmlParent(c, `${what} field ${c.name}`)]);
    else fields.push([fieldName(c.name, what), c.name === 'Id' ? c.text.trim() : c.text]);
  }
  return { type, fields, fieldsToNull };
}

/** A parent given by external id: `<Account><type>Account</type><External_Id__c>A1</External_Id__c></Account>`. */
function xmlParent(node: XNode, what: string): SObject {
  const typeNode = child(node, 'type');
  const type = node.attrs.type?.trim() || typeNode?.text.trim() || undefined;
  const fields: [string, string][] = [];
  for (const c of node.children) {
    if (c === typeNode) continue;
    if (c.children.length > 0) throw new FerryError(PARAMS, `${what}: a parent reference holds its key field only (${c.name} has children)`);
    fields.push([fieldName(c.name, what), c.text]);
  }
  if (fields.length === 0) throw new FerryError(PARAMS, `${what}: a parent reference needs a key field (e.g. an external id)`);
  return { type, fields, fieldsToNull: [] };
}

function recordType(node: XNode, fallback: string | undefined, what: string): string {
  const type = node.attrs.type?.trim() || child(node, 'type')?.text.trim() || fallback;
  if (!type) throw new FerryError(PARAMS, `${what} has no type: give a type attribute on the XML root, a type on the record, or the sObjectType parameter`);
  return objectName(type, what);
}

/** A JSON record `{type, Name: "x", Account: {External_Id__c: "A1"}, Phone: null}`; `attributes.type` (REST's shape) works too. */
export function jsonRecord(item: unknown, fallbackType: string | undefined, what: string): SObject {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) throw new FerryError(PARAMS, `${what} must be an object of field values`);
  const record = item as Record<string, unknown>;
  const attributes = record.attributes as { type?: unknown } | undefined;
  const declared = typeof record.type === 'string' ? record.type : typeof attributes?.type === 'string' ? attributes.type : undefined;
  const type = declared || fallbackType;
  if (!type) throw new FerryError(PARAMS, `${what} has no type: give "type" on the record or the sObjectType parameter`);
  const fields: [string, string | SObject][] = [];
  const fieldsToNull: string[] = [];
  for (const [key, v] of Object.entries(record)) {
    if (key === 'type' || key === 'attributes') continue;
    if (key === 'fieldsToNull') {
      for (const name of Array.isArray(v) ? v : [v]) fieldsToNull.push(fieldName(String(name), what));
      continue;
    }
    const name = fieldName(key, what);
    if (v === null || v === undefined) fieldsToNull.push(name);
    else if (Array.isArray(v)) throw new FerryError(PARAMS, `${what} field ${key}: a list is no field value (a multi-select picklist takes "a;b")`);
    else if (typeof v === 'object') fields.push([name, jsonParent(v as Record<string, unknown>, `${what} field ${key}`)]);
    else fields.push([name, scalar(v)]);
  }
  return { type: objectName(type, what), fields, fieldsToNull };
}

function jsonParent(value: Record<string, unknown>, what: string): SObject {
  const attributes = value.attributes as { type?: unknown } | undefined;
  const type = typeof value.type === 'string' ? value.type : typeof attributes?.type === 'string' ? attributes.type : undefined;
  const fields: [string, string][] = [];
  for (const [key, v] of Object.entries(value)) {
    if (key === 'type' || key === 'attributes') continue;
    if (v === null || typeof v === 'object') throw new FerryError(PARAMS, `${what}: a parent reference holds its key field only (${key} is not a value)`);
    fields.push([fieldName(key, what), scalar(v)]);
  }
  if (fields.length === 0) throw new FerryError(PARAMS, `${what}: a parent reference needs a key field (e.g. an external id)`);
  return { type: type === undefined ? undefined : objectName(type, what), fields, fieldsToNull: [] };
}

/** A JSON scalar as SOAP text: numbers as written, booleans as true/false. */
export function scalar(v: unknown): string {
  return typeof v === 'string' ? v : String(v);
}

function fieldName(name: string, what: string): string {
  if (!isApiName(name)) throw new FerryError(PARAMS, `${what}: '${name.slice(0, 80)}' is not a field name`);
  return name;
}

/** An sObject type name, checked: it becomes element text and must be an API name. */
export function objectName(name: string, what: string): string {
  if (!isApiName(name)) throw new FerryError(PARAMS, `${what}: '${name.slice(0, 80)}' is not an sObject type name`);
  return name;
}

/**
 * A list of ids (or names): an XML root whose children each hold one (`<sfdc:Ids>001…</sfdc:Ids>`,
 * or an element wrapping an `Id`), a JSON array, or comma-separated text.
 */
export function readIds(value: unknown, what: string): string[] {
  const input = readInput(value, what);
  let ids: string[];
  if ('xml' in input) {
    const items = input.xml.children.length > 0 ? input.xml.children : [input.xml];
    ids = items.map((n) => idOf(n));
  } else if ('json' in input) {
    ids = input.json.map((v, i) => {
      if (typeof v !== 'string' && typeof v !== 'number') throw new FerryError(PARAMS, `${what} entry ${i + 1} must be text`);
      return String(v).trim();
    });
  } else ids = input.text.split(',').map((s) => s.trim());
  ids = ids.filter((id) => id !== '');
  if (ids.length === 0) throw new FerryError(PARAMS, `${what} holds no ids`);
  return ids;
}

/** The id an item element holds: its own text, or the text of its first child (`<sObject><Id>…</Id></sObject>`). */
function idOf(node: XNode): string {
  const own = node.text.trim();
  if (own !== '' || node.children.length === 0) return own;
  return idOf(child(node, 'Id') ?? node.children[0]!);
}
