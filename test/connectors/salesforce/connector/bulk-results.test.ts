import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { OutputFile } from '../../../../connectors/salesforce/src/bulk/output-file.js';
import { useSalesforce } from './harness.js';
import { B1_CSV, bulkCalls, captured, finished, runRead, submitJob, tempFolder } from './bulk-helpers.js';

// The result downloads of ingest jobs (getSuccessfulResults, getFailedResults,
// getUnprocessedResults): JSON (all strings) or CSV, into a variable (read whole), into the body
// (streamed), or into a file (FILE and its path rules); WSO2's B4 and B5.
const sf = useSalesforce();
const outside = tempFolder();

let done = ''; // JobComplete: one saved record, one failed
let aborted = ''; // Aborted before processing: every row unprocessed
beforeAll(async () => {
  done = await submitJob(sf, 'Name,Description\nSaved Result,"a ""quoted"", multi\nline text"\n,no name here\n');
  await finished(sf, done);
  const out = await sf.run(
    `- salesforce.createJob: { configKey: sf, object: Account, operation: insert, responseVariable: job }
- salesforce.uploadJobData: { configKey: sf, jobId: "\${vars.job.payload.id}", inputData: "Name,Website\\nNever One,a.example\\nNever Two,b.example\\n", responseVariable: up }
- salesforce.abortJob: { configKey: sf, jobId: "\${vars.job.payload.id}", responseVariable: r }`,
  );
  aborted = captured(out, 'job').payload.id;
  await finished(sf, aborted);
});

describe('getSuccessfulResults', () => {
  it('B4: JSON by default, an array of objects whose values are all strings', async () => {
    const id = await submitJob(sf, B1_CSV);
    await finished(sf, id);
    const out = await sf.run('- salesforce.getSuccessfulResults: { configKey: sf, jobId: "${payload.id}", outputType: JSON, includeResultTo: BODY, responseVariable: r }', { payload: { id } });
    const r = captured(out);
    expect(r.attributes.statusCode).toBe(200);
    expect(r.payload).toEqual([
      {
        sf__Id: expect.stringMatching(/^001\w{15}$/),
        sf__Created: 'true',
        Name: 'Lorem Ipsum',
        ShippingCity: 'Milano',
        NumberOfEmployees: '2676',
        AnnualRevenue: '9.12260031E8',
        Website: 'https://ft.com/lacus/at.jsp',
        Description: 'Lorem ipsum dolor sit amet',
      },
    ]);
  });

  it('keeps quotes and line breaks inside a value', async () => {
    const out = await sf.run(`- salesforce.getSuccessfulResults: { configKey: sf, jobId: "${done}", responseVariable: r }`);
    expect(captured(out).payload).toEqual([{ sf__Id: expect.any(String), sf__Created: 'true', Name: 'Saved Result', Description: 'a "quoted", multi\nline text' }]);
  });

  it('CSV into a variable: the text as Salesforce sent it, text/csv', async () => {
    const out = await sf.run(`- salesforce.getSuccessfulResults: { configKey: sf, jobId: "${done}", outputType: CSV, responseVariable: r }`);
    const r = captured(out);
    expect(r.payload).toMatch(/^"sf__Id","sf__Created",Name,Description\n"001\w{15}","true","Saved Result","a ""quoted"", multi\nline text"\n$/);
  });

  it('into the body it streams: CSV passes through, JSON is converted on the way (application/json)', async () => {
    const csv = await runRead(sf, `- salesforce.getSuccessfulResults: { configKey: sf, jobId: "${done}", outputType: CSV }`);
    expect(csv.response.body).toBeInstanceOf(Readable);
    expect(csv.response.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text).toMatch(/^"sf__Id","sf__Created",Name,Description\n/);
    const json = await runRead(sf, `- salesforce.getSuccessfulResults: { configKey: sf, jobId: "${done}" }`);
    expect(json.response.body).toBeInstanceOf(Readable);
    expect(json.response.headers['content-type']).toBe('application/json');
    expect(json.json).toEqual([{ sf__Id: expect.any(String), sf__Created: 'true', Name: 'Saved Result', Description: 'a "quoted", multi\nline text' }]);
  });

  it('asks for gzip and inflates it (Bulk compresses results)', async () => {
    const before = sf.sandbox.admin.requests().length;
    await sf.run(`- salesforce.getSuccessfulResults: { configKey: sf, jobId: "${done}", responseVariable: r }`);
    const [call] = bulkCalls(sf, before);
    expect(call!.headers).toMatchObject({ accept: 'text/csv', 'accept-encoding': 'gzip' });
  });
});

