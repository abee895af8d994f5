// The bulk scenario of `npm run bench`: generated Account rows streamed through Ferry's
// `POST /bulk/accounts` (salesforce.bulkIngest) into the Salesforce sandbox running in its own
// process, against the same rows piped straight into the sandbox in the same run. Reports the
// Ferry process's peak RSS at two sizes (flat memory: the big one within 50 MB of the small one)
// and the throughput ratio. Method and caveats: bench/README.md.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { accountsCsv, csvBytes, jobRanges } from './accounts-csv.js';
import { ask, collectGarbage, cpuTime, memory, startChild, stopChild } from './children.js';
import { median, setting } from './settings.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The example project is the repository itself: config/apis/bulk.yaml has the resource. */
const PROJECT_DIR = join(here, '..');

/** bulkIngest's default maxBytesPerJob (the resource does not set it): 100 MiB per job. */
const JOB_BUDGET = 100 * 1024 * 1024;
/** The flat-memory goal: peak RSS at the big size at most this much above the small size's. */
const RSS_GOAL_BYTES = 50e6;
/** Each upload, direct or through Ferry, must be answered within this (a hang fails the run). */
const UPLOAD_TIMEOUT_MS = 120_000;
/** The sandbox counts as idle when it uses less than this share of a core over QUIET_WINDOW_MS. */
const QUIET_SHARE = 0.05;
const QUIET_WINDOW_MS = 300;
const QUIET_DEADLINE_MS = 60_000;
/**
 * Rows piped straight into the sandbox before measuring, processed to the end: the sandbox's
 * paths are warm, and the generated rows are shown to be Accounts the org accepts.
 */
const CHECK_ROWS = 20_000;
const CHECK_DEADLINE_MS = 60_000;

const API = '/services/data/v60.0';
const CLIENT_ID = 'ferry-sandbox-client';
const CLIENT_SECRET = 'ferry-sandbox-secret';

const MB = 1e6;

/** The bulk settings (argument beats environment beats default); see bench/README.md. */
export function readBulkSettings() {
  const rows = setting('bulk-rows', 1_000_000);
  const smallRows = setting('bulk-small-rows', 100_000);
  const rounds = setting('bulk-rounds', 3);
  if (smallRows >= rows) throw new Error(`bulk-rows (${rows}) must be larger than bulk-small-rows (${smallRows})`);
  return { rows, smallRows, rounds };
}

function fail(message) {
  throw new Error(`bulk: ${message}`);
}

