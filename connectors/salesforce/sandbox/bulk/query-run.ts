/**
 * Running a Bulk API 2.0 query job: UploadComplete (queued) → InProgress → JobComplete (or Failed,
 * which says nothing more for query jobs). Rows are rendered and written to the job's result file
 * as they are evaluated: cells in SELECT order, parent fields flattened to `Account.Name`, values
 * in Bulk's CSV notation.
 */
import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToEventLoop, setTimeout as sleep } from 'node:timers/promises';
import type { SandboxContext } from '../context.js';
import type { FieldDef } from '../model.js';
import { executeSoql, type QueryCell, type QueryRow } from '../soql/index.js';
import { isoDateTime } from '../time.js';
import { javaDouble } from './csv.js';
import type { QueryJob, QueryResultSize } from './jobs.js';
import { BULK_TIMING } from './process.js';
import { QueryResultWriter } from './query-results.js';

const ROWS_PER_TICK = 2000;

/** A value as Bulk query CSV writes it: ISO datetimes with `Z`, doubles in Java notation, null as empty. */
export function cellText(field: FieldDef, value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (field.type === 'datetime') return isoDateTime(value);
    if (field.type === 'double' || field.type === 'currency' || field.type === 'percent') return javaDouble(value);
  }
  return String(value);
}

/** Column path (lower case) → text of every field a row holds, parents flattened with dots. */
function flatten(cells: readonly QueryCell[], prefix: string, out: Map<string, string>): Map<string, string> {
  for (const cell of cells) {
    if (cell.kind === 'field') out.set(`${prefix}${cell.name}`.toLowerCase(), cellText(cell.field, cell.value));
    else if (cell.kind === 'parent' && cell.row) flatten(cell.row.cells, `${prefix}${cell.name}.`, out);
  }
  return out;
}

/** One record's cells in the job's column order; a missing parent leaves its columns empty. */
function render(row: QueryRow, columns: readonly string[]): string[] {
  const values = flatten(row.cells, '', new Map());
  return columns.map((c) => values.get(c.toLowerCase()) ?? '');
}

/** Queue a new query job; `job.settled` resolves when it has finished (or was aborted). */
export function startQuery(ctx: SandboxContext, job: QueryJob): void {
  job.settled = sleep(BULK_TIMING.queuedMs).then(() => (job.cancelled || job.state !== 'UploadComplete' ? undefined : run(ctx, job)));
}

async function run(ctx: SandboxContext, job: QueryJob): Promise<void> {
  job.state = 'InProgress';
  job.systemModstamp = ctx.org.now();
  const began = performance.now();
  let result: QueryResultSize | undefined;
  try {
    result = await writeResult(ctx, job);
  } catch {
    result = undefined;
  }
  const remaining = BULK_TIMING.minProcessingMs - (performance.now() - began);
  if (remaining > 0) await sleep(remaining);
  if (job.cancelled) return;
  job.totalProcessingTime = Math.round(performance.now() - began);
  job.systemModstamp = ctx.org.now();
  if (!result) {
    job.state = 'Failed';
    return;
  }
  job.result = result;
  job.numberRecordsProcessed = result.records;
  job.state = 'JobComplete';
}

/** Evaluate the query and write its rows to the job's result file; undefined when cancelled. */
async function writeResult(ctx: SandboxContext, job: QueryJob): Promise<QueryResultSize | undefined> {
  await yieldToEventLoop();
  const result = executeSoql(job.query, ctx.org.store, { includeDeleted: job.operation === 'queryAll', now: ctx.org.now() });
  const out = new QueryResultWriter(job.files, job);
  try {
    for (const [i, row] of result.rows.entries()) {
      await out.write(render(row, job.columns));
      if ((i + 1) % ROWS_PER_TICK === 0) {
        await yieldToEventLoop();
        if (job.cancelled) {
          out.destroy();
          return undefined;
        }
      }
    }
    return await out.close();
  } catch (err) {
    out.destroy();
    throw err;
  }
}
