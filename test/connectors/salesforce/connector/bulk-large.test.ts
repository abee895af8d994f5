import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { BodyStream } from '../../../../src/engine/body-stream.js';
import type { OutboundResponse } from '../../../../src/engine/message-context.js';
import { useSalesforce } from './harness.js';
import { captured, runRead } from './bulk-helpers.js';

// A large load and a large download through the connector: 200,000 Contacts go in by one
// bulkIngest of a streamed CSV (generated as it is read), and come back by one streamed
// bulkQuery, as JSON and as CSV, while the heap is watched: what is held must stay far below the
// size of what passes through.
const ROWS = 200_000;
// about 100 bytes a row: 20 MB of CSV, 26 MB of JSON come back
const FILLER = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do';
// a full collection costs time with 200,000 records in the org's heap: sample every 1.5 MB
const SAMPLE_EVERY = 1.5 * 1024 * 1024;
const sf = useSalesforce();

// garbage collection on demand, so that what is measured is what is kept, not what awaits collection
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap and Buffer memory in use, after a full collection. */
function live(): { heap: number; buffers: number } {
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, buffers: m.arrayBuffers };
}

/** A CSV of ROWS contacts, produced a thousand rows at a time as it is read. */
function generatedCsv(): Readable {
  return Readable.from(
    (function* () {
      yield Buffer.from('LastName,FirstName,Description\n');
      for (let i = 0; i < ROWS; i += 1000) {
        let chunk = '';
        for (let j = i; j < i + 1000; j++) chunk += `Large,R${j},"row ${j}, quoted, ${FILLER}"\n`;
        yield Buffer.from(chunk);
      }
    })(),
    { objectMode: false },
  );
}

type Growth = { heap: number; buffers: number };
type Stats = { bytes: number; peak: Growth; after: Growth; text: string[]; marks: number; mark: number };

/** Read a streamed answer, sampling live memory as it goes; counts the `mark` bytes (one per row). */
async function measured(response: OutboundResponse, stats: Stats): Promise<string> {
  expect(response.body).toBeInstanceOf(Readable);
  const before = live();
  const growth = (): Growth => {
    const now = live();
    return { heap: now.heap - before.heap, buffers: now.buffers - before.buffers };
  };
  let next = SAMPLE_EVERY;
  // keep only the first and last pieces: the test itself must not hold the answer
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    stats.bytes += chunk.length;
    for (let i = chunk.indexOf(stats.mark); i >= 0; i = chunk.indexOf(stats.mark, i + 1)) stats.marks++;
    if (stats.text.length === 0) stats.text.push(chunk.toString());
    stats.text[1] = chunk.toString();
    if (stats.bytes >= next) {
      const g = growth();
      stats.peak = { heap: Math.max(stats.peak.heap, g.heap), buffers: Math.max(stats.peak.buffers, g.buffers) };
      next += SAMPLE_EVERY;
    }
  }
  stats.after = growth();
  return '';
}

describe('200,000 rows through bulkIngest and bulkQuery', () => {
  beforeAll(async () => {
    const out = await sf.run('- salesforce.bulkIngest: { configKey: sf, object: Contact, operation: insert, waitForCompletion: true, pollInterval: 100, responseVariable: r }\n- respond: { body: done }', {
      payload: new BodyStream(generatedCsv(), 'text/csv'),
      contentType: 'text/csv',
    });
    expect(out.mc.error).toBeNull();
    expect(captured(out).payload).toMatchObject({ recordsUploaded: ROWS, recordsProcessed: ROWS, recordsFailed: 0 });
  }, 60_000);

  it.each([
    ['JSON', 'JSON'],
    ['CSV', 'CSV'],
  ])('a %s download of every page is streamed: heap growth stays far below its size', async (_name, outputType) => {
    // a row is one '{' in the JSON, one line in the CSV (no value holds either)
    const stats: Stats = { bytes: 0, peak: { heap: 0, buffers: 0 }, after: { heap: 0, buffers: 0 }, text: [], marks: 0, mark: outputType === 'JSON' ? 0x7b : 0x0a };
    const out = await runRead(sf, `- salesforce.bulkQuery: { configKey: sf, query: "SELECT Id, FirstName, Description FROM Contact WHERE LastName = 'Large'", outputType: ${outputType}, maxRecords: 50000, pollInterval: 50 }`, {}, (response) => measured(response, stats));
    expect(out.mc.error).toBeNull();
    expect(stats.marks).toBe(outputType === 'JSON' ? ROWS : ROWS + 1);
    if (outputType === 'JSON') {
      expect(stats.text[0]!.startsWith('[{"Id":"003')).toBe(true);
      expect(stats.text[1]!.endsWith('"}]')).toBe(true);
    } else {
      expect(stats.text[0]!.startsWith('"Id","FirstName","Description"\n"003')).toBe(true);
    }
    // Held whole, the answer would be at least its size in strings (heap) or in buffers. Buffer
    // memory also counts the data in flight between the sandbox and the client (one process),
    // and buffers already dropped but not yet swept when the machine is busy: a looser bound.
    expect(stats.peak.heap).toBeLessThan(stats.bytes / 10);
    expect(stats.peak.buffers).toBeLessThan(stats.bytes / 2);
    expect(stats.after.heap + stats.after.buffers).toBeLessThan(stats.bytes / 8);
  }, 60_000);
});
