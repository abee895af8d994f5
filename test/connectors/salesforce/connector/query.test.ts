import { describe, expect, it } from 'vitest';
import { bindSoql, soqlLiteral } from '../../../../connectors/salesforce/src/soql.js';
import { FerryError } from '../../../../src/errors.js';
import { useSalesforce } from './harness.js';

// 450 contacts named Pager: three pages of 200, 200 and 50 at batchSize 200
const PAGER = 450;
const sf = useSalesforce({
  seed: { records: { Contact: Array.from({ length: PAGER }, (_, i) => ({ LastName: 'Pager', FirstName: `P${String(i).padStart(3, '0')}` })) } },
});

type Vars = Record<string, { payload?: Record<string, unknown>; attributes: Record<string, unknown> }>;
const vars = (out: { mc: { vars: Record<string, unknown> } }) => out.mc.vars as Vars;

/** The SOQL of the last query call that reached the sandbox. */
function lastSoql(): string {
  const calls = sf.sandbox.admin.requests() as { path: string; query: string }[];
  const call = [...calls].reverse().find((c) => /\/query(All)?$/.test(c.path));
  return new URLSearchParams(call?.query ?? '').get('q') ?? '';
}

/** The page requests (GET …/query/{locator}) sent since the log was cleared. */
function pageCalls(): string[] {
  return (sf.sandbox.admin.requests() as { path: string }[]).map((c) => c.path).filter((p) => /\/query\/[^/]+$/.test(p));
}

describe('query: WSO2 parameters and the result shape', () => {
  it.each([
    ['q', 'q: "SELECT Id, Name FROM Account ORDER BY Name"', 13, 'Account'],
    ['queryString (WSO2 docs alias)', 'queryString: "SELECT Id, Name FROM Account ORDER BY Name LIMIT 2"', 2, 'Account'],
    ['queryAll', 'q: "SELECT Id, Name FROM Lead", queryAll: true', 3, 'Lead'],
  ])('%s → {totalSize, done, records[attributes, fields]}', async (_name, params, count, type) => {
    const out = await sf.run(`- salesforce.query: { configKey: sf, ${params}, responseVariable: r }`);
    const r = vars(out).r!;
    expect(r.attributes.statusCode).toBe(200);
    expect(r.payload).toMatchObject({ totalSize: count, done: true });
    const records = r.payload!.records as Record<string, unknown>[];
    expect(records).toHaveLength(count);
    expect(records[0]).toEqual({ attributes: { type, url: expect.stringMatching(new RegExp(`^/services/data/v60\\.0/sobjects/${type}/\\w{18}$`)) }, Id: expect.any(String), Name: expect.any(String) });
  });

  it('without responseVariable the query JSON replaces the body (MI legacy)', async () => {
    const out = await sf.run('- salesforce.query: { configKey: sf, q: "SELECT COUNT() FROM Account" }');
    expect(out.json).toEqual({ totalSize: 13, done: true, records: [] });
  });
});

describe('query: Salesforce errors are faults', () => {
  it('MALFORMED_QUERY → ${error.code}, ${error.status}, ${error.detail} in an onError handler', async () => {
    const guarded = `name: guarded
steps:
  - salesforce.query: { configKey: sf, q: "SELECT Id FRM Account" }
onError:
  - respond: { status: 502, body: { code: "\${error.code}", status: "\${error.status}", detail: "\${error.detail}" } }
`;
    const out = await sf.run('- sequence: guarded', {}, { 'sequences/guarded.yaml': guarded });
    expect(out.response.status).toBe(502);
    expect(out.json).toEqual({ code: 'MALFORMED_QUERY', status: 400, detail: [{ errorCode: 'MALFORMED_QUERY', message: expect.stringContaining("unexpected token: 'FRM'") }] });
  });

  it.each([
    ['an unknown object', 'SELECT Id FROM Nope', 400, 'INVALID_TYPE'],
    ['an unknown field', 'SELECT Nope FROM Account', 400, 'INVALID_FIELD'],
  ])('%s → default handler passes the Salesforce answer through', async (_name, q, status, code) => {
    const out = await sf.run(`- salesforce.query: { configKey: sf, q: "${q}" }`);
    expect(out.mc.error).toMatchObject({ code, status });
    expect(out.response.status).toBe(status);
    expect(out.json).toEqual([expect.objectContaining({ errorCode: code })]);
  });

  it('failOnError: false keeps the error answer in the variable', async () => {
    const out = await sf.run('- salesforce.query: { configKey: sf, q: "SELECT Id FRM Account", failOnError: false, responseVariable: r }');
    expect(out.mc.error).toBeNull();
    expect(vars(out).r).toMatchObject({ attributes: { statusCode: 400 }, payload: [{ errorCode: 'MALFORMED_QUERY' }] });
  });
});

