import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CsvRecordScanner } from '../../../../connectors/salesforce/src/bulk/csv-scan.js';

// The record-boundary scanner bulkIngest splits CSV with: each record's exact text, wherever the
// chunks are cut, and the errors a CSV parser gives for malformed quoting.

/** Scan `text` cut into chunks of `size` characters (0: whole). */
function scan(text: string, size = 0, delimiter = ',', lineEnding = '\n'): string[] {
  const scanner = new CsvRecordScanner(delimiter, lineEnding);
  const out: string[] = [];
  if (size === 0) out.push(...scanner.push(text));
  else for (let i = 0; i < text.length; i += size) out.push(...scanner.push(text.slice(i, i + size)));
  out.push(...scanner.end());
  return out;
}

const SAMPLE = 'Name,Description\nPlain,one\n"Quoted, comma","line\nbreak"\n"Esc ""q""",x\n\nLast,no newline';
const SAMPLE_RECORDS = ['Name,Description\n', 'Plain,one\n', '"Quoted, comma","line\nbreak"\n', '"Esc ""q""",x\n', 'Last,no newline'];

describe('CsvRecordScanner', () => {
  it.each([0, 1, 2, 3, 5, 7, 64])('finds the same records whatever the chunk size (%i)', (size) => {
    expect(scan(SAMPLE, size)).toEqual(SAMPLE_RECORDS);
  });

  it('drops a BOM, skips empty lines, keeps a final line ending', () => {
    expect(scan('\uFEFFa,b\n\n\n1,2\n')).toEqual(['a,b\n', '1,2\n']);
  });

  it.each([1, 2, 3, 0])('CRLF records end at \\r\\n only; a bare \\n is data (chunks of %i)', (size) => {
    expect(scan('a,b\r\n"x\r\ny",2\r\nlone\nlf,3\r\n', size, ',', '\r\n')).toEqual(['a,b\r\n', '"x\r\ny",2\r\n', 'lone\nlf,3\r\n']);
  });

  it('other delimiters decide where a quoted field may open', () => {
    expect(scan('a;b\n"x;y";"z"\n', 0, ';')).toEqual(['a;b\n', '"x;y";"z"\n']);
    expect(() => scan('a;b\nx,"y"\n', 0, ';')).toThrow('record 2: a quote opens in the middle of a field');
  });

  it.each([
    ['a,b\n"open,1\n', 'record 2: a quoted field is never closed'],
    ['a,b\nx"y,1\n', 'record 2: a quote opens in the middle of a field'],
    ['a,b\n1,2\n"q"x,1\n', 'record 3: a closing quote is followed by text'],
  ])('refuses %j', (text, message) => {
    for (const size of [0, 1, 4]) expect(() => scan(text, size)).toThrow(message);
  });

  it('a quoted field closed at the very end of the input is complete', () => {
    expect(scan('a\n"x"', 1)).toEqual(['a\n', '"x"']);
  });

  it("agrees with csv-parse's records on generated CSV", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const cell = () => {
      const plain = ['a', 'bc', '', '12.5', 'x y'][Math.floor(random() * 5)]!;
      return random() < 0.4 ? `"${plain}${random() < 0.5 ? ',\n""' : ''}${plain}"` : plain;
    };
    const rows = Array.from({ length: 300 }, () => Array.from({ length: 4 }, cell).join(','));
    const text = `${rows.join('\n')}\n`;
    const expected = (parse(text, { raw: true, relax_column_count: true, skip_empty_lines: true }) as unknown as { raw: string }[]).map((r) => r.raw);
    // compared without line endings: csv-parse's raw text of a record may leave its own out
    const got = scan(text, 13).map((r) => r.replace(/\n$/, ''));
    expect(got).toEqual(expected.map((r) => r.replace(/\n$/, '')).filter((r) => r !== ''));
  });
});
