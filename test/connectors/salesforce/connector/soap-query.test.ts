import { afterEach, describe, expect, it } from 'vitest';
import { parseXml } from '../../../../src/formats/xml.js';
import { useSalesforce } from './harness.js';

// soapQuery, soapQueryAll, soapQueryMore (paging by queryLocator, the locator kept in the message,
// fetchAll), soapSearch, soapGetUpdated and soapGetDeleted against the sandbox over real HTTP.

// 450 contacts named Pager: three pages of 200, 200 and 50 at batchSize 200
const PAGER = 450;
const sf = useSalesforce({
  seed: { records: { Contact: Array.from({ length: PAGER }, (_, i) => ({ LastName: 'Pager', FirstName: `P${String(i).padStart(3, '0')}` })) } },
});

type Result = { payload: any; headers: Record<string, string>; attributes: Record<string, unknown> & { statusCode: number } };
type Logged = { path: string; body: string | null };
const PAGER_SOQL = "SELECT Id, FirstName FROM Contact WHERE LastName = 'Pager' ORDER BY FirstName";

/** The SOAP calls (not logins) since the log was cleared, by operation name. */
function calls(): string[] {
  return (sf.sandbox.admin.requests() as Logged[]).filter((r) => /^\/services\/Soap\/u\/[\d.]+\/\w+$/.test(r.path)).map((r) => /<soapenv:Body><urn:(\w+)/.exec(r.body ?? '')?.[1] ?? '(injected)');
}

