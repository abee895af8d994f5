/**
 * Waiting for Bulk jobs to finish: their info is polled with a growing pause (×1.5 from
 * `pollInterval`, at most 30 s, never past the deadline), never in a busy loop, up to `timeout`
 * (default 10 minutes). Jobs that outlast it are the fault SALESFORCE_BULK_TIMEOUT (504) naming
 * them; they are left running (abortJob / abortQueryJob with the ids stops them). Each poll is a
 * plain call, so an expired session is renewed on the way.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { toMillis } from '../../../../src/config/units.js';
import type { OperationIO } from '../../../../src/connectors/types.js';
import type { SalesforceRestClient } from '../client.js';
import { jobInfo } from './jobs.js';
import { answerFault, BULK_TIMEOUT, bulkFault, type JobKind, ok } from './shared.js';

export const DEFAULT_TIMEOUT_MS = 10 * 60_000;
export const DEFAULT_POLL_MS = 1000;
const MAX_POLL_MS = 30_000;
const BACKOFF = 1.5;

const TERMINAL = new Set(['JobComplete', 'Failed', 'Aborted']);

/** A job's info as Salesforce answered it. */
export type JobInfo = Record<string, unknown> & { id: string; state: string };

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly pollMs: number;
}

/** `timeout` and `pollInterval` parameters (milliseconds or `30s`, `10m`) with their defaults. */
export function waitOptions(params: Record<string, unknown>): WaitOptions {
  const ms = (v: unknown, fallback: number) => (v === undefined || v === null || v === '' ? fallback : toMillis(typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : (v as number | string)));
  return { timeoutMs: ms(params.timeout, DEFAULT_TIMEOUT_MS), pollMs: Math.max(10, ms(params.pollInterval, DEFAULT_POLL_MS)) };
}

/**
 * Poll until every job is finished (JobComplete, Failed or Aborted); their last info, in the
 * order given. An error answer to a poll is its fault; `what` names the step in messages.
 */
export async function waitForJobs(client: SalesforceRestClient, kind: JobKind, ids: readonly string[], options: WaitOptions, io: OperationIO, what: string): Promise<JobInfo[]> {
  const deadline = Date.now() + options.timeoutMs;
  const latest = new Map<string, JobInfo>();
  let pause = options.pollMs;
  for (;;) {
    const pending = ids.filter((id) => !TERMINAL.has(latest.get(id)?.state ?? ''));
    const answers = await Promise.all(pending.map((id) => jobInfo(client, kind, id, io)));
    for (const [i, answer] of answers.entries()) {
      if (!ok(answer)) throw answerFault(answer, `${what} (job ${pending[i]})`);
      latest.set(pending[i]!, answer.payload as JobInfo);
    }
    const running = ids.filter((id) => !TERMINAL.has(latest.get(id)!.state));
    if (running.length === 0) return ids.map((id) => latest.get(id)!);
    const left = deadline - Date.now();
    if (left <= 0) {
      const states = running.map((id) => `${id} (${latest.get(id)!.state})`).join(', ');
      throw bulkFault(BULK_TIMEOUT, `${what}: ${running.length === 1 ? 'job' : 'jobs'} ${states} not finished after ${options.timeoutMs} ms`, {
        detail: { jobs: ids.map((id) => ({ id, state: latest.get(id)!.state })) },
      });
    }
    io.log.debug({ jobs: running, pauseMs: Math.min(pause, left) }, 'waiting for bulk jobs');
    await sleep(Math.min(pause, left));
    pause = Math.min(pause * BACKOFF, MAX_POLL_MS);
  }
}
