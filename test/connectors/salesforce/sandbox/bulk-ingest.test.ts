import { describe, expect, it } from 'vitest';
import { toId18 } from '../../../../connectors/salesforce/sandbox/ids.js';
import { useApi, useSandbox } from './helpers.js';

// Bulk API 2.0 ingest over real HTTP: the documented request/response flow, result CSVs in
// Salesforce's exact column and quoting format, and what happens to the org's records.

const ctx = useSandbox({
  seed: {
    objects: [
      {
        name: 'Shipment__c',
        keyPrefix: 'a0S',
        fields: [
          { name: 'Name', type: 'string', nillable: false },
          { name: 'Tracking__c', type: 'string', externalId: true, unique: true },
          { name: 'Shipped_At__c', type: 'datetime' },
          { name: 'Due__c', type: 'date' },
          { name: 'Delivered__c', type: 'boolean' },
          { name: 'Weight__c', type: 'double' },
          { name: 'Pieces__c', type: 'int' },
        ],
      },
    ],
  },
});
const api = useApi(ctx);
const { call } = api;
const V = '/services/data/v62.0';

const TERMINAL = ['JobComplete', 'Failed', 'Aborted'];

/** Poll a job until it is finished; returns its last info and every state seen. */
async function waitForJob(id: string): Promise<{ info: Record<string, unknown>; seen: string[] }> {
  const seen: string[] = [];
  for (let i = 0; i < 400; i++) {
    const { json } = await call('GET', `${V}/jobs/ingest/${id}`);
    if (seen.at(-1) !== json.state) seen.push(json.state);
    if (TERMINAL.includes(json.state)) return { info: json, seen };
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`job ${id} did not finish`);
}

/** Create, upload, close and wait: the whole documented ingest flow. */
async function runJob(spec: Record<string, unknown>, csv: string): Promise<{ id: string; info: Record<string, unknown>; results: (name: string) => Promise<string> }> {
  const created = await call('POST', `${V}/jobs/ingest`, spec);
  expect(created.status).toBe(200);
  const id = created.json.id as string;
  expect((await call('PUT', `${V}/jobs/ingest/${id}/batches`, csv)).status).toBe(201);
  expect((await call('PATCH', `${V}/jobs/ingest/${id}`, { state: 'UploadComplete' })).status).toBe(200);
  const { info } = await waitForJob(id);
  return { id, info, results: async (name) => (await call('GET', `${V}/jobs/ingest/${id}/${name}/`)).text };
}

function lines(csv: string): string[] {
  return csv.split('\n').filter((l) => l !== '');
}

