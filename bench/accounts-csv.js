import { Readable } from 'node:stream';

/** The header of the generated Account CSV. */
export const HEADER = 'Name,Industry,Phone,Website,AnnualRevenue,NumberOfEmployees,BillingCity,Description\n';

const INDUSTRIES = ['Technology', 'Energy', 'Banking', 'Retail', 'Education', 'Healthcare'];
const CITIES = ['San Francisco', 'Milano', 'Austin', 'Paris', 'Singapore', 'London'];

/** Row i of the generated data: about 150 bytes, a quoted field with a comma in every row. */
export function row(i) {
  const n = String(i).padStart(7, '0');
  return `Bench Account ${n},${INDUSTRIES[i % 6]},+1 415 555 ${n.slice(-4)},https://acct${n}.example.com,${1000 + (i % 900000)},${i % 5000},${CITIES[i % 6]},"Generated account ${i}, for the bulk benchmark"\n`;
}

/**
 * Rows [from, to) as CSV with the header, generated while read in ~64 KB chunks (never held
 * whole). `onRow(i)` is told how many rows have been produced so far.
 */
export function accountsCsv(from, to, onRows = () => {}) {
  let next = from;
  let headerSent = false;
  return new Readable({
    read() {
      if (next >= to) return void this.push(null);
      let chunk = headerSent ? '' : HEADER;
      headerSent = true;
      while (next < to && chunk.length < 64 * 1024) chunk += row(next++);
      onRows(next - from);
      this.push(chunk);
    },
  });
}

/** Split rows [0, total) into jobs of at most `budget` bytes each (header included), as bulkIngest does. */
export function jobRanges(total, budget) {
  const ranges = [];
  let start = 0;
  let bytes = HEADER.length;
  for (let i = 0; i < total; i++) {
    const size = Buffer.byteLength(row(i));
    if (bytes + size > budget && i > start) {
      ranges.push([start, i]);
      start = i;
      bytes = HEADER.length;
    }
    bytes += size;
  }
  ranges.push([start, total]);
  return ranges;
}
