import { describe, expect, it } from 'vitest';
import { useSalesforce } from './harness.js';
import { B1_CSV, bulkCalls, captured, finished, submitJob } from './bulk-helpers.js';

// Ingest jobs with WSO2's operations against the sandbox over real HTTP: createJob, uploadJobData
// (inputData, as WSO2), closeJob, abortJob, deleteJob, getJobInfo, getAllJobInfo, and WSO2's
// Bulk example flows B1, B3 and B6 (reference §4.3).
const sf = useSalesforce();
const requests = () => sf.sandbox.admin.requests().length;

describe('createJob', () => {
  it('sends only the options given, in Salesforce spelling (WSO2 writes INSERT), and answers the Open JobInfo', async () => {
    const before = requests();
    const out = await sf.run('- salesforce.createJob: { configKey: sf, object: Account, operation: INSERT, columnDelimiter: COMMA, lineEnding: LF, assignmentRuleId: "", responseVariable: r }');
    const r = captured(out);
    expect(r.attributes.statusCode).toBe(200);
    expect(r.payload).toMatchObject({ id: expect.stringMatching(/^750\w{15}$/), operation: 'insert', object: 'Account', state: 'Open', contentType: 'CSV', lineEnding: 'LF', columnDelimiter: 'COMMA', contentUrl: expect.stringMatching(/\/batches$/) });
    const [create] = bulkCalls(sf, before);
    expect(create).toMatchObject({ method: 'POST', path: '/services/data/v60.0/jobs/ingest' });
    expect(JSON.parse(create!.body!)).toEqual({ object: 'Account', operation: 'insert', columnDelimiter: 'COMMA', lineEnding: 'LF' });
  });

  it('upsert takes externalIdFieldName; hardDelete and the other delimiters are passed on', async () => {
    const upsert = await sf.run('- salesforce.createJob: { configKey: sf, object: Account, operation: upsert, externalIdFieldName: Id, responseVariable: r }');
    expect(captured(upsert).payload).toMatchObject({ operation: 'upsert', externalIdFieldName: 'Id' });
    const before = requests();
    const hard = await sf.run('- salesforce.createJob: { configKey: sf, object: Contact, operation: HARD_DELETE, columnDelimiter: SEMICOLON, lineEnding: CRLF, responseVariable: r }');
    expect(captured(hard).payload).toMatchObject({ operation: 'hardDelete', columnDelimiter: 'SEMICOLON', lineEnding: 'CRLF' });
    expect(JSON.parse(bulkCalls(sf, before)[0]!.body!)).toEqual({ object: 'Contact', operation: 'hardDelete', columnDelimiter: 'SEMICOLON', lineEnding: 'CRLF' });
  });

  it('an operation Bulk does not have is refused before any call (at load when literal, FERRY_ERR_CONNECTOR_PARAMS when evaluated)', async () => {
    await expect(sf.run('- salesforce.createJob: { configKey: sf, object: Account, operation: merge }')).rejects.toThrow(/operation/);
    const before = requests();
    const { mc, response } = await sf.run('- salesforce.createJob: { configKey: sf, object: Account, operation: "${vars.op}" }', { vars: { op: 'merge' } });
    expect(response.status).toBe(400);
    expect(mc.error).toMatchObject({ code: 'FERRY_ERR_CONNECTOR_PARAMS' });
    expect(bulkCalls(sf, before)).toHaveLength(0);
  });

  it("Salesforce's refusal (an unknown object, an upsert without its key) is a fault with its code", async () => {
    const unknown = await sf.run('- salesforce.createJob: { configKey: sf, object: Nothing__c, operation: insert }');
    expect(unknown.mc.error).toMatchObject({ code: 'INVALIDJOB', status: 400, message: expect.stringContaining('Unable to find object') });
    const upsert = await sf.run('- salesforce.createJob: { configKey: sf, object: Account, operation: upsert }');
    expect(upsert.mc.error).toMatchObject({ code: 'INVALIDJOB', message: expect.stringContaining('External ID') });
  });
});