/** A sandbox access token (client credentials), for the direct uploads and the job checks. */
async function sandboxToken(sandbox) {
  const res = await request(`${sandbox.url}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET }).toString(),
  });
  const body = await res.body.text();
  if (res.statusCode !== 200) fail(`the sandbox refused a token: ${res.statusCode} ${body.slice(0, 200)}`);
  return JSON.parse(body).access_token;
}

/** One JSON call to the sandbox; any status but `expect` fails the run. */
async function sandboxCall(sandbox, token, method, path, body, expect) {
  const res = await request(`${sandbox.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.body.text();
  if (res.statusCode !== expect) fail(`sandbox ${method} ${path} answered ${res.statusCode} (expected ${expect}): ${text.slice(0, 300)}`);
  return text === '' ? undefined : JSON.parse(text);
}

/** Whether jobs closed from now on are held (queued, never processed) or processed. */
async function holdJobs(sandbox, hold) {
  await ask(sandbox, { holdJobs: hold }, 'holdJobs');
}

/**
 * Back to a fresh org (`POST /__sandbox/reset`: jobs discarded, records and tokens cleared), then
 * wait until the sandbox is idle (a discarded job that was being processed still writes its rows
 * out as unprocessed) and collect its garbage: a measurement must not pay for the one before.
 * The discarded jobs' spool files are removed too: the sandbox removes a job's files only once
 * its processing has settled, which a held job never does. Resolves to a new access token.
 */
async function resetSandbox(sandbox, spool) {
  const res = await request(`${sandbox.url}/__sandbox/reset`, { method: 'POST' });
  const text = await res.body.text();
  if (res.statusCode !== 200) fail(`sandbox reset answered ${res.statusCode}: ${text.slice(0, 200)}`);
  const deadline = performance.now() + QUIET_DEADLINE_MS;
  for (;;) {
    const before = await cpuTime(sandbox);
    await sleep(QUIET_WINDOW_MS);
    const used = (await cpuTime(sandbox)) - before;
    if (used < QUIET_SHARE * QUIET_WINDOW_MS * 1000) break;
    if (performance.now() > deadline) fail(`the sandbox was still busy ${QUIET_DEADLINE_MS / 1000} s after a reset`);
  }
  await collectGarbage(sandbox);
  // the sandbox's spool folder (<spool>/ferry-bulk-*) stays: the sandbox keeps writing there
  for (const dir of readdirSync(spool)) for (const file of readdirSync(join(spool, dir))) rmSync(join(spool, dir, file), { force: true });
  return sandboxToken(sandbox);
}

/** The sandbox's info of each job; every one must be in one of `states`. */
async function checkJobs(sandbox, token, ids, states, who) {
  const infos = [];
  for (const id of ids) {
    const info = await sandboxCall(sandbox, token, 'GET', `${API}/jobs/ingest/${id}`, undefined, 200);
    if (!states.includes(info.state)) fail(`${who}: sandbox job ${id} is ${info.state}, expected ${states.join(' or ')}${info.errorMessage ? `: ${info.errorMessage}` : ''}`);
    infos.push(info);
  }
  return infos;
}

/**
 * The baseline: the bench process itself does what bulkIngest does, with nothing in between —
 * per job range, create the job, PUT its rows (streamed from the generator), close it.
 */
async function uploadDirect(sandbox, token, ranges) {
  const ids = [];
  const started = performance.now();
  for (const { from, to } of ranges) {
    const job = await sandboxCall(sandbox, token, 'POST', `${API}/jobs/ingest`, { object: 'Account', operation: 'insert' }, 200);
    const res = await request(`${sandbox.url}${API}/jobs/ingest/${job.id}/batches`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: accountsCsv(from, to),
      headersTimeout: UPLOAD_TIMEOUT_MS,
      bodyTimeout: UPLOAD_TIMEOUT_MS,
    });
    const text = await res.body.text();
    if (res.statusCode !== 201) fail(`direct: the upload of job ${job.id} answered ${res.statusCode}: ${text.slice(0, 300)}`);
    await sandboxCall(sandbox, token, 'PATCH', `${API}/jobs/ingest/${job.id}`, { state: 'UploadComplete' }, 200);
    ids.push(job.id);
  }
  return { seconds: (performance.now() - started) / 1000, ids };
}

/**
 * Through Ferry: the whole CSV streamed as one chunked request body to `POST /bulk/accounts`,
 * generated as it is sent, answered with the job summary once every job is closed. The summary
 * must account for every row, in the jobs (records and bytes) the split should have made.
 */
async function uploadFerry(ferry, rows, ranges) {
  const cpuBefore = await cpuTime(ferry);
  const started = performance.now();
  const res = await request(`${ferry.url}/bulk/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv' },
    body: accountsCsv(0, rows),
    headersTimeout: UPLOAD_TIMEOUT_MS,
    bodyTimeout: UPLOAD_TIMEOUT_MS,
  });
  const text = await res.body.text();
  const seconds = (performance.now() - started) / 1000;
  const cpuUs = (await cpuTime(ferry)) - cpuBefore;
  if (res.statusCode < 200 || res.statusCode > 299) fail(`ferry answered ${res.statusCode}: ${text.slice(0, 300)}`);
  let summary;
  try {
    summary = JSON.parse(text);
  } catch {
    fail(`ferry answered ${res.statusCode} with a body that is not JSON: ${text.slice(0, 300)}`);
  }
  const jobs = Array.isArray(summary?.jobs) ? summary.jobs : [];
  if (summary?.recordsUploaded !== rows) fail(`ferry reported recordsUploaded ${summary?.recordsUploaded}, expected ${rows}: ${text.slice(0, 300)}`);
  if (jobs.length !== ranges.length) fail(`ferry made ${jobs.length} job(s), expected ${ranges.length}: ${text.slice(0, 300)}`);
  for (const [i, { from, to, bytes }] of ranges.entries()) {
    if (jobs[i].records !== to - from || jobs[i].bytes !== bytes) {
      fail(`ferry's job ${i + 1} holds ${jobs[i].records} records / ${jobs[i].bytes} bytes, expected ${to - from} / ${bytes}`);
    }
  }
  return { seconds, cpuUs, ids: jobs.map((j) => j.id) };
}