describe('query: bindings', () => {
  it.each([
    ['a string', 'Name = :name', { name: 'Dickenson plc' }, "Name = 'Dickenson plc'", 1],
    ['a string with a quote and a backslash', 'Name = :name', { name: "O'Brien \\ Sons" }, "Name = 'O\\'Brien \\\\ Sons'", 0],
    ['a number', 'AnnualRevenue > :min', { min: 900000000 }, 'AnnualRevenue > 900000000', 3],
    ['a negative decimal', 'AnnualRevenue > :min', { min: -1.5 }, 'AnnualRevenue > -1.5', 8],
    ['null', 'AnnualRevenue = :none', { none: null }, 'AnnualRevenue = null', 5],
    ['a boolean', 'IsDeleted = :deleted', { deleted: false }, 'IsDeleted = false', 13],
    ['a list', 'Industry IN :industries', { industries: ['Energy', 'Apparel'] }, "Industry IN ('Energy','Apparel')", 4],
    ['a list of numbers', 'NumberOfEmployees IN :sizes', { sizes: [120, 265] }, 'NumberOfEmployees IN (120,265)', 2],
    ['{contains}', 'Name LIKE :q', { q: { contains: 'Oil' } }, "Name LIKE '%Oil%'", 3],
    ['{contains} of a wildcard matches it literally', 'Name LIKE :q', { q: { contains: '%' } }, "Name LIKE '%\\%%'", 0],
    ['{startsWith}', 'Name LIKE :q', { q: { startsWith: 'United' } }, "Name LIKE 'United%'", 3],
    ['{endsWith}', 'Name LIKE :q', { q: { endsWith: 'plc' } }, "Name LIKE '%plc'", 1],
    ['{datetime} with a zone goes as UTC', 'CreatedDate < :t', { t: { datetime: '2999-01-01T01:30:00.250+02:00' } }, 'CreatedDate < 2998-12-31T23:30:00Z', 13],
    ['placeholders twice and a date literal :n left alone', 'Name = :a OR (Name = :b AND CreatedDate = LAST_N_DAYS:30)', { a: 'GenePoint', b: 'sForce' }, "Name = 'GenePoint' OR (Name = 'sForce' AND CreatedDate = LAST_N_DAYS:30)", 2],
    ['a :name inside a string literal is text', "Name = ':a' OR Name = :a", { a: 'sForce' }, "Name = ':a' OR Name = 'sForce'", 1],
  ])('%s', async (_name, where, bindings, sent, count) => {
    const out = await sf.run(`- salesforce.query: { configKey: sf, q: "SELECT Id FROM Account WHERE ${where}", bindings: "\${vars.b}", responseVariable: r }`, { vars: { b: bindings } });
    expect(lastSoql()).toBe(`SELECT Id FROM Account WHERE ${sent}`);
    expect(vars(out).r!.payload).toMatchObject({ totalSize: count, done: true });
  });

  it('{date} against a date field', async () => {
    const out = await sf.run('- salesforce.query: { configKey: sf, q: "SELECT Name FROM Opportunity WHERE CloseDate > :d", bindings: { d: { date: "2026-12-31" } }, responseVariable: r }');
    expect(lastSoql()).toBe('SELECT Name FROM Opportunity WHERE CloseDate > 2026-12-31');
    expect(vars(out).r!.payload!.records).toEqual([expect.objectContaining({ Name: 'United Oil Office Portable Generators' })]);
  });

  it('values come from expressions with their JSON type', async () => {
    const out = await sf.run('- salesforce.query: { configKey: sf, q: "SELECT Id FROM Account WHERE Name = :name AND Industry IN :industries", bindings: { name: "${payload.name}", industries: "${payload.industries}" }, responseVariable: r }', {
      payload: { name: 'Edge Communications', industries: ['Electronics', 'Energy'] },
    });
    expect(lastSoql()).toBe("SELECT Id FROM Account WHERE Name = 'Edge Communications' AND Industry IN ('Electronics','Energy')");
    expect(vars(out).r!.payload).toMatchObject({ totalSize: 1 });
  });

  it('a string that looks like a number stays a string (the type is never guessed)', async () => {
    const out = await sf.run('- salesforce.query: { configKey: sf, q: "SELECT Id FROM Account WHERE Name = :n", bindings: { n: "${payload.n}" }, responseVariable: r }', { payload: { n: '42' } });
    expect(lastSoql()).toBe("SELECT Id FROM Account WHERE Name = '42'");
    expect(vars(out).r!.payload).toMatchObject({ totalSize: 0 });
  });

  it.each([
    ['a placeholder without a binding', 'Name = :missing', { other: 'x' }, "q uses :missing, which bindings does not define"],
    ['an empty list', 'Industry IN :inds', { inds: [] }, "binding 'inds' is an empty list"],
    ['a list inside a list', 'Industry IN :inds', { inds: [['a']] }, "binding 'inds' holds a list inside a list"],
    ['an untyped object', 'Name = :o', { o: { a: 1 } }, "binding 'o' is an object"],
    ['a bad {date}', 'Name = :d', { d: { date: '2024-02-30' } }, 'is not a YYYY-MM-DD calendar date'],
    ['a zoneless {datetime}', 'Name = :d', { d: { datetime: '2024-02-01T10:00:00' } }, 'is not an ISO datetime with a zone'],
    ['a {contains} of a number', 'Name LIKE :q', { q: { contains: 5 } }, '{contains} must hold text'],
  ])('%s → FERRY_ERR_CONNECTOR_PARAMS before any call', async (_name, where, bindings, message) => {
    sf.sandbox.admin.clearRequests();
    const out = await sf.run(`- salesforce.query: { configKey: sf, q: "SELECT Id FROM Account WHERE ${where}", bindings: "\${vars.b}" }`, { vars: { b: bindings } });
    expect(out.mc.error).toMatchObject({ code: 'FERRY_ERR_CONNECTOR_PARAMS', status: 400, message: expect.stringContaining(message) });
    expect(sf.sandbox.admin.requests().filter((r) => (r as { path: string }).path.includes('/query'))).toEqual([]);
  });

  it('a binding name that is not an identifier is refused by the schema', async () => {
    await expect(sf.run('- salesforce.query: { configKey: sf, q: "SELECT Id FROM Account", bindings: { "a b": 1 } }')).rejects.toThrow(/FERRY_ERR_ARTIFACT_SCHEMA/);
  });

  it('an unused binding is logged (names only, never values) and the query runs', async () => {
    const out = await sf.run('- salesforce.query: { configKey: sf, q: "SELECT Id FROM Account WHERE Name = :a", bindings: { a: "sForce", secretish: "s3cr3t" }, responseVariable: r }');
    expect(vars(out).r!.payload).toMatchObject({ totalSize: 1 });
    const warning = out.logs.find((l) => String(l.msg).includes('bindings not used'));
    expect(warning).toMatchObject({ bindings: ['secretish'] });
    expect(JSON.stringify(out.logs)).not.toContain('s3cr3t');
  });

  it.each([NaN, Infinity, -Infinity])('%s has no SOQL literal (coded error)', (n) => {
    expect(() => soqlLiteral(n, 'x')).toThrow(FerryError);
    expect(() => bindSoql('SELECT Id FROM Account WHERE AnnualRevenue > :x', { x: n })).toThrow(/which SOQL cannot express/);
  });

  it.each([
    [1e21, '1000000000000000000000'],
    [1.5e-7, '0.00000015'],
    [-0, '0'],
    [123.456, '123.456'],
  ])('number %s → %s (plain decimal, no exponent)', (n, text) => {
    expect(soqlLiteral(n, 'x')).toBe(text);
  });
});

