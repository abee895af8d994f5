import { beforeAll, describe, expect, it } from 'vitest';
import { useSandbox } from './helpers.js';
import { call, childOrder, list, soap, soapLogin, urnEnvelope } from './soap-helpers.js';

const ctx = useSandbox();
let sid = '';
beforeAll(async () => {
  sid = await soapLogin(ctx.url);
});

const nil = { '@_xsi:nil': 'true' };
const record = (type: string, id: string) => ctx.sandbox.admin.records(type, true).find((r) => r.Id === id);

async function create(type: string, fields: string): Promise<string> {
  const res = await call(ctx.url, sid, `<create><sObjects><type>${type}</type>${fields}</sObjects></create>`);
  const id = res.body.createResponse.result.id;
  if (typeof id !== 'string') throw new Error(`create failed: ${res.text}`);
  return id;
}

const mergeRequest = (element: string, type: string, master: string, victims: string[], fields = '') =>
  `<${element}><masterRecord><type>${type}</type><Id>${master}</Id>${fields}</masterRecord>${victims.map((v) => `<recordToMergeIds>${v}</recordToMergeIds>`).join('')}</${element}>`;

describe('merge', () => {
  it('updates the master, re-parents related records and deletes the others with MasterRecordId set', async () => {
    const master = await create('Account', '<Name>Merge Master</Name>');
    const [b, c] = [await create('Account', '<Name>Merge B</Name>'), await create('Account', '<Name>Merge C</Name>')];
    const contact = await create('Contact', `<LastName>OnB</LastName><AccountId>${b}</AccountId>`);
    const opportunity = await create('Opportunity', `<Name>OnC</Name><StageName>Prospecting</StageName><CloseDate>2027-01-01</CloseDate><AccountId>${c}</AccountId>`);
    // jsforce sends <mergeRequests> where the WSDL says <request>
    const res = await call(ctx.url, sid, `<merge>${mergeRequest('mergeRequests', 'Account', master, [b, c], '<Phone>111</Phone>')}</merge>`);
    expect(res.status).toBe(200);
    expect(childOrder(res.text, 'result')).toEqual(['id', 'mergedRecordIds', 'mergedRecordIds', 'success', 'updatedRelatedIds', 'updatedRelatedIds']);
    const result = res.body.mergeResponse.result;
    expect(result).toMatchObject({ id: master, mergedRecordIds: [b, c], success: 'true' });
    expect(list(result.updatedRelatedIds).sort()).toEqual([contact, opportunity].sort());
    expect(record('Account', master)).toMatchObject({ Phone: '111', IsDeleted: false });
    expect(record('Account', b)).toMatchObject({ IsDeleted: true, MasterRecordId: master });
    expect(record('Account', c)).toMatchObject({ IsDeleted: true, MasterRecordId: master });
    expect(record('Contact', contact)).toMatchObject({ AccountId: master, IsDeleted: false });
    expect(record('Opportunity', opportunity)).toMatchObject({ AccountId: master, IsDeleted: false });
  });

  it('each request is its own transaction: a failing one leaves the others merged', async () => {
    const [m1, v1, m2] = [await create('Contact', '<LastName>M1</LastName>'), await create('Contact', '<LastName>V1</LastName>'), await create('Contact', '<LastName>M2</LastName>')];
    const res = await call(ctx.url, sid, `<merge>${mergeRequest('request', 'Contact', m1, [v1])}${mergeRequest('request', 'Contact', m2, ['003000000000000AAA'])}</merge>`);
    const [ok, failed] = list(res.body.mergeResponse.result);
    expect(ok).toMatchObject({ id: m1, mergedRecordIds: v1, success: 'true' });
    expect(failed).toEqual({ errors: { message: 'invalid cross reference id', statusCode: 'INVALID_CROSS_REFERENCE_KEY' }, id: nil, success: 'false' });
    expect(record('Contact', v1)?.IsDeleted).toBe(true);
    expect(record('Contact', m2)?.IsDeleted).toBe(false);
  });

  it.each([
    ['three records to merge into the master', 'Account', 3, 'LIMIT_EXCEEDED'],
    ['an object merge does not support', 'Opportunity', 1, 'INVALID_TYPE_FOR_OPERATION'],
  ])('%s → %s, nothing deleted', async (_name, type, count, statusCode) => {
    const fields = type === 'Account' ? '<Name>Doomed</Name>' : '<Name>Doomed</Name><StageName>Prospecting</StageName><CloseDate>2027-01-01</CloseDate>';
    const master = await create(type, fields);
    const victims = await Promise.all(Array.from({ length: count }, () => create(type, fields)));
    const res = await call(ctx.url, sid, `<merge>${mergeRequest('request', type, master, victims)}</merge>`);
    expect(res.body.mergeResponse.result).toMatchObject({ errors: { statusCode }, success: 'false' });
    for (const v of victims) expect(record(type, v)?.IsDeleted).toBe(false);
  });
});

const convert = (fields: string) => call(ctx.url, sid, `<convertLead><leadConverts>${fields}</leadConverts></convertLead>`);

