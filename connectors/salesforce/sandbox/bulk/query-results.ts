/**
 * A query job's result on disk: the CSV rows as Bulk writes them (written while the job runs),
 * and beside them the byte offset where each row starts. A results page (`locator` = row offset,
 * `maxRecords` rows) is then one byte range streamed from the file, so neither the result nor a
 * page is ever held in memory.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { csvRow, type CsvFormat } from './csv.js';
import type { QueryFiles, QueryResultSize } from './jobs.js';

const OFFSET_BYTES = 8;
// rows are written to the files in chunks: this many offsets, this many characters of CSV
const OFFSETS_PER_WRITE = 4096;
const CHARS_PER_WRITE = 64 * 1024;

/** Writes a query job's result rows and their offsets, with backpressure. */
export class QueryResultWriter {
  readonly #format: CsvFormat;
  readonly #rows: WriteStream;
  readonly #offsets: WriteStream;
  #failure: unknown;
  #text = '';
  #index = Buffer.alloc(OFFSETS_PER_WRITE * OFFSET_BYTES);
  #indexed = 0;
  #records = 0;
  #bytes = 0;

  constructor(files: QueryFiles, format: CsvFormat) {
    this.#format = format;
    this.#rows = createWriteStream(files.results);
    this.#offsets = createWriteStream(files.offsets);
    for (const out of [this.#rows, this.#offsets]) out.on('error', (err) => (this.#failure ??= err));
  }

  /** Add one row (cells in the job's column order). */
  async write(cells: readonly string[]): Promise<void> {
    const text = csvRow(this.#format, cells);
    this.#index.writeDoubleLE(this.#bytes, this.#indexed++ * OFFSET_BYTES);
    this.#records++;
    this.#bytes += Buffer.byteLength(text);
    this.#text += text;
    if (this.#text.length >= CHARS_PER_WRITE) await this.#flushRows();
    if (this.#indexed === OFFSETS_PER_WRITE) await this.#flushOffsets();
  }

  /** Write what is left and close both files; the size of the complete result. */
  async close(): Promise<QueryResultSize> {
    await this.#flushRows();
    await this.#flushOffsets();
    this.#rows.end();
    this.#offsets.end();
    await Promise.all([finished(this.#rows), finished(this.#offsets)]);
    return { records: this.#records, bytes: this.#bytes };
  }

  /** Stop without finishing (cancelled or failed); the partial files go with the job's files. */
  destroy(): void {
    this.#rows.destroy();
    this.#offsets.destroy();
  }

  async #flushRows(): Promise<void> {
    const text = this.#text;
    this.#text = '';
    await this.#put(this.#rows, text);
  }

  async #flushOffsets(): Promise<void> {
    // a fresh buffer: the stream may still be writing the one handed to it
    const chunk = this.#index.subarray(0, this.#indexed * OFFSET_BYTES);
    this.#index = Buffer.alloc(OFFSETS_PER_WRITE * OFFSET_BYTES);
    this.#indexed = 0;
    await this.#put(this.#offsets, chunk);
  }

  async #put(out: WriteStream, chunk: string | Buffer): Promise<void> {
    if (this.#failure) throw this.#failure;
    if (chunk.length > 0 && !out.write(chunk)) await once(out, 'drain');
  }
}

/** Rows `[from, to)` of a complete result as CSV text read from its file; undefined for an empty range. */
export async function resultRows(files: QueryFiles, size: QueryResultSize, from: number, to: number): Promise<Readable | undefined> {
  if (from >= to) return undefined;
  const offsets = await open(files.offsets);
  let start: number;
  let end: number;
  try {
    const offsetOf = async (row: number): Promise<number> => {
      if (row >= size.records) return size.bytes;
      const { buffer } = await offsets.read(Buffer.alloc(OFFSET_BYTES), 0, OFFSET_BYTES, row * OFFSET_BYTES);
      return buffer.readDoubleLE(0);
    };
    start = await offsetOf(from);
    end = await offsetOf(to);
  } finally {
    await offsets.close();
  }
  return createReadStream(files.results, { start, end: end - 1 });
}
