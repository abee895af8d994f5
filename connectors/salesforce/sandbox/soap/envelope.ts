import { ClientFault, Faults } from './faults.js';
import { child, parseXml, textOf, XmlSyntaxError, type XNode } from './xml.js';

/**
 * SOAP envelopes: requests read by local names (jsforce puts children in the default partner
 * namespace, Postman uses `urn:`/`n1:` prefixes, WSO2 declares a bogus `ns1` sobject namespace),
 * responses written the way Salesforce writes them.
 */

/** The request headers the sandbox honours. */
export interface SoapHeaders {
  readonly sessionId: string | undefined;
  /** QueryOptions.batchSize, clamped later */
  readonly batchSize: number | undefined;
  readonly allOrNone: boolean;
  readonly allowFieldTruncation: boolean;
}

/** A parsed request: the operation element and the headers. */
export interface SoapRequest {
  /** the operation element, e.g. `<create>` */
  readonly call: XNode;
  readonly headers: SoapHeaders;
}

/** The partner API's namespace. */
export const PARTNER_NS = 'urn:partner.soap.sforce.com';

/** Parse a request envelope; malformed ones and operations of other APIs throw ClientFault. */
export function readEnvelope(text: string): SoapRequest {
  let root: XNode;
  try {
    root = parseXml(text);
  } catch (err) {
    if (err instanceof XmlSyntaxError) throw new ClientFault(err.message);
    throw err;
  }
  if (root.name !== 'Envelope') throw new ClientFault(`Unexpected element {}${root.name} during parsing`);
  const body = child(root, 'Body');
  const call = body?.children[0];
  if (!call) throw new ClientFault('Unable to find the operation in the SOAP Body');
  const header = child(root, 'Header');
  // prefixes are free, but an operation of another API (urn:enterprise.soap.sforce.com) is not a partner one
  if (call.namespace !== undefined && call.namespace !== PARTNER_NS) throw Faults.unknownOperation(call.namespace, call.name);
  return { call, headers: readHeaders(header) };
}

function readHeaders(header: XNode | undefined): SoapHeaders {
  const batch = textOf(child(header, 'QueryOptions'), 'batchSize');
  return {
    sessionId: textOf(child(header, 'SessionHeader'), 'sessionId'),
    batchSize: batch === undefined ? undefined : xsdInt(batch),
    allOrNone: xsdBoolean(textOf(child(header, 'AllOrNoneHeader'), 'allOrNone')) ?? false,
    allowFieldTruncation: xsdBoolean(textOf(child(header, 'AllowFieldTruncationHeader'), 'allowFieldTruncation')) ?? false,
  };
}

/** An xsd:boolean (`true`/`false`/`1`/`0`); undefined for absent; other text is a client fault. */
export function xsdBoolean(text: string | undefined): boolean | undefined {
  if (text === undefined || text === '') return undefined;
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  throw Faults.badValue(text, 'xsd:boolean');
}

/** An xsd:int; other text is a client fault. */
export function xsdInt(text: string): number {
  if (!/^[+-]?\d+$/.test(text)) throw Faults.badValue(text, 'xsd:int');
  return Number(text);
}

const SOAPENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/**
 * A success envelope around `<{operation}Response>`. The sobject namespace (`sf`) and `xsd` are
 * declared only when the body uses them, as Salesforce does; every call but login carries the
 * LimitInfoHeader with the org's API usage.
 */
export function responseXml(operation: string, inner: string, limit: { current: number; max: number } | undefined): string {
  const body = inner === '' ? `<${operation}Response/>` : `<${operation}Response>${inner}</${operation}Response>`;
  const sf = body.includes('sf:') ? ' xmlns:sf="urn:sobject.partner.soap.sforce.com"' : '';
  const xsd = body.includes('"xsd:') ? ' xmlns:xsd="http://www.w3.org/2001/XMLSchema"' : '';
  const header =
    limit === undefined
      ? ''
      : `<soapenv:Header><LimitInfoHeader><limitInfo><current>${limit.current}</current><limit>${limit.max}</limit><type>API REQUESTS</type></limitInfo></LimitInfoHeader></soapenv:Header>`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAPENV}" xmlns="${PARTNER_NS}" xmlns:xsi="${XSI}"${xsd}${sf}>` +
    `${header}<soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`
  );
}