/**
 * Before measuring, with processing on: rows piped straight in and processed to the end must all
 * be inserted, none failed — the generated data is valid, so the measured uploads carry real work.
 */
async function checkData(sandbox, spool) {
  const token = await resetSandbox(sandbox, spool);
  const { ids } = await uploadDirect(sandbox, token, jobRanges(CHECK_ROWS, JOB_BUDGET));
  const deadline = performance.now() + CHECK_DEADLINE_MS;
  for (;;) {
    const infos = await checkJobs(sandbox, token, ids, ['UploadComplete', 'InProgress', 'JobComplete'], 'data check');
    if (infos.every((i) => i.state === 'JobComplete')) {
      const processed = infos.reduce((n, i) => n + i.numberRecordsProcessed, 0);
      const failed = infos.reduce((n, i) => n + i.numberRecordsFailed, 0);
      if (processed !== CHECK_ROWS || failed !== 0) fail(`data check: the sandbox processed ${processed} of ${CHECK_ROWS} generated rows, ${failed} failed`);
      return;
    }
    if (performance.now() > deadline) fail(`data check: the sandbox did not finish ${CHECK_ROWS} rows within ${CHECK_DEADLINE_MS / 1000} s`);
    await sleep(200);
  }
}

/** Ferry's environment: the repository's project wired to the sandbox child, no SF_* / FERRY_* inherited. */
function ferryEnv(sandbox) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SF_') && !k.startsWith('FERRY_')));
  return {
    ...env,
    FERRY_SANDBOX: 'false',
    FERRY_LOG_LEVEL: 'warn',
    SF_GRANT: 'clientCredentials',
    SF_INSTANCE_URL: sandbox.url,
    SF_TOKEN_URL: `${sandbox.url}/services/oauth2/token`,
    SF_LOGIN_URL: sandbox.url,
    SF_CLIENT_ID: CLIENT_ID,
    SF_CLIENT_SECRET: CLIENT_SECRET,
  };
}

function mb(bytes) {
  return (bytes / MB).toFixed(1);
}

function line(label, rows, bytes, r) {
  const rate = `${(bytes / MB / r.seconds).toFixed(1).padStart(6)} MB/s ${String(Math.round(rows / r.seconds)).padStart(8)} rows/s`;
  const cpu = r.cpuUs === undefined ? '' : `   cpu ${(r.cpuUs / 1000 / (bytes / MB)).toFixed(1).padStart(5)} ms/MB`;
  const rss = r.maxRss === undefined ? '' : `   peak rss ${mb(r.maxRss)} MB`;
  return `${label.padEnd(24)} ${r.seconds.toFixed(2).padStart(6)} s ${rate}${cpu}${rss}`;
}

/**
 * One size, `rounds` times each way, alternating which goes first; the sandbox is reset and idle
 * before every upload. One fresh Ferry process serves all rounds of the size, so its peak RSS is
 * the size's own (never one inherited from the other size) and growth across rounds would show.
 */
