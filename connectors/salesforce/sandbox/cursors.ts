import { randomBytes } from 'node:crypto';
import type { QueryResult, QueryRow } from './soql/types.js';

export interface QueryPage {
  readonly rows: readonly QueryRow[];
  readonly totalSize: number;
  readonly done: boolean;
  /** `01g…-N` (N = rows returned so far) when more pages remain */
  readonly locator: string | undefined;
  readonly result: QueryResult;
}

interface Cursor {
  readonly result: QueryResult;
  readonly batchSize: number;
  readonly createdAt: number;
}

const MAX_CURSORS = 1000;

/**
 * Server-side query cursors shared by REST (`nextRecordsUrl` = `/query/<locator>`) and SOAP
 * (`queryLocator` for queryMore). A locator is `<cursor id>-<offset>`, as Salesforce's are.
 */
export class QueryCursors {
  readonly #cursors = new Map<string, Cursor>();
  readonly #orgPrefix: string;

  constructor(orgPrefix = '01g5g00000') {
    this.#orgPrefix = orgPrefix;
  }

  /** The first page of a result; keeps a cursor when more rows remain. */
  first(result: QueryResult, batchSize: number, now: number): QueryPage {
    if (result.rows.length <= batchSize) return { rows: result.rows, totalSize: result.totalSize, done: true, locator: undefined, result };
    const id = `${this.#orgPrefix}${randomBytes(4).toString('hex').toUpperCase().slice(0, 8)}`;
    if (this.#cursors.size >= MAX_CURSORS) this.#cursors.delete(this.#cursors.keys().next().value!);
    this.#cursors.set(id, { result, batchSize, createdAt: now });
    return this.#page(id, 0);
  }

  /** The page at a locator, or undefined for an unknown or exhausted one (INVALID_QUERY_LOCATOR). */
  next(locator: string): QueryPage | undefined {
    const dash = locator.lastIndexOf('-');
    if (dash <= 0) return undefined;
    const id = locator.slice(0, dash);
    const offset = Number(locator.slice(dash + 1));
    const cursor = this.#cursors.get(id);
    if (!cursor || !Number.isInteger(offset) || offset < 0 || offset >= cursor.result.rows.length) return undefined;
    return this.#page(id, offset);
  }

  clear(): void {
    this.#cursors.clear();
  }

  #page(id: string, offset: number): QueryPage {
    const cursor = this.#cursors.get(id)!;
    const end = Math.min(offset + cursor.batchSize, cursor.result.rows.length);
    const done = end >= cursor.result.rows.length;
    return {
      rows: cursor.result.rows.slice(offset, end),
      totalSize: cursor.result.totalSize,
      done,
      locator: done ? undefined : `${id}-${end}`,
      result: cursor.result,
    };
  }
}
