import { mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BodyStream } from '../../../../src/engine/body-stream.js';
import { useSalesforce } from './harness.js';
import { bulkCalls, captured, finished, streamOf } from './bulk-helpers.js';

// uploadJobData beyond inputData text: a streamed body (straight through), a JSON array or
// NDJSON converted to CSV (#N/A for null, the union of the fields as columns), and the errors.
// What was uploaded is read back from the job's successful results, which echo every cell.
const sf = useSalesforce();
const records = (type: string, field: string, value: string) => sf.sandbox.admin.records(type).filter((r) => r[field] === value);

/** Create a job, upload with the given step parameters and input, close it: the run, the job id, the Bulk calls. */
async function upload(params: string, input: Parameters<typeof sf.run>[1], job = 'object: Account, operation: insert') {
  const before = sf.sandbox.admin.requests().length;
  const out = await sf.run(
    `- salesforce.createJob: { configKey: sf, ${job}, responseVariable: job }
- salesforce.uploadJobData: { configKey: sf, jobId: "\${vars.job.payload.id}"${params ? `, ${params}` : ''}, responseVariable: up }
- salesforce.closeJob: { configKey: sf, jobId: "\${vars.job.payload.id}", responseVariable: closed }
- respond: { body: done }`,
    input,
  );
  const id = (out.mc.vars.job as { payload: { id: string } } | undefined)?.payload.id ?? '';
  return { out, id, calls: bulkCalls(sf, before) };
}

/** The uploaded columns and cells of a finished job, from its successful results (sf__Id, sf__Created left out). */
async function uploaded(id: string): Promise<{ columns: string[]; cells: string[][] }> {
  await finished(sf, id);
  const out = await sf.run(`- salesforce.getSuccessfulResults: { configKey: sf, jobId: "${id}", responseVariable: r }`);
  const rows = captured(out).payload as Record<string, string>[];
  const columns = Object.keys(rows[0] ?? {}).slice(2);
  return { columns, cells: rows.map((r) => columns.map((c) => r[c]!)) };
}

// NDJSON conversions put their temporary files in a folder of the test's own, to see them go
// (the sandbox's job folder is made before, by the first job of the file, and stays put)
let tmp = '';
let savedTmp: string | undefined;
beforeAll(async () => {
  await sf.run('- salesforce.createJob: { configKey: sf, object: Account, operation: insert, responseVariable: r }');
});
function privateTmp(): void {
  tmp = mkdtempSync(join(tmpdir(), 'ferry-upload-test-'));
  savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = tmp;
}
afterEach(() => {
  if (!tmp) return;
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  rmSync(tmp, { recursive: true, force: true });
  tmp = '';
});
const conversionFiles = () => readdirSync(tmp).filter((f) => f.startsWith('ferry-ndjson-'));

