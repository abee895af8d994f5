import { describe, expect, it } from 'vitest';
import { parseXml } from '../../../../src/formats/xml.js';
import { useSalesforce } from './harness.js';

// soapDescribeGlobal, soapDescribeSObject, soapDescribeSObjects, soapGetUserInfo and
// soapGetServerTimestamp against the sandbox: the WSDL's booleans and numbers typed, the rest text.
const sf = useSalesforce();

type Result = { payload: any; attributes: { statusCode: number } };
type Logged = { path: string; body: string | null };
const lastBody = () => (sf.sandbox.admin.requests() as Logged[]).at(-1)?.body ?? '';

describe('soapDescribeGlobal', () => {
  it('lists the sObjects with typed flags', async () => {
    const out = await sf.run('- salesforce.soapDescribeGlobal: { configKey: sfSoap, responseVariable: r }');
    const r = (out.mc.vars.r as Result).payload;
    expect(r).toMatchObject({ encoding: 'UTF-8', maxBatchSize: 200 });
    const account = r.sobjects.find((s: { name: string }) => s.name === 'Account');
    expect(account).toMatchObject({ name: 'Account', label: 'Account', keyPrefix: '001', createable: true, queryable: true, custom: false, deletable: true });
  });
});

describe('soapDescribeSObject', () => {
  it.each([['sobject'], ['sObjectType'], ['sObjectName']])('describes the object named by %s: fields with typed flags and lengths', async (param) => {
    const out = await sf.run(`- salesforce.soapDescribeSObject: { configKey: sfSoap, ${param}: Account, responseVariable: r }`);
    const r = (out.mc.vars.r as Result).payload;
    expect(r).toMatchObject({ name: 'Account', keyPrefix: '001', createable: true, mergeable: true });
    const name = r.fields.find((f: { name: string }) => f.name === 'Name');
    expect(name).toMatchObject({ name: 'Name', type: 'string', length: 255, nillable: false, nameField: true, createable: true, soapType: 'xsd:string' });
    const industry = r.fields.find((f: { name: string }) => f.name === 'Industry');
    expect(industry.picklistValues[0]).toMatchObject({ active: true, defaultValue: false, label: expect.any(String), value: expect.any(String) });
    const owner = r.fields.find((f: { name: string }) => f.name === 'OwnerId');
    expect(owner.referenceTo).toEqual(['User']);
    expect(r.childRelationships).toEqual(expect.arrayContaining([expect.objectContaining({ childSObject: 'Contact', field: 'AccountId', relationshipName: 'Contacts', cascadeDelete: false })]));
    expect(lastBody()).toContain('<urn:describeSObject><urn:sObjectType>Account</urn:sObjectType></urn:describeSObject>');
  });

  it('an unknown object is the fault INVALID_TYPE', async () => {
    const out = await sf.run('- salesforce.soapDescribeSObject: { configKey: sfSoap, sobject: Nope }');
    expect(out.mc.error).toMatchObject({ code: 'INVALID_TYPE', status: 500, message: expect.stringContaining("sObject type 'Nope' is not supported") });
  });
});

describe('soapDescribeSObjects', () => {
  const WSO2 = '<sfdc:sObjects xmlns:sfdc="sfdc"><sfdc:sObjectType>Account</sfdc:sObjectType><sfdc:sObjectType>Contact</sfdc:sObjectType></sfdc:sObjects>';

  it.each([
    ['WSO2 XML as text', { vars: { v: WSO2 } }],
    ['WSO2 XML parsed', { vars: { v: parseXml(WSO2) } }],
    ['a JSON array', { vars: { v: ['Account', 'Contact'] } }],
    ['comma-separated names', { vars: { v: 'Account, Contact' } }],
  ])('describes every type named in %s, one result each', async (_name, input) => {
    const out = await sf.run('- salesforce.soapDescribeSObjects: { configKey: sfSoap, sobjects: "${vars.v}", responseVariable: r }', input);
    const r = (out.mc.vars.r as Result).payload;
    expect(r.map((d: { name: string }) => d.name)).toEqual(['Account', 'Contact']);
    expect(r[1].fields.find((f: { name: string }) => f.name === 'LastName')).toMatchObject({ nillable: false, length: 80 });
    expect(lastBody()).toContain('<urn:describeSObjects><urn:sObjectType>Account</urn:sObjectType><urn:sObjectType>Contact</urn:sObjectType></urn:describeSObjects>');
  });

  it('a name that is no sObject name is refused before the call', async () => {
    const out = await sf.run('- salesforce.soapDescribeSObjects: { configKey: sfSoap, sobjects: ["Account", "Contact<x>"] }');
    expect(out.mc.error).toMatchObject({ code: 'FERRY_ERR_CONNECTOR_PARAMS', message: "salesforce.soapDescribeSObjects: sobjects: 'Contact<x>' is not an sObject type name" });
  });
});

describe('soapGetUserInfo and soapGetServerTimestamp', () => {
  it('soapGetUserInfo sends getUserInfo (not describeGlobal, as WSO2 3.x does) and answers the user and org', async () => {
    sf.sandbox.admin.clearRequests();
    const out = await sf.run('- salesforce.soapGetUserInfo: { configKey: sfSoap, responseVariable: r }');
    expect((out.mc.vars.r as Result).payload).toMatchObject({
      userName: 'admin@ferry.sandbox',
      userEmail: 'admin@ferry.sandbox',
      userFullName: 'Ferry Admin',
      userId: expect.stringMatching(/^005\w{15}$/),
      organizationName: 'Ferry Sandbox',
      organizationId: expect.stringMatching(/^00D\w{15}$/),
      sessionSecondsValid: 7200,
      accessibilityMode: false,
      organizationMultiCurrency: false,
      orgAttachmentFileSizeLimit: 5242880,
      roleId: null,
    });
    const call = sf.sandbox.admin.requests().at(-1) as Logged & { headers: Record<string, string> };
    expect(call.body).toContain('<soapenv:Body><urn:getUserInfo/></soapenv:Body>');
    expect(call.headers.soapaction).toBe('getUserInfo');
  });

  it('soapGetServerTimestamp answers {timestamp} near now', async () => {
    const out = await sf.run('- salesforce.soapGetServerTimestamp: { configKey: sfSoap, responseVariable: r }');
    const { timestamp } = (out.mc.vars.r as Result).payload;
    expect(Math.abs(Date.parse(timestamp) - Date.now())).toBeLessThan(60_000);
  });
});