async function measure(sandbox, spool, rows, rounds) {
  const ranges = jobRanges(rows, JOB_BUDGET);
  const bytes = csvBytes(rows);
  const ferry = await startChild('ferry', join(here, 'ferry-server.js'), [PROJECT_DIR], { env: ferryEnv(sandbox) });
  const results = { direct: [], ferry: [] };
  let idle;
  try {
    idle = await memory(ferry);
    for (let i = 1; i <= rounds; i++) {
      for (const side of i % 2 ? ['direct', 'ferry'] : ['ferry', 'direct']) {
        const token = await resetSandbox(sandbox, spool);
        let r;
        if (side === 'direct') {
          r = await uploadDirect(sandbox, token, ranges);
        } else {
          r = await uploadFerry(ferry, rows, ranges);
          r.maxRss = (await memory(ferry)).maxRss;
        }
        // held jobs stay UploadComplete: each one was uploaded (201) and closed
        await checkJobs(sandbox, token, r.ids, ['UploadComplete'], side);
        if (r.ids.length !== ranges.length) fail(`${side} made ${r.ids.length} job(s), expected ${ranges.length}`);
        results[side].push(r);
        console.log(line(`round ${i} ${rows} ${side}`, rows, bytes, r));
      }
    }
  } finally {
    await stopChild(ferry);
  }
  const direct = { seconds: median(results.direct.map((r) => r.seconds)) };
  const through = { seconds: median(results.ferry.map((r) => r.seconds)), cpuUs: median(results.ferry.map((r) => r.cpuUs)), maxRss: results.ferry.at(-1).maxRss };
  console.log(line(`median ${rows} direct`, rows, bytes, direct));
  console.log(line(`median ${rows} ferry`, rows, bytes, through));
  return { rows, bytes, direct, ferry: through, idle };
}

/** The bulk scenario; resolves to the exit code. */
export async function bulkBench({ rows, smallRows, rounds }) {
  const sizes = [smallRows, rows];
  const jobs = sizes.map((n) => jobRanges(n, JOB_BUDGET).length);
  console.log(
    `bulk: ${sizes.join(' and ')} generated Account rows (${sizes.map((n) => mb(csvBytes(n))).join(' and ')} MB of CSV, ${jobs.join(' and ')} job(s) of at most ${JOB_BUDGET / 1024 / 1024} MiB), ${rounds} round(s) each way, sandbox in its own process; node ${process.version}`,
  );
  // the sandbox spools uploads under os.tmpdir(): point it at a folder removed however the run ends
  const spool = mkdtempSync(join(tmpdir(), 'ferry-bench-bulk-'));
  process.once('exit', () => rmSync(spool, { recursive: true, force: true }));
  const sandbox = await startChild('sandbox', join(here, 'sandbox-server.js'), [], { env: { ...process.env, TMPDIR: spool }, execArgv: ['--expose-gc'] });
  try {
    await checkData(sandbox, spool);
    await holdJobs(sandbox, true);
    const small = await measure(sandbox, spool, smallRows, rounds);
    const big = await measure(sandbox, spool, rows, rounds);

    for (const m of [small, big]) {
      console.log(`rss ferry ${String(m.rows).padEnd(8)} rows: idle ${mb(m.idle.rss)} MB (startup peak ${mb(m.idle.maxRss)} MB), peak ${mb(m.ferry.maxRss)} MB`);
    }
    const growth = big.ferry.maxRss - small.ferry.maxRss;
    const flat = growth <= RSS_GOAL_BYTES;
    console.log(`peak rss ${rows} − ${smallRows} rows = ${growth >= 0 ? '+' : ''}${mb(growth)} MB (goal ≤ +${mb(RSS_GOAL_BYTES)} MB): ${flat ? 'flat' : 'NOT FLAT'}`);
    const rate = (m, side) => m.bytes / MB / m[side].seconds;
    const ratio = (m) => rate(m, 'ferry') / rate(m, 'direct');
    console.log(`ratio ferry/direct at ${smallRows} rows = ${ratio(small).toFixed(2)} (ferry ${rate(small, 'ferry').toFixed(1)} MB/s, direct ${rate(small, 'direct').toFixed(1)} MB/s)`);
    console.log(`ratio ferry/direct = ${ratio(big).toFixed(2)} (${rows} rows: ferry ${rate(big, 'ferry').toFixed(1)} MB/s, direct ${rate(big, 'direct').toFixed(1)} MB/s)`);
    if (!flat) {
      console.error(`bench: Ferry's peak RSS grew ${mb(growth)} MB from ${smallRows} to ${rows} rows, past the ${mb(RSS_GOAL_BYTES)} MB goal`);
      return 1;
    }
    return 0;
  } finally {
    await stopChild(sandbox);
  }
}