describe('uploadJobData from a streamed body', () => {
  it('a CSV BodyStream reaches Salesforce whole, after a job-info call that renews the token', async () => {
    const pieces = ['Name,Desc', 'ription\nStreamed One,"first line\nsec', 'ond line"\nStreamed Two,', 'plain\n'];
    const body = new BodyStream(streamOf(pieces), 'text/csv');
    const { out, id, calls } = await upload('', { payload: body, contentType: 'text/csv' });
    expect(out.mc.error).toBeNull();
    expect(body.consumed).toBe(true);
    expect(out.mc.vars.up).toMatchObject({ attributes: { statusCode: 201, bytes: Buffer.byteLength(pieces.join('')) } });
    expect(calls.map((c) => `${c.method} ${c.path.replace(/750\w+/, '{id}')}`)).toEqual([
      'POST /services/data/v60.0/jobs/ingest',
      'GET /services/data/v60.0/jobs/ingest/{id}',
      'PUT /services/data/v60.0/jobs/ingest/{id}/batches',
      'PATCH /services/data/v60.0/jobs/ingest/{id}',
    ]);
    expect(await uploaded(id)).toEqual({ columns: ['Name', 'Description'], cells: [['Streamed One', 'first line\nsecond line'], ['Streamed Two', 'plain']] });
    expect(records('Account', 'Name', 'Streamed One')[0]).toMatchObject({ Description: 'first line\nsecond line' });
  });

  it('an unknown job answers 404 before the body is touched', async () => {
    const body = new BodyStream(streamOf(['Name\nNever\n']), 'text/csv');
    const { mc } = await sf.run('- salesforce.uploadJobData: { configKey: sf, jobId: 7505g00000ZZZZZAAA }', { payload: body, contentType: 'text/csv' });
    expect(mc.error).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    expect(body.consumed).toBe(false);
  });

  it('NDJSON streamed: converted in two passes over a temporary file, which is removed', async () => {
    privateTmp();
    const lines = ['{"Name":"Nd One","Phone":"111"}\n', '{"Name":"Nd Two","Website":null}\n', '\n', '{"Name":"Nd Three","Phone":"333","Website":"w.example"}\n'];
    const { out, id } = await upload('', { payload: new BodyStream(streamOf(lines), 'application/x-ndjson'), contentType: 'application/x-ndjson' });
    expect(out.mc.error).toBeNull();
    const csv = 'Name,Phone,Website\nNd One,111,\nNd Two,,#N/A\nNd Three,333,w.example\n';
    expect(out.mc.vars.up).toMatchObject({ attributes: { statusCode: 201, bytes: csv.length } });
    expect(conversionFiles()).toEqual([]);
    expect(await uploaded(id)).toEqual({ columns: ['Name', 'Phone', 'Website'], cells: [['Nd One', '111', ''], ['Nd Two', '', '#N/A'], ['Nd Three', '333', 'w.example']] });
    expect(records('Account', 'Name', 'Nd Three')[0]).toMatchObject({ Phone: '333', Website: 'w.example' });
  });

  it('a line of NDJSON that is not JSON is SALESFORCE_BULK_INPUT (400) before anything is uploaded', async () => {
    privateTmp();
    const lines = ['{"Name":"Fine"}\n', '{"Name": oops}\n'];
    const { out, calls } = await upload('', { payload: new BodyStream(streamOf(lines), 'application/x-ndjson'), contentType: 'application/x-ndjson' });
    expect(out.response.status).toBe(400);
    expect(out.mc.error).toMatchObject({ code: 'SALESFORCE_BULK_INPUT', message: expect.stringContaining('NDJSON line 2 is not JSON') });
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);
    expect(conversionFiles()).toEqual([]);
  });
});

