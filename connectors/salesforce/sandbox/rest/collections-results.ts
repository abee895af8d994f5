import type { RecordError } from '../model.js';
import { Rollback } from '../store/org-store.js';
import { inAllOrNoneComposite } from './composite-subrequest.js';
import { restError } from './errors.js';
import type { RestRequest, RestResponse } from './router.js';

/**
 * Per-record results of sObject Collections (SaveResult / UpsertResult / DeleteResult as JSON) and
 * the allOrNone rule: every record is tried; if any fails, all of them are undone and the good
 * ones report ALL_OR_NONE_OPERATION_ROLLED_BACK.
 */

/** The outcome of one record before it is written out. */
export interface ItemOutcome {
  readonly id?: string;
  readonly success: boolean;
  readonly errors: readonly RecordError[];
  /** upserts only */
  readonly created?: boolean;
  /** the record existed before the call, so a rolled-back result still names it */
  readonly existed?: boolean;
}

export const ROLLED_BACK_ERROR: RecordError = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};

/** A successful record. */
export function succeeded(id: string, extra: { created?: boolean; existed?: boolean } = {}): ItemOutcome {
  return { id, success: true, errors: [], ...extra };
}

/** A failed record: no id, whatever the record was. */
export function failed(...errors: readonly RecordError[]): ItemOutcome {
  return { success: false, errors };
}

/** One record error. */
export function recordError(statusCode: string, message: string, fields: readonly string[] = []): RecordError {
  return { statusCode, message, fields };
}

/**
 * Apply `op` to every item, in order, and answer 200 with the results. Under allOrNone (the
 * request's, or that of the composite the request runs in) any failed item undoes them all. A
 * value of the wrong JSON type fails the whole call with 400 JSON_PARSER_ERROR, as Salesforce
 * deserialises every record before saving any.
 */
export function runItems<T>(req: RestRequest, items: readonly T[], allOrNone: boolean, op: (item: T) => ItemOutcome): RestResponse {
  const strict = allOrNone || inAllOrNoneComposite(req);
  let outcomes: ItemOutcome[] = [];
  let rolledBack = false;
  try {
    req.org.store.transaction(() => {
      outcomes = items.map(op);
      if (outcomes.some(parseError) || (strict && outcomes.some((o) => !o.success))) throw new Rollback();
    });
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
    rolledBack = true;
  }
  const unparsable = outcomes.map(parseError).find((e) => e !== undefined);
  if (unparsable) return restError(400, 'JSON_PARSER_ERROR', unparsable.message);
  const body = rolledBack ? outcomes.map((o) => (o.success ? { id: o.existed ? o.id : undefined, success: false, errors: [ROLLED_BACK_ERROR] } : o)) : outcomes;
  return { status: 200, body: body.map(toJson) };
}

function parseError(o: ItemOutcome): RecordError | undefined {
  return o.errors.find((e) => e.statusCode === 'JSON_PARSER_ERROR');
}

// Keys in Salesforce's order; failures carry no `id` key at all (clients test for its presence).
function toJson(o: ItemOutcome): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (o.id !== undefined) out.id = o.id;
  out.success = o.success;
  out.errors = o.errors.map((e) => ({ statusCode: e.statusCode, message: e.message, fields: [...e.fields] }));
  if (o.success && o.created !== undefined) out.created = o.created;
  return out;
}

/** `record limit reached…`: the 400 for more records than one call takes. */
export function tooManyRecords(max: number): RestResponse {
  return restError(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${max} records into this call`);
}

/** A comma-separated (or repeated) query parameter as a list of non-empty, trimmed values. */
export function listParam(value: unknown): string[] {
  const parts = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
  return parts
    .flatMap((p) => p.split(','))
    .map((p) => p.trim())
    .filter((p) => p !== '');
}