describe("WSO2's Bulk example (§4.3)", () => {
  let jobId = '';

  it('B1: createJob, uploadJobData with the posted CSV, closeJob → the UploadComplete JobInfo', async () => {
    const before = requests();
    const { mc, response, json } = await sf.run(
      `- variable: { name: csvContent, expression: "\${payload}" }
- salesforce.createJob: { configKey: sf, operation: INSERT, object: Account, columnDelimiter: COMMA, lineEnding: LF, responseVariable: createJob }
- salesforce.uploadJobData: { configKey: sf, jobId: "\${vars.createJob.payload.id}", inputData: "\${vars.csvContent}", responseVariable: upload }
- salesforce.closeJob: { configKey: sf, jobId: "\${vars.createJob.payload.id}" }
- respond: {}`,
      { payload: B1_CSV, contentType: 'text/plain' },
    );
    expect(mc.error).toBeNull();
    expect(response.status).toBe(200);
    expect(json).toMatchObject({ operation: 'insert', object: 'Account', state: 'UploadComplete', concurrencyMode: 'Parallel', contentType: 'CSV', apiVersion: 60 });
    jobId = (json as { id: string }).id;
    expect(mc.vars.upload).toMatchObject({ attributes: { statusCode: 201, bytes: Buffer.byteLength(B1_CSV) } });
    const calls = bulkCalls(sf, before);
    expect(calls.map((c) => `${c.method} ${c.path.replace(/750\w+/, '{id}')} ${c.status}`)).toEqual([
      'POST /services/data/v60.0/jobs/ingest 200',
      'PUT /services/data/v60.0/jobs/ingest/{id}/batches 201',
      'PATCH /services/data/v60.0/jobs/ingest/{id} 200',
    ]);
    expect(calls[1]!.headers['content-type']).toBe('text/csv');
    expect(JSON.parse(calls[2]!.body!)).toEqual({ state: 'UploadComplete' });
  });

  it('B3: getJobInfo once processed → JobComplete with the counts', async () => {
    await finished(sf, jobId);
    const { json } = await sf.run('- salesforce.getJobInfo: { configKey: sf, jobId: "${payload.id}" }', { payload: { id: jobId } });
    expect(json).toMatchObject({ id: jobId, state: 'JobComplete', jobType: 'V2Ingest', lineEnding: 'LF', columnDelimiter: 'COMMA', numberRecordsProcessed: 1, numberRecordsFailed: 0, retries: 0, apexProcessingTime: 0 });
    expect(sf.sandbox.admin.records('Account').find((a) => a.Name === 'Lorem Ipsum')).toMatchObject({ ShippingCity: 'Milano', NumberOfEmployees: 2676 });
  });

  it('B6: deleteJob → 200 {"result":"Success"} (WSO2 rewrites the 204); an unknown id → the 404 NOT_FOUND fault', async () => {
    const { response, json, mc } = await sf.run('- salesforce.deleteJob: { configKey: sf, jobId: "${payload.id}" }', { payload: { id: jobId } });
    expect(mc.error).toBeNull();
    expect(response.status).toBe(200);
    expect(json).toEqual({ result: 'Success' });
    const again = await sf.run('- salesforce.deleteJob: { configKey: sf, jobId: "${payload.id}" }', { payload: { id: jobId } });
    expect(again.response.status).toBe(404);
    expect(again.mc.error).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    expect(again.json).toEqual([{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
  });
});

describe('closeJob, abortJob, getJobInfo', () => {
  it('abortJob stops an open job; a second abort is the INVALIDJOBSTATE fault', async () => {
    const out = await sf.run(
      `- salesforce.createJob: { configKey: sf, object: Account, operation: insert, responseVariable: job }
- salesforce.abortJob: { configKey: sf, jobId: "\${vars.job.payload.id}", responseVariable: aborted }
- salesforce.getJobInfo: { configKey: sf, jobId: "\${vars.job.payload.id}", responseVariable: info }
- salesforce.abortJob: { configKey: sf, jobId: "\${vars.job.payload.id}" }`,
    );
    expect(captured(out, 'aborted').payload).toMatchObject({ state: 'Aborted' });
    expect(captured(out, 'info').payload).toMatchObject({ state: 'Aborted', jobType: 'V2Ingest' });
    expect(out.mc.error).toMatchObject({ code: 'INVALIDJOBSTATE', status: 400, message: expect.stringContaining('Aborting already Aborted Job') });
  });

  it('an unknown job id is the 404 NOT_FOUND fault for every job operation', async () => {
    for (const op of ['getJobInfo', 'closeJob', 'abortJob', 'deleteJob', 'uploadJobData']) {
      const extra = op === 'uploadJobData' ? ', inputData: "Name\\nX\\n"' : '';
      const { mc } = await sf.run(`- salesforce.${op}: { configKey: sf, jobId: 7505g00000ZZZZZAAA${extra} }`);
      expect(mc.error, op).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    }
  });

  it('uploading to a closed job is refused (Salesforce takes one upload per job, to an Open job)', async () => {
    const id = await submitJob(sf, 'Name\nClosed Upload\n');
    const { mc } = await sf.run(`- salesforce.uploadJobData: { configKey: sf, jobId: "${id}", inputData: "Name\\nLate\\n" }`);
    expect(mc.error).toMatchObject({ code: 'BULK_API_ERROR', status: 400, message: expect.stringContaining('multipe contents') });
    const closed = await sf.run(
      `- salesforce.createJob: { configKey: sf, object: Account, operation: insert, responseVariable: job }
- salesforce.closeJob: { configKey: sf, jobId: "\${vars.job.payload.id}", responseVariable: closed }
- salesforce.uploadJobData: { configKey: sf, jobId: "\${vars.job.payload.id}", inputData: "Name\\nLate\\n" }`,
    );
    expect(closed.mc.error).toMatchObject({ code: 'INVALIDJOBSTATE', status: 400 });
  });
});

describe('getAllJobInfo', () => {
  it("lists the org's ingest jobs ({done, records, nextRecordsUrl}); jobType All (WSO2's default) sends no filter", async () => {
    const id = await submitJob(sf, 'Name\nListed\n');
    const before = requests();
    const all = await sf.run('- salesforce.getAllJobInfo: { configKey: sf, jobType: All, responseVariable: r }');
    const page = captured(all).payload as { done: boolean; records: { id: string; jobType: string }[]; nextRecordsUrl: unknown };
    expect(page.done).toBe(true);
    expect(page.nextRecordsUrl).toBeNull();
    expect(page.records.map((j) => j.id)).toContain(id);
    expect(page.records.every((j) => j.jobType === 'V2Ingest')).toBe(true);
    expect(bulkCalls(sf, before)[0]!.query).toBe('');
  });

  it('passes jobType, isPkChunkingEnabled and queryLocator on (a nextRecordsUrl is taken for its locator)', async () => {
    const before = requests();
    const v2 = await sf.run('- salesforce.getAllJobInfo: { configKey: sf, jobType: V2Ingest, isPkChunkingEnabled: "false", responseVariable: r }');
    expect((captured(v2).payload as { records: unknown[] }).records.length).toBeGreaterThan(0);
    const classic = await sf.run('- salesforce.getAllJobInfo: { configKey: sf, jobType: Classic, responseVariable: r }');
    expect(captured(classic).payload).toMatchObject({ done: true, records: [] });
    const queries = bulkCalls(sf, before).map((c) => Object.fromEntries(new URLSearchParams(c.query)));
    expect(queries).toEqual([{ jobType: 'V2Ingest', isPkChunkingEnabled: 'false' }, { jobType: 'Classic' }]);
    const bad = await sf.run('- salesforce.getAllJobInfo: { configKey: sf, queryLocator: "/services/data/v60.0/jobs/ingest?queryLocator=01g5g00000ABCDEF-1000" }');
    expect(bad.mc.error).toMatchObject({ code: 'INVALID_QUERY_LOCATOR', status: 400 });
    expect(new URLSearchParams(bulkCalls(sf).at(-1)!.query).get('queryLocator')).toBe('01g5g00000ABCDEF-1000');
  });
});