describe('convertLead', () => {
  it('creates Account, Contact and Opportunity from the Lead and marks it converted', async () => {
    const leadId = await create('Lead', '<FirstName>Conny</FirstName><LastName>Vert</LastName><Company>Convert Co</Company><Email>conny@convert.example</Email><LeadSource>Web</LeadSource><City>Bergen</City>');
    const res = await convert(`<convertedStatus>Closed - Converted</convertedStatus><doNotCreateOpportunity>false</doNotCreateOpportunity><leadId>${leadId}</leadId><overwriteLeadSource>false</overwriteLeadSource><sendNotificationEmail>false</sendNotificationEmail>`);
    expect(res.status).toBe(200);
    expect(childOrder(res.text, 'result')).toEqual(['accountId', 'contactId', 'leadId', 'opportunityId', 'success']);
    const { accountId, contactId, opportunityId, success } = res.body.convertLeadResponse.result;
    expect(success).toBe('true');
    expect(record('Account', accountId)).toMatchObject({ Name: 'Convert Co', BillingCity: 'Bergen' });
    expect(record('Contact', contactId)).toMatchObject({ FirstName: 'Conny', LastName: 'Vert', Email: 'conny@convert.example', AccountId: accountId, LeadSource: 'Web' });
    expect(record('Opportunity', opportunityId)).toMatchObject({ Name: 'Convert Co', AccountId: accountId, StageName: 'Prospecting', LeadSource: 'Web' });
    const lead = await call(ctx.url, sid, `<query><queryString>SELECT IsConverted, ConvertedDate, ConvertedAccountId, ConvertedContactId, ConvertedOpportunityId, Status FROM Lead WHERE Id = '${leadId}'</queryString></query>`);
    expect(lead.body.queryResponse.result.records).toMatchObject({
      'sf:IsConverted': 'true',
      'sf:ConvertedDate': new Date().toISOString().slice(0, 10),
      'sf:ConvertedAccountId': accountId,
      'sf:ConvertedContactId': contactId,
      'sf:ConvertedOpportunityId': opportunityId,
      'sf:Status': 'Closed - Converted',
    });
    const again = await convert(`<convertedStatus>Closed - Converted</convertedStatus><leadId>${leadId}</leadId>`);
    expect(again.body.convertLeadResponse.result.errors.statusCode).toBe('CANNOT_UPDATE_CONVERTED_LEAD');
  });

  it('uses a given Account and creates no Opportunity when asked not to', async () => {
    const accountId = await create('Account', '<Name>Existing For Convert</Name>');
    const leadId = await create('Lead', '<LastName>Into</LastName><Company>Whatever</Company>');
    const res = await convert(`<accountId>${accountId}</accountId><convertedStatus>Closed - Converted</convertedStatus><doNotCreateOpportunity>true</doNotCreateOpportunity><leadId>${leadId}</leadId>`);
    const result = res.body.convertLeadResponse.result;
    expect(result).toMatchObject({ accountId, leadId, opportunityId: nil, success: 'true' });
    expect(record('Contact', result.contactId)?.AccountId).toBe(accountId);
  });

  it('WSO2 wraps each LeadConvert as urn:sObjects with urn1: fields: accepted like leadConverts', async () => {
    const leadId = await create('Lead', '<LastName>Wso</LastName><Company>WSO2 Style</Company>');
    const body = `<urn:convertLead><urn:sObjects><urn1:leadId>${leadId}</urn1:leadId><urn1:convertedStatus>Closed - Converted</urn1:convertedStatus><urn1:doNotCreateOpportunity>1</urn1:doNotCreateOpportunity></urn:sObjects></urn:convertLead>`;
    const res = await soap(ctx.url, urnEnvelope(body, sid));
    expect(res.body.convertLeadResponse.result).toMatchObject({ leadId, opportunityId: nil, success: 'true' });
  });

  it.each([
    ['a status that is not a converted one', 'Open - Not Contacted', true, 'INVALID_STATUS'],
    ['a lead that does not exist', 'Closed - Converted', false, 'INVALID_CROSS_REFERENCE_KEY'],
  ])('%s → %s with nothing created', async (_name, status, realLead, statusCode) => {
    // a 15-character id is answered in its 18-character form
    const leadId = realLead ? await create('Lead', '<LastName>Stays</LastName><Company>Stays Co</Company>') : '00Q000000000000EAA';
    const accounts = ctx.sandbox.admin.records('Account').length;
    const res = await convert(`<convertedStatus>${status}</convertedStatus><leadId>${leadId.slice(0, 15)}</leadId>`);
    expect(childOrder(res.text, 'result')).toEqual(['accountId', 'contactId', 'errors', 'leadId', 'opportunityId', 'success']);
    expect(res.body.convertLeadResponse.result).toMatchObject({ accountId: nil, contactId: nil, errors: { statusCode }, leadId, success: 'false' });
    expect(ctx.sandbox.admin.records('Account').length).toBe(accounts);
  });
});