describe('uploadJobData converts JSON', () => {
  it('a JSON array body: columns are the union of the fields, null is #N/A, a missing field is left empty', async () => {
    const payload = [{ Name: 'Json One', Phone: '1' }, { Name: 'Json Two', Website: null }, { attributes: { type: 'Account' }, Name: 'Json Three', NumberOfEmployees: 12, Phone: 'x,"y"' }];
    const { out, id } = await upload('', { payload });
    expect(out.mc.error).toBeNull();
    const csv = 'Name,Phone,Website,NumberOfEmployees\nJson One,1,,\nJson Two,,#N/A,\nJson Three,"x,""y""",,12\n';
    expect(out.mc.vars.up).toMatchObject({ attributes: { bytes: csv.length } });
    expect(await uploaded(id)).toEqual({ columns: ['Name', 'Phone', 'Website', 'NumberOfEmployees'], cells: [['Json One', '1', '', ''], ['Json Two', '', '#N/A', ''], ['Json Three', 'x,"y"', '', '12']] });
    expect(records('Account', 'Name', 'Json Three')[0]).toMatchObject({ NumberOfEmployees: 12, Phone: 'x,"y"' });
  });

  it("#N/A sets a field to null in an update; an absent field is left as it was; the job's delimiter is used", async () => {
    const created = await sf.run('- salesforce.create: { configKey: sf, sObjectName: Account, fieldAndValue: { Name: Nulled, Phone: "555", Website: keep.example }, responseVariable: c }');
    const accountId = captured(created, 'c').payload.id as string;
    const { out, id } = await upload('inputData: "${vars.rows}"', { vars: { rows: [{ Id: accountId, Phone: null }] } }, 'object: Account, operation: update, columnDelimiter: SEMICOLON');
    expect(out.mc.vars.up).toMatchObject({ attributes: { bytes: `Id;Phone\n${accountId};#N/A\n`.length } });
    expect(await uploaded(id)).toEqual({ columns: ['Id', 'Phone'], cells: [[accountId, '#N/A']] });
    const account = sf.sandbox.admin.records('Account').find((a) => a.Id === accountId);
    expect(account?.Phone ?? null).toBeNull();
    expect(account).toMatchObject({ Website: 'keep.example' });
  });

  it('nested objects become relationship columns; {records: [...]} (a REST query answer) is taken as records', async () => {
    await sf.run('- salesforce.create: { configKey: sf, sObjectName: Account, fieldAndValue: { Name: Parent By Key, External_Id__c: EXT-1 } }');
    const payload = { totalSize: 1, done: true, records: [{ attributes: { type: 'Contact' }, LastName: 'Related', Account: { External_Id__c: 'EXT-1' } }] };
    const { id } = await upload('', { payload }, 'object: Contact, operation: insert');
    expect(await uploaded(id)).toEqual({ columns: ['LastName', 'Account.External_Id__c'], cells: [['Related', 'EXT-1']] });
    const parent = sf.sandbox.admin.records('Account').find((a) => a.External_Id__c === 'EXT-1');
    expect(records('Contact', 'LastName', 'Related')[0]).toMatchObject({ AccountId: parent!.Id });
  });

  it('inputData text with inputFormat JSON or NDJSON; NDJSON bytes by their content type', async () => {
    const json = await upload(`inputData: '[{"Name":"From Json Text"}]', inputFormat: JSON`, {});
    expect((await uploaded(json.id)).cells).toEqual([['From Json Text']]);
    const nd = await upload('inputData: "${vars.text}", inputFormat: ndjson', { vars: { text: '{"Name":"Nd Text 1"}\n{"Name":"Nd Text 2"}' } });
    expect((await uploaded(nd.id)).cells).toEqual([['Nd Text 1'], ['Nd Text 2']]);
    const bytes = await upload('', { payload: Buffer.from('{"Name":"Nd Bytes"}\n'), contentType: 'application/x-ndjson' });
    expect((await uploaded(bytes.id)).cells).toEqual([['Nd Bytes']]);
  });

  it('a field holding a list, or a record that is not an object, is SALESFORCE_BULK_INPUT', async () => {
    const list = await upload('', { payload: [{ Name: 'Listy', Tags: ['a', 'b'] }] });
    expect(list.out.mc.error).toMatchObject({ code: 'SALESFORCE_BULK_INPUT', status: 400, message: expect.stringContaining('Tags holds a list') });
    const scalar = await upload('', { payload: [1, 2] });
    expect(scalar.out.mc.error).toMatchObject({ code: 'SALESFORCE_BULK_INPUT', message: expect.stringContaining('record 1 is not a JSON object') });
  });
});

describe('uploadJobData without data', () => {
  it('no inputData and no body is FERRY_ERR_CONNECTOR_PARAMS', async () => {
    const { out } = await upload('', {});
    expect(out.mc.error).toMatchObject({ code: 'FERRY_ERR_CONNECTOR_PARAMS', status: 400, message: expect.stringContaining('no inputData') });
  });
});