describe('soapQuery', () => {
  it("WSO2's S2: an XML request's queryString, batchSize 200 → {done, queryLocator, records, size}", async () => {
    sf.sandbox.admin.clearRequests();
    const out = await sf.run('- salesforce.soapQuery: { configKey: sfSoap, batchSize: 200, queryString: "${payload.queryString}" }', {
      payload: parseXml('<queryString>select id,name from Account</queryString>'),
      contentType: 'text/xml',
    });
    expect(out.response.status).toBe(200);
    expect(out.response.headers['content-type']).toBe('application/json');
    const body = out.json as Record<string, any>;
    expect(body).toMatchObject({ done: true, queryLocator: null, size: 13 });
    expect(body.records).toHaveLength(13);
    // sObjects as {type, Id, …fields}: the Id the partner API writes twice is one key
    expect(body.records[0]).toEqual({ type: 'Account', Id: expect.stringMatching(/^001\w{15}$/), Name: 'Edge Communications' });
    const sent = (sf.sandbox.admin.requests() as Logged[]).at(-1)!.body!;
    expect(sent).toContain('<urn:QueryOptions><urn:batchSize>200</urn:batchSize></urn:QueryOptions>');
    expect(sent).toContain('<urn:query><urn:queryString>select id,name from Account</urn:queryString></urn:query>');
  });

  it('parents are nested records, child relationships nested query results, nils null; field values stay text', async () => {
    const out = await sf.run(
      `- salesforce.soapQuery: { configKey: sfSoap, q: "SELECT Name, NumberOfEmployees, AnnualRevenue, Rating, Owner.Name, (SELECT LastName FROM Contacts ORDER BY LastName) FROM Account WHERE Name IN ('Edge Communications', 'sForce') ORDER BY Name", responseVariable: r }`,
    );
    const [edge, sforce] = (out.mc.vars.r as Result).payload.records;
    expect(edge).toEqual({
      type: 'Account',
      Id: null,
      Name: 'Edge Communications',
      NumberOfEmployees: '1000',
      AnnualRevenue: '1.39E8',
      Rating: 'Hot',
      Owner: { type: 'User', Id: null, Name: 'Ferry Admin' },
      Contacts: { done: true, queryLocator: null, records: [{ type: 'Contact', Id: null, LastName: 'Forbes' }, { type: 'Contact', Id: null, LastName: 'Gonzalez' }], size: 2 },
    });
    expect(sforce).toMatchObject({ NumberOfEmployees: null, AnnualRevenue: null, Rating: null, Contacts: null });
  });

  it('bindings fill :name placeholders with escaped literals', async () => {
    sf.sandbox.admin.clearRequests();
    const out = await sf.run('- salesforce.soapQuery: { configKey: sfSoap, queryString: "SELECT Name FROM Account WHERE Name = :name OR Name = :other", bindings: { name: "${payload.name}", other: GenePoint }, responseVariable: r }', {
      payload: { name: "O'Brien \\ Sons" },
    });
    expect((out.mc.vars.r as Result).payload).toMatchObject({ size: 1, records: [{ Name: 'GenePoint' }] });
    expect((sf.sandbox.admin.requests() as Logged[]).at(-1)!.body).toContain("WHERE Name = 'O\\'Brien \\\\ Sons' OR Name = 'GenePoint'");
  });

  it('a query with no rows has records []', async () => {
    const out = await sf.run("- salesforce.soapQuery: { configKey: sfSoap, queryString: \"SELECT Id FROM Account WHERE Name = 'nobody'\", responseVariable: r }");
    expect((out.mc.vars.r as Result).payload).toEqual({ done: true, queryLocator: null, records: [], size: 0 });
  });

  it.each([
    ['MALFORMED_QUERY', 'SELECT Id FRM Account', { faultType: 'MalformedQueryFault', row: 1, column: 11 }],
    ['INVALID_FIELD', 'SELECT Nope FROM Account', { faultType: 'InvalidFieldFault' }],
    ['INVALID_TYPE', 'SELECT Id FROM Nope', { faultType: 'InvalidSObjectFault' }],
  ])('%s is a fault (500, as Salesforce answers) with the faultstring, and the fault as ${error.detail}', async (code, q, detail) => {
    const guarded = `name: guarded
steps:
  - salesforce.soapQuery: { configKey: sfSoap, queryString: "${q}" }
onError:
  - respond: { status: 502, body: { code: "\${error.code}", status: "\${error.status}", message: "\${error.message}", detail: "\${error.detail}" } }
`;
    const out = await sf.run('- sequence: guarded', {}, { 'sequences/guarded.yaml': guarded });
    expect(out.response.status).toBe(502);
    const body = out.json as Record<string, any>;
    expect(body).toMatchObject({ code, status: 500, message: expect.stringMatching(new RegExp(`^${code}: `)) });
    expect(body.detail).toMatchObject({ faultcode: code, exceptionCode: code, faultstring: body.message, ...detail });
  });

  it('unhandled, the default fault answer is 500 with the fault as JSON', async () => {
    const out = await sf.run('- salesforce.soapQuery: { configKey: sfSoap, queryString: "SELECT Id FRM Account" }');
    expect(out.response.status).toBe(500);
    expect(out.json).toMatchObject({ faultcode: 'MALFORMED_QUERY', faultstring: expect.stringContaining("unexpected token: 'FRM'") });
  });

  it('failOnError: false keeps the fault in the variable', async () => {
    const out = await sf.run('- salesforce.soapQuery: { configKey: sfSoap, queryString: "SELECT Id FRM Account", failOnError: false, responseVariable: r }');
    expect(out.mc.error).toBeNull();
    expect(out.mc.vars.r).toMatchObject({ attributes: { statusCode: 500 }, payload: { faultcode: 'MALFORMED_QUERY' } });
  });
});