describe('query: injection', () => {
  const hostile = "x' OR Name LIKE '%";

  it('through bindings a hostile value is one literal: it matches nothing, and the sandbox parser accepts it', async () => {
    const out = await sf.run('- salesforce.query: { configKey: sf, q: "SELECT Id FROM Account WHERE Name = :name", bindings: { name: "${payload.name}" }, responseVariable: r }', { payload: { name: hostile } });
    expect(lastSoql()).toBe("SELECT Id FROM Account WHERE Name = 'x\\' OR Name LIKE \\'%'");
    expect(vars(out).r).toMatchObject({ attributes: { statusCode: 200 }, payload: { totalSize: 0, done: true, records: [] } });
  });

  it('through soqlString() in a hand-built query: the same', async () => {
    const out = await sf.run('- salesforce.query: { configKey: sf, q: "SELECT Id FROM Account WHERE Name = ${soqlString(payload.name)}", responseVariable: r }', { payload: { name: hostile } });
    expect(vars(out).r).toMatchObject({ attributes: { statusCode: 200 }, payload: { totalSize: 0 } });
  });

  it("through soqlLike() inside a LIKE pattern: the value's % and _ match only themselves", async () => {
    const out = await sf.run(`- salesforce.query: { configKey: sf, q: "SELECT Id FROM Account WHERE Name LIKE '%\${soqlLike(payload.name)}%'", responseVariable: r }`, { payload: { name: hostile } });
    expect(vars(out).r).toMatchObject({ attributes: { statusCode: 200 }, payload: { totalSize: 0 } });
    const underscore = await sf.run(`- salesforce.query: { configKey: sf, q: "SELECT Id FROM Account WHERE Name LIKE '\${soqlLike(payload.name)}%'", responseVariable: r }`, { payload: { name: 'Edge_' } });
    expect(vars(underscore).r!.payload).toMatchObject({ totalSize: 0 });
  });

  it('the naive template (what bindings replace) lets the same value rewrite the query to match every account', async () => {
    const out = await sf.run(`- salesforce.query: { configKey: sf, q: "SELECT Id FROM Account WHERE Name = '\${payload.name}'", responseVariable: r }`, { payload: { name: hostile } });
    expect(vars(out).r!.payload).toMatchObject({ totalSize: 13 });
  });
});