describe('uploadJobData from inputFile (a file in the project, streamed from disk)', () => {
  const steps = (file: string, extra = '') => `- salesforce.createJob: { configKey: sf, object: Account, operation: insert, responseVariable: job }
- salesforce.uploadJobData: { configKey: sf, jobId: "\${vars.job.payload.id}", inputFile: "${file}"${extra}, responseVariable: up }
- salesforce.closeJob: { configKey: sf, jobId: "\${vars.job.payload.id}", responseVariable: closed }`;

  it('a CSV file is uploaded as it is; the message body is left alone', async () => {
    const csv = 'Name,Description\nFrom File One,first\nFrom File Two,"second, quoted"\n';
    const out = await sf.run(steps('data/accounts.csv'), { payload: { keep: 'me' } }, { 'data/accounts.csv': csv });
    expect(out.mc.error).toBeNull();
    expect(out.mc.payload).toEqual({ keep: 'me' });
    expect(out.mc.vars.up).toMatchObject({ attributes: { statusCode: 201, bytes: Buffer.byteLength(csv) } });
    const id = (out.mc.vars.job as { payload: { id: string } }).payload.id;
    expect(await uploaded(id)).toEqual({ columns: ['Name', 'Description'], cells: [['From File One', 'first'], ['From File Two', 'second, quoted']] });
  });

  it('a .ndjson file is converted by its extension', async () => {
    const out = await sf.run(steps('data/leads.ndjson'), {}, { 'data/leads.ndjson': '{"Name":"Ndjson File","Description":null}\n' });
    expect(out.mc.error).toBeNull();
    const id = (out.mc.vars.job as { payload: { id: string } }).payload.id;
    expect(await uploaded(id)).toEqual({ columns: ['Name', 'Description'], cells: [['Ndjson File', '#N/A']] });
  });

  it('a missing file is SALESFORCE_BULK_FILE, found before anything is uploaded', async () => {
    const before = sf.sandbox.admin.requests().length;
    const out = await sf.run(steps('data/none.csv'));
    expect(out.mc.error).toMatchObject({ code: 'SALESFORCE_BULK_FILE', status: 500 });
    expect(out.mc.error!.message).toContain("'data/none.csv' cannot be read (ENOENT)");
    expect(bulkCalls(sf, before).map((c) => c.method)).toEqual(['POST', 'GET']);
  });

  it('a path out of the project folder is refused unless absolute and allowed', async () => {
    const out = await sf.run(steps('../../etc/passwd'));
    expect(out.mc.error).toMatchObject({ code: 'FERRY_ERR_CONNECTOR_PARAMS' });
    expect(out.mc.error!.message).toContain("inputFile '../../etc/passwd' leads out of the project folder");
    const outside = join(mkdtempSync(join(tmpdir(), 'ferry-input-file-')), 'outside.csv');
    writeFileSync(outside, 'Name\nOutside File\n');
    try {
      const refused = await sf.run(steps(outside));
      expect(refused.mc.error!.message).toContain('is outside the project folder (allowAbsolutePath: true permits it)');
      const allowed = await sf.run(steps(outside, ', allowAbsolutePath: true'));
      expect(allowed.mc.error).toBeNull();
    } finally {
      rmSync(join(outside, '..'), { recursive: true, force: true });
    }
  });

  it('a file in the project that is a symbolic link out of it is refused before anything is uploaded', async () => {
    const secret = join(mkdtempSync(join(tmpdir(), 'ferry-input-file-')), 'secret.csv');
    writeFileSync(secret, 'Name\nLinked Secret\n');
    // the project is written into a folder of the test's own, so it can be found while the flow runs
    privateTmp();
    try {
      const before = sf.sandbox.admin.requests().length;
      const running = sf.run(steps('data/link.csv'), {}, { 'data/other.csv': 'Name\n' });
      // the project was written before sf.run returned, and the flow now waits on createJob:
      // the link is in place before uploadJobData looks at it
      const projects = readdirSync(tmp).filter((f) => f.startsWith('ferry-test-'));
      expect(projects).toHaveLength(1);
      symlinkSync(secret, join(tmp, projects[0]!, 'data', 'link.csv'));
      const out = await running;
      expect(out.mc.error).toMatchObject({ code: 'FERRY_ERR_CONNECTOR_PARAMS', status: 400 });
      expect(out.mc.error!.message).toContain("inputFile 'data/link.csv' leads out of the project folder through a symbolic link");
      // createJob and the job lookup only: no data was sent
      expect(bulkCalls(sf, before).map((c) => c.method)).toEqual(['POST', 'GET']);
      expect(records('Account', 'Name', 'Linked Secret')).toEqual([]);
    } finally {
      rmSync(join(secret, '..'), { recursive: true, force: true });
    }
  });
});