describe("paging (WSO2's S3: more rows than batchSize)", () => {
  afterEach(() => sf.sandbox.admin.clearFaults());

  it('soapQueryMore without a queryLocator continues the last query of the message, page by page', async () => {
    const out = await sf.run(`- salesforce.soapQuery: { configKey: sfSoap, batchSize: 200, queryString: "${PAGER_SOQL}", responseVariable: p1 }
- variable: { name: locator1, expression: "\${props['salesforce.query.queryLocator']}" }
- salesforce.soapQueryMore: { configKey: sfSoap, batchSize: 200, responseVariable: p2 }
- salesforce.soapQueryMore: { configKey: sfSoap, batchSize: 200, responseVariable: p3 }`);
    expect(out.mc.error).toBeNull();
    const [p1, p2, p3] = ['p1', 'p2', 'p3'].map((v) => (out.mc.vars[v] as Result).payload);
    expect(p1).toMatchObject({ done: false, queryLocator: expect.stringMatching(/-200$/), size: PAGER });
    expect(out.mc.vars.locator1).toBe(p1.queryLocator);
    expect(p2).toMatchObject({ done: false, queryLocator: expect.stringMatching(/-400$/), size: PAGER });
    expect(p3).toMatchObject({ done: true, queryLocator: null, size: PAGER });
    expect([p1.records.length, p2.records.length, p3.records.length]).toEqual([200, 200, 50]);
    const names = [...p1.records, ...p2.records, ...p3.records].map((r: { FirstName: string }) => r.FirstName);
    expect(new Set(names).size).toBe(PAGER);
    expect(names[0]).toBe('P000');
    expect(names.at(-1)).toBe('P449');
    // WSO2's message properties after the last page
    expect(out.mc.props).toMatchObject({ 'salesforce.query.done': 'true', 'salesforce.query.recordSize': String(PAGER) });
    expect(out.mc.props['salesforce.query.queryLocator']).toBeUndefined();
  });

  it('after the last page, soapQueryMore without a locator is FERRY_ERR_CONNECTOR_PARAMS (no call)', async () => {
    const out = await sf.run(`- salesforce.soapQuery: { configKey: sfSoap, queryString: "SELECT Id FROM Account" }
- salesforce.soapQueryMore: { configKey: sfSoap }`);
    expect(out.mc.error).toMatchObject({ code: 'FERRY_ERR_CONNECTOR_PARAMS', message: expect.stringContaining('salesforce.soapQueryMore: no queryLocator') });
  });

  it('soapQueryMore with a queryLocator from an earlier message', async () => {
    const first = await sf.run(`- salesforce.soapQuery: { configKey: sfSoap, batchSize: 200, queryString: "${PAGER_SOQL}", responseVariable: r }`);
    const locator = (first.mc.vars.r as Result).payload.queryLocator;
    const out = await sf.run('- salesforce.soapQueryMore: { configKey: sfSoap, queryLocator: "${vars.locator}", responseVariable: r }', { vars: { locator } });
    expect((out.mc.vars.r as Result).payload).toMatchObject({ done: false, queryLocator: expect.stringMatching(/-400$/) });
    expect((out.mc.vars.r as Result).payload.records[0].FirstName).toBe('P200');
  });

  it('an unknown locator is the fault INVALID_QUERY_LOCATOR', async () => {
    const out = await sf.run('- salesforce.soapQueryMore: { configKey: sfSoap, queryLocator: 01gD0000002HU6KIAW-500 }');
    expect(out.mc.error).toMatchObject({ code: 'INVALID_QUERY_LOCATOR', status: 500 });
  });

  it('fetchAll follows every locator and answers all records as one result', async () => {
    sf.sandbox.admin.clearRequests();
    const out = await sf.run(`- salesforce.soapQuery: { configKey: sfSoap, batchSize: 200, fetchAll: true, queryString: "${PAGER_SOQL}", responseVariable: r }`);
    const r = out.mc.vars.r as Result;
    expect(r.payload).toMatchObject({ done: true, queryLocator: null, size: PAGER });
    expect(r.payload.records).toHaveLength(PAGER);
    expect(new Set(r.payload.records.map((x: { Id: string }) => x.Id)).size).toBe(PAGER);
    expect(r.attributes).toMatchObject({ pages: 3, truncated: false, apiUsage: { max: 15000 } });
    expect(calls()).toEqual(['query', 'queryMore', 'queryMore']);
  });

  it('soapQueryAll with fetchAll works the same way', async () => {
    const out = await sf.run(`- salesforce.soapQueryAll: { configKey: sfSoap, batchSize: 300, fetchAll: true, queryString: "${PAGER_SOQL}", responseVariable: r }`);
    expect((out.mc.vars.r as Result).payload.records).toHaveLength(PAGER);
    expect((out.mc.vars.r as Result).attributes).toMatchObject({ pages: 2 });
  });

  it('fetchAll stops at maxRecords with done false: mid-page without a locator, on a page boundary with the one to go on from', async () => {
    const out = await sf.run(`- salesforce.soapQuery: { configKey: sfSoap, batchSize: 200, fetchAll: true, maxRecords: 300, queryString: "${PAGER_SOQL}", responseVariable: mid }
- salesforce.soapQuery: { configKey: sfSoap, batchSize: 200, fetchAll: true, maxRecords: 400, queryString: "${PAGER_SOQL}", responseVariable: edge }
- salesforce.soapQueryMore: { configKey: sfSoap, responseVariable: rest }`);
    const mid = (out.mc.vars.mid as Result).payload;
    expect(mid).toMatchObject({ done: false, queryLocator: null, size: PAGER });
    expect(mid.records).toHaveLength(300);
    expect((out.mc.vars.mid as Result).attributes).toMatchObject({ truncated: true });
    const edge = (out.mc.vars.edge as Result).payload;
    expect(edge).toMatchObject({ done: false, queryLocator: expect.stringMatching(/-400$/) });
    expect(edge.records).toHaveLength(400);
    expect((out.mc.vars.rest as Result).payload).toMatchObject({ done: true });
    expect((out.mc.vars.rest as Result).payload.records).toHaveLength(50);
  });

  it('maxRecords without fetchAll cuts the first page (done false, no locator)', async () => {
    const out = await sf.run(`- salesforce.soapQuery: { configKey: sfSoap, maxRecords: 150, queryString: "${PAGER_SOQL}", responseVariable: r }`);
    expect((out.mc.vars.r as Result).payload).toMatchObject({ done: false, queryLocator: null, size: PAGER });
    expect((out.mc.vars.r as Result).payload.records).toHaveLength(150);
  });

  it('fetchAll does not loop on a locator that comes back: FERRY_ERR_CALL_BAD_RESPONSE', async () => {
    const page =
      '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="urn:partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:sf="urn:sobject.partner.soap.sforce.com"><soapenv:Body><queryResponse><result xsi:type="QueryResult"><done>false</done><queryLocator>01gLOOP000000001AAA-200</queryLocator><records xsi:type="sf:sObject"><sf:type>Account</sf:type><sf:Id>0015g0000000002AAA</sf:Id><sf:Id>0015g0000000002AAA</sf:Id></records><size>999</size></result></queryResponse></soapenv:Body></soapenv:Envelope>';
    sf.sandbox.admin.addFault({ method: 'POST', path: '^/services/Soap/u/[\\d.]+/\\w+$', status: 200, body: page, headers: { 'content-type': 'text/xml; charset=utf-8' }, count: 10 });
    sf.sandbox.admin.clearRequests();
    const out = await sf.run('- salesforce.soapQuery: { configKey: sfSoap, fetchAll: true, queryString: "SELECT Id FROM Account" }');
    expect(out.mc.error).toMatchObject({ code: 'FERRY_ERR_CALL_BAD_RESPONSE', message: 'salesforce.soapQuery fetchAll stopped after 2 pages: locator 01gLOOP000000001AAA-200 came back twice' });
    expect(calls()).toHaveLength(2);
  });

  it.each([
    ['fetchAll', 'fetchAll: true'],
    ['maxRecords', 'maxRecords: 5'],
  ])('%s with outputType XML is refused (each page is an envelope)', async (_name, param) => {
    const out = await sf.run(`- salesforce.soapQuery: { configKey: sfSoap, ${param}, outputType: XML, queryString: "SELECT Id FROM Account" }`);
    expect(out.mc.error).toMatchObject({ code: 'FERRY_ERR_CONNECTOR_PARAMS' });
  });
});

