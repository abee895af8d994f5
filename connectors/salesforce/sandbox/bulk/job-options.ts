/** Job options shared by ingest and query jobs: the CSV format fields and state names in messages. */
import { COLUMN_DELIMITERS, LINE_ENDINGS, type ColumnDelimiter, type LineEnding } from './csv.js';
import { invalidValue } from './http.js';
import type { JobState } from './jobs.js';

/** The job's CSV options from a create request, with Salesforce's defaults (CSV, COMMA, LF). */
export function csvOptions(body: Readonly<Record<string, unknown>>): { columnDelimiter: ColumnDelimiter; lineEnding: LineEnding } {
  const { contentType, columnDelimiter = 'COMMA', lineEnding = 'LF' } = body;
  if (contentType !== undefined && contentType !== 'CSV') throw invalidValue('contentType', contentType);
  if (typeof columnDelimiter !== 'string' || !Object.hasOwn(COLUMN_DELIMITERS, columnDelimiter)) throw invalidValue('columnDelimiter', columnDelimiter);
  if (typeof lineEnding !== 'string' || !Object.hasOwn(LINE_ENDINGS, lineEnding)) throw invalidValue('lineEnding', lineEnding);
  return { columnDelimiter: columnDelimiter as ColumnDelimiter, lineEnding: lineEnding as LineEnding };
}

/** A state as refusals name it: `Aborting already Completed Job not allowed` says Completed for JobComplete. */
export function stateWord(state: JobState): string {
  return state === 'JobComplete' ? 'Completed' : state;
}
