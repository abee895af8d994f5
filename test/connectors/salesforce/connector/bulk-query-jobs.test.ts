import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { useSalesforce } from './harness.js';
import { bulkCalls, captured, finished, runRead } from './bulk-helpers.js';

// Query jobs with WSO2's operations: createQueryJob, getQueryJobInfo, getQueryJobResults,
// getAllQueryJobInfo, abortQueryJob, deleteQueryJob, and WSO2's Bulk example flows B7–B9.
const sf = useSalesforce({
  seed: { records: { Lead: Array.from({ length: 7 }, (_, i) => ({ LastName: `Paged ${i}`, Company: 'Pages Inc', Status: 'Open - Not Contacted' })) } },
});
const accounts = () => sf.sandbox.admin.records('Account');

/** A completed query job's id. */
async function queryJob(soql: string): Promise<string> {
  const out = await sf.run(`- salesforce.createQueryJob: { configKey: sf, query: "${soql}", responseVariable: r }`);
  const id = captured(out).payload.id as string;
  await finished(sf, id, 'query');
  return id;
}

describe("WSO2's Bulk example (§4.3)", () => {
  let id = '';

  it('B7: createQueryJob (operation QUERY, COMMA, LF) → the UploadComplete JobInfo; only the options given are sent', async () => {
    const before = sf.sandbox.admin.requests().length;
    const { json, mc } = await sf.run('- salesforce.createQueryJob: { configKey: sf, query: "SELECT Id, name FROM Account", operation: QUERY, columnDelimiter: COMMA, lineEnding: LF }');
    expect(mc.error).toBeNull();
    expect(json).toMatchObject({ id: expect.stringMatching(/^750/), operation: 'query', object: 'Account', state: 'UploadComplete', concurrencyMode: 'Parallel', contentType: 'CSV', lineEnding: 'LF', columnDelimiter: 'COMMA' });
    id = (json as { id: string }).id;
    // WSO2 3.x sends contentType "" (and every other key), which Salesforce refuses
    expect(JSON.parse(bulkCalls(sf, before)[0]!.body!)).toEqual({ operation: 'query', query: 'SELECT Id, name FROM Account', columnDelimiter: 'COMMA', lineEnding: 'LF' });
  });

  it("B8: getQueryJobInfo with the docs' jobId spelling → JobComplete, V2Query, the record count", async () => {
    await finished(sf, id, 'query');
    const { json } = await sf.run('- salesforce.getQueryJobInfo: { configKey: sf, jobId: "${payload.id}" }', { payload: { id } });
    expect(json).toMatchObject({ id, state: 'JobComplete', jobType: 'V2Query', numberRecordsProcessed: accounts().length, retries: 0 });
  });

  it('B9: getQueryJobResults as JSON → [{Id, Name}], every value a string', async () => {
    const { mc } = await sf.run('- salesforce.getQueryJobResults: { configKey: sf, jobId: "${payload.id}", outputType: JSON, responseVariable: r }', { payload: { id } });
    const rows = captured({ mc } as never).payload as Record<string, string>[];
    expect(rows).toHaveLength(accounts().length);
    expect(rows).toContainEqual({ Id: expect.stringMatching(/^001\w{15}$/), Name: 'Sample Account for Entitlements' });
    expect(rows.every((r) => Object.keys(r).join() === 'Id,Name')).toBe(true);
  });
});

describe('getQueryJobResults', () => {
  let leads = '';
  beforeAll(async () => {
    leads = await queryJob("SELECT Id, LastName, Company FROM Lead WHERE Company = 'Pages Inc' ORDER BY LastName");
  });

  it('maxRecords reaches Salesforce (WSO2 ignores it); attributes.locator names the next page, absent on the last', async () => {
    const first = await sf.run(`- salesforce.getQueryJobResults: { configKey: sf, queryJobId: "${leads}", maxRecords: 3, responseVariable: r }`);
    const r1 = captured(first);
    expect((r1.payload as { LastName: string }[]).map((l) => l.LastName)).toEqual(['Paged 0', 'Paged 1', 'Paged 2']);
    expect(r1.attributes).toMatchObject({ locator: expect.any(String), numberOfRecords: 3 });
    expect(r1.headers['sforce-locator']).toBe(r1.attributes.locator);
    const second = await sf.run(`- salesforce.getQueryJobResults: { configKey: sf, queryJobId: "${leads}", maxRecords: "3", locator: "${r1.attributes.locator}", responseVariable: r }`);
    expect((captured(second).payload as { LastName: string }[]).map((l) => l.LastName)).toEqual(['Paged 3', 'Paged 4', 'Paged 5']);
    const third = await sf.run(`- salesforce.getQueryJobResults: { configKey: sf, queryJobId: "${leads}", maxRecords: 3, locator: "${captured(second).attributes.locator}", responseVariable: r }`);
    expect(captured(third).payload).toHaveLength(1);
    expect(captured(third).attributes.locator).toBeUndefined();
    expect(captured(third).headers['sforce-locator']).toBe('null');
    const queries = bulkCalls(sf).filter((c) => c.path.endsWith('/results')).slice(-3).map((c) => new URLSearchParams(c.query).get('maxRecords'));
    expect(queries).toEqual(['3', '3', '3']);
  });

  it('outputType CSV: the text with its quoted header; streamed into the body', async () => {
    const kept = await sf.run(`- salesforce.getQueryJobResults: { configKey: sf, queryJobId: "${leads}", outputType: CSV, maxRecords: 2, responseVariable: r }`);
    expect(captured(kept).payload).toMatch(/^"Id","LastName","Company"\n"00Q\w{15}","Paged 0","Pages Inc"\n"00Q\w{15}","Paged 1","Pages Inc"\n$/);
    const streamed = await runRead(sf, `- salesforce.getQueryJobResults: { configKey: sf, queryJobId: "${leads}", outputType: CSV }`);
    expect(streamed.response.body).toBeInstanceOf(Readable);
    expect(streamed.text.split('\n').filter(Boolean)).toHaveLength(8);
  });

  it('includeResultTo FILE (WSO2 shows it, 3.x ignores it) writes the page to filePath', async () => {
    const out = await sf.run(`- salesforce.getQueryJobResults: { configKey: sf, queryJobId: "${leads}", addResultsTo: FILE, filePath: path/to/file/out.json, responseVariable: r }`);
    const r = captured(out);
    expect(r.payload).toEqual({ result: 'success' });
    expect(JSON.parse(readFileSync(r.attributes.filePath, 'utf8'))).toHaveLength(7);
  });

  it('an unknown locator is Salesforce’s INVALID_QUERY_LOCATOR fault; results of a job of another API version, 409', async () => {
    const bad = await sf.run(`- salesforce.getQueryJobResults: { configKey: sf, queryJobId: "${leads}", locator: nonsense }`);
    expect(bad.mc.error).toMatchObject({ code: 'INVALID_QUERY_LOCATOR', status: 400 });
    const v58 = `  sf58: { connector: salesforce, instanceUrl: "${sf.url}", tokenUrl: "${sf.url}/services/oauth2/token", clientId: ferry-sandbox-client, clientSecret: ferry-sandbox-secret, apiVersion: "58.0" }`;
    const other = await sf.run(`- salesforce.getQueryJobResults: { configKey: sf58, queryJobId: "${leads}" }`, {}, { 'config/server.yaml': sf.serverYaml(v58) });
    expect(other.mc.error).toMatchObject({ code: 'API_ERROR', status: 409 });
  });
});

