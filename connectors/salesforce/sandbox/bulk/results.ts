/**
 * The three result files of an ingest job, written while it is processed: successfulResults
 * (`"sf__Id","sf__Created",<original columns>`), failedResults (`"sf__Id","sf__Error",…`) and
 * unprocessedrecords (the original columns). Rows go through csv-stringify into files, with
 * backpressure, so results take no heap however large the job.
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { Stringifier } from 'csv-stringify';
import { csvStringifier, headerLine, type CsvFormat } from './csv.js';
import type { IngestFiles } from './jobs.js';

class ResultFile {
  readonly #out: WriteStream;
  readonly #rows: Stringifier;

  constructor(path: string, format: CsvFormat, header: string) {
    this.#out = createWriteStream(path);
    if (header !== '') this.#out.write(header);
    this.#rows = csvStringifier(format);
    this.#rows.pipe(this.#out);
  }

  async write(row: readonly string[]): Promise<void> {
    if (!this.#rows.write(row)) await once(this.#rows, 'drain');
  }

  async close(): Promise<void> {
    this.#rows.end();
    await finished(this.#out);
  }
}

/** The open result files of one job. */
export class ResultFiles {
  readonly #successful: ResultFile;
  readonly #failed: ResultFile;
  readonly #unprocessed: ResultFile;

  /** Create the files with their header lines; `columns` are the upload's header names (none when there was no data). */
  constructor(files: IngestFiles, format: CsvFormat, columns: readonly string[]) {
    this.#successful = new ResultFile(files.successful, format, headerLine(format, ['sf__Id', 'sf__Created'], columns));
    this.#failed = new ResultFile(files.failed, format, headerLine(format, ['sf__Id', 'sf__Error'], columns));
    this.#unprocessed = new ResultFile(files.unprocessed, format, columns.length === 0 ? '' : headerLine(format, [], columns));
  }

  success(id: string, created: boolean, cells: readonly string[]): Promise<void> {
    return this.#successful.write([id, created ? 'true' : 'false', ...cells]);
  }

  failure(id: string, error: string, cells: readonly string[]): Promise<void> {
    return this.#failed.write([id, error, ...cells]);
  }

  unprocessed(cells: readonly string[]): Promise<void> {
    return this.#unprocessed.write(cells);
  }

  async close(): Promise<void> {
    await Promise.all([this.#successful.close(), this.#failed.close(), this.#unprocessed.close()]);
  }
}
