import { describe, expect, it } from 'vitest';
import { login, PASSWORD, SECURITY_TOKEN, USERNAME, useSandbox } from './helpers.js';
import { call, childOrder, faultOf, jsforceEnvelope, PARTNER, soap, soapLogin, urnEnvelope } from './soap-helpers.js';

const ctx = useSandbox();

const INVALID_SESSION = 'Invalid Session ID found in SessionHeader: Illegal Session';

describe('SOAP transport', () => {
  it('answers text/xml; charset=utf-8 with the envelope Salesforce writes', async () => {
    const sid = await soapLogin(ctx.url);
    const res = await call(ctx.url, sid, '<getServerTimestamp/>');
    expect(res.status).toBe(200);
    expect(res.contentType).toBe('text/xml; charset=utf-8');
    expect(res.text.startsWith('<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="urn:partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">')).toBe(true);
    expect(childOrder(res.text, 'soapenv:Envelope')).toEqual(['soapenv:Header', 'soapenv:Body']);
    expect(res.body.getServerTimestampResponse.result.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('serves the serverUrl login hands out (with the 15-character org id) as well as the bare endpoint', async () => {
    const res = await soap(ctx.url, jsforceEnvelope(`<login><username>${USERNAME}</username><password>${PASSWORD}${SECURITY_TOKEN}</password></login>`));
    const serverUrl = new URL(res.body.loginResponse.result.serverUrl as string);
    expect(serverUrl.pathname).toBe('/services/Soap/u/62.0/00D5g00000Ferry');
    const sid = res.body.loginResponse.result.sessionId as string;
    const viaServerUrl = await soap(ctx.url, jsforceEnvelope('<getUserInfo/>', { SessionHeader: `<sessionId>${sid}</sessionId>` }), { path: serverUrl.pathname });
    expect(viaServerUrl.status).toBe(200);
    expect(viaServerUrl.body.getUserInfoResponse.result.userName).toBe(USERNAME);
  });

  it('every call but login carries the LimitInfoHeader and counts one API request', async () => {
    const sid = await soapLogin(ctx.url);
    const before = ctx.sandbox.admin.setLimits({}).used;
    const res = await call(ctx.url, sid, '<getServerTimestamp/>');
    const info = res.doc['soapenv:Envelope']['soapenv:Header'].LimitInfoHeader.limitInfo;
    expect(info).toEqual({ current: String(before + 1), limit: '15000', type: 'API REQUESTS' });
    expect(childOrder(res.text, 'limitInfo')).toEqual(['current', 'limit', 'type']);
    const loginRes = await soap(ctx.url, jsforceEnvelope(`<login><username>${USERNAME}</username><password>${PASSWORD}${SECURITY_TOKEN}</password></login>`));
    expect(loginRes.doc['soapenv:Envelope']['soapenv:Header']).toBeUndefined();
    expect(ctx.sandbox.admin.setLimits({}).used).toBe(before + 1);
  });

  it('a REST access token is a valid session id (same kind of token)', async () => {
    const token = await login(ctx.url);
    const res = await call(ctx.url, token, '<getUserInfo/>');
    expect(res.status).toBe(200);
    expect(res.body.getUserInfoResponse.result.userId).toMatch(/^005[A-Za-z0-9]{15}$/);
  });
});

describe('SOAP request parsing is namespace-lenient', () => {
  it.each([
    ['jsforce: default partner namespace, bogus ns1 sobject namespace', (sid: string, name: string) =>
      jsforceEnvelope(`<create xmlns="${PARTNER}" xmlns:ns1="sobject.partner.soap.sforce.com"><ns1:sObjects><type>Account</type><Name>${name}</Name></ns1:sObjects></create>`, { SessionHeader: `<sessionId>${sid}</sessionId>` })],
    ['SoapUI / WSO2: urn: prefixes, urn1: sobject fields, whitespace', (sid: string, name: string) =>
      urnEnvelope(`<urn:create>\n      <urn:sObjects>\n        <urn1:type>Account</urn1:type>\n        <urn1:Name>${name}</urn1:Name>\n      </urn:sObjects>\n    </urn:create>`, sid)],
    ['Postman: n1: prefix declared on the operation, CDATA values', (sid: string, name: string) =>
      `<?xml version="1.0" encoding="utf-8" ?><env:Envelope xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"><env:Header><n1:SessionHeader xmlns:n1="${PARTNER}"><n1:sessionId><![CDATA[${sid}]]></n1:sessionId></n1:SessionHeader></env:Header><env:Body><n1:create xmlns:n1="${PARTNER}"><n1:sObjects><n1:type>Account</n1:type><n1:Name><![CDATA[${name}]]></n1:Name></n1:sObjects></n1:create></env:Body></env:Envelope>`],
  ])('%s', async (_style, envelope) => {
    const sid = await soapLogin(ctx.url);
    const name = `Lenient ${Math.random().toString(36).slice(2)}`;
    const res = await soap(ctx.url, envelope(sid, name));
    expect(res.status).toBe(200);
    expect(res.body.createResponse.result.success).toBe('true');
    const stored = ctx.sandbox.admin.records('Account').find((r) => r.Id === res.body.createResponse.result.id);
    expect(stored?.Name).toBe(name);
  });

  it('an operation with no namespace declared at all is taken as a partner operation', async () => {
    const sid = await soapLogin(ctx.url);
    const envelope = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header><SessionHeader><sessionId>${sid}</sessionId></SessionHeader></s:Header><s:Body><getServerTimestamp/></s:Body></s:Envelope>`;
    const res = await soap(ctx.url, envelope);
    expect(res.status).toBe(200);
    expect(res.body.getServerTimestampResponse.result.timestamp).toBeDefined();
  });

  it('entities and character references in values are decoded; output is escaped', async () => {
    const sid = await soapLogin(ctx.url);
    const created = await call(ctx.url, sid, `<create><sObjects><type>Account</type><Name>A &amp; B &lt;C&gt; &apos;q&apos; &#65;</Name></sObjects></create>`);
    const id = created.body.createResponse.result.id as string;
    const read = await call(ctx.url, sid, `<retrieve><fieldList>Name</fieldList><sObjectType>Account</sObjectType><ids>${id}</ids></retrieve>`);
    expect(read.body.retrieveResponse.result['sf:Name']).toBe("A & B <C> 'q' A");
    expect(read.text).toContain('<sf:Name>A &amp; B &lt;C&gt; &apos;q&apos; A</sf:Name>');
  });
});

describe('SOAP faults: HTTP 500, sf:-prefixed faultcode, typed detail', () => {
  it('INVALID_SESSION_ID exactly as Salesforce sends it (what jsforce matches to refresh)', async () => {
    const res = await call(ctx.url, '00D5g00000Ferry!bogus', '<getUserInfo/>');
    expect(res.status).toBe(500);
    expect(res.contentType).toBe('text/xml; charset=utf-8');
    expect(res.text).toMatch(/<faultcode>[a-zA-Z]+:INVALID_SESSION_ID<\/faultcode>/);
    expect(res.text).toContain('xmlns:sf="urn:fault.partner.soap.sforce.com"');
    expect(faultOf(res)).toEqual({
      code: 'sf:INVALID_SESSION_ID',
      string: `INVALID_SESSION_ID: ${INVALID_SESSION}`,
      detail: { 'sf:UnexpectedErrorFault': { '@_xsi:type': 'sf:UnexpectedErrorFault', 'sf:exceptionCode': 'INVALID_SESSION_ID', 'sf:exceptionMessage': INVALID_SESSION } },
    });
    expect(childOrder(res.text, 'soapenv:Fault')).toEqual(['faultcode', 'faultstring', 'detail']);
  });

  it.each([
    ['no SessionHeader at all', async () => soap(ctx.url, jsforceEnvelope('<getUserInfo/>'))],
    ['an expired session (admin tokens/expire)', async () => {
      const sid = await soapLogin(ctx.url);
      ctx.sandbox.admin.expireTokens(USERNAME);
      return call(ctx.url, sid, '<getUserInfo/>');
    }],
    ['a session ended by logout', async () => {
      const sid = await soapLogin(ctx.url);
      expect((await call(ctx.url, sid, '<logout/>')).text).toContain('<logoutResponse/>');
      return call(ctx.url, sid, '<getUserInfo/>');
    }],
  ])('%s → INVALID_SESSION_ID', async (_name, send) => {
    const res = await send();
    expect(res.status).toBe(500);
    expect(faultOf(res).code).toBe('sf:INVALID_SESSION_ID');
  });

  it('REQUEST_LIMIT_EXCEEDED once the daily limit is used up', async () => {
    const sid = await soapLogin(ctx.url);
    const { max } = ctx.sandbox.admin.setLimits({});
    ctx.sandbox.admin.setLimits({ used: max });
    try {
      const res = await call(ctx.url, sid, '<getServerTimestamp/>');
      expect(res.status).toBe(500);
      expect(faultOf(res).code).toBe('sf:REQUEST_LIMIT_EXCEEDED');
      expect(faultOf(res).string).toBe('REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.');
    } finally {
      ctx.sandbox.admin.setLimits({ used: 0 });
    }
  });

  it.each([
    ['a retired version', '30.0'],
    ['a version that does not exist yet', '99.0'],
    ['a malformed version', 'abc'],
  ])('%s → UNSUPPORTED_API_VERSION', async (_name, version) => {
    const res = await soap(ctx.url, jsforceEnvelope('<getServerTimestamp/>'), { version });
    expect(res.status).toBe(500);
    expect(faultOf(res)).toMatchObject({ code: 'sf:UNSUPPORTED_API_VERSION', string: 'UNSUPPORTED_API_VERSION: Invalid Api version specified on URL' });
  });

  it.each([
    ['an operation the WSDL lacks', jsforceEnvelope('<frobnicate/>'), `No operation available for request {${PARTNER}}frobnicate, please check the WSDL for the service.`],
    ['an operation of another namespace (enterprise WSDL)', urnEnvelope('<ent:query xmlns:ent="urn:enterprise.soap.sforce.com"/>'), 'No operation available for request {urn:enterprise.soap.sforce.com}query, please check the WSDL for the service.'],
    ['an empty body', '', 'Premature end of file.'],
    ['XML that is not well-formed', '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><query></soapenv:Body></soapenv:Envelope>', undefined],
    ['a bad xsd:int in QueryOptions', jsforceEnvelope('<getServerTimestamp/>', { QueryOptions: '<batchSize>many</batchSize>' }), "'many' is not a valid value for the type xsd:int"],
  ])('%s → soapenv:Client fault without detail', async (_name, envelope, message) => {
    const res = await soap(ctx.url, envelope);
    expect(res.status).toBe(500);
    const fault = faultOf(res);
    expect(fault.code).toBe('soapenv:Client');
    expect(fault.detail).toBeUndefined();
    if (message !== undefined) expect(fault.string).toBe(message);
    else expect(fault.string.length).toBeGreaterThan(0);
  });
});
