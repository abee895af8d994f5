/**
 * Where the records of a CSV end, found fast: bulkIngest only needs to cut a CSV between records,
 * never to read its cells, so instead of a full parser (csv-parse took ~90% of the CPU of a
 * streamed load, about 40 MB/s) this scanner jumps from quote to quote and line ending to line
 * ending with indexOf, and hands each record on as the exact text it was. It still refuses what a
 * CSV parser refuses — a quote opening in the middle of a field, text after a closing quote, a
 * quote never closed — so bad data is a clear error before it reaches Salesforce.
 *
 * Records end exactly at the job's line ending, as Salesforce reads them (a CRLF file in an LF job
 * keeps its \r in the last cell, there as here). A BOM is dropped; empty lines are skipped.
 */

/** A record-boundary error: what is wrong, and the number of the record (1 = the header). */
export class CsvShapeError extends Error {}

export class CsvRecordScanner {
  readonly #delimiter: string;
  readonly #lineEnding: string;
  #buf = '';
  /** where the scan resumes in #buf */
  #at = 0;
  #inQuotes = false;
  #started = false;
  /** records handed on so far (to number the one an error is in) */
  #count = 0;

  constructor(delimiter: string, lineEnding: string) {
    this.#delimiter = delimiter;
    this.#lineEnding = lineEnding;
  }

  /** The records that `chunk` completes (the rest waits for the next chunk). */
  push(chunk: string): string[] {
    if (!this.#started) {
      this.#started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    this.#buf = this.#buf === '' ? chunk : this.#buf + chunk;
    return this.#scan(false);
  }

  /** The input is over: the last record (without a line ending), if any. */
  end(): string[] {
    return this.#scan(true);
  }

  #scan(last: boolean): string[] {
    const out: string[] = [];
    const buf = this.#buf;
    const d = this.#delimiter;
    const le = this.#lineEnding;
    let start = 0;
    let i = this.#at;
    for (;;) {
      if (this.#inQuotes) {
        const q = buf.indexOf('"', i);
        if (q === -1 || q + 1 >= buf.length) {
          // the next character decides whether this quote closes the field: wait for it
          if (last && q === buf.length - 1) {
            this.#inQuotes = false;
            i = buf.length;
            continue;
          }
          if (last) throw this.#error('a quoted field is never closed');
          i = q === -1 ? buf.length : q;
          break;
        }
        const next = buf[q + 1];
        if (next === '"') {
          i = q + 2;
        } else if (next === d || buf.startsWith(le, q + 1)) {
          this.#inQuotes = false;
          i = q + 1;
        } else if (!last && le.length > 1 && next === le[0] && q + 2 >= buf.length) {
          i = q;
          break;
        } else {
          throw this.#error('a closing quote is followed by text instead of a delimiter or the line ending');
        }
        continue;
      }
      const q = buf.indexOf('"', i);
      const e = buf.indexOf(le, i);
      if (e !== -1 && (q === -1 || e < q)) {
        if (e > start) out.push(buf.slice(start, e + le.length));
        this.#count++;
        start = i = e + le.length;
        continue;
      }
      if (q !== -1) {
        if (q !== start && buf[q - 1] !== d) throw this.#error('a quote opens in the middle of a field (quote the whole field and double the quotes inside)');
        this.#inQuotes = true;
        i = q + 1;
        continue;
      }
      // neither: the record goes on in the next chunk (a line ending may be cut in two)
      i = Math.max(start, buf.length - (le.length - 1));
      break;
    }
    if (last) {
      if (start < buf.length) out.push(buf.slice(start));
      this.#buf = '';
      this.#at = 0;
      return out;
    }
    this.#buf = buf.slice(start);
    this.#at = i - start;
    return out;
  }

  #error(what: string): CsvShapeError {
    return new CsvShapeError(`record ${this.#count + 1}: ${what}`);
  }
}
