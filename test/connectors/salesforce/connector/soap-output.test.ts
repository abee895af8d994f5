import { describe, expect, it } from 'vitest';
import { useSalesforce } from './harness.js';

// What SOAP operations answer: JSON by default (prefixes dropped, xsi:nil → null, one Id), or
// with outputType XML Salesforce's envelope verbatim, as WSO2 returns it; faults either way; and
// what is refused when the project loads.
const sf = useSalesforce();

type Result = { payload: any; headers: Record<string, string>; attributes: { statusCode: number } };
const SOQL = "SELECT Id, Name, Rating, AnnualRevenue FROM Account WHERE Name = 'sForce'";

/** The same query sent straight to the sandbox (its own login): what Salesforce itself answers. */
async function direct(soql: string): Promise<string> {
  const post = (path: string, header: string, body: string) =>
    fetch(`${sf.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=UTF-8', soapaction: '""' },
      body: `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:urn="urn:partner.soap.sforce.com"><soapenv:Header>${header}</soapenv:Header><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`,
    }).then((r) => r.text());
  const login = await post('/services/Soap/u/60.0', '', '<urn:login><urn:username>admin@ferry.sandbox</urn:username><urn:password>ferry-passwordferry-token</urn:password></urn:login>');
  const session = /<sessionId>([^<]+)<\/sessionId>/.exec(login)![1]!;
  const path = new URL(/<serverUrl>([^<]+)<\/serverUrl>/.exec(login)![1]!).pathname;
  return post(path, `<urn:SessionHeader><urn:sessionId>${session}</urn:sessionId></urn:SessionHeader>`, `<urn:query><urn:queryString>${soql.replace(/'/g, '&apos;')}</urn:queryString></urn:query>`);
}

const withoutUsage = (xml: string) => xml.replace(/<current>\d+<\/current>/, '<current>N</current>');

describe('outputType', () => {
  it("XML answers Salesforce's envelope verbatim (text/xml), as WSO2 does", async () => {
    const out = await sf.run(`- salesforce.soapQuery: { configKey: sfSoap, queryString: "${SOQL}", outputType: XML, responseVariable: r }`);
    const r = out.mc.vars.r as Result;
    expect(r.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(typeof r.payload).toBe('string');
    expect(withoutUsage(r.payload)).toBe(withoutUsage(await direct(SOQL)));
    // the partner API's quirks are all there: Id twice, xsi:nil, sf: prefixes
    expect(r.payload).toMatch(/<sf:Id>(001\w{15})<\/sf:Id><sf:Id>\1<\/sf:Id><sf:Name>sForce<\/sf:Name><sf:Rating xsi:nil="true"\/>/);
    expect(r.attributes).toMatchObject({ statusCode: 200, apiUsage: { max: 15000 } });
  });

  it('XML without responseVariable replaces the body: respond answers the envelope as text/xml', async () => {
    const out = await sf.run('- salesforce.soapGetServerTimestamp: { configKey: sfSoap, outputType: xml }\n- respond: {}');
    expect(out.response.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(String(out.response.body)).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?><soapenv:Envelope .*<getServerTimestampResponse><result><timestamp>[^<]+<\/timestamp><\/result><\/getServerTimestampResponse><\/soapenv:Body><\/soapenv:Envelope>$/);
  });

  it('JSON (the default) of the same answer: sf: dropped, xsi:nil → null, the two Ids one, values text', async () => {
    const out = await sf.run(`- salesforce.soapQuery: { configKey: sfSoap, queryString: "${SOQL}", responseVariable: r }`);
    const r = out.mc.vars.r as Result;
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.payload).toEqual({ done: true, queryLocator: null, records: [{ type: 'Account', Id: expect.stringMatching(/^001/), Name: 'sForce', Rating: null, AnnualRevenue: null }], size: 1 });
  });

  it('XML faults are faults too: the code from the envelope, the envelope passed through with status 500', async () => {
    const out = await sf.run('- salesforce.soapQuery: { configKey: sfSoap, queryString: "SELECT Nope FROM Account", outputType: XML }');
    expect(out.mc.error).toMatchObject({ code: 'INVALID_FIELD', status: 500, message: expect.stringMatching(/^INVALID_FIELD: \nSELECT Nope FROM Account\n {7}\^\nERROR at Row:1:Column:8\nNo such column 'Nope' on entity 'Account'/) });
    expect(out.response.status).toBe(500);
    expect(out.response.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(String(out.response.body)).toContain('<faultcode>sf:INVALID_FIELD</faultcode>');
  });
});

describe('load-time checks', () => {
  it.each([
    ['an unknown parameter', '- salesforce.soapQuery: { configKey: sfSoap, queryString: x, batchsize: 200 }', "main.yaml:3:64 FERRY_ERR_ARTIFACT_SCHEMA salesforce.soapQuery: batchsize: unknown property 'batchsize'"],
    ['a missing required parameter', '- salesforce.soapCreate: { configKey: sfSoap, allOrNone: 0 }', "main.yaml:3:28 FERRY_ERR_ARTIFACT_SCHEMA salesforce.soapCreate: missing required parameter 'sobjects'"],
    ['batchSize of the wrong type', '- salesforce.soapQuery: { configKey: sfSoap, queryString: x, batchSize: lots }', 'main.yaml:3:75 FERRY_ERR_ARTIFACT_SCHEMA salesforce.soapQuery: batchSize: must be integer'],
    ['batchSize below 200', '- salesforce.soapQuery: { configKey: sfSoap, queryString: x, batchSize: 100 }', 'main.yaml:3:75 FERRY_ERR_ARTIFACT_SCHEMA salesforce.soapQuery: batchSize: must be >= 200'],
    ['allOrNone that is no boolean', '- salesforce.soapDelete: { configKey: sfSoap, allOrNone: maybe, sobjects: [a] }', 'main.yaml:3:60 FERRY_ERR_ARTIFACT_SCHEMA salesforce.soapDelete: allOrNone: must be boolean'],
    ['an outputType other than JSON or XML', '- salesforce.soapGetUserInfo: { configKey: sfSoap, outputType: CSV }', 'main.yaml:3:66 FERRY_ERR_ARTIFACT_SCHEMA salesforce.soapGetUserInfo: outputType: must be one of "JSON", "XML", "json", "xml"'],
    ['an oauth2 connection for a SOAP operation', '- salesforce.soapGetUserInfo: { configKey: sf }', "main.yaml:3:46 FERRY_ERR_CONNECTION_TYPE connection 'sf' is of type oauth2; salesforce.soapGetUserInfo needs basicAuth"],
    ['the basicAuth connection for a REST operation', '- salesforce.query: { configKey: sfSoap, q: SELECT Id FROM Account }', "main.yaml:3:36 FERRY_ERR_CONNECTION_TYPE connection 'sfSoap' is of type basicAuth; salesforce.query needs oauth2"],
    ['an alias given with its parameter', '- salesforce.soapQuery: { configKey: sfSoap, queryString: x, q: y }', 'main.yaml:3:67 FERRY_ERR_ARTIFACT_SCHEMA salesforce.soapQuery: queryString and q are the same parameter; give one'],
  ])('%s', async (_name, step, diagnostic) => {
    await expect(sf.run(step)).rejects.toThrow(diagnostic);
  });

  it('a basicAuth connection is checked in server.yaml: forceLogin that is no boolean', async () => {
    const yaml = sf.serverYaml(`  odd: { connector: salesforce, type: basicAuth, username: u, password: p, forceLogin: sometimes }`);
    await expect(sf.run('- log: { message: x }', {}, { 'config/server.yaml': yaml })).rejects.toThrow(/FERRY_ERR_CONNECTION_INVALID connection 'odd': forceLogin: must be one of true, false, "true", "false"/);
  });

  it('expressions are checked when the step runs (FERRY_ERR_CONNECTOR_PARAMS)', async () => {
    const out = await sf.run('- salesforce.soapQuery: { configKey: sfSoap, queryString: x, batchSize: "${vars.n}" }', { vars: { n: 'lots' } });
    expect(out.mc.error).toMatchObject({ code: 'FERRY_ERR_CONNECTOR_PARAMS', status: 400, message: expect.stringContaining('salesforce.soapQuery: batchSize: must be integer') });
  });
});