describe('queryMore and paging', () => {
  const FIRST = `- salesforce.query: { configKey: sf, q: "SELECT FirstName FROM Contact WHERE LastName = 'Pager' ORDER BY FirstName", batchSize: 200, responseVariable: first }`;

  it('batchSize pages the answer: done false and a nextRecordsUrl', async () => {
    const out = await sf.run(FIRST);
    const first = vars(out).first!.payload!;
    expect(first).toMatchObject({ totalSize: PAGER, done: false, nextRecordsUrl: expect.stringMatching(/^\/services\/data\/v60\.0\/query\/01g\w+-200$/) });
    expect(first.records).toHaveLength(200);
  });

  it.each([
    ['the nextRecordsUrl path', (url: string) => url],
    ['a full URL', (url: string) => `https://example.my.salesforce.com${url}`],
    ['the locator alone', (url: string) => url.split('/').pop()!],
  ])('queryMore takes %s and walks the pages to the end', async (_name, form) => {
    const out = await sf.run(`${FIRST}
- salesforce.queryMore: { configKey: sf, nextRecordsUrl: "\${vars.first.payload.nextRecordsUrl}", responseVariable: second }`);
    const second = vars(out).second!.payload!;
    expect(second).toMatchObject({ totalSize: PAGER, done: false });
    expect((second.records as { FirstName: string }[])[0]!.FirstName).toBe('P200');
    const third = await sf.run('- salesforce.queryMore: { configKey: sf, nextRecordsUrl: "${vars.url}", responseVariable: third }', { vars: { url: form(second.nextRecordsUrl as string) } });
    const page = vars(third).third!.payload!;
    expect(page).toMatchObject({ totalSize: PAGER, done: true });
    expect(page.nextRecordsUrl).toBeUndefined();
    expect((page.records as { FirstName: string }[]).map((r) => r.FirstName)).toEqual(Array.from({ length: 50 }, (_, i) => `P${400 + i}`));
  });

  it('a locator Salesforce does not know → INVALID_QUERY_LOCATOR fault; failOnError false keeps it', async () => {
    const out = await sf.run('- salesforce.queryMore: { configKey: sf, nextRecordsUrl: "/services/data/v60.0/query/01g5g00000DEADBEEF-2000" }');
    expect(out.mc.error).toMatchObject({ code: 'INVALID_QUERY_LOCATOR', status: 400, detail: [{ errorCode: 'INVALID_QUERY_LOCATOR' }] });
    const kept = await sf.run('- salesforce.queryMore: { configKey: sf, nextRecordsUrl: "01g5g00000DEADBEEF-2000", failOnError: false, responseVariable: r }');
    expect(vars(kept).r).toMatchObject({ attributes: { statusCode: 400 }, payload: [{ errorCode: 'INVALID_QUERY_LOCATOR' }] });
  });

  it.each([['/services/data/v60.0/query/'], ['../../sobjects/Account'], ['01g..%2F-1']])('nextRecordsUrl %j holds no locator → coded error, no call', async (url) => {
    sf.sandbox.admin.clearRequests();
    const out = await sf.run('- salesforce.queryMore: { configKey: sf, nextRecordsUrl: "${vars.url}" }', { vars: { url } });
    expect(out.mc.error).toMatchObject({ code: 'FERRY_ERR_CONNECTOR_PARAMS' });
    expect(pageCalls()).toEqual([]);
  });

  it('fetchAll follows every page: all records, done true, totalSize kept, attributes.pages', async () => {
    sf.sandbox.admin.clearRequests();
    const out = await sf.run(`- salesforce.query: { configKey: sf, q: "SELECT FirstName FROM Contact WHERE LastName = 'Pager' ORDER BY FirstName", batchSize: 200, fetchAll: true, responseVariable: r }`);
    const r = vars(out).r!;
    expect(r.payload).toMatchObject({ totalSize: PAGER, done: true });
    expect(r.payload!.nextRecordsUrl).toBeUndefined();
    const names = (r.payload!.records as { FirstName: string }[]).map((x) => x.FirstName);
    expect(names).toEqual(Array.from({ length: PAGER }, (_, i) => `P${String(i).padStart(3, '0')}`));
    expect(r.attributes).toMatchObject({ statusCode: 200, pages: 3, truncated: false, apiUsage: { used: expect.any(Number), max: 15000 } });
    expect(pageCalls()).toHaveLength(2);
  });

  it('fetchAll with queryAll pages through /query/{locator} too', async () => {
    const out = await sf.run(`- salesforce.query: { configKey: sf, q: "SELECT Id FROM Contact WHERE LastName = 'Pager'", queryAll: true, batchSize: 200, fetchAll: true, responseVariable: r }`);
    expect(vars(out).r!.payload).toMatchObject({ totalSize: PAGER, done: true, records: expect.any(Array) });
    expect((vars(out).r!.payload!.records as unknown[]).length).toBe(PAGER);
  });

  it.each([
    ['on a page boundary: the nextRecordsUrl to go on from is kept', 400, true],
    ['mid-page: no nextRecordsUrl (none would resume at the right row)', 250, false],
  ])('fetchAll cut by maxRecords %s', async (_name, max, resumable) => {
    const out = await sf.run(`- salesforce.query: { configKey: sf, q: "SELECT FirstName FROM Contact WHERE LastName = 'Pager' ORDER BY FirstName", batchSize: 200, fetchAll: true, maxRecords: ${max}, responseVariable: r }`);
    const r = vars(out).r!;
    expect(r.payload).toMatchObject({ totalSize: PAGER, done: false });
    expect(r.payload!.records).toHaveLength(max);
    expect(r.attributes).toMatchObject({ truncated: true });
    if (!resumable) {
      expect(r.payload!.nextRecordsUrl).toBeUndefined();
      return;
    }
    const rest = await sf.run('- salesforce.queryMore: { configKey: sf, nextRecordsUrl: "${vars.url}", responseVariable: more }', { vars: { url: r.payload!.nextRecordsUrl } });
    expect(vars(rest).more!.payload).toMatchObject({ done: true });
    expect((vars(rest).more!.payload!.records as { FirstName: string }[])[0]!.FirstName).toBe('P400');
  });

  it('maxRecords without fetchAll cuts the first page', async () => {
    const out = await sf.run('- salesforce.query: { configKey: sf, q: "SELECT Name FROM Account ORDER BY Name", maxRecords: 5, responseVariable: r }');
    expect(vars(out).r!.payload).toMatchObject({ totalSize: 13, done: false });
    expect(vars(out).r!.payload!.records).toHaveLength(5);
  });

  it('an error on a later page is the result: a fault with its code', async () => {
    sf.sandbox.admin.addFault({ method: 'GET', path: '/query/01g', status: 500, body: [{ errorCode: 'UNKNOWN_EXCEPTION', message: 'An unexpected error occurred.' }] });
    const out = await sf.run(`- salesforce.query: { configKey: sf, q: "SELECT Id FROM Contact WHERE LastName = 'Pager'", batchSize: 200, fetchAll: true }`);
    expect(out.mc.error).toMatchObject({ code: 'UNKNOWN_EXCEPTION', status: 500 });
  });

  it.each([
    ['hands back the locator it was given', (locator: string) => ({ totalSize: 999, done: false, nextRecordsUrl: `/services/data/v60.0/query/${locator}`, records: [{ Id: 'x' }] }), /locator .* came back twice/],
    ['answers an empty page that is not the last', () => ({ totalSize: 999, done: false, nextRecordsUrl: '/services/data/v60.0/query/01gFAKE-400', records: [] }), /an empty page that is not the last/],
  ])('fetchAll stops with FERRY_ERR_CALL_BAD_RESPONSE when Salesforce %s, not in an endless loop', async (_name, page, why) => {
    const first = await sf.run(`- salesforce.query: { configKey: sf, q: "SELECT Id FROM Contact WHERE LastName = 'Pager'", batchSize: 200, responseVariable: r }`);
    const locator = String(vars(first).r!.payload!.nextRecordsUrl).split('/').pop()!;
    sf.sandbox.admin.addFault({ method: 'GET', path: '/query/01g', status: 200, body: page(locator), count: 5 });
    try {
      const out = await sf.run(`- salesforce.query: { configKey: sf, q: "SELECT Id FROM Contact WHERE LastName = 'Pager'", batchSize: 200, fetchAll: true }`);
      expect(out.mc.error).toMatchObject({ code: 'FERRY_ERR_CALL_BAD_RESPONSE', message: expect.stringMatching(why) });
    } finally {
      sf.sandbox.admin.clearFaults();
    }
  });

  it.each([
    ['batchSize below 200', 'batchSize: 100'],
    ['maxRecords 0', 'maxRecords: 0'],
    ['fetchAll as a number', 'fetchAll: 3'],
  ])('%s is a load error', async (_name, param) => {
    await expect(sf.run(`- salesforce.query: { configKey: sf, q: "SELECT Id FROM Account", ${param} }`)).rejects.toThrow(/FERRY_ERR_ARTIFACT_SCHEMA/);
  });
});
