import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { login } from '../sandbox/helpers.js';
import { useSalesforce } from './harness.js';
import { bulkCalls, captured, runRead } from './bulk-helpers.js';

// bulkQuery: create, wait, and every result page (Sforce-Locator followed to the end) as one CSV
// or one JSON array — streamed into the body, read whole into a variable, or into a file.
const LEADS = 7;
const sf = useSalesforce({
  seed: {
    records: {
      Lead: Array.from({ length: LEADS }, (_, i) => ({ LastName: `Bulk ${i}`, Company: i === 3 ? 'Comma, Inc' : 'Quoted "Q" Ltd', Status: 'Open - Not Contacted' })),
      Opportunity: [{ Name: 'To Abort', StageName: 'Prospecting', CloseDate: '2030-01-01' }],
    },
  },
});
const SOQL = "SELECT Id, LastName, Company FROM Lead WHERE LastName LIKE 'Bulk %' ORDER BY LastName";
const resultCalls = (before: number) => bulkCalls(sf, before).filter((c) => c.path.endsWith('/results'));

describe('bulkQuery over several result pages', () => {
  it('CSV, streamed: one header line and every row of the 3 pages (maxRecords 3)', async () => {
    const before = sf.sandbox.admin.requests().length;
    const out = await runRead(sf, `- salesforce.bulkQuery: { configKey: sf, query: "${SOQL}", outputType: CSV, maxRecords: 3, pollInterval: 20 }`);
    expect(out.mc.error).toBeNull();
    expect(out.response.body).toBeInstanceOf(Readable);
    expect(out.response.headers['content-type']).toMatch(/^text\/csv/);
    const lines = out.text.trimEnd().split('\n');
    expect(lines[0]).toBe('"Id","LastName","Company"');
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(Array.from({ length: LEADS }, (_, i) => `"Bulk ${i}"`));
    expect(lines).toContain(`${lines[4]!.split(',')[0]},"Bulk 3","Comma, Inc"`);
    const pages = resultCalls(before).map((c) => Object.fromEntries(new URLSearchParams(c.query)));
    expect(pages).toEqual([{ maxRecords: '3' }, { locator: expect.any(String), maxRecords: '3' }, { locator: expect.any(String), maxRecords: '3' }]);
  });

  it('JSON, streamed: one array of every row, all strings', async () => {
    const out = await runRead(sf, `- salesforce.bulkQuery: { configKey: sf, query: "${SOQL}", maxRecords: 2, pollInterval: 20 }`);
    expect(out.response.headers['content-type']).toBe('application/json');
    const rows = out.json as Record<string, string>[];
    expect(rows).toHaveLength(LEADS);
    expect(rows[0]).toEqual({ Id: expect.stringMatching(/^00Q\w{15}$/), LastName: 'Bulk 0', Company: 'Quoted "Q" Ltd' });
    expect(rows[3]!.Company).toBe('Comma, Inc');
  });

  it('into a variable it is read whole: JSON as an array, CSV as text; attributes name the job and the count', async () => {
    const json = await sf.run(`- salesforce.bulkQuery: { configKey: sf, q: "${SOQL}", maxRecords: 3, pollInterval: 20, responseVariable: r }`);
    const r = captured(json);
    expect(r.payload).toHaveLength(LEADS);
    expect(r.attributes).toMatchObject({ statusCode: 200, jobId: expect.stringMatching(/^750/), records: LEADS });
    const csv = await sf.run(`- salesforce.bulkQuery: { configKey: sf, q: "${SOQL}", outputType: CSV, maxRecords: 3, pollInterval: 20, responseVariable: r }`);
    const text = captured(csv).payload as string;
    expect(text.match(/"Id","LastName","Company"/g)).toHaveLength(1);
    expect(text.trimEnd().split('\n')).toHaveLength(LEADS + 1);
  });

  it('FILE: every page into one file', async () => {
    const out = await sf.run(`- salesforce.bulkQuery: { configKey: sf, query: "${SOQL}", maxRecords: 3, pollInterval: 20, includeResultTo: FILE, filePath: exports/leads.json, responseVariable: r }`);
    const r = captured(out);
    expect(r.payload).toEqual({ result: 'success' });
    expect(JSON.parse(readFileSync(r.attributes.filePath, 'utf8'))).toHaveLength(LEADS);
    expect(r.attributes).toMatchObject({ records: LEADS, bytes: readFileSync(r.attributes.filePath).length });
  });

  it('operation queryAll, the job options and pipe-delimited CRLF pages', async () => {
    const doomed = await sf.run('- salesforce.create: { configKey: sf, sObjectName: Lead, fieldAndValue: { LastName: Bulk Deleted, Company: Gone }, responseVariable: c }');
    await sf.run(`- salesforce.delete: { configKey: sf, sObjectName: Lead, idToDelete: "${captured(doomed, 'c').payload.id}" }`);
    const before = sf.sandbox.admin.requests().length;
    const out = await sf.run(`- salesforce.bulkQuery: { configKey: sf, query: "${SOQL}", operation: QUERY_ALL, columnDelimiter: PIPE, lineEnding: CRLF, maxRecords: 4, pollInterval: 20, responseVariable: r }`);
    const rows = captured(out).payload as Record<string, string>[];
    expect(rows).toHaveLength(LEADS + 1);
    expect(rows.map((l) => l.LastName)).toContain('Bulk Deleted');
    expect(rows.every((l) => !l.Company!.endsWith('\r'))).toBe(true);
    expect(JSON.parse(bulkCalls(sf, before)[0]!.body!)).toEqual({ operation: 'queryAll', query: SOQL, columnDelimiter: 'PIPE', lineEnding: 'CRLF' });
  });

  it('no rows: [] as JSON, the header line as CSV', async () => {
    const none = "SELECT Id FROM Lead WHERE LastName = 'Nobody At All'";
    const json = await sf.run(`- salesforce.bulkQuery: { configKey: sf, query: "${none}", pollInterval: 20, responseVariable: r }`);
    expect(captured(json).payload).toEqual([]);
    const csv = await runRead(sf, `- salesforce.bulkQuery: { configKey: sf, query: "${none}", outputType: CSV, pollInterval: 20 }`);
    expect(csv.text).toBe('"Id"\n');
  });
});

