import { XMLParser } from 'fast-xml-parser';
import { PASSWORD, SECURITY_TOKEN, USERNAME } from './helpers.js';

/**
 * Raw SOAP over real HTTP for the SOAP tests: envelopes written the way real clients write them,
 * and responses parsed with their prefixes kept so tests can check `sf:`, `xsi:nil` and order.
 */

export const PARTNER = 'urn:partner.soap.sforce.com';
export const VERSION = '62.0';

/** jsforce: header and body children in the default partner namespace. */
export function jsforceEnvelope(call: string, headers: Record<string, string> = {}): string {
  const header = Object.entries(headers)
    .map(([k, v]) => `<${k}>${v}</${k}>`)
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<soapenv:Header xmlns="${PARTNER}">${header}</soapenv:Header><soapenv:Body xmlns="${PARTNER}">${call}</soapenv:Body></soapenv:Envelope>`
  );
}

/** WSO2 / SoapUI: everything under an `urn:` prefix, pretty-printed. */
export function urnEnvelope(call: string, sessionId?: string, extraHeaders = ''): string {
  const session = sessionId === undefined ? '' : `<urn:SessionHeader>\n      <urn:sessionId>${sessionId}</urn:sessionId>\n    </urn:SessionHeader>`;
  return `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:urn="${PARTNER}" xmlns:urn1="urn:sobject.partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <soapenv:Header>
    ${session}${extraHeaders}
  </soapenv:Header>
  <soapenv:Body>
    ${call}
  </soapenv:Body>
</soapenv:Envelope>`;
}

export interface SoapAnswer {
  readonly status: number;
  readonly contentType: string | null;
  readonly text: string;
  /** the parsed envelope, prefixes kept, attributes as `@_name` */
  readonly doc: Record<string, any>;
  /** the first element of soapenv:Body */
  readonly body: Record<string, any>;
}

const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, trimValues: false });
const ordered = new XMLParser({ ignoreAttributes: false, parseTagValue: false, preserveOrder: true });

/** POST an envelope to the partner endpoint (or a serverUrl path). */
export async function soap(url: string, envelope: string, options: { version?: string; path?: string; contentType?: string } = {}): Promise<SoapAnswer> {
  const target = `${url}${options.path ?? `/services/Soap/u/${options.version ?? VERSION}`}`;
  const res = await fetch(target, { method: 'POST', headers: { 'content-type': options.contentType ?? 'text/xml; charset=UTF-8', soapaction: '""' }, body: envelope });
  const text = await res.text();
  const doc = parser.parse(text) as Record<string, any>;
  const bodyElement = doc['soapenv:Envelope']?.['soapenv:Body'] ?? {};
  const first = Object.keys(bodyElement).find((k) => !k.startsWith('@_'));
  return { status: res.status, contentType: res.headers.get('content-type'), text, doc, body: first === undefined ? {} : { [first]: bodyElement[first] } };
}

/** A session id from SOAP login with the default user. */
export async function soapLogin(url: string, version = VERSION): Promise<string> {
  const res = await soap(url, jsforceEnvelope(`<login><username>${USERNAME}</username><password>${PASSWORD}${SECURITY_TOKEN}</password></login>`), { version });
  if (res.status !== 200) throw new Error(`SOAP login failed: ${res.text}`);
  return res.body.loginResponse.result.sessionId as string;
}

/** Call an operation with a session, jsforce style. */
export function call(url: string, sessionId: string, operation: string, headers: Record<string, string> = {}): Promise<SoapAnswer> {
  return soap(url, jsforceEnvelope(operation, { SessionHeader: `<sessionId>${sessionId}</sessionId>`, ...headers }));
}

/** The child element names, in order, of the first element with this (prefixed) name. */
export function childOrder(text: string, name: string): string[] {
  const found = findOrdered(ordered.parse(text) as unknown[], name);
  return found ? found.filter((k) => typeof k === 'object' && k !== null).flatMap((k) => Object.keys(k as object).filter((n) => n !== ':@' && n !== '#text')) : [];
}

function findOrdered(nodes: unknown[], name: string): unknown[] | undefined {
  for (const node of nodes) {
    if (typeof node !== 'object' || node === null) continue;
    for (const [key, value] of Object.entries(node)) {
      if (key === ':@' || !Array.isArray(value)) continue;
      if (key === name) return value;
      const inner = findOrdered(value, name);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** A value that may be one element or several, as a list. */
export function list<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** The fault of a 500 answer: faultcode, faultstring and the detail element. */
export function faultOf(answer: SoapAnswer): { code: string; string: string; detail: Record<string, any> | undefined } {
  const fault = answer.body['soapenv:Fault'];
  return { code: fault?.faultcode, string: fault?.faultstring, detail: fault?.detail };
}
