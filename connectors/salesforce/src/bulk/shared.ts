/**
 * What every Bulk API 2.0 operation shares: job paths, WSO2's spellings of the job options
 * normalised to Salesforce's (`INSERT` → insert, `QUERY_ALL` → queryAll), empty parameters
 * treated as absent (WSO2 skips them), the 204 → `{"result":"Success"}` rewrite, and the fault of
 * an error answer met where no result can carry it (a later page of a streamed download).
 */
import type { OperationResult } from '../../../../src/engine/result.js';
import { FerryError, type FerryErrorOptions } from '../../../../src/errors.js';
import { seg } from '../ops/shared.js';

/** Fault codes of the Bulk operations (Salesforce's own codes come from its error answers). */
export const BULK_TIMEOUT = 'SALESFORCE_BULK_TIMEOUT';
export const BULK_JOB_FAILED = 'SALESFORCE_BULK_JOB_FAILED';
export const BULK_INPUT = 'SALESFORCE_BULK_INPUT';
export const BULK_FILE = 'SALESFORCE_BULK_FILE';

const STATUS: Readonly<Record<string, number>> = { [BULK_TIMEOUT]: 504, [BULK_JOB_FAILED]: 502, [BULK_INPUT]: 400, [BULK_FILE]: 500 };

/** A fault with one of the Bulk codes above, and its status. */
export function bulkFault(code: string, message: string, options: Omit<FerryErrorOptions, 'statusCode'> = {}): FerryError {
  return new FerryError(code, message, { ...options, statusCode: STATUS[code] ?? 500 });
}

export type JobKind = 'ingest' | 'query';

/** `/jobs/ingest/{id}` or `/jobs/query/{id}` (plus a sub-resource), the id encoded. */
export function jobPath(kind: JobKind, id: unknown, sub?: string): string {
  return `/jobs/${kind}/${seg(id)}${sub ? `/${sub}` : ''}`;
}

/** A parameter as text, or undefined when absent or empty (WSO2 leaves empty ones out). */
export function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const s = String(value).trim();
  return s === '' ? undefined : s;
}

/** A boolean parameter given as a boolean or as WSO2's `"true"`/`"false"` text. */
export function flag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const s = text(value)?.toLowerCase();
  return s === undefined ? undefined : s === 'true';
}

/** Salesforce's spelling of a value from a fixed set, matched without case or underscores. */
function oneOf<T extends string>(value: unknown, allowed: readonly T[], name: string): T | undefined {
  const given = text(value);
  if (given === undefined) return undefined;
  const key = given.replace(/_/g, '').toLowerCase();
  const found = allowed.find((a) => a.toLowerCase() === key);
  if (!found) throw new FerryError('FERRY_ERR_CONNECTOR_PARAMS', `${name} must be one of ${allowed.join(', ')} (got '${given}')`);
  return found;
}

export const INGEST_OPERATIONS = ['insert', 'update', 'upsert', 'delete', 'hardDelete'] as const;
export const QUERY_OPERATIONS = ['query', 'queryAll'] as const;
export const COLUMN_DELIMITERS = { COMMA: ',', SEMICOLON: ';', TAB: '\t', PIPE: '|', CARET: '^', BACKQUOTE: '`' } as const;
export const LINE_ENDINGS = { LF: '\n', CRLF: '\r\n' } as const;
export type ColumnDelimiter = keyof typeof COLUMN_DELIMITERS;
export type LineEnding = keyof typeof LINE_ENDINGS;

export const ingestOperation = (v: unknown) => oneOf(v, INGEST_OPERATIONS, 'operation');
export const queryOperation = (v: unknown) => oneOf(v, QUERY_OPERATIONS, 'operation');
export const columnDelimiter = (v: unknown) => oneOf(v, Object.keys(COLUMN_DELIMITERS) as ColumnDelimiter[], 'columnDelimiter');
export const lineEnding = (v: unknown) => oneOf(v, Object.keys(LINE_ENDINGS) as LineEnding[], 'lineEnding');

/** A job's CSV layout, with Salesforce's defaults. */
export interface CsvLayout {
  readonly columnDelimiter: ColumnDelimiter;
  readonly lineEnding: LineEnding;
}

/** The layout a JobInfo answer names (defaults for what it leaves out). */
export function layoutOf(info: unknown): CsvLayout {
  const i = (info ?? {}) as { columnDelimiter?: unknown; lineEnding?: unknown };
  return { columnDelimiter: columnDelimiter(i.columnDelimiter) ?? 'COMMA', lineEnding: lineEnding(i.lineEnding) ?? 'LF' };
}

/** An object without its undefined values (the JSON body of a create). */
export function defined(obj: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined));
}

/** WSO2's answer to a successful delete: Salesforce's 204 becomes 200 `{"result":"Success"}`. */
export function deleted(result: OperationResult): OperationResult {
  if (result.statusCode !== 204) return result;
  return { ...result, statusCode: 200, contentType: 'application/json', payload: { result: 'Success' } };
}

/** Whether an answer is a success (2xx). */
export function ok(result: OperationResult): boolean {
  return result.statusCode >= 200 && result.statusCode < 300;
}

/**
 * The fault of an error answer that cannot be handed back as a result (met after the first page
 * of a download, or by a step of a multi-call operation that answers something else): Salesforce's
 * first errorCode and its messages, its status and body, as the host raises for a result.
 */
export function answerFault(result: OperationResult, what: string): FerryError {
  const body = result.payload;
  const errors = Array.isArray(body) ? (body as { errorCode?: unknown; message?: unknown }[]) : [];
  const code = typeof errors[0]?.errorCode === 'string' ? errors[0].errorCode : 'FERRY_ERR_CONNECTOR_FAILED';
  const message = errors.length > 0 ? errors.map((e) => String(e.message ?? e.errorCode)).join('; ') : `${what} answered ${result.statusCode}`;
  return new FerryError(code, `${what}: ${message}`, {
    statusCode: result.statusCode,
    detail: body,
    response: { status: result.statusCode, contentType: result.contentType, body },
  });
}