describe('createQueryJob, getAllQueryJobInfo, abortQueryJob, deleteQueryJob', () => {
  it('QUERY_ALL is queryAll: deleted records are in its results', async () => {
    const doomed = await sf.run('- salesforce.create: { configKey: sf, sObjectName: Account, fieldAndValue: { Name: Deleted For QueryAll }, responseVariable: c }');
    await sf.run(`- salesforce.delete: { configKey: sf, sObjectName: Account, idToDelete: "${captured(doomed, 'c').payload.id}" }`);
    const out = await sf.run(`- salesforce.createQueryJob: { configKey: sf, query: "SELECT Id, Name FROM Account WHERE Name = 'Deleted For QueryAll'", operation: QUERY_ALL, responseVariable: r }`);
    expect(captured(out).payload).toMatchObject({ operation: 'queryAll' });
    await finished(sf, captured(out).payload.id, 'query');
    const rows = await sf.run(`- salesforce.getQueryJobResults: { configKey: sf, queryJobId: "${captured(out).payload.id}", responseVariable: r }`);
    expect(captured(rows).payload).toEqual([{ Id: expect.any(String), Name: 'Deleted For QueryAll' }]);
  });

  it("a query Bulk cannot run is Salesforce's fault at create time", async () => {
    const out = await sf.run('- salesforce.createQueryJob: { configKey: sf, query: "SELECT COUNT() FROM Account" }');
    expect(out.mc.error).toMatchObject({ code: 'API_ERROR', status: 400, message: expect.stringContaining('Aggregate') });
  });

  it('getAllQueryJobInfo lists query jobs only', async () => {
    const id = await queryJob('SELECT Id FROM Contact');
    const out = await sf.run('- salesforce.getAllQueryJobInfo: { configKey: sf, responseVariable: r }');
    const page = captured(out).payload as { done: boolean; records: { id: string; jobType: string }[] };
    expect(page.done).toBe(true);
    expect(page.records.map((j) => j.id)).toContain(id);
    expect(page.records.every((j) => j.jobType === 'V2Query')).toBe(true);
    const typed = await sf.run('- salesforce.getAllQueryJobInfo: { configKey: sf, jobType: V2Ingest, responseVariable: r }');
    expect(captured(typed).payload).toMatchObject({ records: [] });
  });

  it('abortQueryJob stops a running job; aborting a finished one is the INVALIDJOBSTATE fault', async () => {
    const out = await sf.run(
      `- salesforce.createQueryJob: { configKey: sf, query: "SELECT Id FROM Account", responseVariable: job }
- salesforce.abortQueryJob: { configKey: sf, jobId: "\${vars.job.payload.id}", responseVariable: r }`,
    );
    expect(captured(out).payload).toMatchObject({ state: 'Aborted' });
    const done = await queryJob('SELECT Id FROM Account');
    const late = await sf.run(`- salesforce.abortQueryJob: { configKey: sf, queryJobId: "${done}" }`);
    expect(late.mc.error).toMatchObject({ code: 'INVALIDJOBSTATE', status: 400, message: 'Aborting already Completed Job not allowed' });
  });

  it('deleteQueryJob → 200 {"result":"Success"}; then the job is gone (404 NOT_FOUND)', async () => {
    const id = await queryJob('SELECT Id FROM Account');
    const out = await sf.run(`- salesforce.deleteQueryJob: { configKey: sf, queryJobId: "${id}" }`);
    expect(out.response.status).toBe(200);
    expect(out.json).toEqual({ result: 'Success' });
    const gone = await sf.run(`- salesforce.getQueryJobInfo: { configKey: sf, queryJobId: "${id}" }`);
    expect(gone.mc.error).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });
});
