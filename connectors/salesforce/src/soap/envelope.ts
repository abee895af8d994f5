import { el, esc, leaf } from './xml.js';

/**
 * Request envelopes for the partner API, written the way WSO2 and SoapUI write them: partner
 * elements under `urn:`, sObject fields under `urn1:` (urn:sobject.partner.soap.sforce.com).
 * Every text value is escaped here or by the input readers; nothing from a flow is spliced raw.
 */

export const PARTNER_NS = 'urn:partner.soap.sforce.com';
export const SOBJECT_NS = 'urn:sobject.partner.soap.sforce.com';
const SOAPENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

/** The optional SOAP headers an operation sends. */
export interface SoapHeaders {
  /** AllOrNoneHeader: roll the whole call back when one record fails */
  readonly allOrNone?: boolean | undefined;
  /** AllowFieldTruncationHeader: cut strings that are too long instead of failing */
  readonly allowFieldTruncation?: boolean | undefined;
  /** QueryOptions.batchSize (200–2000) */
  readonly batchSize?: number | undefined;
}

/** One call: the operation element's name and its content (XML, escaped already). */
export interface SoapCall {
  /** `create`, `query`, … */
  readonly name: string;
  readonly body: string;
  readonly headers?: SoapHeaders | undefined;
}

/** The envelope of a call; `sessionId` is absent only for login. */
export function envelope(call: SoapCall, sessionId: string | undefined): string {
  const h = call.headers ?? {};
  let header = '';
  if (sessionId !== undefined) header += el('urn:SessionHeader', leaf('urn:sessionId', sessionId));
  if (h.allOrNone !== undefined) header += el('urn:AllOrNoneHeader', leaf('urn:allOrNone', String(h.allOrNone)));
  if (h.allowFieldTruncation !== undefined) header += el('urn:AllowFieldTruncationHeader', leaf('urn:allowFieldTruncation', String(h.allowFieldTruncation)));
  if (h.batchSize !== undefined) header += el('urn:QueryOptions', leaf('urn:batchSize', String(h.batchSize)));
  const body = call.body === '' ? `<urn:${call.name}/>` : el(`urn:${call.name}`, call.body);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soapenv:Envelope xmlns:soapenv="${SOAPENV_NS}" xmlns:xsi="${XSI_NS}" xmlns:urn="${PARTNER_NS}" xmlns:urn1="${SOBJECT_NS}">` +
    `<soapenv:Header>${header}</soapenv:Header><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`
  );
}

/** `<urn:name>text</urn:name>` (a partner element). */
export function partner(name: string, text: string, what?: string): string {
  return leaf(`urn:${name}`, text, what);
}

/** One partner element per value (an unbounded list such as `ids`). */
export function partnerList(name: string, values: readonly string[], what?: string): string {
  return values.map((v) => partner(name, v, what)).join('');
}

/** An sObject as the partner API takes it: type, fieldsToNull, Id, then the fields. */
export interface SObject {
  readonly type: string | undefined;
  /** field name → text, or a parent named by one of its external ids (a nested sObject) */
  readonly fields: readonly (readonly [string, string | SObject])[];
  readonly fieldsToNull: readonly string[];
}

/**
 * An sObject element (`urn:sObjects`, `urn:masterRecord`) in the WSDL's order: `type`,
 * `fieldsToNull`…, `Id`, then the fields as given. A parent reference is a nested element under
 * the relationship's name with its own type and key field.
 */
export function sObjectXml(tag: string, s: SObject, what: string): string {
  let out = s.type === undefined ? '' : leaf('urn1:type', s.type, what);
  for (const name of s.fieldsToNull) out += leaf('urn1:fieldsToNull', name, what);
  const id = s.fields.filter(([name]) => name === 'Id');
  for (const [name, value] of [...id, ...s.fields.filter(([name]) => name !== 'Id')]) {
    out += typeof value === 'string' ? `<urn1:${name}>${esc(value, `${what} field ${name}`)}</urn1:${name}>` : sObjectXml(`urn1:${name}`, value, what);
  }
  return el(tag, out);
}
