import { describe, expect, it } from 'vitest';
import { parseXml } from '../../../../src/formats/xml.js';
import { useSalesforce } from './harness.js';

// soapCreate, soapUpdate, soapUpsert, soapDelete, soapUndelete, soapEmptyRecycleBin and
// soapRetrieve against the sandbox over real HTTP, with WSO2's XML parameters (as text and as the
// parsed element an XML request or payloadFactory gives) and with JSON.
const sf = useSalesforce();

type Result = { payload: any; attributes: { statusCode: number; apiUsage?: unknown } };
type Logged = { path: string; body: string | null };
const records = (type: string, includeDeleted = false) => sf.sandbox.admin.records(type, includeDeleted);
const byId = (type: string, id: string, includeDeleted = false) => records(type, includeDeleted).find((r) => r.Id === id);

/** The body of the last SOAP call (not a login) the sandbox received. */
function lastCall(): string {
  const calls = (sf.sandbox.admin.requests() as Logged[]).filter((r) => /^\/services\/Soap\/u\/[\d.]+\/\w+$/.test(r.path));
  return calls.at(-1)?.body ?? '';
}

/** Create Accounts through soapCreate (JSON) and answer their ids. */
async function newAccounts(...names: string[]): Promise<string[]> {
  const out = await sf.run('- salesforce.soapCreate: { configKey: sfSoap, sobjects: "${vars.records}", responseVariable: r }', { vars: { records: names.map((Name) => ({ type: 'Account', Name })) } });
  return ((out.mc.vars.r as Result).payload as { id: string }[]).map((r) => r.id);
}

const WSO2_RECORDS = '<sfdc:sObjects xmlns:sfdc="sfdc" type="Account"><sfdc:sObject><sfdc:Name>wso2123</sfdc:Name></sfdc:sObject><sfdc:sObject><sfdc:Name>abc123</sfdc:Name></sfdc:sObject></sfdc:sObjects>';

