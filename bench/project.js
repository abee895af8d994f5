import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What the upstream answers (small JSON, as a typical lookup returns). */
export const UPSTREAM_BODY = JSON.stringify({ id: 42, name: 'widget', price: 9.99, tags: ['a', 'b'], inStock: true });

/** The path both servers answer; the same on Ferry (API context + template) and the baseline. */
export const BENCH_PATH = '/bench/item';

/**
 * Write the bench project into a temp folder: one resource whose flow is a debug `log` (skipped,
 * since logging is at info: a disabled line must cost ~nothing), a response `header`, and a
 * `call` to the upstream; the flow then ends in the implicit respond.
 */
export function writeBenchProject(upstreamUrl) {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-bench-'));
  mkdirSync(join(dir, 'config', 'apis'), { recursive: true });
  writeFileSync(
    join(dir, 'config', 'server.yaml'),
    `logging: { level: info, format: json }
endpoints:
  upstream: { uri: "${upstreamUrl}" }
`,
  );
  writeFileSync(
    join(dir, 'config', 'apis', 'bench.yaml'),
    `name: bench
context: /bench
resources:
  - methods: [GET]
    uriTemplate: /item
    inSequence:
      - log: { level: debug, message: "item requested by \${headers.host} with \${params.queryParams}" }
      - header: { name: x-bench, value: "1", scope: response }
      - call: { endpoint: upstream }
`,
  );
  return dir;
}
