// `npm run bench`: Ferry against a bare Fastify + undici baseline, measured in the same run (the
// HTTP scenario), then bulk.js (the bulk scenario). `--only=http` or `--only=bulk` runs one.
// Method and caveats: bench/README.md.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import autocannon from 'autocannon';
import { bulkBench, readBulkSettings } from './bulk.js';
import { cpuTime, startChild, stopChild } from './children.js';
import { BENCH_PATH, UPSTREAM_BODY, writeBenchProject } from './project.js';
import { choice, median, setting } from './settings.js';

const here = dirname(fileURLToPath(import.meta.url));

function readSettings() {
  return { rounds: setting('rounds', 3), seconds: setting('seconds', 5), connections: setting('connections', 50), warmup: setting('warmup', 2, 0) };
}

/**
 * One load round against a server; failures of any kind are counted, never thrown away. The
 * server's own CPU time per request is measured too: unlike req/s it does not depend on how the
 * shared cores were split between the load generator, the upstream and the server.
 */
async function load(server, seconds, connections) {
  const cpuBefore = await cpuTime(server);
  const r = await autocannon({ url: server.url + BENCH_PATH, connections, duration: seconds });
  const cpuUs = (await cpuTime(server)) - cpuBefore;
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    cpu: r.requests.total ? cpuUs / r.requests.total : 0,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}

/** Before measuring: both servers must give the same answer, or the comparison means nothing. */
async function checkAnswer(server) {
  const res = await fetch(server.url + BENCH_PATH);
  const body = await res.text();
  if (res.status !== 200 || res.headers.get('x-bench') !== '1' || !isDeepStrictEqual(JSON.parse(body), JSON.parse(UPSTREAM_BODY))) {
    throw new Error(`${server.name} answered ${res.status} x-bench=${res.headers.get('x-bench')} ${body.slice(0, 200)}`);
  }
}

function line(label, r) {
  const rps = String(Math.round(r.rps)).padStart(7);
  const cpu = String(Math.round(r.cpu)).padStart(4);
  return `${label.padEnd(18)} ${rps} req/s   p50 ${String(r.p50).padStart(3)} ms   p99 ${String(r.p99).padStart(3)} ms   cpu ${cpu} µs/req   errors ${r.errors}   non-2xx ${r.non2xx}`;
}

async function httpBench({ rounds, seconds, connections, warmup }) {
  console.log(`bench: ${rounds} round(s) x ${seconds} s per server, ${connections} connections, ${warmup} s warm-up each; node ${process.version}`);
  const started = [];
  try {
    const upstream = await startChild('upstream', join(here, 'upstream.js'));
    started.push(upstream);
    const projectDir = writeBenchProject(`${upstream.url}/item`);
    // 'exit' also runs when a signal ends the run, where finally blocks do not
    process.once('exit', () => rmSync(projectDir, { recursive: true, force: true }));
    const ferry = await startChild('ferry', join(here, 'ferry-server.js'), [projectDir]);
    started.push(ferry);
    const baseline = await startChild('baseline', join(here, 'baseline-server.js'), [`${upstream.url}/item`]);
    started.push(baseline);
    await checkAnswer(ferry);
    await checkAnswer(baseline);

    if (warmup > 0) {
      await load(ferry, warmup, connections);
      await load(baseline, warmup, connections);
    }
    const results = { ferry: [], baseline: [] };
    for (let i = 1; i <= rounds; i++) {
      // alternate who goes first, so drift (thermal, other load) hits both sides alike
      const order = i % 2 ? [ferry, baseline] : [baseline, ferry];
      for (const server of order) {
        const r = await load(server, seconds, connections);
        results[server.name].push(r);
        console.log(line(`round ${i} ${server.name}`, r));
      }
    }

    const summary = {};
    for (const name of ['ferry', 'baseline']) {
      const list = results[name];
      summary[name] = {
        rps: median(list.map((r) => r.rps)),
        p50: median(list.map((r) => r.p50)),
        p99: median(list.map((r) => r.p99)),
        cpu: median(list.map((r) => r.cpu)),
        errors: list.reduce((n, r) => n + r.errors, 0),
        non2xx: list.reduce((n, r) => n + r.non2xx, 0),
      };
      console.log(line(`median ${name}`, summary[name]));
    }
    console.log(`cpu per request ferry/baseline = ${(summary.ferry.cpu / summary.baseline.cpu).toFixed(2)} (ferry ${Math.round(summary.ferry.cpu)} µs, baseline ${Math.round(summary.baseline.cpu)} µs)`);
    const ratio = summary.ferry.rps / summary.baseline.rps;
    console.log(`ratio ferry/baseline = ${ratio.toFixed(2)} (ferry ${Math.round(summary.ferry.rps)} req/s, baseline ${Math.round(summary.baseline.rps)} req/s)`);
    const failed = summary.ferry.errors + summary.ferry.non2xx + summary.baseline.errors + summary.baseline.non2xx;
    if (failed > 0) {
      console.error(`bench: ${failed} request(s) failed; the numbers above are not comparable`);
      return 1;
    }
    return 0;
  } finally {
    await Promise.all(started.map(stopChild));
  }
}

async function main() {
  const only = choice('only', ['http', 'bulk'], undefined);
  // every setting is checked before anything runs: a typo must not cost a whole HTTP run first
  const http = only === 'bulk' ? undefined : readSettings();
  const bulk = only === 'http' ? undefined : readBulkSettings();
  let code = 0;
  if (http) code = await httpBench(http);
  if (bulk) {
    if (http) console.log('');
    code = Math.max(code, await bulkBench(bulk));
  }
  return code;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(`bench failed: ${err instanceof Error ? err.message : err}`);
    process.exitCode = 1;
  },
);
