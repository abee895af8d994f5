/**
 * How Bulk jobs leave the sandbox: deleted by the client, expired (finished 7 days ago on the
 * org's clock, or the oldest past the number of finished jobs kept), or cleared by an admin reset.
 * Either way processing stops and the job's spool files are removed once it has settled.
 */
import type { BulkState } from './call.js';
import type { Job } from './jobs.js';

/** Forget a job now; its files go when its processing (or draining) has finished writing them. */
export function discardJob(bulk: BulkState, job: Job): void {
  job.cancelled = true;
  bulk.jobs.delete(job.id);
  // a job whose processing failed has files to remove all the same
  void job.settled.catch(() => undefined).then(() => bulk.spool.remove(job.files));
}

/** Discard the finished jobs that are due (run before every Bulk call, so expired jobs are never seen). */
export function expireJobs(bulk: BulkState): void {
  for (const job of bulk.jobs.expire(bulk.ctx.org.now())) discardJob(bulk, job);
}

/** Discard every job (admin reset). */
export function discardAll(bulk: BulkState): void {
  for (const job of [...bulk.jobs.all()]) discardJob(bulk, job);
  bulk.jobs.clear();
}