describe('soapQueryAll', () => {
  it('includes deleted records', async () => {
    const created = await sf.run('- salesforce.soapCreate: { configKey: sfSoap, sobjects: [{ type: Account, Name: Binned }], responseVariable: r }');
    const id = (created.mc.vars.r as Result).payload[0].id;
    const out = await sf.run(`- salesforce.soapDelete: { configKey: sfSoap, sobjects: ["${id}"] }
- salesforce.soapQuery: { configKey: sfSoap, queryString: "SELECT Id, IsDeleted FROM Account WHERE Name = 'Binned'", responseVariable: live }
- salesforce.soapQueryAll: { configKey: sfSoap, queryString: "SELECT Id, IsDeleted FROM Account WHERE Name = 'Binned'", responseVariable: all }`);
    expect((out.mc.vars.live as Result).payload).toMatchObject({ size: 0, records: [] });
    expect((out.mc.vars.all as Result).payload).toMatchObject({ size: 1, records: [{ type: 'Account', Id: id, IsDeleted: 'true' }] });
  });
});

describe('soapSearch', () => {
  it.each([['searchString'], ['q']])('runs SOSL given as %s → {searchRecords: [{record}]}', async (param) => {
    const out = await sf.run(`- salesforce.soapSearch: { configKey: sfSoap, ${param}: "FIND {GenePoint} IN ALL FIELDS RETURNING Account (Id, Name)", responseVariable: r }`);
    expect((out.mc.vars.r as Result).payload).toEqual({ queryId: expect.any(String), searchRecords: [{ record: { type: 'Account', Id: expect.stringMatching(/^001/), Name: 'GenePoint' } }] });
  });

  it('finds nothing → searchRecords []', async () => {
    const out = await sf.run('- salesforce.soapSearch: { configKey: sfSoap, searchString: "FIND {zzzqqq} RETURNING Account (Id)", responseVariable: r }');
    expect((out.mc.vars.r as Result).payload.searchRecords).toEqual([]);
  });

  it('a malformed search is the fault MALFORMED_SEARCH', async () => {
    const out = await sf.run('- salesforce.soapSearch: { configKey: sfSoap, searchString: "FIND nothing" }');
    expect(out.mc.error).toMatchObject({ code: 'MALFORMED_SEARCH', status: 500 });
  });
});

