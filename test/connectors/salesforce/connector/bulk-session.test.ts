import { afterEach, describe, expect, it } from 'vitest';
import { BodyStream } from '../../../../src/engine/body-stream.js';
import { useSalesforce } from './harness.js';
import { bulkCalls, captured, runRead, streamOf, type Logged } from './bulk-helpers.js';

// A session that expires in the middle of a Bulk flow. The sandbox's tokens are expired while a
// request is held back by a delay fault, so that very request meets the expired session: the
// client renews the token and repeats a plain call once; a streamed upload cannot be repeated,
// which is why a plain call (job create or job info) goes right before it.
const sf = useSalesforce();
afterEach(() => sf.sandbox.admin.clearFaults());

/** Hold back the next request matching method and path, and expire every token while it waits. */
function expireDuring(method: string, path: string): void {
  const rule = sf.sandbox.admin.addFault({ method, path, delayMs: 150 });
  const timer = setInterval(() => {
    if (rule.remaining > 0) return;
    clearInterval(timer);
    sf.sandbox.admin.expireTokens();
  }, 2);
}

const line = (c: Logged) => `${c.method} ${c.path.replace(/^\/services\/data\/v60\.0/, '').replace(/750\w{15}/, '{id}')} ${c.status}`;
const since = (before: number) => (sf.sandbox.admin.requests() as Logged[]).slice(before).filter((c) => c.path.includes('/jobs/') || c.path.includes('/oauth2/'));

describe('session expiry mid-flow', () => {
  it('between createJob and uploadJobData (inputData text): the upload is repeated once with a new token', async () => {
    const before = sf.sandbox.admin.requests().length;
    expireDuring('PUT', '/batches$');
    const out = await sf.run(
      `- salesforce.createJob: { configKey: sf, object: Account, operation: insert, responseVariable: job }
- salesforce.uploadJobData: { configKey: sf, jobId: "\${vars.job.payload.id}", inputData: "Name\\nRenewed Text\\n", responseVariable: up }
- salesforce.closeJob: { configKey: sf, jobId: "\${vars.job.payload.id}", responseVariable: closed }`,
    );
    expect(out.mc.error).toBeNull();
    expect(captured(out, 'closed').payload).toMatchObject({ state: 'UploadComplete' });
    expect(since(before).map(line)).toEqual([
      'POST /services/oauth2/token 200',
      'POST /jobs/ingest 200',
      'PUT /jobs/ingest/{id}/batches 401',
      'POST /services/oauth2/token 200',
      'PUT /jobs/ingest/{id}/batches 201',
      'PATCH /jobs/ingest/{id} 200',
    ]);
  });

  it('before a streamed upload: the job-info call renews the token, and the stream goes once, with the new one', async () => {
    const before = sf.sandbox.admin.requests().length;
    expireDuring('GET', '/jobs/ingest/\\w+$');
    const out = await sf.run(
      `- salesforce.createJob: { configKey: sf, object: Account, operation: insert, responseVariable: job }
- salesforce.uploadJobData: { configKey: sf, jobId: "\${vars.job.payload.id}", responseVariable: up }
- salesforce.closeJob: { configKey: sf, jobId: "\${vars.job.payload.id}", responseVariable: closed }
- respond: { body: done }`,
      { payload: new BodyStream(streamOf(['Name\n', 'Renewed Stream\n']), 'text/csv'), contentType: 'text/csv' },
    );
    expect(out.mc.error).toBeNull();
    expect(since(before).map(line)).toEqual([
      'POST /services/oauth2/token 200',
      'POST /jobs/ingest 200',
      'GET /jobs/ingest/{id} 401',
      'POST /services/oauth2/token 200',
      'GET /jobs/ingest/{id} 200',
      'PUT /jobs/ingest/{id}/batches 201',
      'PATCH /jobs/ingest/{id} 200',
    ]);
  });

  it('during a streamed upload: it cannot be sent twice, so the refusal is the answer (INVALID_SESSION_ID)', async () => {
    const before = sf.sandbox.admin.requests().length;
    expireDuring('PUT', '/batches$');
    const out = await sf.run(
      `- salesforce.createJob: { configKey: sf, object: Account, operation: insert, responseVariable: job }
- salesforce.uploadJobData: { configKey: sf, jobId: "\${vars.job.payload.id}" }`,
      { payload: new BodyStream(streamOf(['Name\nToo Late\n']), 'text/csv'), contentType: 'text/csv' },
    );
    expect(out.mc.error).toMatchObject({ code: 'INVALID_SESSION_ID', status: 401 });
    expect(bulkCalls(sf, before).filter((c) => c.method === 'PUT')).toHaveLength(1);
  });

  it('while bulkIngest polls: the poll is repeated with a new token and the wait goes on', async () => {
    const before = sf.sandbox.admin.requests().length;
    expireDuring('GET', '/jobs/ingest/\\w+$');
    const out = await sf.run('- salesforce.bulkIngest: { configKey: sf, object: Account, operation: insert, inputData: "Name\\nPolled\\n", waitForCompletion: true, pollInterval: 30, responseVariable: r }');
    expect(out.mc.error).toBeNull();
    expect(captured(out).payload).toMatchObject({ recordsProcessed: 1, jobs: [{ state: 'JobComplete' }] });
    const calls = since(before).map(line);
    expect(calls.slice(0, 7)).toEqual([
      'POST /services/oauth2/token 200',
      'POST /jobs/ingest 200',
      'PUT /jobs/ingest/{id}/batches 201',
      'PATCH /jobs/ingest/{id} 200',
      'GET /jobs/ingest/{id} 401',
      'POST /services/oauth2/token 200',
      'GET /jobs/ingest/{id} 200',
    ]);
  });

  it('between two result pages of a streamed bulkQuery: the page is fetched again with a new token', async () => {
    const before = sf.sandbox.admin.requests().length;
    const out = await runRead(sf, '- salesforce.bulkQuery: { configKey: sf, query: "SELECT Id, Name FROM Account", outputType: CSV, maxRecords: 5, pollInterval: 20 }', {}, async (response) => {
      // the first page is on its way; the session dies before the second is asked for
      sf.sandbox.admin.expireTokens();
      const chunks: Buffer[] = [];
      for await (const chunk of response.body as AsyncIterable<Buffer>) chunks.push(chunk);
      return Buffer.concat(chunks).toString();
    });
    expect(out.mc.error).toBeNull();
    const accounts = sf.sandbox.admin.records('Account').length;
    expect(out.text.trimEnd().split('\n')).toHaveLength(accounts + 1);
    const pages = since(before).filter((c) => c.path.endsWith('/results') || c.path.includes('oauth2')).map((c) => `${c.path.endsWith('/results') ? 'page' : 'token'} ${c.status}`);
    const more = Math.ceil(accounts / 5) - 1;
    expect(more).toBeGreaterThanOrEqual(2);
    expect(pages).toEqual(['token 200', 'page 200', 'page 401', 'token 200', ...Array(more).fill('page 200')]);
  });
});
