import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { login, useApi, useSandbox } from './helpers.js';

// Bulk API 2.0 job rules over real HTTP: what create refuses, the one-upload rule, which state
// changes and deletes are allowed, 404/405/410, authentication and the API limit, X-PrettyPrint.

const ctx = useSandbox();
const api = useApi(ctx);
const { call, waitForJob } = api;
const V = '/services/data/v62.0';

async function openJob(spec: Record<string, unknown> = { object: 'Account', operation: 'insert' }): Promise<string> {
  const res = await call('POST', `${V}/jobs/ingest`, spec);
  expect(res.status).toBe(200);
  return res.json.id as string;
}

async function completedJob(): Promise<string> {
  const id = await openJob();
  await call('PUT', `${V}/jobs/ingest/${id}/batches`, 'Name\nRules Co\n');
  await call('PATCH', `${V}/jobs/ingest/${id}`, { state: 'UploadComplete' });
  await waitForJob('ingest', id);
  return id;
}

describe('creating an ingest job: what Salesforce refuses', () => {
  it.each([
    ['an unknown object', { object: 'Nope__c', operation: 'insert' }, 'INVALIDJOB', 'InvalidJob : Unable to find object: Nope__c'],
    ['an empty object', { object: '', operation: 'insert' }, 'INVALIDJOB', 'InvalidJob : Unable to find object: '],
    ['an unknown operation', { object: 'Account', operation: 'merge' }, 'API_ERROR', "Invalid value: 'merge' supplied for property: 'operation'"],
    ['an empty operation', { object: 'Account', operation: '' }, 'API_ERROR', "Invalid value: '' supplied for property: 'operation'"],
    ['a content type other than CSV', { object: 'Account', operation: 'insert', contentType: 'JSON' }, 'API_ERROR', "Invalid value: 'JSON' supplied for property: 'contentType'"],
    ['an unknown line ending', { object: 'Account', operation: 'insert', lineEnding: 'CR' }, 'API_ERROR', "Invalid value: 'CR' supplied for property: 'lineEnding'"],
    ['an unknown column delimiter', { object: 'Account', operation: 'insert', columnDelimiter: 'COLON' }, 'API_ERROR', "Invalid value: 'COLON' supplied for property: 'columnDelimiter'"],
    ['an upsert without externalIdFieldName', { object: 'Account', operation: 'upsert' }, 'INVALIDJOB', 'InvalidJob : External ID was blank for Account. An External ID must be specified for upsert.'],
    ['an upsert on a field that is no external id', { object: 'Account', operation: 'upsert', externalIdFieldName: 'Name' }, 'INVALIDJOB', 'InvalidJob : Field name provided, Name does not match an External ID for Account'],
    ['a malformed assignment rule id', { object: 'Lead', operation: 'insert', assignmentRuleId: 'rule-1' }, 'API_ERROR', "Invalid value: 'rule-1' supplied for property: 'assignmentRuleId'"],
  ])('%s → 400 %s', async (_name, body, errorCode, message) => {
    const res = await call('POST', `${V}/jobs/ingest`, body);
    expect(res.status).toBe(400);
    expect(res.json).toEqual([{ errorCode, message }]);
  });

  it.each([
    ['malformed JSON', '{"object": "Account",', 'Unexpected end-of-input at [line:1, column:22]'],
    ['no body at all', undefined, 'The HTTP entity body is required, but this request has no entity body.'],
  ])('%s → 400 JSON_PARSER_ERROR', async (_name, body, message) => {
    const res = await fetch(`${ctx.url}${V}/jobs/ingest`, { method: 'POST', headers: { authorization: `Bearer ${api.token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual([{ errorCode: 'JSON_PARSER_ERROR', message }]);
  });

  it('every option is kept and reported: upsert key, assignment rule, delimiter and line ending', async () => {
    const res = await call('POST', `${V}/jobs/ingest`, { object: 'Lead', operation: 'upsert', externalIdFieldName: 'Id', assignmentRuleId: '01Q5g000000AbCd', columnDelimiter: 'PIPE', lineEnding: 'CRLF', contentType: 'CSV' });
    expect(res.status).toBe(200);
    expect(Object.keys(res.json).slice(6, 9)).toEqual(['state', 'externalIdFieldName', 'assignmentRuleId']);
    expect(res.json).toMatchObject({ object: 'Lead', operation: 'upsert', externalIdFieldName: 'Id', assignmentRuleId: '01Q5g000000AbCdEAK', columnDelimiter: 'PIPE', lineEnding: 'CRLF' });
  });
});

describe('the one upload of a job', () => {
  it('a second PUT is refused with Salesforce’s BULK_API_ERROR (its spelling included)', async () => {
    const id = await openJob();
    expect((await call('PUT', `${V}/jobs/ingest/${id}/batches`, 'Name\nFirst\n')).status).toBe(201);
    const again = await call('PUT', `${V}/jobs/ingest/${id}/batches`, 'Name\nSecond\n');
    expect(again.status).toBe(400);
    expect(again.json).toEqual([
      {
        errorCode: 'BULK_API_ERROR',
        message: `Found multipe contents for job: <${id.slice(0, 15)}>, please 'Close' / 'Abort' / 'Delete' the current Job then create a new Job and make sure you only do 'PUT' once on a given Job.`,
      },
    ]);
  });

  it.each([
    ['text/csv with a charset', { 'content-type': 'text/csv; charset=UTF-8' }, (csv: string) => csv],
    ['gzip-compressed (Content-Encoding: gzip)', { 'content-type': 'text/csv', 'content-encoding': 'gzip' }, (csv: string) => gzipSync(csv)],
  ])('an upload as %s is read', async (_name, headers, encode) => {
    const id = await openJob({ object: 'Contact', operation: 'insert' });
    const res = await fetch(`${ctx.url}${V}/jobs/ingest/${id}/batches`, { method: 'PUT', headers: { authorization: `Bearer ${api.token}`, ...headers }, body: encode('LastName\nEncoded Upload\n') });
    expect(res.status).toBe(201);
    await call('PATCH', `${V}/jobs/ingest/${id}`, { state: 'UploadComplete' });
    expect(await waitForJob('ingest', id)).toMatchObject({ numberRecordsProcessed: 1, numberRecordsFailed: 0 });
  });

  it('no upload once the job is closed', async () => {
    const id = await openJob();
    await call('PATCH', `${V}/jobs/ingest/${id}`, { state: 'UploadComplete' });
    const res = await call('PUT', `${V}/jobs/ingest/${id}/batches`, 'Name\nLate\n');
    expect(res.status).toBe(400);
    expect(res.json[0].errorCode).toBe('INVALIDJOBSTATE');
  });
});

describe('state changes and deletes', () => {
  it.each([
    ['closing a job twice', 'UploadComplete', 'UploadComplete', 'Closing already UploadComplete Job not allowed'],
    ['aborting a completed job', 'JobComplete', 'Aborted', 'Aborting already Completed Job not allowed'],
    ['aborting an aborted job', 'Aborted', 'Aborted', 'Aborting already Aborted Job not allowed'],
    ['closing a completed job', 'JobComplete', 'UploadComplete', 'Closing already Completed Job not allowed'],
  ])('%s → 400 INVALIDJOBSTATE', async (_name, from, to, message) => {
    const id = from === 'JobComplete' ? await completedJob() : await openJob();
    if (from !== 'JobComplete') await call('PATCH', `${V}/jobs/ingest/${id}`, { state: from });
    const res = await call('PATCH', `${V}/jobs/ingest/${id}`, { state: to });
    expect(res.status).toBe(400);
    expect(res.json).toEqual([{ errorCode: 'INVALIDJOBSTATE', message }]);
  });

  it('a state that is not a job state → 400 API_ERROR', async () => {
    const res = await call('PATCH', `${V}/jobs/ingest/${await openJob()}`, { state: 'Closed' });
    expect(res.json).toEqual([{ errorCode: 'API_ERROR', message: "Invalid value: 'Closed' supplied for property: 'state'" }]);
  });

  it('clients without PATCH close a job with POST ?_HttpMethod=PATCH', async () => {
    const id = await openJob();
    const res = await call('POST', `${V}/jobs/ingest/${id}?_HttpMethod=PATCH`, { state: 'UploadComplete' });
    expect(res.status).toBe(200);
    expect(res.json.state).toBe('UploadComplete');
  });

  it('an Open job cannot be deleted; a finished one can, and is gone afterwards', async () => {
    const open = await openJob();
    const refused = await call('DELETE', `${V}/jobs/ingest/${open}`);
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual([{ errorCode: 'API_ERROR', message: 'Error encountered when deleting the job because the job is not terminated' }]);
    const done = await completedJob();
    const deleted = await call('DELETE', `${V}/jobs/ingest/${done}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    const gone = await call('GET', `${V}/jobs/ingest/${done}`);
    expect(gone.status).toBe(404);
    expect(gone.text).toBe('[{"errorCode":"NOT_FOUND","message":"The requested resource does not exist"}]');
  });

  it('an UploadComplete job can be deleted before it runs, and then never runs', async () => {
    const id = await openJob();
    await call('PUT', `${V}/jobs/ingest/${id}/batches`, 'Name\nDeleted Before Run\n');
    await call('PATCH', `${V}/jobs/ingest/${id}`, { state: 'UploadComplete' });
    expect((await call('DELETE', `${V}/jobs/ingest/${id}`)).status).toBe(204);
    await new Promise((r) => setTimeout(r, 200));
    expect(ctx.sandbox.admin.records('Account').some((r) => r.Name === 'Deleted Before Run')).toBe(false);
  });

  it('results are only there once the job has finished', async () => {
    const id = await openJob();
    const res = await call('GET', `${V}/jobs/ingest/${id}/successfulResults`);
    expect(res.status).toBe(400);
    expect(res.json[0].errorCode).toBe('INVALIDJOBSTATE');
  });
});

describe('paths, methods, versions', () => {
  it.each([
    ['an unknown job id', 'GET', '/jobs/ingest/7505g00000ZZZZZAAA', 404, 'NOT_FOUND'],
    ['a malformed job id', 'GET', '/jobs/ingest/not-a-job', 404, 'NOT_FOUND'],
    ['an unknown resource of a job', 'GET', '/jobs/ingest/7505g00000ZZZZZAAA/everything', 404, 'NOT_FOUND'],
    ['a method the list does not take', 'DELETE', '/jobs/ingest', 405, 'METHOD_NOT_ALLOWED'],
    ['a method results do not take', 'POST', '/jobs/ingest/7505g00000ZZZZZAAA/successfulResults', 405, 'METHOD_NOT_ALLOWED'],
  ])('%s → %d %s', async (_name, method, path, status, errorCode) => {
    const res = await call(method, `${V}${path}`);
    expect(res.status).toBe(status);
    expect(res.json[0].errorCode).toBe(errorCode);
  });

  it('405 names the methods that are allowed', async () => {
    const res = await call('PUT', `${V}/jobs/ingest/${await openJob()}`);
    expect(res.json).toEqual([{ errorCode: 'METHOD_NOT_ALLOWED', message: "HTTP Method 'PUT' not allowed. Allowed are GET,PATCH,DELETE" }]);
  });

  it('a query job is not an ingest job', async () => {
    const q = await call('POST', `${V}/jobs/query`, { operation: 'query', query: 'SELECT Id FROM Account' });
    expect((await call('GET', `${V}/jobs/ingest/${q.json.id}`)).status).toBe(404);
  });

  it.each([
    ['a retired version', '/services/data/v30.0/jobs/ingest', 410],
    ['a version before Bulk 2.0 ingest (41.0)', '/services/data/v40.0/jobs/ingest', 404],
    ['a version before Bulk 2.0 query (47.0)', '/services/data/v46.0/jobs/query', 404],
    ['the first ingest version', '/services/data/v41.0/jobs/ingest', 200],
    ['the first query version', '/services/data/v47.0/jobs/query', 200],
  ])('%s → %d', async (_name, path, status) => {
    expect((await call('GET', path)).status).toBe(status);
  });
});

describe('authentication and the API limit', () => {
  it('no token, a bad token, an expired token → 401 INVALID_SESSION_ID in the REST array shape', async () => {
    const expected = [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }];
    expect(await (await fetch(`${ctx.url}${V}/jobs/ingest`)).json()).toEqual(expected);
    const bad = await fetch(`${ctx.url}${V}/jobs/query`, { headers: { authorization: 'Bearer 00D!nope' } });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual(expected);
    const mine = await login(ctx.url);
    expect((await fetch(`${ctx.url}${V}/jobs/ingest`, { headers: { authorization: `Bearer ${mine}` } })).status).toBe(200);
    ctx.sandbox.admin.expireTokens();
    const expired = await fetch(`${ctx.url}${V}/jobs/ingest`, { headers: { authorization: `Bearer ${mine}` } });
    expect(expired.status).toBe(401);
    expect(await expired.text()).toContain('INVALID_SESSION_ID');
    await api.relogin();
  });

  it('every call counts and says so in Sforce-Limit-Info; an exhausted limit → 403 REQUEST_LIMIT_EXCEEDED', async () => {
    const first = await call('GET', `${V}/jobs/ingest`);
    const used = Number(/^api-usage=(\d+)\/15000$/.exec(first.headers.get('sforce-limit-info') ?? '')?.[1]);
    const second = await call('GET', `${V}/jobs/query`);
    expect(second.headers.get('sforce-limit-info')).toBe(`api-usage=${used + 1}/15000`);
    ctx.sandbox.admin.setLimits({ used: 15000 });
    const refused = await call('POST', `${V}/jobs/ingest`, { object: 'Account', operation: 'insert' });
    expect(refused.status).toBe(403);
    expect(refused.json).toEqual([{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
    ctx.sandbox.admin.setLimits({ used: 0 });
  });
});

describe('response format', () => {
  it('X-PrettyPrint: 1 lays JSON out as Salesforce does, apiVersion keeps its decimal', async () => {
    const res = await call('POST', `${V}/jobs/ingest`, { object: 'Account', operation: 'insert' }, { 'x-prettyprint': '1' });
    expect(res.text).toMatch(/^\{\n {2}"id" : "750[A-Za-z0-9]{15}",\n {2}"operation" : "insert",/);
    expect(res.text).toContain('"apiVersion" : 62.0,\n');
  });

  it('result CSVs are gzip-compressed when the client accepts gzip, plain otherwise', async () => {
    const id = await completedJob();
    const gz = await fetch(`${ctx.url}${V}/jobs/ingest/${id}/successfulResults`, { headers: { authorization: `Bearer ${api.token}`, 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gz.headers.get('content-type')).toBe('text/csv;charset=UTF-8');
    expect(await gz.text()).toMatch(/^"sf__Id","sf__Created",Name\n"001[A-Za-z0-9]{15}","true","Rules Co"\n$/);
    const plain = await fetch(`${ctx.url}${V}/jobs/ingest/${id}/successfulResults`, { headers: { authorization: `Bearer ${api.token}`, 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toMatch(/^"sf__Id","sf__Created",Name\n/);
  });
});
