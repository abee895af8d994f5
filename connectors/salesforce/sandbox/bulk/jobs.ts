/**
 * Bulk API 2.0 jobs as the sandbox keeps them: ingest and query jobs with their state machine
 * fields, the job store (ids with the `750` key prefix, finished jobs kept for a while) and the
 * cursors behind paged job lists.
 */
import { randomBytes } from 'node:crypto';
import { IdGenerator, toId18 } from '../ids.js';
import type { SoqlQuery } from '../soql/index.js';
import type { CsvFormat } from './csv.js';

export type JobState = 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';
export type IngestOperation = 'insert' | 'update' | 'upsert' | 'delete' | 'hardDelete';
export type QueryOperation = 'query' | 'queryAll';

export const INGEST_OPERATIONS: readonly IngestOperation[] = ['insert', 'update', 'upsert', 'delete', 'hardDelete'];
export const QUERY_OPERATIONS: readonly QueryOperation[] = ['query', 'queryAll'];

/** States after which nothing more happens to a job. */
export const TERMINAL_STATES: ReadonlySet<JobState> = new Set(['JobComplete', 'Failed', 'Aborted']);

interface JobBase extends CsvFormat {
  readonly id: string;
  /** canonical object name */
  readonly object: string;
  readonly createdById: string;
  readonly createdDate: number;
  systemModstamp: number;
  state: JobState;
  /** `62.0`, the version the job was created with */
  readonly apiVersion: string;
  numberRecordsProcessed: number;
  retries: number;
  totalProcessingTime: number;
  /** resolves when processing (or draining after an abort) has finished writing everything */
  settled: Promise<void>;
  /** set by abort or delete: processing stops at the next row batch */
  cancelled: boolean;
}

/** Where an ingest job's files are: the upload as received, and the three result files. */
export interface IngestFiles {
  readonly upload: string;
  readonly successful: string;
  readonly failed: string;
  readonly unprocessed: string;
}

export interface IngestJob extends JobBase {
  readonly kind: 'ingest';
  readonly operation: IngestOperation;
  /** canonical name of the upsert key field */
  readonly externalIdFieldName: string | undefined;
  readonly assignmentRuleId: string | undefined;
  numberRecordsFailed: number;
  apiActiveProcessingTime: number;
  /** counts are reported once processing has started (Open jobs show none) */
  started: boolean;
  /** bytes of the one upload the job accepts; undefined until data arrived */
  uploadedBytes: number | undefined;
  /** an upload is being received right now */
  uploading: boolean;
  errorMessage: string | undefined;
  readonly files: IngestFiles;
}

/** Where a query job's result is: the CSV rows (no header), and where each row starts in it. */
export interface QueryFiles {
  readonly results: string;
  /** one little-endian double per row: the byte offset of the row in `results` */
  readonly offsets: string;
}

/** The size of a complete query job's result. */
export interface QueryResultSize {
  readonly records: number;
  readonly bytes: number;
}

export interface QueryJob extends JobBase {
  readonly kind: 'query';
  readonly operation: QueryOperation;
  readonly query: SoqlQuery;
  /** CSV header: canonical column paths in SELECT order */
  readonly columns: readonly string[];
  readonly files: QueryFiles;
  /** what the result files hold, once the job is complete */
  result: QueryResultSize | undefined;
}

export type Job = IngestJob | QueryJob;
export type JobKind = Job['kind'];

interface ListCursor {
  readonly ids: readonly string[];
}

const LIST_PAGE = 1000;
const MAX_LIST_CURSORS = 100;
/** How long a finished job is kept (org-clock ms since it finished): Salesforce deletes them after 7 days. */
export const JOB_RETENTION_MS = 7 * 86_400_000;
/** Finished jobs kept at most; past it the oldest go first. */
export const MAX_FINISHED_JOBS = 1000;

/** One page of a job list: the jobs and, when more remain, the locator of the next page. */
export interface JobListPage {
  readonly jobs: readonly Job[];
  readonly locator: string | undefined;
}

/** Every Bulk API 2.0 job of the org, by id, in creation order. */
export class JobStore {
  readonly #jobs = new Map<string, Job>();
  // started from the clock so job ids differ from one sandbox run to the next, as real ones do
  readonly #ids = new IdGenerator(Math.floor(Date.now() / 1000) % 1_000_000);
  readonly #cursors = new Map<string, ListCursor>();

  /** A new job id (`750…`, 18 characters). */
  nextId(): string {
    return this.#ids.next('750');
  }

  add(job: Job): void {
    this.#jobs.set(job.id, job);
  }

  /** A job by a 15- or 18-character id, only if it is of the kind asked for. */
  get(id: string, kind: JobKind): Job | undefined {
    const id18 = toId18(id);
    const job = id18 === undefined ? undefined : this.#jobs.get(id18);
    return job?.kind === kind ? job : undefined;
  }

  delete(id: string): void {
    this.#jobs.delete(id);
  }

  all(): IterableIterator<Job> {
    return this.#jobs.values();
  }

  /**
   * Take out the finished jobs that are due: those finished `JOB_RETENTION_MS` ago (their last
   * change is when they finished) and the oldest past `MAX_FINISHED_JOBS`. Returns them.
   */
  expire(now: number): Job[] {
    let finished = 0;
    for (const job of this.#jobs.values()) if (TERMINAL_STATES.has(job.state)) finished++;
    const due: Job[] = [];
    // creation order: the oldest come first
    for (const job of this.#jobs.values()) {
      if (!TERMINAL_STATES.has(job.state) || (finished <= MAX_FINISHED_JOBS && now - job.systemModstamp < JOB_RETENTION_MS)) continue;
      this.#jobs.delete(job.id);
      finished--;
      due.push(job);
    }
    return due;
  }

  /**
   * A page of the jobs `filter` selects. A list longer than a page keeps a cursor over the ids it
   * found; the locator is `<cursor id>-<offset>` as Salesforce's `01g…-1000` are. Jobs deleted
   * since the first page are skipped.
   */
  list(filter: (job: Job) => boolean, locator: string | undefined): JobListPage | undefined {
    let ids: readonly string[];
    let offset = 0;
    let cursorId: string;
    if (locator === undefined) {
      ids = [...this.#jobs.values()].filter(filter).map((j) => j.id);
      cursorId = `01g5g00000${randomBytes(4).toString('hex').toUpperCase()}`;
      if (ids.length > LIST_PAGE) {
        if (this.#cursors.size >= MAX_LIST_CURSORS) this.#cursors.delete(this.#cursors.keys().next().value!);
        this.#cursors.set(cursorId, { ids });
      }
    } else {
      const dash = locator.lastIndexOf('-');
      const cursor = dash > 0 ? this.#cursors.get(locator.slice(0, dash)) : undefined;
      offset = Number(locator.slice(dash + 1));
      if (!cursor || !Number.isInteger(offset) || offset < 0 || offset >= cursor.ids.length) return undefined;
      ids = cursor.ids;
      cursorId = locator.slice(0, dash);
    }
    const end = Math.min(offset + LIST_PAGE, ids.length);
    const jobs = ids.slice(offset, end).flatMap((id) => this.#jobs.get(id) ?? []);
    return { jobs, locator: end < ids.length ? `${cursorId}-${end}` : undefined };
  }

  clear(): void {
    this.#jobs.clear();
    this.#cursors.clear();
  }
}