describe('soapCreate', () => {
  it("WSO2's S1: an XML request, a payloadFactory building sfdc:sObjects, soapCreate with allOrNone 0 → the SOAP answer verbatim", async () => {
    sf.sandbox.admin.clearRequests();
    const out = await sf.run(
      `- payloadFactory:
    mediaType: xml
    format: '<sfdc:sObjects xmlns:sfdc="sfdc" type="Account"><sfdc:sObject><sfdc:Name>\${payload.Name}</sfdc:Name></sfdc:sObject></sfdc:sObjects>'
- salesforce.soapCreate: { configKey: sfSoap, allOrNone: 0, allowFieldTruncate: 0, sobjects: "\${payload}", outputType: XML }
- respond: {}`,
      { payload: parseXml('<Name>Engineers</Name>'), contentType: 'text/xml' },
    );
    expect(out.response.status).toBe(200);
    expect(out.response.headers['content-type']).toMatch(/^text\/xml/);
    const body = String(out.response.body);
    expect(body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><soapenv:Envelope /);
    expect(body).toMatch(/<soapenv:Header><LimitInfoHeader><limitInfo><current>\d+<\/current><limit>15000<\/limit><type>API REQUESTS<\/type><\/limitInfo><\/LimitInfoHeader><\/soapenv:Header>/);
    const id = /<createResponse><result><id>(001\w{15})<\/id><success>true<\/success><\/result><\/createResponse>/.exec(body)?.[1];
    expect(id).toBeDefined();
    expect(byId('Account', id!)).toMatchObject({ Name: 'Engineers' });
    const sent = lastCall();
    expect(sent).toContain('<urn:AllOrNoneHeader><urn:allOrNone>false</urn:allOrNone></urn:AllOrNoneHeader>');
    expect(sent).toContain('<urn:AllowFieldTruncationHeader><urn:allowFieldTruncation>false</urn:allowFieldTruncation></urn:AllowFieldTruncationHeader>');
    expect(sent).toContain('<soapenv:Body><urn:create><urn:sObjects><urn1:type>Account</urn1:type><urn1:Name>Engineers</urn1:Name></urn:sObjects></urn:create></soapenv:Body>');
  });

  it.each([
    ['WSO2 XML as text', 'sobjects: "${vars.xml}"', {}],
    ['WSO2 XML parsed (the payload of an XML request)', 'sobjects: "${payload}"', { payload: parseXml(WSO2_RECORDS), contentType: 'application/xml' }],
    ["the parsed root's content (${payload['sfdc:sObjects']})", `sobjects: "\${payload['sfdc:sObjects']}"`, { payload: parseXml(WSO2_RECORDS), contentType: 'application/xml' }],
    ['a JSON array of records with type', 'sobjects: [{ type: Account, Name: wso2123 }, { type: Account, Name: abc123 }]', {}],
    ['text holding a JSON array', `sobjects: '[{"type":"Account","Name":"wso2123"},{"type":"Account","Name":"abc123"}]'`, {}],
    ['JSON records without type and sObjectType', 'sObjectType: Account, sobjects: [{ Name: wso2123 }, { Name: abc123 }]', {}],
    ["JSON records in REST's shape (attributes.type)", 'sobjects: [{ attributes: { type: Account }, Name: wso2123 }, { attributes: { type: Account }, Name: abc123 }]', {}],
  ])('from %s → one {id, success, errors} per record, in order', async (_name, param, input) => {
    const out = await sf.run(`- salesforce.soapCreate: { configKey: sfSoap, ${param}, responseVariable: r }`, { vars: { xml: WSO2_RECORDS }, ...input });
    const r = out.mc.vars.r as Result;
    expect(r.attributes).toMatchObject({ statusCode: 200, apiUsage: { used: expect.any(Number), max: 15000 } });
    expect(r.payload).toEqual([
      { id: expect.stringMatching(/^001\w{15}$/), success: true, errors: [] },
      { id: expect.stringMatching(/^001\w{15}$/), success: true, errors: [] },
    ]);
    expect(byId('Account', r.payload[0].id)).toMatchObject({ Name: 'wso2123' });
    expect(byId('Account', r.payload[1].id)).toMatchObject({ Name: 'abc123' });
  });

  it.each([
    ['one record element (its children are the fields)', `sobjects: '<sfdc:sObject xmlns:sfdc="sfdc" type="Account"><sfdc:Name>solo</sfdc:Name></sfdc:sObject>'`],
    ['one JSON record object', 'sobjects: { type: Account, Name: solo }'],
  ])('takes %s as a list of one', async (_name, param) => {
    const out = await sf.run(`- salesforce.soapCreate: { configKey: sfSoap, ${param}, responseVariable: r }`);
    const r = out.mc.vars.r as Result;
    expect(r.payload).toEqual([{ id: expect.stringMatching(/^001/), success: true, errors: [] }]);
    expect(byId('Account', r.payload[0].id)).toMatchObject({ Name: 'solo' });
  });

  it('escapes values: <, &, ]]> and quotes arrive as they were written (JSON and XML text)', async () => {
    const tricky = 'Tom & Jerry <b>bold</b> ]]> "quoted" \'single\' <![CDATA[x]]>';
    const escapedXml = tricky.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const out = await sf.run(
      `- salesforce.soapCreate: { configKey: sfSoap, sobjects: "\${vars.json}", responseVariable: a }
- salesforce.soapCreate: { configKey: sfSoap, sobjects: "\${vars.xml}", responseVariable: b }`,
      { vars: { json: [{ type: 'Account', Name: 'escaping', Description: tricky }], xml: `<r type="Account"><s><Name>escaping</Name><Description>${escapedXml}</Description></s></r>` } },
    );
    for (const v of ['a', 'b']) {
      const [result] = (out.mc.vars[v] as Result).payload;
      expect(result.success).toBe(true);
      expect(byId('Account', result.id)!.Description).toBe(tricky);
    }
    expect(lastCall()).toContain('<urn1:Description>Tom &amp; Jerry &lt;b&gt;bold&lt;/b&gt; ]]&gt; &quot;quoted&quot;');
  });

  it('a field naming a parent by external id (one extra nesting level) links the record', async () => {
    const out = await sf.run(
      `- salesforce.soapCreate: { configKey: sfSoap, sobjects: [{ type: Account, Name: Parent, External_Id__c: PARENT-1 }] }
- salesforce.soapCreate: { configKey: sfSoap, sobjects: '<s type="Contact"><c><LastName>ByXml</LastName><Account><type>Account</type><External_Id__c>PARENT-1</External_Id__c></Account></c></s>', responseVariable: x }
- salesforce.soapCreate: { configKey: sfSoap, sobjects: [{ type: Contact, LastName: ByJson, Account: { type: Account, External_Id__c: PARENT-1 } }], responseVariable: j }`,
    );
    const parent = records('Account').find((a) => a.External_Id__c === 'PARENT-1')!;
    for (const v of ['x', 'j']) {
      const [result] = (out.mc.vars[v] as Result).payload;
      expect(result).toMatchObject({ success: true });
      expect(byId('Contact', result.id)).toMatchObject({ AccountId: parent.Id });
    }
  });

  it('a failing record is data (200, success false); by default the others are saved (allOrNone false)', async () => {
    const out = await sf.run('- salesforce.soapCreate: { configKey: sfSoap, sobjects: [{ type: Account, Name: Kept }, { type: Account, Description: no name }], responseVariable: r }');
    const r = out.mc.vars.r as Result;
    expect(out.mc.error).toBeNull();
    expect(r.attributes.statusCode).toBe(200);
    expect(r.payload).toEqual([
      { id: expect.stringMatching(/^001/), success: true, errors: [] },
      { id: null, success: false, errors: [{ fields: ['Name'], message: expect.stringContaining('Required fields are missing'), statusCode: 'REQUIRED_FIELD_MISSING' }] },
    ]);
    expect(byId('Account', r.payload[0].id)).toBeDefined();
  });

  it.each([['1'], ['"1"'], ['true'], ['"true"']])('allOrNone %s rolls every record back when one fails', async (flag) => {
    const before = records('Account').length;
    const out = await sf.run(`- salesforce.soapCreate: { configKey: sfSoap, allOrNone: ${flag}, sobjects: [{ type: Account, Name: RolledBack }, { type: Account }], responseVariable: r }`);
    expect((out.mc.vars.r as Result).payload).toEqual([
      { id: null, success: false, errors: [expect.objectContaining({ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK' })] },
      { id: null, success: false, errors: [expect.objectContaining({ statusCode: 'REQUIRED_FIELD_MISSING' })] },
    ]);
    expect(records('Account')).toHaveLength(before);
    expect(lastCall()).toContain('<urn:allOrNone>true</urn:allOrNone>');
  });

  it('allowFieldTruncate 1 truncates a value that is too long; by default it is an error', async () => {
    const long = 'x'.repeat(300);
    const out = await sf.run(
      `- salesforce.soapCreate: { configKey: sfSoap, sobjects: [{ type: Account, Name: "${long}" }], responseVariable: strict }
- salesforce.soapCreate: { configKey: sfSoap, allowFieldTruncate: 1, sobjects: [{ type: Account, Name: "${long}" }], responseVariable: cut }`,
    );
    expect((out.mc.vars.strict as Result).payload[0]).toMatchObject({ success: false, errors: [{ statusCode: 'STRING_TOO_LONG' }] });
    const cut = (out.mc.vars.cut as Result).payload[0];
    expect(cut.success).toBe(true);
    expect(byId('Account', cut.id)!.Name).toBe('x'.repeat(255));
  });

  it.each([
    ['a record without any type', 'sobjects: [{ Name: x }]', /record 1 has no type/],
    ['a key that is no field name', `sobjects: [{ type: Account, "Name><x": y }]`, /'Name><x' is not a field name/],
    ['an empty list', 'sobjects: []', /holds no records/],
    ['a list value', 'sobjects: [{ type: Account, Name: [a, b] }]', /a list is no field value/],
    ['XML that is not well-formed', `sobjects: '<sObjects type="Account"><sObject><Name>x</sObject>'`, /not well-formed XML/],
    ['XML with a DTD', `sobjects: '<!DOCTYPE x [<!ENTITY e "boom">]><r type="Account"><s><Name>&e;</Name></s></r>'`, /DTD/],
    ['a control character XML cannot carry', 'sobjects: [{ type: Account, Name: "bell\\u0007" }]', /U\+0007, which XML cannot carry/],
  ])('refuses %s before calling Salesforce (FERRY_ERR_CONNECTOR_PARAMS)', async (_name, param, message) => {
    sf.sandbox.admin.clearRequests();
    const out = await sf.run(`- salesforce.soapCreate: { configKey: sfSoap, ${param} }`);
    expect(out.mc.error).toMatchObject({ code: 'FERRY_ERR_CONNECTOR_PARAMS', status: 400, message: expect.stringMatching(message) });
    expect(out.mc.error!.message).toMatch(/^salesforce\.soapCreate: sobjects/);
    expect(sf.sandbox.admin.requests()).toEqual([]);
  });
});

describe('soapUpdate', () => {
  it.each([
    ['text', (xml: string) => ({ vars: { xml } })],
    ['parsed', (xml: string) => ({ vars: { xml: parseXml(xml) } })],
  ])("WSO2's XML (sfdc:Id per record) as %s updates each record", async (_form, input) => {
    const [a, b] = await newAccounts('before01', 'before02');
    const xml = `<sfdc:sObjects xmlns:sfdc="sfdc" type="Account"><sfdc:sObject><sfdc:Id>${a}</sfdc:Id><sfdc:Name>newname01</sfdc:Name></sfdc:sObject><sfdc:sObject><sfdc:Id>${b!.slice(0, 15)}</sfdc:Id><sfdc:Name>newname02</sfdc:Name></sfdc:sObject></sfdc:sObjects>`;
    const out = await sf.run('- salesforce.soapUpdate: { configKey: sfSoap, allOrNone: 0, allowFieldTruncate: 0, sobjects: "${vars.xml}", responseVariable: r }', input(xml));
    expect((out.mc.vars.r as Result).payload).toEqual([
      { id: a, success: true, errors: [] },
      { id: b, success: true, errors: [] },
    ]);
    expect(byId('Account', a!)).toMatchObject({ Name: 'newname01' });
    expect(byId('Account', b!)).toMatchObject({ Name: 'newname02' });
  });

  it('JSON records: a null value empties the field (fieldsToNull), Id goes first', async () => {
    const out0 = await sf.run('- salesforce.soapCreate: { configKey: sfSoap, sobjects: [{ type: Account, Name: Phoned, Phone: "555-0100" }], responseVariable: r }');
    const id = (out0.mc.vars.r as Result).payload[0].id;
    sf.sandbox.admin.clearRequests();
    const out = await sf.run('- salesforce.soapUpdate: { configKey: sfSoap, sObjectType: Account, sobjects: "${vars.records}", responseVariable: r }', { vars: { records: [{ Name: 'Unphoned', Phone: null, Id: id }] } });
    expect((out.mc.vars.r as Result).payload).toEqual([{ id, success: true, errors: [] }]);
    expect(byId('Account', id)).toMatchObject({ Name: 'Unphoned', Phone: null });
    expect(lastCall()).toContain(`<urn:sObjects><urn1:type>Account</urn1:type><urn1:fieldsToNull>Phone</urn1:fieldsToNull><urn1:Id>${id}</urn1:Id><urn1:Name>Unphoned</urn1:Name></urn:sObjects>`);
  });

  it('a record without Id fails on its own (MISSING_ARGUMENT), as data', async () => {
    const out = await sf.run('- salesforce.soapUpdate: { configKey: sfSoap, sobjects: [{ type: Account, Name: nobody }], responseVariable: r }');
    expect((out.mc.vars.r as Result).payload).toEqual([{ id: null, success: false, errors: [expect.objectContaining({ statusCode: 'MISSING_ARGUMENT' })] }]);
  });
});

describe('soapUpsert', () => {
  it('externalId defaults to Id: a record with an Id is updated, one without is created', async () => {
    const [id] = await newAccounts('upsert-me');
    sf.sandbox.admin.clearRequests();
    const out = await sf.run(`- salesforce.soapUpsert: { configKey: sfSoap, sobjects: [{ type: Account, Id: "${id}", Name: upserted }, { type: Account, Name: brand-new }], responseVariable: r }`);
    expect((out.mc.vars.r as Result).payload).toEqual([
      { created: false, id, success: true, errors: [] },
      { created: true, id: expect.stringMatching(/^001/), success: true, errors: [] },
    ]);
    expect(byId('Account', id!)).toMatchObject({ Name: 'upserted' });
    expect(lastCall()).toContain('<urn:upsert><urn:externalIDFieldName>Id</urn:externalIDFieldName><urn:sObjects>');
  });

  it.each([
    ['text', '15222', (xml: string) => ({ vars: { xml } })],
    ['parsed', '15223', (xml: string) => ({ payload: parseXml(xml), contentType: 'application/xml' })],
  ])("WSO2's sample as %s: externalId sample__c with sfdc:sample__c → created, then updated", async (form, key, input) => {
    const xml = (name: string) => `<sfdc:sObjects xmlns:sfdc="sfdc" type="Account"><sfdc:sObject><sfdc:sample__c>${key}</sfdc:sample__c><sfdc:Name>${name}</sfdc:Name></sfdc:sObject></sfdc:sObjects>`;
    const sobjects = form === 'text' ? '${vars.xml}' : '${payload}';
    const step = `- salesforce.soapUpsert: { configKey: sfSoap, allOrNone: 0, allowFieldTruncate: 0, externalId: sample__c, sobjects: "${sobjects}", responseVariable: r }`;
    const first = await sf.run(step, input(xml('newname001')));
    const [created] = (first.mc.vars.r as Result).payload;
    expect(created).toEqual({ created: true, id: expect.stringMatching(/^001/), success: true, errors: [] });
    const second = await sf.run(step, input(xml('john')));
    expect((second.mc.vars.r as Result).payload).toEqual([{ created: false, id: created.id, success: true, errors: [] }]);
    expect(records('Account').filter((a) => a.sample__c === key)).toEqual([expect.objectContaining({ Id: created.id, Name: 'john' })]);
  });

  it('an externalId field that is no external id is the fault INVALID_FIELD (500, as Salesforce answers)', async () => {
    const out = await sf.run('- salesforce.soapUpsert: { configKey: sfSoap, externalId: Name, sobjects: [{ type: Account, Name: x }] }');
    expect(out.mc.error).toMatchObject({ code: 'INVALID_FIELD', status: 500, message: 'INVALID_FIELD: Field name provided, Name is not an External ID or indexed field for Account' });
    expect(out.response.status).toBe(500);
  });
});

describe('soapDelete, soapUndelete, soapEmptyRecycleBin', () => {
  const idsXml = (ids: string[]) => `<sfdc:sObjects xmlns:sfdc="sfdc">${ids.map((id) => `<sfdc:Ids>${id}</sfdc:Ids>`).join('')}</sfdc:sObjects>`;

  it.each([
    ['WSO2 XML as text', (ids: string[]) => ({ param: '"${vars.ids}"', input: { vars: { ids: idsXml(ids) } } })],
    ['WSO2 XML parsed', (ids: string[]) => ({ param: '"${payload}"', input: { payload: parseXml(idsXml(ids)), contentType: 'application/xml' } })],
    ['a JSON array', (ids: string[]) => ({ param: '"${vars.ids}"', input: { vars: { ids } } })],
    ['comma-separated text', (ids: string[]) => ({ param: `"${ids.join(', ')}"`, input: {} })],
  ])('soapDelete of ids from %s moves them to the recycle bin', async (_name, form) => {
    const ids = await newAccounts('del-1', 'del-2');
    const { param, input } = form(ids);
    const out = await sf.run(`- salesforce.soapDelete: { configKey: sfSoap, allOrNone: 0, sobjects: ${param}, responseVariable: r }`, input);
    expect((out.mc.vars.r as Result).payload).toEqual(ids.map((id) => ({ id, success: true, errors: [] })));
    for (const id of ids) {
      expect(byId('Account', id)).toBeUndefined();
      expect(byId('Account', id, true)).toBeDefined();
    }
  });

  it('a deleted id fails on its own (ENTITY_IS_DELETED), as data; allOrNone 1 keeps the others', async () => {
    const [gone, kept] = await newAccounts('gone', 'kept');
    await sf.run(`- salesforce.soapDelete: { configKey: sfSoap, sobjects: ["${gone}"] }`);
    const out = await sf.run(`- salesforce.soapDelete: { configKey: sfSoap, allOrNone: 1, sobjects: ["${kept}", "${gone}"], responseVariable: r }`);
    expect((out.mc.vars.r as Result).payload).toEqual([
      { id: null, success: false, errors: [expect.objectContaining({ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK' })] },
      { id: gone, success: false, errors: [expect.objectContaining({ statusCode: 'ENTITY_IS_DELETED' })] },
    ]);
    expect(byId('Account', kept!)).toBeDefined();
  });

  it.each([
    ['WSO2 XML as text', (ids: string[]) => idsXml(ids)],
    ['WSO2 XML parsed', (ids: string[]) => parseXml(idsXml(ids))],
    ['JSON', (ids: string[]) => ids],
  ])('soapUndelete (%s) restores deleted records; soapEmptyRecycleBin removes them for good', async (_name, form) => {
    const [a, b] = await newAccounts('restore-me', 'purge-me');
    await sf.run('- salesforce.soapDelete: { configKey: sfSoap, sobjects: "${vars.both}" }', { vars: { both: form([a!, b!]) } });
    const out = await sf.run(
      `- salesforce.soapUndelete: { configKey: sfSoap, allOrNone: 0, sobjects: "\${vars.a}", responseVariable: u }
- salesforce.soapEmptyRecycleBin: { configKey: sfSoap, allOrNone: 0, sobjects: "\${vars.b}", responseVariable: e }`,
      { vars: { a: form([a!]), b: form([b!]) } },
    );
    expect((out.mc.vars.u as Result).payload).toEqual([{ id: a, success: true, errors: [] }]);
    expect((out.mc.vars.e as Result).payload).toEqual([{ id: b, success: true, errors: [] }]);
    expect(byId('Account', a!)).toMatchObject({ Name: 'restore-me' });
    expect(byId('Account', b!, true)).toBeUndefined();
  });

  it('soapUndelete sends AllOrNoneHeader (WSO2 3.x ignores allOrNone there); soapEmptyRecycleBin sends none', async () => {
    const [a] = await newAccounts('headers');
    await sf.run(`- salesforce.soapDelete: { configKey: sfSoap, sobjects: ["${a}"] }`);
    await sf.run(`- salesforce.soapUndelete: { configKey: sfSoap, allOrNone: true, sobjects: ["${a}"] }`);
    expect(lastCall()).toContain('<urn:AllOrNoneHeader><urn:allOrNone>true</urn:allOrNone></urn:AllOrNoneHeader>');
    await sf.run(`- salesforce.soapEmptyRecycleBin: { configKey: sfSoap, allOrNone: true, sobjects: ["${a}"] }`);
    expect(lastCall()).not.toContain('AllOrNoneHeader');
    expect(lastCall()).toContain(`<urn:emptyRecycleBin><urn:ids>${a}</urn:ids></urn:emptyRecycleBin>`);
  });
});

describe('soapRetrieve', () => {
  it.each([
    ['text', (xml: string) => ({ vars: { ids: xml } })],
    ['parsed', (xml: string) => ({ vars: { ids: parseXml(xml) } })],
  ])("WSO2's sample as %s (fieldList id,name, objectType Account, objectIDS as sfdc:Ids) → one record per id, null for an unknown one", async (_form, input) => {
    const [a, b] = await newAccounts('read-1', 'read-2');
    const xml = `<sfdc:sObjects xmlns:sfdc="sfdc"><sfdc:Ids>${a}</sfdc:Ids><sfdc:Ids>001000000000000AAA</sfdc:Ids><sfdc:Ids>${b}</sfdc:Ids></sfdc:sObjects>`;
    const out = await sf.run('- salesforce.soapRetrieve: { configKey: sfSoap, fieldList: "id,name", objectType: Account, objectIDS: "${vars.ids}", responseVariable: r }', input(xml));
    expect((out.mc.vars.r as Result).payload).toEqual([{ type: 'Account', Id: a, Name: 'read-1' }, null, { type: 'Account', Id: b, Name: 'read-2' }]);
  });

  it('JSON: fieldList as a list, ids as an array; values stay text and missing values null', async () => {
    const [a] = await newAccounts('read-json');
    const out = await sf.run(`- salesforce.soapRetrieve: { configKey: sfSoap, fieldList: [Id, Name, NumberOfEmployees, Phone], sObjectType: Account, ids: ["${a}"], responseVariable: r }`);
    expect((out.mc.vars.r as Result).payload).toEqual([{ type: 'Account', Id: a, Name: 'read-json', NumberOfEmployees: null, Phone: null }]);
    const seeded = records('Account').find((r) => r.Name === 'GenePoint')!;
    const out2 = await sf.run(`- salesforce.soapRetrieve: { configKey: sfSoap, fieldList: "Name, NumberOfEmployees, IsDeleted", objectType: Account, objectIDS: "${seeded.Id}", responseVariable: r }`);
    // without Id in fieldList the partner API answers a nil Id, as for a query
    expect((out2.mc.vars.r as Result).payload).toEqual([{ type: 'Account', Id: null, Name: 'GenePoint', NumberOfEmployees: '265', IsDeleted: 'false' }]);
  });

  it('an unknown field is the fault INVALID_FIELD', async () => {
    const out = await sf.run('- salesforce.soapRetrieve: { configKey: sfSoap, fieldList: "Name, Nope__c", objectType: Account, objectIDS: "001000000000000AAA" }');
    expect(out.mc.error).toMatchObject({ code: 'INVALID_FIELD', status: 500, message: expect.stringContaining("No such column 'Nope__c' on entity 'Account'") });
  });
});
