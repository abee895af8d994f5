import { FerryError } from '../../../../src/errors.js';
import { partnerList, sObjectXml } from './envelope.js';
import { jsonRecord, objectName, readIds, readInput, scalar, xmlRecord } from './records-input.js';
import { el, esc, isApiName, isNil, localName, type XNode } from './xml.js';

/**
 * The structured inputs of sendEmail, merge and convertLead, from WSO2's XML (a root whose
 * children are the messages / requests / lead conversions) or a JSON array of objects. Each comes
 * out as the element Salesforce's WSDL defines — `messages xsi:type="…"`, `request` with
 * `masterRecord` and `recordToMergeIds`, `leadConverts` — with the children in the WSDL's order
 * (WSO2 3.x sends merge and convertLead items as `sObjects`, which Salesforce does not take).
 */

const PARAMS = 'FERRY_ERR_CONNECTOR_PARAMS';

/** A partner element: text, or children (one level, as WSO2 copies them). */
interface Part {
  readonly name: string;
  readonly text?: string;
  readonly children?: readonly Part[];
}

// Element order of the WSDL's sequences: Email's elements, then SingleEmailMessage's or MassEmailMessage's
const EMAIL_BASE = ['bccSender', 'emailPriority', 'fileAttachments', 'orgWideEmailAddressId', 'replyTo', 'saveAsActivity', 'senderDisplayName', 'subject', 'useSignature'];
const MESSAGE_ORDER: Readonly<Record<string, readonly string[]>> = {
  SingleEmailMessage: [
    ...EMAIL_BASE,
    'bccAddresses', 'ccAddresses', 'charset', 'documentAttachments', 'entityAttachments', 'htmlBody', 'inReplyTo', 'optOutPolicy', 'plainTextBody',
    'references', 'targetObjectId', 'templateId', 'toAddresses', 'treatBodiesAsTemplate', 'treatTargetObjectAsRecipient', 'whatId',
  ],
  MassEmailMessage: [...EMAIL_BASE, 'description', 'targetObjectIds', 'templateId', 'whatIds'],
};
const LEAD_CONVERT_ORDER = [
  'accountId', 'accountRecord', 'bypassAccountDedupeCheck', 'bypassContactDedupeCheck', 'contactId', 'contactRecord', 'convertedStatus',
  'doNotCreateOpportunity', 'leadId', 'opportunityId', 'opportunityName', 'opportunityRecord', 'overwriteLeadSource', 'ownerId',
  'relatedPersonAccountId', 'relatedPersonAccountRecord', 'sendNotificationEmail',
];

/** Parts sorted into a WSDL order; names it does not know keep their place after the known ones. */
function ordered(parts: readonly Part[], order: readonly string[] | undefined): Part[] {
  if (!order) return [...parts];
  const rank = (p: Part) => {
    const i = order.indexOf(p.name);
    return i === -1 ? order.length : i;
  };
  return [...parts].sort((a, b) => rank(a) - rank(b));
}

function partXml(p: Part, what: string): string {
  if (!isApiName(p.name)) throw new FerryError(PARAMS, `${what}: '${p.name.slice(0, 80)}' is not an element name`);
  return p.children ? el(`urn:${p.name}`, p.children.map((c) => partXml(c, what)).join('')) : `<urn:${p.name}>${esc(p.text ?? '', `${what} ${p.name}`)}</urn:${p.name}>`;
}

/** The children of an XML item as parts, one level deep (nil elements left out). */
function xmlParts(node: XNode): Part[] {
  return node.children.filter((c) => !isNil(c)).map((c) => (c.children.length > 0 ? { name: c.name, children: xmlParts(c) } : { name: c.name, text: c.text }));
}

/** A JSON object as parts: lists repeat the element, objects nest, booleans and numbers become text. */
function jsonParts(value: Record<string, unknown>, what: string): Part[] {
  const parts: Part[] = [];
  for (const [key, v] of Object.entries(value)) {
    for (const item of Array.isArray(v) ? v : [v]) {
      if (item === null || item === undefined) continue;
      if (typeof item === 'object') parts.push({ name: key, children: jsonParts(item as Record<string, unknown>, `${what} ${key}`) });
      else parts.push({ name: key, text: scalar(item) });
    }
  }
  return parts;
}

function jsonItems(json: readonly unknown[], what: string): Record<string, unknown>[] {
  return json.map((item, i) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) throw new FerryError(PARAMS, `${what} item ${i + 1} must be an object`);
    return item as Record<string, unknown>;
  });
}

type Items = { readonly xml: readonly XNode[]; readonly root: XNode } | { readonly json: readonly Record<string, unknown>[] };

