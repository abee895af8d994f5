/**
 * A CSV cut into records for splitting across jobs: csv-scan.ts finds where each record ends (a
 * quoted field may hold line breaks and delimiters), and each record is handed on as the exact
 * text it was, so what reaches Salesforce is byte for byte what the client sent. The header line
 * is kept apart, to be repeated at the top of every job.
 */
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import type { CsvSource } from './ndjson.js';
import { CsvRecordScanner, CsvShapeError } from './csv-scan.js';
import { drain } from './input.js';
import { BULK_INPUT, bulkFault, COLUMN_DELIMITERS, LINE_ENDINGS, type CsvLayout } from './shared.js';

/** The records of a CSV given whole or as a stream of chunks, in order. */
async function* recordsOf(input: Readable | string, scanner: CsvRecordScanner): AsyncGenerator<string> {
  try {
    if (typeof input === 'string') {
      yield* scanner.push(input);
    } else {
      const decoder = new StringDecoder('utf8');
      for await (const chunk of input) {
        const text = typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer);
        // a chunk's records are handed on together: one await per chunk, not per record
        for (const record of scanner.push(text)) yield record;
      }
      const rest = decoder.end();
      if (rest !== '') yield* scanner.push(rest);
    }
    yield* scanner.end();
  } catch (err) {
    if (err instanceof CsvShapeError) throw bulkFault(BULK_INPUT, `the CSV cannot be read: ${err.message}`, { cause: err });
    throw err;
  } finally {
    if (typeof input !== 'string') drain(input);
  }
}

/** A CSV (a stream, or text) as a header line and the text of each record after it. */
export async function csvSource(input: Readable | string, layout: CsvLayout): Promise<CsvSource | undefined> {
  const lineEnding = LINE_ENDINGS[layout.lineEnding];
  const records = recordsOf(input, new CsvRecordScanner(COLUMN_DELIMITERS[layout.columnDelimiter], lineEnding));
  const first = await records.next();
  if (first.done) return undefined;
  return {
    header: first.value.endsWith(lineEnding) ? first.value : first.value + lineEnding,
    lines: records,
    close: async () => {
      await records.return(undefined);
    },
  };
}
