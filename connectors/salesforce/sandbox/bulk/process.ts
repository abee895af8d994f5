/**
 * Asynchronous processing of a closed ingest job, as Salesforce runs it: UploadComplete (queued)
 * → InProgress (rows applied batch by batch through the org store, counts rising as it goes) →
 * JobComplete, or Failed when the header or the CSV itself is bad. An abort stops it between row
 * batches and everything not applied becomes unprocessed.
 */
import { createReadStream } from 'node:fs';
import { CsvError } from 'csv-parse';
import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToEventLoop, setTimeout as sleep } from 'node:timers/promises';
import type { SandboxContext } from '../context.js';
import { resolveHeader } from './columns.js';
import { csvParser } from './csv.js';
import type { IngestJob } from './jobs.js';
import { ResultFiles } from './results.js';
import { RowApplier } from './rows.js';

/**
 * How fast the sandbox processes jobs. A job waits `queuedMs` in UploadComplete, stays
 * InProgress at least `minProcessingMs` (so pollers see every state), applies `rowsPerTick` rows
 * between yields to the event loop, and groups rows in Salesforce's 10,000-record batches.
 */
export const BULK_TIMING = { queuedMs: 50, minProcessingMs: 80, rowsPerTick: 500, rowsPerBatch: 10_000 } as const;

type Row = readonly string[];

/** The rows of a job's upload (header first), parsed as they are read from disk. */
async function* uploadRows(job: IngestJob): AsyncGenerator<Row> {
  if (job.uploadedBytes === undefined) return;
  const parser = createReadStream(job.files.upload).pipe(csvParser(job));
  for await (const record of parser) yield record as string[];
}

function touch(ctx: SandboxContext, job: IngestJob): void {
  job.systemModstamp = ctx.org.now();
}

/** Queue a job that has just been closed (UploadComplete); `job.settled` resolves when it is done. */
export function startIngest(ctx: SandboxContext, job: IngestJob): void {
  job.settled = sleep(BULK_TIMING.queuedMs).then(() => (job.cancelled || job.state !== 'UploadComplete' ? undefined : run(ctx, job)));
}

/** After an abort before processing began: every uploaded row becomes an unprocessed record. */
export function drainIngest(job: IngestJob): void {
  job.settled = job.settled.then(async () => {
    const rows = uploadRows(job);
    const header = await rows.next();
    const files = new ResultFiles(job.files, job, header.done ? [] : header.value);
    try {
      if (!header.done) for await (const row of rows) await files.unprocessed(pad(row, header.value.length));
    } catch {
      // a malformed upload yields what could be read
    } finally {
      await files.close();
    }
  });
}

function pad(row: Row, width: number): string[] {
  return Array.from({ length: width }, (_, i) => row[i] ?? '');
}

async function run(ctx: SandboxContext, job: IngestJob): Promise<void> {
  job.state = 'InProgress';
  job.started = true;
  touch(ctx, job);
  const began = performance.now();
  const runner = new IngestRun(ctx, job);
  try {
    await runner.run();
  } catch (err) {
    // the batch being read fails; what was applied before stays applied, as in Salesforce
    await runner.leaveUnprocessed();
    if (!job.cancelled) {
      job.state = 'Failed';
      job.errorMessage = err instanceof CsvError ? csvFailure(err) : `Unknown : ${(err as Error).message}`;
    }
  }
  const remaining = BULK_TIMING.minProcessingMs - (performance.now() - began);
  if (remaining > 0) await sleep(remaining);
  if (job.state === 'InProgress') job.state = 'JobComplete';
  job.totalProcessingTime = Math.round(performance.now() - began);
  job.apiActiveProcessingTime = Math.max(1, Math.round(runner.activeMs));
  touch(ctx, job);
  await runner.close();
}

/** One pass over a job's upload: header, then rows applied in batches, results written as it goes. */
class IngestRun {
  readonly #ctx: SandboxContext;
  readonly #job: IngestJob;
  readonly #rows: AsyncGenerator<Row>;
  #files: ResultFiles | undefined;
  #width = 0;
  /** rows read but not applied yet (the current batch) */
  #pending: Row[] = [];
  /** milliseconds spent applying rows (apiActiveProcessingTime) */
  activeMs = 0;

  constructor(ctx: SandboxContext, job: IngestJob) {
    this.#ctx = ctx;
    this.#job = job;
    this.#rows = uploadRows(job);
  }

  async run(): Promise<void> {
    const store = this.#ctx.org.store;
    const def = store.object(this.#job.object)!;
    const header = await this.#rows.next();
    const names = header.done ? [] : header.value;
    this.#width = names.length;
    this.#files = new ResultFiles(this.#job.files, this.#job, names);
    const bound = resolveHeader(def, names, (name) => store.object(name));
    if ('errorMessage' in bound) {
      this.#job.errorMessage = bound.errorMessage;
      this.#job.state = 'Failed';
      for await (const row of this.#rows) await this.#files.unprocessed(pad(row, this.#width));
      return;
    }
    const { externalIdFieldName, operation, createdById, apiVersion } = this.#job;
    const externalIdField = externalIdFieldName === undefined ? undefined : def.fieldMap.get(externalIdFieldName.toLowerCase());
    const applier = new RowApplier({ store, def, columns: bound.columns, operation, externalIdField, userId: createdById, apiVersion: Number(apiVersion) });
    for await (const row of this.#rows) {
      if (this.#job.cancelled) await this.#files.unprocessed(pad(row, this.#width));
      else if (this.#pending.push(row) >= BULK_TIMING.rowsPerBatch) await this.#applyBatch(applier);
    }
    await this.#applyBatch(applier);
  }

  /** Apply the pending batch a tick at a time, yielding to the event loop in between; an abort stops it. */
  async #applyBatch(applier: RowApplier): Promise<void> {
    const job = this.#job;
    applier.beginBatch(this.#pending);
    while (this.#pending.length > 0 && !job.cancelled) {
      const started = performance.now();
      const tick = this.#pending.slice(0, BULK_TIMING.rowsPerTick);
      for (const row of tick) {
        const outcome = applier.apply(row);
        if (outcome.ok) await this.#files!.success(outcome.id, outcome.created, applier.echo(row, this.#width));
        else {
          job.numberRecordsFailed++;
          await this.#files!.failure(outcome.id, outcome.error, pad(row, this.#width));
        }
        job.numberRecordsProcessed++;
      }
      this.#pending = this.#pending.slice(tick.length);
      this.activeMs += performance.now() - started;
      touch(this.#ctx, job);
      await yieldToEventLoop();
    }
    applier.endBatch();
    await this.leaveUnprocessed();
  }

  /** Write the rows read but not applied as unprocessed records. */
  async leaveUnprocessed(): Promise<void> {
    this.#files ??= new ResultFiles(this.#job.files, this.#job, []);
    for (const row of this.#pending) await this.#files.unprocessed(pad(row, this.#width));
    this.#pending = [];
  }

  async close(): Promise<void> {
    await this.#files?.close();
  }
}

/** The errorMessage of a job whose CSV could not be parsed. */
function csvFailure(err: CsvError): string {
  if (err.code === 'INVALID_OPENING_QUOTE' || err.code === 'CSV_INVALID_CLOSING_QUOTE') {
    return 'InvalidBatch : Failed to parse CSV. Found unescaped quote. A value with quote should be within a quote';
  }
  return `InvalidBatch : Failed to parse CSV. ${err.message}`;
}