describe('ingest: the documented insert flow', () => {
  it('create → upload → UploadComplete → InProgress → JobComplete, with every JobInfo shape in its documented key order', async () => {
    const created = await call('POST', `${V}/jobs/ingest`, { object: 'account', operation: 'insert', contentType: 'CSV', lineEnding: 'LF' });
    expect(created.status).toBe(200);
    expect(created.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(Object.keys(created.json)).toEqual(['id', 'operation', 'object', 'createdById', 'createdDate', 'systemModstamp', 'state', 'concurrencyMode', 'contentType', 'apiVersion', 'contentUrl', 'lineEnding', 'columnDelimiter']);
    const id = created.json.id as string;
    expect(id).toMatch(/^750[A-Za-z0-9]{15}$/);
    expect(toId18(id)).toBe(id);
    expect(created.json).toMatchObject({ operation: 'insert', object: 'Account', state: 'Open', concurrencyMode: 'Parallel', contentType: 'CSV', apiVersion: 62, lineEnding: 'LF', columnDelimiter: 'COMMA' });
    expect(created.json.contentUrl).toBe(`services/data/v62.0/jobs/ingest/${id}/batches`);
    expect(created.json.createdDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    expect(created.text).toContain('"apiVersion":62.0,');

    const open = await call('GET', `${V}/jobs/ingest/${id}`);
    // an Open job reports no record counts yet, as Salesforce's example shows
    expect(Object.keys(open.json)).toEqual([
      'id', 'operation', 'object', 'createdById', 'createdDate', 'systemModstamp', 'state', 'concurrencyMode', 'contentType', 'apiVersion', 'jobType', 'contentUrl',
      'lineEnding', 'columnDelimiter', 'retries', 'totalProcessingTime', 'apiActiveProcessingTime', 'apexProcessingTime',
    ]);

    const upload = await call('PUT', `${V}/jobs/ingest/${id}/batches`, 'Name,Industry,AnnualRevenue,NumberOfEmployees\nBulk Insert One,Energy,912260031,2676\n,Energy,1,1\nBulk Insert Two,,0.5,\n');
    expect(upload.status).toBe(201);
    expect(upload.text).toBe('');

    const closed = await call('PATCH', `${V}/jobs/ingest/${id}`, { state: 'UploadComplete' });
    expect(closed.status).toBe(200);
    expect(Object.keys(closed.json)).toEqual(['id', 'operation', 'object', 'createdById', 'createdDate', 'systemModstamp', 'state', 'concurrencyMode', 'contentType', 'apiVersion']);
    expect(closed.json.state).toBe('UploadComplete');

    const { info, seen } = await waitForJob(id);
    expect(seen).toEqual(['UploadComplete', 'InProgress', 'JobComplete']);
    expect(Object.keys(info)).toEqual([
      'id', 'operation', 'object', 'createdById', 'createdDate', 'systemModstamp', 'state', 'concurrencyMode', 'contentType', 'apiVersion', 'jobType', 'lineEnding',
      'columnDelimiter', 'numberRecordsProcessed', 'numberRecordsFailed', 'retries', 'totalProcessingTime', 'apiActiveProcessingTime', 'apexProcessingTime',
    ]);
    expect(info).toMatchObject({ state: 'JobComplete', jobType: 'V2Ingest', numberRecordsProcessed: 3, numberRecordsFailed: 1, retries: 0, apexProcessingTime: 0 });
    expect(info.totalProcessingTime).toBeGreaterThanOrEqual(info.apiActiveProcessingTime as number);

    const successful = lines((await call('GET', `${V}/jobs/ingest/${id}/successfulResults/`)).text);
    expect(successful[0]).toBe('"sf__Id","sf__Created",Name,Industry,AnnualRevenue,NumberOfEmployees');
    // doubles come back as stored, in Java notation, as in Salesforce's own example (9.12260031E8)
    expect(successful.slice(1)).toEqual([
      expect.stringMatching(/^"001[A-Za-z0-9]{15}","true","Bulk Insert One","Energy","9.12260031E8","2676"$/),
      expect.stringMatching(/^"001[A-Za-z0-9]{15}","true","Bulk Insert Two","","0.5",""$/),
    ]);
    expect(lines((await call('GET', `${V}/jobs/ingest/${id}/failedResults/`)).text)).toEqual([
      '"sf__Id","sf__Error",Name,Industry,AnnualRevenue,NumberOfEmployees',
      '"","REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --","","Energy","1","1"',
    ]);
    expect((await call('GET', `${V}/jobs/ingest/${id}/unprocessedrecords/`)).text).toBe('Name,Industry,AnnualRevenue,NumberOfEmployees\n');

    const stored = ctx.sandbox.admin.records('Account').filter((r) => String(r.Name).startsWith('Bulk Insert'));
    expect(stored.map((r) => [r.Name, r.Industry ?? null, r.AnnualRevenue, r.NumberOfEmployees ?? null])).toEqual([
      ['Bulk Insert One', 'Energy', 912260031, 2676],
      ['Bulk Insert Two', null, 0.5, null],
    ]);
  });

  it('a multipart create carries the data: the job starts UploadComplete and runs without a close', async () => {
    const body = [
      '--BOUNDARY',
      'Content-Type: application/json',
      'Content-Disposition: form-data; name="job"',
      '',
      '{"object":"Contact","contentType":"CSV","operation":"insert","lineEnding":"LF"}',
      '--BOUNDARY',
      'Content-Type: text/csv',
      'Content-Disposition: form-data; name="content"; filename="content"',
      '',
      'FirstName,LastName,MailingCity',
      'Astro,Nomical,San Francisco',
      'Hootie,McOwl,San Francisco',
      '--BOUNDARY--',
      '',
    ].join('\n');
    const res = await fetch(`${ctx.url}${V}/jobs/ingest`, { method: 'POST', headers: { authorization: `Bearer ${api.token}`, 'content-type': 'multipart/form-data; boundary="BOUNDARY"' }, body });
    const json = (await res.json()) as Record<string, unknown>;
    expect(res.status).toBe(200);
    expect(Object.keys(json)).toEqual(['id', 'operation', 'object', 'createdById', 'createdDate', 'systemModstamp', 'state', 'concurrencyMode', 'contentType', 'apiVersion', 'lineEnding', 'columnDelimiter']);
    expect(json.state).toBe('UploadComplete');
    const { info } = await waitForJob(json.id as string);
    expect(info).toMatchObject({ state: 'JobComplete', numberRecordsProcessed: 2, numberRecordsFailed: 0 });
    const ok = lines((await call('GET', `${V}/jobs/ingest/${String(json.id)}/successfulResults`)).text);
    expect(ok[0]).toBe('"sf__Id","sf__Created",FirstName,LastName,MailingCity');
    expect(ok[1]).toMatch(/^"003[A-Za-z0-9]{15}","true","Astro","Nomical","San Francisco"$/);
  });

  it('a multipart create with more than 100,000 characters of CSV is refused', async () => {
    const csv = `LastName\n${'x'.repeat(100_001)}`;
    const body = `--B\r\nContent-Disposition: form-data; name="job"\r\n\r\n{"object":"Contact","operation":"insert"}\r\n--B\r\nContent-Disposition: form-data; name="content"\r\n\r\n${csv}\r\n--B--\r\n`;
    const res = await fetch(`${ctx.url}${V}/jobs/ingest`, { method: 'POST', headers: { authorization: `Bearer ${api.token}`, 'content-type': 'multipart/form-data; boundary=B' }, body });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errorCode: string }[])[0]!.errorCode).toBe('INVALIDJOB');
  });
});

