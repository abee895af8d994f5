/**
 * Bulk CSV results as JSON, as WSO2's ProcessResults gives them: one object per row, keyed by
 * the header, every value a string (a missing cell is ""). Parsed with csv-parse as the bytes
 * arrive, so a result of any size converts in constant memory. The column delimiter is read
 * from the header line (result files use the job's delimiter, which a download does not name).
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse, type Parser } from 'csv-parse';
import { FerryError } from '../../../../src/errors.js';
import { COLUMN_DELIMITERS } from './shared.js';

const DELIMITERS = new Set<string>(Object.values(COLUMN_DELIMITERS));
// a header line is at most 32,000 characters; past this much without a line break, stop looking
const MAX_HEAD = 1024 * 1024;
// the JSON text is handed on in pieces of about this many characters
const CHUNK_CHARS = 64 * 1024;

/** The delimiter of a CSV from its first line: the first delimiter character outside quotes (`,` if none). */
export function detectDelimiter(firstLine: string): string {
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && DELIMITERS.has(ch)) return ch;
    else if (!quoted && ch === '\n') break;
  }
  return ',';
}

/** The chunks of a stream as Buffers. */
async function* buffers(source: AsyncIterable<unknown>): AsyncGenerator<Buffer> {
  for await (const chunk of source) yield typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
}

/**
 * The records of a CSV stream (arrays of cells, header first), parsed as they arrive. Without a
 * known delimiter, it is detected from the header line.
 */
export async function* csvRecords(source: Readable, delimiter?: string): AsyncGenerator<string[]> {
  const chunks = buffers(source)[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let size = 0;
  if (delimiter === undefined) {
    // read up to the end of the header line to see its delimiter
    for (;;) {
      const next = await chunks.next();
      if (next.done) break;
      head.push(next.value);
      size += next.value.length;
      if (next.value.includes(10) || size > MAX_HEAD) break;
    }
    delimiter = detectDelimiter(Buffer.concat(head).toString('utf8'));
  }
  const parser: Parser = parse({ delimiter, bom: true, relax_column_count: true, skip_empty_lines: true });
  const all = async function* (): AsyncGenerator<Buffer> {
    yield* head;
    for (;;) {
      const next = await chunks.next();
      if (next.done) return;
      yield next.value;
    }
  };
  const feeding = pipeline(Readable.from(all()), parser);
  // an error is the iteration's: the parser is destroyed with it, and the pipeline's own rejection is not a second one
  feeding.catch(() => undefined);
  try {
    for await (const record of parser) yield record as string[];
    await feeding;
  } catch (err) {
    if (err instanceof CsvError) throw new FerryError('FERRY_ERR_CALL_BAD_RESPONSE', `Salesforce's CSV cannot be read: ${err.message}`, { cause: err });
    throw err;
  } finally {
    parser.destroy();
    source.destroy();
  }
}

/** The rows of a CSV stream as objects of strings keyed by the header; `[]` for no rows. */
export async function* csvObjects(source: Readable, delimiter?: string): AsyncGenerator<Record<string, string>> {
  let header: string[] | undefined;
  for await (const record of csvRecords(source, delimiter)) {
    if (!header) {
      header = record;
      continue;
    }
    // fromEntries defines own properties: a column named __proto__ is data like any other
    yield Object.fromEntries(header.map((name, i) => [name, record[i] ?? '']));
  }
}

/** JSON text of an array of objects, produced as they come, in pieces. */
export async function* jsonArrayText(objects: AsyncIterable<Record<string, string>>): AsyncGenerator<string> {
  let out = '[';
  let first = true;
  for await (const obj of objects) {
    out += (first ? '' : ',') + JSON.stringify(obj);
    first = false;
    if (out.length >= CHUNK_CHARS) {
      yield out;
      out = '';
    }
  }
  yield `${out}]`;
}

/** A CSV stream as a JSON array text stream (converted while it is read). */
export function csvToJsonStream(source: Readable, delimiter?: string): Readable {
  return Readable.from(jsonArrayText(csvObjects(source, delimiter)), { objectMode: false });
}

/** Read a whole CSV stream into an array of objects (for results kept in a variable). */
export async function csvToJsonArray(source: Readable, delimiter?: string): Promise<Record<string, string>[]> {
  const out: Record<string, string>[] = [];
  for await (const obj of csvObjects(source, delimiter)) out.push(obj);
  return out;
}

/** Read a whole stream as UTF-8 text. */
export async function streamText(source: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of buffers(source)) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}