describe('getFailedResults and getUnprocessedResults', () => {
  it('getFailedResults: sf__Id, sf__Error and the uploaded columns', async () => {
    const out = await sf.run(`- salesforce.getFailedResults: { configKey: sf, jobId: "${done}", responseVariable: r }`);
    expect(captured(out).payload).toEqual([{ sf__Id: '', sf__Error: expect.stringMatching(/^REQUIRED_FIELD_MISSING:Required fields are missing: \[Name\]/), Name: '', Description: 'no name here' }]);
  });

  it('no rows → [] (WSO2 answers {}), and the CSV is its header line', async () => {
    const json = await sf.run(`- salesforce.getUnprocessedResults: { configKey: sf, jobId: "${done}", responseVariable: r }`);
    expect(captured(json).payload).toEqual([]);
    const streamed = await runRead(sf, `- salesforce.getFailedResults: { configKey: sf, jobId: "${aborted}" }`);
    expect(streamed.json).toEqual([]);
    const csv = await sf.run(`- salesforce.getUnprocessedResults: { configKey: sf, jobId: "${done}", outputType: CSV, responseVariable: r }`);
    expect(captured(csv).payload).toBe('Name,Description\n');
  });

  it('getUnprocessedResults of an aborted job: every uploaded row', async () => {
    const out = await sf.run(`- salesforce.getUnprocessedResults: { configKey: sf, jobId: "${aborted}", responseVariable: r }`);
    expect(captured(out).payload).toEqual([
      { Name: 'Never One', Website: 'a.example' },
      { Name: 'Never Two', Website: 'b.example' },
    ]);
  });

  it('results of a job still running are the INVALIDJOBSTATE fault; of an unknown job, NOT_FOUND', async () => {
    const open = await sf.run(
      `- salesforce.createJob: { configKey: sf, object: Account, operation: insert, responseVariable: job }
- salesforce.getSuccessfulResults: { configKey: sf, jobId: "\${vars.job.payload.id}" }`,
    );
    expect(open.mc.error).toMatchObject({ code: 'INVALIDJOBSTATE', status: 400 });
    const unknown = await sf.run('- salesforce.getFailedResults: { configKey: sf, jobId: 7505g00000ZZZZZAAA }');
    expect(unknown.mc.error).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });
});