describe('bulkQuery faults', () => {
  it("a query Salesforce refuses is its fault, from the create; nothing is waited for", async () => {
    const before = sf.sandbox.admin.requests().length;
    const out = await sf.run('- salesforce.bulkQuery: { configKey: sf, query: "SELECT Nope__c FROM Lead" }');
    expect(out.mc.error).toMatchObject({ code: 'INVALID_FIELD', status: 400 });
    expect(bulkCalls(sf, before).map((c) => c.method)).toEqual(['POST']);
  });

  it('waiting past timeout is SALESFORCE_BULK_TIMEOUT (504) with the job id', async () => {
    const out = await sf.run(`- salesforce.bulkQuery: { configKey: sf, query: "${SOQL}", timeout: 40, pollInterval: 15 }`);
    expect(out.response.status).toBe(504);
    expect(out.mc.error).toMatchObject({ code: 'SALESFORCE_BULK_TIMEOUT', message: expect.stringMatching(/^salesforce\.bulkQuery: job 750\w{15} \(\w+\) not finished after 40 ms$/) });
    expect((out.mc.error as { detail: { jobs: { id: string }[] } }).detail.jobs[0]!.id).toMatch(/^750/);
  });

  describe('a job aborted while it is waited for', () => {
    let token = '';
    beforeAll(async () => {
      token = await login(sf.url);
    });

    it('is SALESFORCE_BULK_JOB_FAILED (502) with the job info', async () => {
      const api = `${sf.url}/services/data/v60.0/jobs/query`;
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      // someone else aborts the Opportunity query as soon as it shows up
      let aborted = false;
      const aborter = (async () => {
        for (let i = 0; i < 400 && !aborted; i++) {
          const list = (await (await fetch(api, { headers })).json()) as { records: { id: string; object: string; state: string }[] };
          const job = list.records.find((j) => j.object === 'Opportunity' && (j.state === 'UploadComplete' || j.state === 'InProgress'));
          if (job) aborted = (await fetch(`${api}/${job.id}`, { method: 'PATCH', headers, body: JSON.stringify({ state: 'Aborted' }) })).ok;
          else await new Promise((r) => setTimeout(r, 2));
        }
      })();
      const out = await sf.run('- salesforce.bulkQuery: { configKey: sf, query: "SELECT Id FROM Opportunity", pollInterval: 300 }');
      await aborter;
      expect(aborted).toBe(true);
      expect(out.response.status).toBe(502);
      expect(out.mc.error).toMatchObject({ code: 'SALESFORCE_BULK_JOB_FAILED', message: expect.stringContaining('Aborted') });
      expect(out.json).toMatchObject({ state: 'Aborted', object: 'Opportunity' });
    });
  });
});
