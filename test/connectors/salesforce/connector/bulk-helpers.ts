import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll } from 'vitest';
import type { OutboundResponse } from '../../../../src/engine/message-context.js';
import { runSteps, type RunInput, type RunOutcome } from '../../../helpers/project.js';
import type { useSalesforce } from './harness.js';

/** Shared by the bulk-*.test.ts files: reading streamed answers, waiting for jobs, temp folders. */

export type Sf = ReturnType<typeof useSalesforce>;
export type Captured = { payload?: any; headers: Record<string, unknown>; attributes: Record<string, any> };
export type Logged = { method: string; path: string; query: string; status: number; body: string | null; headers: Record<string, unknown> };

/** WSO2's Bulk example CSV (§4.3 B1). */
export const B1_CSV = 'Name,ShippingCity,NumberOfEmployees,AnnualRevenue,Website,Description\nLorem Ipsum,Milano,2676,912260031,https://ft.com/lacus/at.jsp,"Lorem ipsum dolor sit amet"\n';

/** The response body as text, whether it was streamed (a Readable) or not. */
export async function bodyText(response: OutboundResponse): Promise<string> {
  const body = response.body;
  if (body === null) return '';
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of body as Readable) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** A captured variable of a run. */
export function captured(out: RunOutcome, name = 'r'): Captured {
  return out.mc.vars[name] as Captured;
}

/** The Bulk requests the sandbox saw since `from` (an index into its log). */
export function bulkCalls(sf: Sf, from = 0): Logged[] {
  return (sf.sandbox.admin.requests() as Logged[]).slice(from).filter((r) => r.path.includes('/jobs/'));
}

/** Create, upload and close an ingest job through the connector; its id. */
export async function submitJob(sf: Sf, csv: string, object = 'Account', operation = 'insert'): Promise<string> {
  const out = await sf.run(
    `- salesforce.createJob: { configKey: sf, object: ${object}, operation: ${operation}, responseVariable: job }
- salesforce.uploadJobData: { configKey: sf, jobId: "\${vars.job.payload.id}", inputData: "\${vars.csv}", responseVariable: up }
- salesforce.closeJob: { configKey: sf, jobId: "\${vars.job.payload.id}", responseVariable: closed }`,
    { vars: { csv } },
  );
  if (out.mc.error) throw new Error(`submitJob failed: ${JSON.stringify(out.mc.error)}`);
  return captured(out, 'job').payload.id as string;
}

/** Poll getJobInfo (or getQueryJobInfo) through the connector until the job has finished; its info. */
export async function finished(sf: Sf, id: string, kind: 'ingest' | 'query' = 'ingest'): Promise<Record<string, any>> {
  const op = kind === 'ingest' ? 'getJobInfo' : 'getQueryJobInfo';
  for (let i = 0; i < 200; i++) {
    const out = await sf.run(`- salesforce.${op}: { configKey: sf, jobId: "${id}", responseVariable: r }`);
    const info = captured(out).payload as Record<string, any>;
    if (['JobComplete', 'Failed', 'Aborted'].includes(info.state)) return info;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`job ${id} did not finish`);
}

/** A temporary folder removed after the test file. */
export function tempFolder(prefix = 'ferry-bulk-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A stream of the given pieces, read lazily. */
export function streamOf(pieces: readonly string[]): Readable {
  return Readable.from(pieces.map((p) => Buffer.from(p)), { objectMode: false });
}

/**
 * Like `sf.run`, but the answer is read (`text`) before the project closes: a streamed answer
 * holds its upstream connection open until read, and closing the project's pools waits for it.
 * `onBody` may read the answer itself (and measure while it does).
 */
export function runRead(sf: Sf, steps: string, input: RunInput = {}, onBody: (response: OutboundResponse) => Promise<string> = bodyText): Promise<RunOutcome & { text: string }> {
  return runSteps(steps, input, { 'config/server.yaml': sf.serverYaml() }, onBody);
}