/** The items of a parameter: the XML root's children, or the JSON array's objects. */
function items(value: unknown, what: string, example: string): Items {
  const input = readInput(value, what);
  if ('text' in input) throw new FerryError(PARAMS, `${what} must be XML (${example}) or a JSON array`);
  const list: Items = 'xml' in input ? { xml: input.xml.children, root: input.xml } : { json: jsonItems(input.json, what) };
  if (('xml' in list ? list.xml : list.json).length === 0) throw new FerryError(PARAMS, `${what} holds nothing to send`);
  return list;
}

/**
 * sendEmail's `messages`: WSO2's `<sfdc:emailWrapper><sfdc:messages type="SingleEmailMessage">…`
 * or `[{type?, toAddresses: [...], subject, plainTextBody, …}]`; the type defaults to
 * SingleEmailMessage (an `urn:` prefix on it is dropped).
 */
export function messagesXml(value: unknown, what: string): string {
  const list = items(value, what, '<emailWrapper><messages>…</messages></emailWrapper>');
  const messages =
    'xml' in list
      ? list.xml.map((node) => ({ type: node.attrs.type ?? list.root.attrs.type, parts: xmlParts(node) }))
      : list.json.map((m) => {
          const { type, ...rest } = m;
          return { type: typeof type === 'string' ? type : undefined, parts: jsonParts(rest, what) };
        });
  return messages
    .map((m, i) => {
      const type = localName((m.type ?? 'SingleEmailMessage').trim());
      objectName(type, `${what} message ${i + 1} type`);
      const body = ordered(m.parts, MESSAGE_ORDER[type]).map((p) => partXml(p, `${what} message ${i + 1}`)).join('');
      return `<urn:messages xsi:type="urn:${type}">${body}</urn:messages>`;
    })
    .join('');
}

/**
 * merge's `request`s: WSO2's `<sfdc:requests><sfdc:request><sfdc:masterRecord><sfdc:type>Account</sfdc:type><sfdc:Id>…</sfdc:Id></sfdc:masterRecord><sfdc:recordToMergeIds>…`
 * or `[{masterRecord: {type, Id, …fields to set}, recordToMergeIds: [...]}]`. The master's type may
 * also come from a `type` attribute on the request or the root, or from `defaultType`.
 */
export function mergeRequestsXml(value: unknown, what: string, defaultType: string | undefined): string {
  const list = items(value, what, '<requests><request><masterRecord>…</masterRecord><recordToMergeIds>…');
  const requests =
    'xml' in list
      ? list.xml.map((node, i) => {
          const w = `${what} request ${i + 1}`;
          const master = node.children.find((c) => c.name === 'masterRecord');
          if (!master) throw new FerryError(PARAMS, `${w} has no masterRecord`);
          const fallback = node.attrs.type?.trim() || list.root.attrs.type?.trim() || defaultType;
          const ids = node.children.filter((c) => c.name === 'recordToMergeIds').map((c) => c.text.trim());
          return { master: xmlRecord(master, fallback, `${w} masterRecord`), ids, w };
        })
      : list.json.map((r, i) => {
          const w = `${what} request ${i + 1}`;
          if (r.masterRecord === undefined) throw new FerryError(PARAMS, `${w} has no masterRecord`);
          const ids = r.recordToMergeIds === undefined ? [] : readIds(Array.isArray(r.recordToMergeIds) ? r.recordToMergeIds : String(r.recordToMergeIds), `${w} recordToMergeIds`);
          return { master: jsonRecord(r.masterRecord, defaultType, `${w} masterRecord`), ids, w };
        });
  return requests
    .map(({ master, ids, w }) => {
      if (ids.length === 0) throw new FerryError(PARAMS, `${w} has no recordToMergeIds`);
      return el('urn:request', sObjectXml('urn:masterRecord', master, w) + partnerList('recordToMergeIds', ids, `${w} recordToMergeIds`));
    })
    .join('');
}

/**
 * convertLead's `leadConverts`: WSO2's `<sfdc:leadconvertrequests><sfdc:leadConverts><sfdc:leadId>…`
 * or `[{leadId, convertedStatus: "Closed - Converted", accountId?, doNotCreateOpportunity?, …}]`.
 */
export function leadConvertsXml(value: unknown, what: string): string {
  const list = items(value, what, '<leadconvertrequests><leadConverts><leadId>…');
  const converts = 'xml' in list ? list.xml.map(xmlParts) : list.json.map((c) => jsonParts(c, what));
  return converts.map((parts, i) => el('urn:leadConverts', ordered(parts, LEAD_CONVERT_ORDER).map((p) => partXml(p, `${what} item ${i + 1}`)).join(''))).join('');
}
