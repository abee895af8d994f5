import { describe, expect, it } from 'vitest';
import { parseXml } from '../../../../src/formats/xml.js';
import { useSalesforce } from './harness.js';

// soapMerge and soapConvertLead with the request elements Salesforce's WSDL defines (request,
// leadConverts) — WSO2 3.x sends both as sObjects, which Salesforce refuses — against the sandbox,
// which implements both as Salesforce does.
const sf = useSalesforce();

type Result = { payload: any; attributes: { statusCode: number } };
type Logged = { path: string; body: string | null };
const lastBody = () => (sf.sandbox.admin.requests() as Logged[]).at(-1)?.body ?? '';
const byId = (type: string, id: string, includeDeleted = false) => sf.sandbox.admin.records(type, includeDeleted).find((r) => r.Id === id);

/** Three new Accounts (the second with a Contact), answered as [master, victim, other, contactId]. */
async function mergeable(tag: string): Promise<string[]> {
  const out = await sf.run(`- salesforce.soapCreate: { configKey: sfSoap, sobjects: [{ type: Account, Name: ${tag}-master }, { type: Account, Name: ${tag}-victim }, { type: Account, Name: ${tag}-other }], responseVariable: a }`);
  const ids = (out.mc.vars.a as Result).payload.map((r: { id: string }) => r.id);
  const c = await sf.run(`- salesforce.soapCreate: { configKey: sfSoap, sobjects: [{ type: Contact, LastName: ${tag}-contact, AccountId: "${ids[1]}" }], responseVariable: c }`);
  return [...ids, (c.mc.vars.c as Result).payload[0].id];
}

describe('soapMerge', () => {
  it.each([
    ['parsed', (xml: string) => ({ payload: parseXml(xml), contentType: 'application/xml' })],
    ['text', (xml: string) => ({ payload: xml, contentType: 'text/plain' })],
  ])("WSO2's documented XML (requests/request/masterRecord/recordToMergeIds), %s, merges as Salesforce does", async (form, input) => {
    const [master, victim, , contact] = await mergeable(form);
    const xml = `<urn:requests xmlns:urn="wso2.connector.salesforce"><urn:request><urn:masterRecord><urn:type>Account</urn:type><urn:Id>${master}</urn:Id></urn:masterRecord><urn:recordToMergeIds>${victim}</urn:recordToMergeIds></urn:request></urn:requests>`;
    const out = await sf.run('- salesforce.soapMerge: { configKey: sfSoap, mergerequests: "${payload}", responseVariable: r }', input(xml));
    expect((out.mc.vars.r as Result).payload).toEqual([{ id: master, mergedRecordIds: [victim], updatedRelatedIds: [contact], success: true, errors: [] }]);
    expect(byId('Account', victim!)).toBeUndefined();
    expect(byId('Account', victim!, true)).toMatchObject({ MasterRecordId: master });
    expect(byId('Contact', contact!)).toMatchObject({ AccountId: master });
    expect(lastBody()).toContain(
      `<urn:merge><urn:request><urn:masterRecord><urn1:type>Account</urn1:type><urn1:Id>${master}</urn1:Id></urn:masterRecord><urn:recordToMergeIds>${victim}</urn:recordToMergeIds></urn:request></urn:merge>`,
    );
  });

  it('JSON requests: master fields are set, two records merged, the type from sObjectType', async () => {
    const [master, victim, other] = await mergeable('json');
    const requests = [{ masterRecord: { Id: master, Description: 'merged & kept' }, recordToMergeIds: [victim, other] }];
    const out = await sf.run('- salesforce.soapMerge: { configKey: sfSoap, sObjectType: Account, mergerequests: "${vars.requests}", responseVariable: r }', { vars: { requests } });
    expect((out.mc.vars.r as Result).payload).toEqual([{ id: master, mergedRecordIds: [victim, other], updatedRelatedIds: [expect.stringMatching(/^003/)], success: true, errors: [] }]);
    expect(byId('Account', master!)).toMatchObject({ Description: 'merged & kept' });
  });

  it('a request Salesforce refuses is data (success false) — merging a record into itself', async () => {
    const [master] = await mergeable('self');
    const out = await sf.run(`- salesforce.soapMerge: { configKey: sfSoap, mergerequests: [{ masterRecord: { type: Account, Id: "${master}" }, recordToMergeIds: "${master}" }], responseVariable: r }`);
    expect((out.mc.vars.r as Result).payload).toEqual([{ id: null, success: false, errors: [expect.objectContaining({ statusCode: 'INVALID_ID_FIELD' })], mergedRecordIds: [], updatedRelatedIds: [] }]);
  });

  it.each([
    ['no masterRecord', '[{ recordToMergeIds: [x] }]', /request 1 has no masterRecord/],
    ['no recordToMergeIds', '[{ masterRecord: { type: Account, Id: x } }]', /request 1 has no recordToMergeIds/],
    ['a master without a type', '[{ masterRecord: { Id: x }, recordToMergeIds: [y] }]', /masterRecord has no type/],
  ])('refuses %s before calling Salesforce', async (_name, value, message) => {
    const out = await sf.run(`- salesforce.soapMerge: { configKey: sfSoap, mergerequests: ${value} }`);
    expect(out.mc.error).toMatchObject({ code: 'FERRY_ERR_CONNECTOR_PARAMS', message: expect.stringMatching(message) });
  });
});