describe('includeResultTo: FILE', () => {
  it('B5: unprocessed records as CSV to a file → {"result":"success"}; attributes name the file and its size', async () => {
    const out = await sf.run(`- salesforce.getUnprocessedResults: { configKey: sf, jobId: "${aborted}", outputType: CSV, includeResultTo: FILE, filePath: out/unprocessed.csv, responseVariable: r }`);
    const r = captured(out);
    expect(out.mc.error).toBeNull();
    expect(r.payload).toEqual({ result: 'success' });
    expect(r.attributes.filePath).toMatch(/out\/unprocessed\.csv$/);
    const text = readFileSync(r.attributes.filePath, 'utf8');
    expect(text).toBe('Name,Website\n"Never One","a.example"\n"Never Two","b.example"\n');
    expect(r.attributes.bytes).toBe(Buffer.byteLength(text));
    // nothing but the file: the temporary file it was written to is gone
    expect(readdirSync(join(r.attributes.filePath, '..'))).toEqual(['unprocessed.csv']);
  });

  it('JSON to a file (WSO2 alias addResultsTo), without a variable: the body is {"result":"success"}', async () => {
    const out = await sf.run(`- salesforce.getSuccessfulResults: { configKey: sf, jobId: "${done}", addResultsTo: FILE, filePath: saved.json }`);
    expect(out.response.status).toBe(200);
    expect(out.json).toEqual({ result: 'success' });
    const kept = await sf.run(`- salesforce.getSuccessfulResults: { configKey: sf, jobId: "${done}", addResultsTo: FILE, filePath: saved.json, responseVariable: r }`);
    expect(JSON.parse(readFileSync(captured(kept).attributes.filePath, 'utf8'))).toEqual([{ sf__Id: expect.any(String), sf__Created: 'true', Name: 'Saved Result', Description: 'a "quoted", multi\nline text' }]);
  });

  it.each([
    ['a relative path that climbs out', '../escaped.json'],
    ['an absolute path outside the project', `${join(outside, 'abs.json')}`],
  ])('%s is refused (FERRY_ERR_CONNECTOR_PARAMS) before anything is downloaded', async (_name, filePath) => {
    const before = sf.sandbox.admin.requests().length;
    const out = await sf.run(`- salesforce.getSuccessfulResults: { configKey: sf, jobId: "${done}", includeResultTo: FILE, filePath: "${filePath}" }`);
    expect(out.response.status).toBe(400);
    expect(out.mc.error).toMatchObject({ code: 'FERRY_ERR_CONNECTOR_PARAMS', message: expect.stringMatching(/project folder/) });
    expect(bulkCalls(sf, before)).toHaveLength(0);
  });

  it('allowAbsolutePath: true lets an absolute path point outside the project', async () => {
    const target = join(outside, 'nested', 'allowed.csv');
    const out = await sf.run(`- salesforce.getSuccessfulResults: { configKey: sf, jobId: "${done}", outputType: CSV, includeResultTo: FILE, filePath: "${target}", allowAbsolutePath: true, responseVariable: r }`);
    expect(captured(out).payload).toEqual({ result: 'success' });
    expect(readFileSync(target, 'utf8')).toMatch(/^"sf__Id","sf__Created",Name,Description\n/);
  });

  it('a path that cannot be written is the SALESFORCE_BULK_FILE fault (500), not a 200 with an error body', async () => {
    const before = sf.sandbox.admin.requests().length;
    const out = await sf.run(`- salesforce.getSuccessfulResults: { configKey: sf, jobId: "${done}", includeResultTo: FILE, filePath: blocker.txt/out.json }`, {}, { 'blocker.txt': 'a file, not a folder' });
    expect(out.response.status).toBe(500);
    expect(out.mc.error).toMatchObject({ code: 'SALESFORCE_BULK_FILE', message: expect.stringContaining("'blocker.txt/out.json' cannot be written") });
    expect(bulkCalls(sf, before)).toHaveLength(0);
  });

  it('FILE without filePath is FERRY_ERR_CONNECTOR_PARAMS', async () => {
    const out = await sf.run(`- salesforce.getSuccessfulResults: { configKey: sf, jobId: "${done}", includeResultTo: FILE }`);
    expect(out.mc.error).toMatchObject({ code: 'FERRY_ERR_CONNECTOR_PARAMS', message: expect.stringContaining('filePath') });
  });

  it('a refused download leaves no file behind', async () => {
    const target = join(outside, 'refused');
    mkdirSync(target, { recursive: true });
    const out = await sf.run(`- salesforce.getSuccessfulResults: { configKey: sf, jobId: 7505g00000ZZZZZAAA, includeResultTo: FILE, filePath: "${join(target, 'x.json')}", allowAbsolutePath: true }`);
    expect(out.mc.error).toMatchObject({ code: 'NOT_FOUND' });
    expect(readdirSync(target)).toEqual([]);
  });

  it('a symbolic link inside the project that leads out of it is refused', async () => {
    const project = tempFolder('ferry-bulk-project-');
    symlinkSync(outside, join(project, 'link'));
    await expect(OutputFile.open('link/out.json', project, false)).rejects.toMatchObject({ code: 'FERRY_ERR_CONNECTOR_PARAMS', message: expect.stringContaining('symbolic link') });
    const inside = await OutputFile.open('sub/ok.json', project, false);
    expect(await inside.write(Readable.from(['{}']))).toBe(2);
    expect(existsSync(join(project, 'sub', 'ok.json'))).toBe(true);
  });
});
