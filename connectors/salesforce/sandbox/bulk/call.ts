import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext, Session } from '../context.js';
import type { JobStore } from './jobs.js';
import type { Spool } from './spool.js';

/** What the Bulk module keeps for the life of a sandbox. */
export interface BulkState {
  readonly ctx: SandboxContext;
  readonly jobs: JobStore;
  readonly spool: Spool;
}

/** One authenticated Bulk API call as its handler sees it. */
export interface Call {
  readonly bulk: BulkState;
  readonly req: FastifyRequest;
  readonly reply: FastifyReply;
  readonly session: Session;
  /** `62.0` */
  readonly version: string;
  /** the path below `/jobs/ingest` or `/jobs/query`, split, without empty segments */
  readonly segments: readonly string[];
  readonly query: Readonly<Record<string, string | undefined>>;
  /** X-PrettyPrint: 1 */
  readonly pretty: boolean;
}