describe('soapConvertLead', () => {
  const leadId = (last: string) => sf.sandbox.admin.records('Lead').find((l) => l.LastName === last)!.Id as string;

  it.each([
    ['text', (xml: string) => xml],
    ['parsed', (xml: string) => parseXml(xml)],
  ])("WSO2's documented XML (leadconvertrequests/leadConverts with accountId), %s, converts into the given Account", async (form, value) => {
    const account = sf.sandbox.admin.records('Account').find((a) => a.Name === 'GenePoint')!.Id as string;
    const created = await sf.run(`- salesforce.soapCreate: { configKey: sfSoap, sobjects: [{ type: Lead, LastName: Lead-${form}, Company: Co-${form}, Status: Open - Not Contacted }], responseVariable: l }`);
    const lead = (created.mc.vars.l as Result).payload[0].id as string;
    const xml = `<urn:leadconvertrequests xmlns:urn="wso2.connector.salesforce"><urn:leadConverts><urn:leadId>${lead}</urn:leadId><urn:accountId>${account}</urn:accountId><urn:convertedStatus>Closed - Converted</urn:convertedStatus></urn:leadConverts></urn:leadconvertrequests>`;
    const out = await sf.run('- salesforce.soapConvertLead: { configKey: sfSoap, leadconvertrequests: "${vars.xml}", responseVariable: r }', { vars: { xml: value(xml) } });
    const [result] = (out.mc.vars.r as Result).payload;
    expect(result).toEqual({ accountId: account, contactId: expect.stringMatching(/^003/), leadId: lead, opportunityId: expect.stringMatching(/^006/), success: true, errors: [] });
    expect(byId('Lead', lead)).toMatchObject({ IsConverted: true, ConvertedAccountId: account, Status: 'Closed - Converted' });
    expect(byId('Contact', result.contactId)).toMatchObject({ LastName: `Lead-${form}`, AccountId: account });
    // children in the WSDL's order, whatever order the flow wrote
    expect(lastBody()).toContain(`<urn:convertLead><urn:leadConverts><urn:accountId>${account}</urn:accountId><urn:convertedStatus>Closed - Converted</urn:convertedStatus><urn:leadId>${lead}</urn:leadId></urn:leadConverts></urn:convertLead>`);
  });

  it('JSON: a new Account and Contact, no Opportunity (booleans as text); a converted lead fails on its own', async () => {
    const lead = leadId('Cotton');
    const converts = [
      { leadId: lead, convertedStatus: 'Closed - Converted', doNotCreateOpportunity: true },
      { leadId: lead, convertedStatus: 'Closed - Converted' },
    ];
    const out = await sf.run('- salesforce.soapConvertLead: { configKey: sfSoap, leadConverts: "${vars.c}", responseVariable: r }', { vars: { c: converts } });
    const [converted, again] = (out.mc.vars.r as Result).payload;
    expect(converted).toEqual({ accountId: expect.stringMatching(/^001/), contactId: expect.stringMatching(/^003/), leadId: lead, opportunityId: null, success: true, errors: [] });
    expect(byId('Account', converted.accountId)).toMatchObject({ Name: 'Abbott Insurance' });
    expect(again).toMatchObject({ success: false, errors: [expect.objectContaining({ statusCode: 'CANNOT_UPDATE_CONVERTED_LEAD' })] });
    expect(lastBody()).toContain('<urn:doNotCreateOpportunity>true</urn:doNotCreateOpportunity>');
  });
});
