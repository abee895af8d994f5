import { describe, expect, it } from 'vitest';
import { parseXml } from '../../../../src/formats/xml.js';
import { useSalesforce } from './harness.js';

// soapFindDuplicates and soapFindDuplicatesByIds with the sandbox's standard duplicate rules
// (Accounts match by Name, Contacts and Leads by Email or by first and last name).
const sf = useSalesforce();

type Result = { payload: any; attributes: { statusCode: number } };
const accountId = (name: string) => sf.sandbox.admin.records('Account').find((a) => a.Name === name)!.Id as string;

/** The Ids matched by one findDuplicates result. */
function matchedIds(result: any): string[] {
  return result.duplicateResults.flatMap((d: any) => d.matchResults.flatMap((m: any) => m.matchRecords.map((r: any) => r.record.Id)));
}

describe('soapFindDuplicates', () => {
  const WSO2 = '<urn:sObjects xmlns:urn="wso2.connector.salesforce"><urn:sObject><urn:type>Account</urn:type><urn:Name>GenePoint</urn:Name></urn:sObject><urn:sObject><urn:type>Account</urn:type><urn:Name>Unheard Of Ltd</urn:Name></urn:sObject></urn:sObjects>';

  it.each([
    ['WSO2 XML (type as a child element)', { vars: { v: WSO2 } }],
    ['WSO2 XML parsed', { vars: { v: parseXml(WSO2) } }],
    ['JSON records', { vars: { v: [{ type: 'Account', Name: 'GenePoint' }, { type: 'Account', Name: 'Unheard Of Ltd' }] } }],
  ])('applies the duplicate rules to candidate records from %s', async (_name, input) => {
    const out = await sf.run('- salesforce.soapFindDuplicates: { configKey: sfSoap, sobjects: "${vars.v}", responseVariable: r }', input);
    const [dupe, fresh] = (out.mc.vars.r as Result).payload;
    expect(dupe).toMatchObject({ success: true, errors: [], duplicateResults: [{ allowSave: true, duplicateRule: 'Standard_Account_Duplicate_Rule', matchResults: [{ entityType: 'Account', size: 1, success: true }] }] });
    expect(matchedIds(dupe)).toEqual([accountId('GenePoint')]);
    expect(dupe.duplicateResults[0].matchResults[0].matchRecords[0]).toMatchObject({ matchConfidence: 100, record: { type: 'Account' } });
    expect(fresh).toEqual({ success: true, errors: [], duplicateResults: [] });
  });

  it('an object without rules is the fault NO_ACTIVE_DUPLICATE_RULE', async () => {
    const out = await sf.run('- salesforce.soapFindDuplicates: { configKey: sfSoap, sObjectType: Opportunity, sobjects: [{ Name: x }] }');
    expect(out.mc.error).toMatchObject({ code: 'NO_ACTIVE_DUPLICATE_RULE', status: 500 });
  });
});

describe('soapFindDuplicatesByIds', () => {
  it.each([
    ['WSO2 XML (ns:ids / ns:id)', (ids: string[]) => `<ns:ids xmlns:ns="wso2.connector.salesforce">${ids.map((id) => `<ns:id>${id}</ns:id>`).join('')}</ns:ids>`],
    ['the same XML parsed', (ids: string[]) => parseXml(`<ns:ids xmlns:ns="wso2.connector.salesforce">${ids.map((id) => `<ns:id>${id}</ns:id>`).join('')}</ns:ids>`)],
    ['a JSON array', (ids: string[]) => ids],
  ])('finds the duplicates of stored records given as %s', async (_name, form) => {
    const created = await sf.run('- salesforce.soapCreate: { configKey: sfSoap, sobjects: [{ type: Contact, FirstName: Rose, LastName: Gonzalez, Email: rose2@example.com }], responseVariable: c }');
    const twin = (created.mc.vars.c as Result).payload[0].id;
    const original = sf.sandbox.admin.records('Contact').find((c) => c.Email === 'rose@edge.example')!.Id as string;
    const out = await sf.run('- salesforce.soapFindDuplicatesByIds: { configKey: sfSoap, ids: "${vars.ids}", responseVariable: r }', { vars: { ids: form([twin, '003000000000000AAA']) } });
    const [found, unknown] = (out.mc.vars.r as Result).payload;
    expect(matchedIds(found)).toContain(original);
    expect(matchedIds(found)).not.toContain(twin);
    expect(unknown).toEqual({ duplicateResults: [], errors: [{ message: 'invalid id: 003000000000000AAA', statusCode: 'INVALID_ID_FIELD' }], success: false });
  });
});
