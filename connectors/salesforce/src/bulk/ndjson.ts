/**
 * NDJSON (one JSON record per line) as Bulk CSV. The CSV header needs every record's fields
 * before the first row can be written, so a stream takes two passes: the first copies the lines
 * to a temporary file while it collects the columns (and checks every line parses), the second
 * reads the file back and writes the rows. The file is removed when the conversion ends, however
 * it ends. Text held whole (a payload that is already a string) takes the same path in memory.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { Columns, CsvWriter, flatten, noColumns } from './csv-records.js';
import { drain } from './input.js';
import { BULK_INPUT, bulkFault, type CsvLayout } from './shared.js';

/** A CSV produced from records: its header line and its lines, each with its line ending. */
export interface CsvSource {
  readonly header: string;
  readonly lines: AsyncIterable<string>;
  /** remove what the conversion left behind (its temporary file) */
  close(): Promise<void>;
}

function parseLine(line: string, n: number): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch (err) {
    throw bulkFault(BULK_INPUT, `NDJSON line ${n} is not JSON: ${(err as Error).message}`);
  }
}

/** The non-blank lines of a stream with their line numbers. */
async function* lines(source: Readable): AsyncGenerator<[string, number]> {
  const reader = createInterface({ input: source, crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const line of reader) {
      n++;
      if (line.trim() !== '') yield [line, n];
    }
  } finally {
    reader.close();
  }
}

/**
 * A streamed NDJSON body as CSV: the first pass spools it to a temporary file and collects the
 * columns; `lines` is the second pass. Call `close()` when done with it.
 */
export async function ndjsonStreamToCsv(source: Readable, layout: CsvLayout): Promise<CsvSource> {
  const dir = await mkdtemp(join(tmpdir(), 'ferry-ndjson-'));
  const file = join(dir, 'records.ndjson');
  const close = () => rm(dir, { recursive: true, force: true });
  try {
    const out = createWriteStream(file);
    let failure: Error | undefined;
    out.on('error', (err) => (failure ??= err));
    const columns = new Columns();
    let count = 0;
    for await (const [line, n] of lines(source)) {
      columns.add(flatten(parseLine(line, n), `NDJSON line ${n}`));
      count++;
      if (failure) throw failure;
      if (!out.write(`${line}\n`)) await once(out, 'drain');
    }
    out.end();
    await finished(out);
    noColumns(columns, count);
    const writer = new CsvWriter(layout, columns.list);
    const rows = async function* (): AsyncGenerator<string> {
      for await (const [line, n] of lines(createReadStream(file))) yield writer.row(flatten(parseLine(line, n), `NDJSON line ${n}`));
    };
    return { header: writer.header(), lines: rows(), close };
  } catch (err) {
    drain(source);
    await close();
    throw err;
  }
}

/** NDJSON text held whole as CSV. */
export function ndjsonTextToCsv(text: string, layout: CsvLayout): { header: string; lines: string[] } {
  const columns = new Columns();
  const records: ReturnType<typeof flatten>[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const cells = flatten(parseLine(line, i + 1), `NDJSON line ${i + 1}`);
    columns.add(cells);
    records.push(cells);
  });
  noColumns(columns, records.length);
  const writer = new CsvWriter(layout, columns.list);
  return { header: writer.header(), lines: records.map((cells) => writer.row(cells)) };
}
