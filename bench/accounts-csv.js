// Generated Account rows for the bulk bench: produced while they are read, never written to disk.
import { Readable } from 'node:stream';

/** The header of the generated Account CSV. */
export const HEADER = 'Name,Industry,Phone,Website,AnnualRevenue,NumberOfEmployees,BillingCity,Description\n';

// values the sandbox's Account accepts (Industry is a picklist)
const INDUSTRIES = ['Technology', 'Energy', 'Banking', 'Retail', 'Education', 'Healthcare'];
const CITIES = ['San Francisco', 'Milano', 'Austin', 'Paris', 'Singapore', 'London'];

/** Row i (LF-terminated): about 150 bytes, ASCII, with a quoted field holding a comma in every row. */
export function row(i) {
  const n = String(i).padStart(7, '0');
  return `Bench Account ${n},${INDUSTRIES[i % 6]},+1 415 555 ${n.slice(-4)},https://acct${n}.example.com,${1000 + (i % 900000)},${i % 5000},${CITIES[i % 6]},"Generated account ${i}, for the bulk benchmark"\n`;
}

const CHUNK_CHARS = 64 * 1024;

/** Rows [from, to) as CSV with the header, generated as the stream is read, ~64 KB a chunk. */
export function accountsCsv(from, to) {
  let next = from;
  let headerSent = false;
  return new Readable({
    read() {
      if (next >= to) {
        this.push(null);
        return;
      }
      let chunk = headerSent ? '' : HEADER;
      headerSent = true;
      while (next < to && chunk.length < CHUNK_CHARS) chunk += row(next++);
      this.push(chunk);
    },
  });
}

/** The size in bytes of rows [0, total) as one CSV with its header. */
export function csvBytes(total) {
  let bytes = HEADER.length;
  for (let i = 0; i < total; i++) bytes += row(i).length;
  return bytes;
}

/**
 * Rows [0, total) cut into jobs as bulkIngest cuts them (connectors/salesforce/src/bulk/ingest.ts,
 * JobMaker.add): a record goes to a new job when it would take the current one past `budget`
 * bytes, header included, and every job holds at least one record. Returns `{from, to, bytes}`
 * per job, `bytes` counting the job's own header line. Rows are ASCII: length = bytes.
 */
export function jobRanges(total, budget) {
  const ranges = [];
  let from = 0;
  let bytes = HEADER.length;
  for (let i = 0; i < total; i++) {
    const size = row(i).length;
    if (i > from && bytes + size > budget) {
      ranges.push({ from, to: i, bytes });
      from = i;
      bytes = HEADER.length;
    }
    bytes += size;
  }
  if (total > 0) ranges.push({ from, to: total, bytes });
  return ranges;
}