describe('soapGetUpdated and soapGetDeleted', () => {
  const minutes = (n: number) => new Date(Date.now() + n * 60_000).toISOString();

  it('report the ids changed and deleted in a window', async () => {
    const created = await sf.run('- salesforce.soapCreate: { configKey: sfSoap, sobjects: [{ type: Account, Name: Replicated }, { type: Account, Name: Removed }], responseVariable: r }');
    const [kept, removed] = (created.mc.vars.r as Result).payload.map((r: { id: string }) => r.id);
    const out = await sf.run(
      `- salesforce.soapDelete: { configKey: sfSoap, sobjects: ["${removed}"] }
- salesforce.soapGetUpdated: { configKey: sfSoap, sObjectType: Account, startDate: "${minutes(-5)}", endDate: "${minutes(5)}", responseVariable: u }
- salesforce.soapGetDeleted: { configKey: sfSoap, sObjectType: Account, startTime: "${minutes(-5)}", endTime: "${minutes(5)}", responseVariable: d }`,
    );
    const updated = (out.mc.vars.u as Result).payload;
    expect(updated).toEqual({ ids: expect.arrayContaining([kept]), latestDateCovered: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z$/) });
    const deleted = (out.mc.vars.d as Result).payload;
    expect(deleted.deletedRecords.map((r: { id: string }) => r.id)).not.toContain(kept);
    expect(deleted).toEqual({
      deletedRecords: expect.arrayContaining([{ deletedDate: expect.stringMatching(/Z$/), id: removed }]),
      earliestDateAvailable: expect.any(String),
      latestDateCovered: expect.any(String),
    });
  });

  it("WSO2's sample offsets (+0000, without the colon) are accepted; an empty window has ids []", async () => {
    const at = (n: number) => minutes(n).replace(/\.\d{3}Z$/, '+0000');
    const out = await sf.run(`- salesforce.soapGetUpdated: { configKey: sfSoap, sObjectType: Lead, startDate: "${at(-5)}", endDate: "${at(-3)}", responseVariable: u }`);
    expect(out.mc.error).toBeNull();
    expect((out.mc.vars.u as Result).payload).toEqual({ ids: [], latestDateCovered: expect.any(String) });
  });

  it('a window beyond what Salesforce keeps is the fault INVALID_REPLICATION_DATE', async () => {
    const out = await sf.run(`- salesforce.soapGetDeleted: { configKey: sfSoap, sObjectType: Account, startDate: "${minutes(-60 * 24 * 40)}", endDate: "${minutes(0)}" }`);
    expect(out.mc.error).toMatchObject({ code: 'INVALID_REPLICATION_DATE', status: 500 });
  });
});
