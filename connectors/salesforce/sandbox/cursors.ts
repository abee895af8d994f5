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
  /** the evaluated query: its rows are what later pages are cut from */
  readonly result: QueryResult;
  readonly batchSize: number;
  /** the user who ran the query */
  readonly owner: string;
  /** org-clock ms when a page was last served */
  usedAt: number;
}

// The classic QueryLocator rules: a cursor idle for 15 minutes expires, and a user's eleventh
// cursor releases their oldest. (Since API 56.0 Salesforce documents 2 days and no count limit;
// the stricter rules keep the rows held here bounded.)
/** Org-clock ms after which an unused cursor expires. */
export const CURSOR_IDLE_MS = 15 * 60_000;
/** Open cursors per user; a new one releases the user's oldest. */
export const CURSORS_PER_USER = 10;
/** Open cursors across all users; past it the oldest is released. */
export const MAX_CURSORS = 100;

/**
 * Server-side query cursors shared by REST (`nextRecordsUrl` = `/query/<locator>`) and SOAP
 * (`queryLocator` for queryMore). A locator is `<cursor id>-<offset>`, as Salesforce's are. A
 * cursor holds the rows of its query until its last page is served, it expires, or it is released;
 * its locators then answer INVALID_QUERY_LOCATOR.
 */
export class QueryCursors {
  readonly #cursors = new Map<string, Cursor>();
  readonly #clock: () => number;
  readonly #orgPrefix: string;

  constructor(clock: () => number, orgPrefix = '01g5g00000') {
    this.#clock = clock;
    this.#orgPrefix = orgPrefix;
  }

  /** How many cursors are open. */
  get size(): number {
    return this.#cursors.size;
  }

  /** The first page of a result; keeps a cursor for `owner` (a user id) when more rows remain. */
  first(result: QueryResult, batchSize: number, owner: string): QueryPage {
    if (result.rows.length <= batchSize) return { rows: result.rows, totalSize: result.totalSize, done: true, locator: undefined, result };
    const now = this.#clock();
    this.#release(now, owner);
    const id = `${this.#orgPrefix}${randomBytes(4).toString('hex').toUpperCase().slice(0, 8)}`;
    const cursor: Cursor = { result, batchSize, owner, usedAt: now };
    this.#cursors.set(id, cursor);
    return this.#page(id, cursor, 0);
  }

  /** The page at a locator, or undefined for an unknown, expired or exhausted one (INVALID_QUERY_LOCATOR). */
  next(locator: string): QueryPage | undefined {
    const dash = locator.lastIndexOf('-');
    if (dash <= 0) return undefined;
    const id = locator.slice(0, dash);
    const offset = Number(locator.slice(dash + 1));
    const cursor = this.#cursors.get(id);
    if (!cursor) return undefined;
    const now = this.#clock();
    if (now - cursor.usedAt >= CURSOR_IDLE_MS) {
      this.#cursors.delete(id);
      return undefined;
    }
    if (!Number.isInteger(offset) || offset < 0 || offset >= cursor.result.rows.length) return undefined;
    cursor.usedAt = now;
    return this.#page(id, cursor, offset);
  }

  clear(): void {
    this.#cursors.clear();
  }

  /** Make room for a new cursor of `owner`: drop idle ones, then the owner's oldest and the oldest overall past the caps. */
  #release(now: number, owner: string): void {
    const owned: string[] = [];
    for (const [id, cursor] of this.#cursors) {
      if (now - cursor.usedAt >= CURSOR_IDLE_MS) this.#cursors.delete(id);
      else if (cursor.owner === owner) owned.push(id);
    }
    // the map is in creation order, so the first ids are the oldest
    if (owned.length >= CURSORS_PER_USER) this.#cursors.delete(owned[0]!);
    if (this.#cursors.size >= MAX_CURSORS) this.#cursors.delete(this.#cursors.keys().next().value!);
  }

  #page(id: string, cursor: Cursor, offset: number): QueryPage {
    const end = Math.min(offset + cursor.batchSize, cursor.result.rows.length);
    const done = end >= cursor.result.rows.length;
    // the last page has no locator to come back with: the rows can go now
    if (done) this.#cursors.delete(id);
    return {
      rows: cursor.result.rows.slice(offset, end),
      totalSize: cursor.result.totalSize,
      done,
      locator: done ? undefined : `${id}-${end}`,
      result: cursor.result,
    };
  }
}
