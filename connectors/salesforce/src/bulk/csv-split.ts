/**
 * A CSV cut into records for splitting across jobs: csv-parse finds where each record ends (a
 * quoted field may hold line breaks and delimiters), and each record is handed on as the exact
 * text it was (`raw`), so what reaches Salesforce is byte for byte what the client sent. The
 * header line is kept apart, to be repeated at the top of every job.
 */
import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import type { CsvSource } from './ndjson.js';
import { drain } from './input.js';
import { BULK_INPUT, bulkFault, COLUMN_DELIMITERS, LINE_ENDINGS, type CsvLayout } from './shared.js';

/** A CSV (a stream, or text) as a header line and the text of each record after it. */
export async function csvSource(input: Readable | string, layout: CsvLayout): Promise<CsvSource | undefined> {
  const stream = typeof input === 'string' ? Readable.from([input]) : input;
  // records end exactly at the job's line ending, as Salesforce reads them (a CRLF file in an LF
  // job keeps its \r in the last cell, there as here)
  const crlf = layout.lineEnding === 'CRLF';
  const parser = parse({ delimiter: COLUMN_DELIMITERS[layout.columnDelimiter], record_delimiter: LINE_ENDINGS[layout.lineEnding], raw: true, bom: true, relax_column_count: true, skip_empty_lines: true });
  stream.on('error', (err) => parser.destroy(err));
  stream.pipe(parser);
  const records = (async function* (): AsyncGenerator<string> {
    try {
      // csv-parse's raw text of a record ends one character into a two-character line ending
      for await (const { raw } of parser as AsyncIterable<{ raw: string }>) yield crlf && raw.endsWith('\r') ? `${raw}\n` : raw;
    } catch (err) {
      if (err instanceof CsvError) throw bulkFault(BULK_INPUT, `the CSV cannot be read: ${err.message}`, { cause: err });
      throw err;
    } finally {
      drain(stream);
    }
  })();
  const first = await records.next();
  if (first.done) return undefined;
  return {
    header: /\r?\n$/.test(first.value) ? first.value : first.value + LINE_ENDINGS[layout.lineEnding],
    lines: records,
    close: async () => {
      await records.return(undefined);
    },
  };
}