describe('ingest: update, upsert, delete and hardDelete', () => {
  it('update: an empty cell leaves the field as it is, #N/A sets it to null', async () => {
    const seeded = await runJob({ object: 'Account', operation: 'insert' }, 'Name,Phone,Website,Industry\nNull Me,111,https://keep.example,Energy\n');
    const id = lines(await seeded.results('successfulResults'))[1]!.split(',')[0]!.replace(/"/g, '');
    const job = await runJob({ object: 'Account', operation: 'update' }, `Id,Name,Phone,Website,Industry\n${id.slice(0, 15)},Null Me Updated,#N/A,,Banking\n`);
    expect(job.info).toMatchObject({ numberRecordsProcessed: 1, numberRecordsFailed: 0 });
    expect(lines(await job.results('successfulResults'))).toEqual(['"sf__Id","sf__Created",Id,Name,Phone,Website,Industry', `"${id}","false","${id.slice(0, 15)}","Null Me Updated","#N/A","","Banking"`]);
    const rec = ctx.sandbox.admin.records('Account').find((r) => r.Id === id)!;
    expect([rec.Name, rec.Phone, rec.Website, rec.Industry]).toEqual(['Null Me Updated', null, 'https://keep.example', 'Banking']);
  });

  it('upsert by an external id: new keys insert (sf__Created true), known keys update (false)', async () => {
    await runJob({ object: 'Account', operation: 'insert' }, 'Name,External_Id__c\nUpsert Existing,UPS-1\n');
    const job = await runJob({ object: 'Account', operation: 'upsert', externalIdFieldName: 'external_id__c' }, 'External_Id__c,Name\nUPS-1,Upsert Renamed\nUPS-2,Upsert New\n');
    const created = await call('GET', `${V}/jobs/ingest/${job.id}`);
    expect(created.json.externalIdFieldName).toBe('External_Id__c');
    expect(Object.keys(created.json).indexOf('externalIdFieldName')).toBe(Object.keys(created.json).indexOf('state') + 1);
    const rows = lines(await job.results('successfulResults'));
    expect(rows[0]).toBe('"sf__Id","sf__Created",External_Id__c,Name');
    expect(rows.slice(1).map((r) => r.replace(/^"[^"]+",/, ''))).toEqual(['"false","UPS-1","Upsert Renamed"', '"true","UPS-2","Upsert New"']);
    const names = ctx.sandbox.admin.records('Account').filter((r) => String(r.External_Id__c).startsWith('UPS-')).map((r) => r.Name);
    expect(names).toEqual(['Upsert Renamed', 'Upsert New']);
  });

  it('delete moves records to the recycle bin; hardDelete removes them and the children their deletion cascades to', async () => {
    const parents = await runJob({ object: 'Account', operation: 'insert' }, 'Name,External_Id__c\nSoft Delete Me,DEL-1\nHard Delete Me,DEL-2\n');
    const [soft, hard] = lines(await parents.results('successfulResults')).slice(1).map((l) => l.split(',')[0]!.replace(/"/g, ''));
    await runJob({ object: 'Contact', operation: 'insert' }, 'LastName,Account.External_Id__c\nChild Of Hard,DEL-2\n');
    const child = ctx.sandbox.admin.records('Contact').find((r) => r.LastName === 'Child Of Hard')!;
    expect(child.AccountId).toBe(hard);

    const del = await runJob({ object: 'Account', operation: 'delete' }, `Id\n${soft}\n${soft}\n`);
    expect(lines(await del.results('successfulResults'))).toEqual(['"sf__Id","sf__Created",Id', `"${soft}","false","${soft}"`]);
    expect(lines(await del.results('failedResults'))).toEqual(['"sf__Id","sf__Error",Id', `"${soft}","ENTITY_IS_DELETED:entity is deleted:--","${soft}"`]);
    expect(ctx.sandbox.admin.records('Account', true).find((r) => r.Id === soft)).toMatchObject({ IsDeleted: true });

    const hd = await runJob({ object: 'Account', operation: 'hardDelete' }, `Id\n${hard}\n`);
    expect(hd.info).toMatchObject({ operation: 'hardDelete', numberRecordsProcessed: 1, numberRecordsFailed: 0 });
    expect(ctx.sandbox.admin.records('Account', true).find((r) => r.Id === hard)).toBeUndefined();
    expect(ctx.sandbox.admin.records('Contact', true).find((r) => r.Id === child.Id)).toBeUndefined();
  });
});

describe('ingest: per-row failures in failedResults', () => {
  it.each([
    ['a missing required field', 'Account', 'insert', 'Name,Industry\n,Energy', 'REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --'],
    ['a number that is not one', 'Account', 'insert', 'Name,AnnualRevenue\nX,abc', "INVALID_FIELD:Failed to deserialize field at col 2. Due to, 'abc' is not a valid value for the type xsd:double:AnnualRevenue --"],
    ['a date in the wrong format', 'Contact', 'insert', 'LastName,Birthdate\nX,31/12/2020', "INVALID_FIELD:Failed to deserialize field at col 2. Due to, '31/12/2020' is not a valid value for the type xsd:date:Birthdate --"],
    ['a boolean that is not one', 'Shipment__c', 'insert', 'Name,Delivered__c\nX,maybe', "INVALID_FIELD:Failed to deserialize field at col 2. Due to, 'maybe' is not a valid value for the type xsd:boolean:Delivered__c --"],
    ['an invalid email', 'Contact', 'insert', 'LastName,Email\nX,not-an-email', 'INVALID_EMAIL_ADDRESS:Email: invalid email address: not-an-email:Email --'],
    ['a value longer than the field', 'Account', 'insert', `Name,Site\nX,${'s'.repeat(81)}`, `STRING_TOO_LONG:Account Site: data value too large: ${'s'.repeat(77)}... (max length=80):Site --`],
    ['a bad value for a restricted picklist', 'Lead', 'insert', 'LastName,Company,Status\nX,Y,Nope', 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST:Lead Status: bad value for restricted picklist field: Nope:Status --'],
    ['a parent external id that matches nothing', 'Contact', 'insert', 'LastName,Account.External_Id__c\nX,no-such-key', 'INVALID_FIELD:Foreign key external ID: no-such-key not found for field External_Id__c in entity Account:--'],
    ['an Id in an insert', 'Account', 'insert', 'Id,Name\n001000000000000AAA,X', 'INVALID_FIELD:cannot specify Id in an insert call:Id --'],
    ['an update without an Id', 'Account', 'update', 'Id,Name\n,X', 'MISSING_ARGUMENT:Id not specified in an update call:--'],
    ['an update of an unknown record', 'Account', 'update', 'Id,Name\n001000000000000AAA,X', 'INVALID_CROSS_REFERENCE_KEY:invalid cross reference id:--'],
    ['an update with a malformed id', 'Account', 'update', 'Id,Name\n12345,X', 'MALFORMED_ID:Account ID: id value of incorrect type: 12345:Id --'],
    ['a key twice in one upsert job', 'Account', 'upsert', 'External_Id__c,Name\nDUP-1,A\nDUP-1,B', 'DUPLICATE_VALUE:Duplicate external id specified: DUP-1:External_Id__c --'],
    ['an upsert row without its key', 'Account', 'upsert', 'External_Id__c,Name\n,A', 'MISSING_ARGUMENT:External_Id__c not specified:--'],
  ])('%s', async (_name, object, operation, csv, error) => {
    const spec = operation === 'upsert' ? { object, operation, externalIdFieldName: 'External_Id__c' } : { object, operation };
    const job = await runJob(spec, `${csv}\n`);
    expect(job.info.state).toBe('JobComplete');
    expect(job.info.numberRecordsFailed).toBe(job.info.numberRecordsProcessed);
    const failed = lines(await job.results('failedResults'));
    expect(failed[0]).toBe(`"sf__Id","sf__Error",${csv.split('\n')[0]}`);
    for (const row of failed.slice(1)) expect(row.split('","')[1]).toBe(error);
  });

  it('failedResults names the record of a failed update from API version 53.0 on, and not before', async () => {
    const seeded = await runJob({ object: 'Contact', operation: 'insert' }, 'LastName\nVersioned\n');
    const id = lines(await seeded.results('successfulResults'))[1]!.slice(1, 19);
    for (const [version, expected] of [['v53.0', id], ['v52.0', '']] as const) {
      const created = await call('POST', `/services/data/${version}/jobs/ingest`, { object: 'Contact', operation: 'update' });
      const jobId = created.json.id as string;
      await call('PUT', `/services/data/${version}/jobs/ingest/${jobId}/batches`, `Id,Email\n${id},bad\n`);
      await call('PATCH', `/services/data/${version}/jobs/ingest/${jobId}`, { state: 'UploadComplete' });
      await waitForJob(jobId);
      const failed = lines((await call('GET', `/services/data/${version}/jobs/ingest/${jobId}/failedResults`)).text);
      expect(failed[1]!.startsWith(`"${expected}","INVALID_EMAIL_ADDRESS`)).toBe(true);
    }
  });
});

describe('ingest: CSV contents', () => {
  it('relationship columns set lookups through an indexed parent field, polymorphic ones name the parent type first', async () => {
    await runJob({ object: 'Account', operation: 'insert' }, 'Name,External_Id__c\nRel Parent,REL-1\n');
    const contacts = await runJob({ object: 'Contact', operation: 'insert' }, 'LastName,Email,Account.External_Id__c,Owner.Email\nRel Child,rel.child@example.com,REL-1,admin@ferry.sandbox\n');
    expect(contacts.info.numberRecordsFailed).toBe(0);
    const parent = ctx.sandbox.admin.records('Account').find((r) => r.External_Id__c === 'REL-1')!;
    const child = ctx.sandbox.admin.records('Contact').find((r) => r.LastName === 'Rel Child')!;
    expect(child.AccountId).toBe(parent.Id);
    const task = await runJob({ object: 'Task', operation: 'insert' }, 'Subject,Contact:Who.Email\nCall back,rel.child@example.com\n');
    expect(task.info.numberRecordsFailed).toBe(0);
    expect(ctx.sandbox.admin.records('Task').find((r) => r.Subject === 'Call back')!.WhoId).toBe(child.Id);
  });

  it('dates take yyyy-MM-dd (a trailing Z is tolerated), datetimes any offset, booleans true/false/1/0', async () => {
    const job = await runJob(
      { object: 'Shipment__c', operation: 'insert' },
      'Name,Tracking__c,Shipped_At__c,Due__c,Delivered__c,Weight__c,Pieces__c\nS1,T-1,2002-10-10T12:00:00+05:00,1940-06-07Z,true,12.5,3\nS2,T-2,2002-10-10T12:00:00.123Z,2024-02-29,0,1e3,0\n',
    );
    expect(job.info.numberRecordsFailed).toBe(0);
    const rows = ctx.sandbox.admin.records('Shipment__c').map((r) => [r.Tracking__c, r.Shipped_At__c, r.Due__c, r.Delivered__c, r.Weight__c, r.Pieces__c]);
    expect(rows).toEqual([
      ['T-1', '2002-10-10T07:00:00.000Z', '1940-06-07', true, 12.5, 3],
      ['T-2', '2002-10-10T12:00:00.123Z', '2024-02-29', false, 1000, 0],
    ]);
    expect(lines(await job.results('successfulResults'))[2]).toMatch(/,"1000\.0","0"$/);
  });

  it('a header naming no field fails the whole job; every row is left unprocessed', async () => {
    const job = await runJob({ object: 'Account', operation: 'insert' }, 'Name,Nope__c\nA,1\nB,2\n');
    expect(job.info).toMatchObject({ state: 'Failed', errorMessage: 'InvalidBatch : Field name not found : Nope__c', numberRecordsProcessed: 0, numberRecordsFailed: 0 });
    expect(Object.keys(job.info).at(-1)).toBe('errorMessage');
    expect(await job.results('unprocessedrecords')).toBe('Name,Nope__c\n"A","1"\n"B","2"\n');
    expect(await job.results('successfulResults')).toBe('"sf__Id","sf__Created",Name,Nope__c\n');
  });

  it('a quote in the middle of a value fails the job with Salesforce’s CSV message', async () => {
    const job = await runJob({ object: 'Account', operation: 'insert' }, 'Name,Site\n"Broken", "Quote"\n');
    expect(job.info).toMatchObject({ state: 'Failed', errorMessage: 'InvalidBatch : Failed to parse CSV. Found unescaped quote. A value with quote should be within a quote' });
  });

  it('a job closed without data completes with nothing processed', async () => {
    const created = await call('POST', `${V}/jobs/ingest`, { object: 'Account', operation: 'insert' });
    await call('PATCH', `${V}/jobs/ingest/${created.json.id}`, { state: 'UploadComplete' });
    const { info } = await waitForJob(created.json.id);
    expect(info).toMatchObject({ state: 'JobComplete', numberRecordsProcessed: 0, numberRecordsFailed: 0 });
    expect((await call('GET', `${V}/jobs/ingest/${created.json.id}/successfulResults`)).text).toBe('"sf__Id","sf__Created"\n');
  });
});

describe('ingest: abort', () => {
  it('aborting an Open job with data leaves every row unprocessed and nothing written to the org', async () => {
    const created = await call('POST', `${V}/jobs/ingest`, { object: 'Account', operation: 'insert' });
    const id = created.json.id as string;
    await call('PUT', `${V}/jobs/ingest/${id}/batches`, 'Name\nNever Inserted 1\nNever Inserted 2\n');
    const aborted = await call('PATCH', `${V}/jobs/ingest/${id}`, { state: 'Aborted' });
    expect(aborted.status).toBe(200);
    expect(aborted.json.state).toBe('Aborted');
    expect(Object.keys(aborted.json).at(-1)).toBe('apiVersion');
    expect((await call('GET', `${V}/jobs/ingest/${id}/unprocessedrecords`)).text).toBe('Name\n"Never Inserted 1"\n"Never Inserted 2"\n');
    expect((await call('GET', `${V}/jobs/ingest/${id}/successfulResults`)).text).toBe('"sf__Id","sf__Created",Name\n');
    expect(ctx.sandbox.admin.records('Account').some((r) => String(r.Name).startsWith('Never Inserted'))).toBe(false);
    // still queued: aborting a closed job before it runs keeps its rows from the org too
    const queued = await call('POST', `${V}/jobs/ingest`, { object: 'Account', operation: 'insert' });
    await call('PUT', `${V}/jobs/ingest/${queued.json.id}/batches`, 'Name\nNever Inserted 3\n');
    await call('PATCH', `${V}/jobs/ingest/${queued.json.id}`, { state: 'UploadComplete' });
    expect((await call('PATCH', `${V}/jobs/ingest/${queued.json.id}`, { state: 'Aborted' })).json.state).toBe('Aborted');
    await new Promise((r) => setTimeout(r, 150));
    expect((await call('GET', `${V}/jobs/ingest/${queued.json.id}`)).json.state).toBe('Aborted');
    expect(ctx.sandbox.admin.records('Account').some((r) => r.Name === 'Never Inserted 3')).toBe(false);
  });
});
