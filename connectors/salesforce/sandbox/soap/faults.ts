import { randomInt } from 'node:crypto';
import { SoqlError } from '../soql/index.js';
import { esc } from './xml.js';

/**
 * SOAP faults as the partner API sends them: HTTP 500, `faultcode` `sf:<CODE>`, `faultstring`
 * `<CODE>: <message>`, and a typed detail element (`sf:UnexpectedErrorFault` …) whose query-type
 * variants carry `row` and `column`. Malformed requests get a bare `soapenv:Client` fault.
 */

/** The detail element names of the partner WSDL (fns namespace). */
export type FaultKind =
  | 'UnexpectedErrorFault'
  | 'LoginFault'
  | 'InvalidIdFault'
  | 'InvalidNewPasswordFault'
  | 'InvalidQueryLocatorFault'
  | 'InvalidSObjectFault'
  | 'InvalidFieldFault'
  | 'MalformedQueryFault'
  | 'MalformedSearchFault';

// ApiQueryFault subtypes: their detail always has row and column (-1 when no query text is involved)
const QUERY_FAULTS: ReadonlySet<FaultKind> = new Set(['InvalidSObjectFault', 'InvalidFieldFault', 'MalformedQueryFault', 'MalformedSearchFault']);

/** An API fault (`sf:` faultcode with a detail element). */
export class SoapFault extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: FaultKind = 'UnexpectedErrorFault',
    readonly row = -1,
    readonly column = -1,
  ) {
    super(message);
  }
}

/** A request the SOAP stack itself rejects (bad XML, unknown operation, bad xsd value): `soapenv:Client`. */
export class ClientFault extends Error {}

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const SOAPENV = 'http://schemas.xmlsoap.org/soap/envelope/';

/** The fault envelope of an API fault. */
export function faultXml(fault: SoapFault): string {
  const position = QUERY_FAULTS.has(fault.kind) ? `<sf:row>${fault.row}</sf:row><sf:column>${fault.column}</sf:column>` : '';
  const detail =
    `<sf:${fault.kind} xsi:type="sf:${fault.kind}"><sf:exceptionCode>${fault.code}</sf:exceptionCode>` +
    `<sf:exceptionMessage>${esc(fault.message)}</sf:exceptionMessage>${position}</sf:${fault.kind}>`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAPENV}" xmlns:sf="urn:fault.partner.soap.sforce.com" xmlns:xsi="${XSI}">` +
    `<soapenv:Body><soapenv:Fault><faultcode>sf:${fault.code}</faultcode><faultstring>${esc(`${fault.code}: ${fault.message}`)}</faultstring>` +
    `<detail>${detail}</detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>`
  );
}

/** The fault envelope of a client (SOAP-level) fault: no detail. */
export function clientFaultXml(message: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAPENV}"><soapenv:Body><soapenv:Fault>` +
    `<faultcode>soapenv:Client</faultcode><faultstring>${esc(message)}</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`
  );
}

const SOQL_FAULT_KINDS: Readonly<Record<string, FaultKind>> = {
  INVALID_FIELD: 'InvalidFieldFault',
  INVALID_TYPE: 'InvalidSObjectFault',
  MALFORMED_SEARCH: 'MalformedSearchFault',
  MALFORMED_ID: 'InvalidIdFault',
  INVALID_QUERY_LOCATOR: 'InvalidQueryLocatorFault',
};

/** A SOQL/SOSL error as its fault: the message keeps Salesforce's excerpt and `ERROR at Row` lines. */
export function soqlFault(err: SoqlError): SoapFault {
  const kind = SOQL_FAULT_KINDS[err.code] ?? 'MalformedQueryFault';
  return new SoapFault(err.code, err.message, kind, err.row, err.column);
}

/** Run `fn`, turning SOQL errors into faults. */
export function withSoqlFaults<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof SoqlError) throw soqlFault(err);
    throw err;
  }
}

const WSDL_HINT = 'Please reference your WSDL or the describe call for the appropriate names.';

/** The faults several calls share, with Salesforce's wording. */
export const Faults = {
  invalidSession: () => new SoapFault('INVALID_SESSION_ID', 'Invalid Session ID found in SessionHeader: Illegal Session'),
  expiredPassword: () => new SoapFault('INVALID_OPERATION_WITH_EXPIRED_PASSWORD', 'The users password has expired, you must call SetPassword before attempting any other API operations'),
  limitExceeded: () => new SoapFault('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'),
  unsupportedVersion: () => new SoapFault('UNSUPPORTED_API_VERSION', 'Invalid Api version specified on URL'),
  invalidType: (name: string) =>
    new SoapFault('INVALID_TYPE', `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. ${WSDL_HINT}`, 'InvalidSObjectFault'),
  noType: () => new SoapFault('INVALID_TYPE', 'Must send a concrete entity type.', 'InvalidSObjectFault'),
  tooMany: (max: number) => new SoapFault('EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${max} records into this call`),
  invalidLocator: () => new SoapFault('INVALID_QUERY_LOCATOR', 'invalid query locator', 'InvalidQueryLocatorFault'),
  unknownOperation: (ns: string, name: string) => new ClientFault(`No operation available for request {${ns}}${name}, please check the WSDL for the service.`),
  badValue: (value: string, xsdType: string) => new ClientFault(`'${value}' is not a valid value for the type ${xsdType}`),
  unknown: (err: unknown) =>
    new SoapFault(
      'UNKNOWN_EXCEPTION',
      `An unexpected error occurred. Please include this ErrorId if you contact support: ${randomInt(1e8, 1e9)}-${randomInt(1e4, 1e5)} (${err instanceof Error ? err.message : String(err)})`,
    ),
};
