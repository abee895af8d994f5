import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../connectors/salesforce/sandbox/index.js';
import { loadProject, type Project } from '../../src/artifacts/project.js';
import { discoverConnectors } from '../../src/connectors/discover.js';
import { MessageContext } from '../../src/engine/message-context.js';
import { runFlow } from '../../src/engine/respond.js';
import { Metrics, MAX_FAULT_CODES, OTHER_CODE } from '../../src/server/metrics.js';
import { captureLogger, diagnosticsOf, writeProject } from '../helpers/project.js';

/** One sample of the exposition text: `name{a="x",b="y"} value`. */
interface Sample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

// the Prometheus text format (0.0.4), line by line; values are Go floats (NaN and Inf in any case)
const HELP = /^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*$/;
const TYPE = /^# TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram|summary|untyped)$/;
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*)\})? ([+-]?(?:[0-9.]+(?:e[+-]?[0-9]+)?|nan|inf))(?: -?\d+)?$/i;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\.)*)"/g;

/** Parse exposition text, failing on any line that is not HELP, TYPE or a sample. */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || HELP.test(line) || TYPE.test(line)) continue;
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`not a Prometheus exposition line: ${JSON.stringify(line)}`);
    const labels: Record<string, string> = {};
    for (const [, k, v] of (m[2] ?? '').matchAll(LABEL)) labels[k!] = v!.replace(/\\(.)/g, (_s, c: string) => (c === 'n' ? '\n' : c));
    samples.push({ name: m[1]!, labels, value: Number(m[3]!.replace(/inf/i, 'Infinity').replace(/^nan$/i, 'NaN')) });
  }
  return samples;
}

/** The value of the one sample with this name and (at least) these labels; undefined when absent. */
function valueOf(samples: readonly Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${found.length} samples match ${name} ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

async function scrape(metrics: Metrics): Promise<Sample[]> {
  const { contentType, body } = await metrics.render();
  expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(body);
}

/**
 * A connector that is not Salesforce, to show the events and apiUsage are part of the generic
 * contract: its client reports a token request for its connection, and every result carries
 * attributes.apiUsage.
 */
const QUOTA_DESCRIPTOR = `name: quota
version: 0.1.0
description: answers with the quota it was given
connectionTypes:
  plain: { description: a quota, schema: { type: object, additionalProperties: false, properties: { max: { type: integer } } } }
operations:
  use:
    description: use n calls of the quota
    connectionTypes: [plain]
    params: { type: object, required: [n], properties: { n: { type: integer } } }
    result: { type: object }
`;
const QUOTA_MODULE = `
export function createClient(connection, io) {
  io.events?.tokenRefresh(connection.name, true);
  return { used: 0, max: connection.params.max ?? 100 };
}
export const operations = {
  async use(client, params) {
    client.used += params.n;
    return { statusCode: 200, contentType: 'application/json', headers: {}, payload: {}, attributes: { apiUsage: { used: client.used, max: client.max } } };
  },
};
`;

const SEQUENCES: Record<string, string> = {
  'config/apis/ping.yaml': 'name: ping\ncontext: /ping\nresources:\n  - methods: [GET]\n    inSequence:\n      - respond: {}\n',
  'sequences/query.yaml': 'name: query\nsteps:\n  - salesforce.query: { configKey: sf, q: "SELECT Id FROM Account", responseVariable: r }\n',
  // MALFORMED_QUERY: Salesforce answers 400, a fault for the default handler
  'sequences/malformed.yaml': 'name: malformed\nsteps:\n  - salesforce.query: { configKey: sf, q: "SELECT Id FRM Account" }\n',
  // the same, kept in the result (failOnError: false): still a `fault` outcome, but no fault raised
  'sequences/tolerated.yaml': 'name: tolerated\nsteps:\n  - salesforce.query: { configKey: sf, q: "SELECT Id FRM Account", failOnError: false, responseVariable: r }\n',
  // wrong client secret: the token request fails, the operation throws
  'sequences/refused.yaml': 'name: refused\nsteps:\n  - salesforce.query: { configKey: sfBadSecret, q: "SELECT Id FROM Account" }\n',
  // a fault its own onError answers is counted too
  'sequences/handled.yaml': 'name: handled\nsteps:\n  - throwError: { type: ORDER_REJECTED, errorMessage: no }\nonError:\n  - respond: { status: 409, body: { code: "${error.code}" } }\n',
  'sequences/dynamic.yaml': 'name: dynamic\nsteps:\n  - throwError: { type: "CODE_${vars.n}", errorMessage: no }\n',
  'sequences/quota.yaml': 'name: quota\nsteps:\n  - quota.use: { configKey: q1, n: 7 }\n  - quota.use: { configKey: q1, n: 5 }\n',
};

function serverYaml(url: string): string {
  return [
    'connections:',
    `  sf: { connector: salesforce, type: oauth2, instanceUrl: "${url}", tokenUrl: "${url}/services/oauth2/token", clientId: ferry-sandbox-client, clientSecret: ferry-sandbox-secret }`,
    `  sfBadSecret: { connector: salesforce, type: oauth2, instanceUrl: "${url}", tokenUrl: "${url}/services/oauth2/token", clientId: ferry-sandbox-client, clientSecret: wrong }`,
    '  q1: { connector: quota, max: 1000 }',
    '',
  ].join('\n');
}

describe('metrics: what mediation reports through the project observer', () => {
  let sandbox: Sandbox;
  let project: Project;
  const metrics = new Metrics();

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    const dir = writeProject({
      'config/server.yaml': serverYaml(sandbox.url),
      'connectors/quota/connector.yaml': QUOTA_DESCRIPTOR,
      'connectors/quota/index.js': QUOTA_MODULE,
      ...SEQUENCES,
    });
    const result = loadProject(dir, { logger: captureLogger('silent').logger, connectors: await discoverConnectors(dir), observer: metrics });
    expect(diagnosticsOf(result)).toEqual([]);
    project = result.project!;
  });
  afterAll(async () => {
    await project?.close();
    await sandbox?.close();
  });

  /** Run a sequence through the real flow runner, the way the server runs a resource. */
  async function run(name: string, vars: Record<string, unknown> = {}, faultSequence?: string) {
    const mc = new MessageContext({
      payload: null,
      contentType: undefined,
      headers: {},
      configs: {},
      log: project.logger,
      reqId: 'metrics-test',
      inbound: { method: 'GET', url: `/${name}`, api: 'test', resource: `GET /${name}` },
      observer: project.observer,
    });
    Object.assign(mc.vars, vars);
    const response = await runFlow(mc, project.sequences.get(name)!.run, faultSequence ? project.sequences.get(faultSequence)!.run : undefined);
    return { mc, response };
  }

  it('the project hands its observer on, for the server to give every message', () => {
    expect(project.observer).toBe(metrics);
  });

  it('times every connector operation by outcome: success (2xx), fault (other status), error (the call threw)', async () => {
    expect((await run('query')).response.status).toBe(200);
    expect((await run('query')).response.status).toBe(200);
    expect((await run('malformed')).response.status).toBe(400);
    expect((await run('tolerated')).response.status).toBe(200);
    expect((await run('refused')).response.status).toBe(502);

    const s = await scrape(metrics);
    const count = (outcome: string) => valueOf(s, 'ferry_connector_operation_duration_seconds_count', { connector: 'salesforce', operation: 'query', outcome });
    expect(count('success')).toBe(2);
    expect(count('fault')).toBe(2);
    expect(count('error')).toBe(1);
    // a histogram: cumulative buckets up to +Inf, and a positive sum of seconds
    expect(valueOf(s, 'ferry_connector_operation_duration_seconds_bucket', { connector: 'salesforce', operation: 'query', outcome: 'success', le: '+Inf' })).toBe(2);
    expect(valueOf(s, 'ferry_connector_operation_duration_seconds_sum', { connector: 'salesforce', operation: 'query', outcome: 'success' })).toBeGreaterThan(0);
    const buckets = s.filter((x) => x.name === 'ferry_connector_operation_duration_seconds_bucket' && x.labels.outcome === 'success' && x.labels.operation === 'query').map((x) => x.value);
    expect(buckets).toEqual([...buckets].sort((a, b) => a - b));
  });

  it('counts faults by error code: connector faults, token failures, handled faults', async () => {
    const before = await scrape(metrics);
    const faults = (s: Sample[], code: string) => valueOf(s, 'ferry_faults_total', { code }) ?? 0;

    await run('malformed');
    await run('refused');
    const handled = await run('handled');
    expect(handled.response.status).toBe(409);
    await run('tolerated'); // failOnError: false raises no fault

    const after = await scrape(metrics);
    expect(faults(after, 'MALFORMED_QUERY') - faults(before, 'MALFORMED_QUERY')).toBe(1);
    expect(faults(after, 'SALESFORCE_AUTH_FAILED') - faults(before, 'SALESFORCE_AUTH_FAILED')).toBe(1);
    expect(faults(after, 'ORDER_REJECTED') - faults(before, 'ORDER_REJECTED')).toBe(1);
  });

  it('a fault raised inside the faultSequence counts as a second fault', async () => {
    const earlier = await scrape(metrics);
    const before = valueOf(earlier, 'ferry_faults_total', { code: 'MALFORMED_QUERY' }) ?? 0;
    const authBefore = valueOf(earlier, 'ferry_faults_total', { code: 'SALESFORCE_AUTH_FAILED' }) ?? 0;
    const { response } = await run('handled', {}, 'malformed');
    // the resource's onError answered 409 itself, so the faultSequence never ran
    expect(response.status).toBe(409);
    const { response: second } = await run('refused', {}, 'malformed');
    expect(second.status).toBe(400);
    const s = await scrape(metrics);
    expect(valueOf(s, 'ferry_faults_total', { code: 'MALFORMED_QUERY' })).toBe(before + 1);
    expect(valueOf(s, 'ferry_faults_total', { code: 'SALESFORCE_AUTH_FAILED' })).toBe(authBefore + 1);
  });

  it(`keeps at most ${MAX_FAULT_CODES} fault codes as their own series; the rest count as ${OTHER_CODE}`, async () => {
    const own = new Metrics();
    for (let i = 0; i < MAX_FAULT_CODES + 5; i++) own.fault(`CODE_${i}`);
    own.fault('CODE_0');
    const s = await scrape(own);
    expect(s.filter((x) => x.name === 'ferry_faults_total')).toHaveLength(MAX_FAULT_CODES + 1);
    expect(valueOf(s, 'ferry_faults_total', { code: 'CODE_0' })).toBe(2);
    expect(valueOf(s, 'ferry_faults_total', { code: OTHER_CODE })).toBe(5);
  });

  it('counts token requests by connection and outcome; a cached token is no request', async () => {
    const s = await scrape(metrics);
    // sf fetched one token, then every query reused it
    expect(valueOf(s, 'ferry_connector_token_refreshes_total', { connection: 'sf', outcome: 'ok' })).toBe(1);
    expect(valueOf(s, 'ferry_connector_token_refreshes_total', { connection: 'sf', outcome: 'failed' })).toBeUndefined();
    // sfBadSecret was refused once; later messages got the remembered refusal without asking again
    expect(valueOf(s, 'ferry_connector_token_refreshes_total', { connection: 'sfBadSecret', outcome: 'failed' })).toBe(1);
  });

  it('counts the refresh after Salesforce expires the token', async () => {
    sandbox.admin.expireTokens();
    expect((await run('query')).response.status).toBe(200);
    const s = await scrape(metrics);
    expect(valueOf(s, 'ferry_connector_token_refreshes_total', { connection: 'sf', outcome: 'ok' })).toBe(2);
  });

  it('sets the API usage gauge from attributes.apiUsage of each result, per connector and connection', async () => {
    const { mc } = await run('query');
    const usage = (mc.vars.r as { attributes: { apiUsage: { used: number; max: number } } }).attributes.apiUsage;
    expect(usage.max).toBe(15000);
    const s = await scrape(metrics);
    expect(valueOf(s, 'ferry_connector_api_usage', { connector: 'salesforce', connection: 'sf', kind: 'used' })).toBe(usage.used);
    expect(valueOf(s, 'ferry_connector_api_usage', { connector: 'salesforce', connection: 'sf', kind: 'max' })).toBe(15000);
    // a connection whose calls never reported usage has no series
    expect(valueOf(s, 'ferry_connector_api_usage', { connection: 'sfBadSecret', kind: 'max' })).toBeUndefined();
  });

  it('any connector reports through the same contract: io.events.tokenRefresh and attributes.apiUsage', async () => {
    await run('quota');
    const s = await scrape(metrics);
    expect(valueOf(s, 'ferry_connector_token_refreshes_total', { connection: 'q1', outcome: 'ok' })).toBe(1);
    expect(valueOf(s, 'ferry_connector_api_usage', { connector: 'quota', connection: 'q1', kind: 'used' })).toBe(12);
    expect(valueOf(s, 'ferry_connector_api_usage', { connector: 'quota', connection: 'q1', kind: 'max' })).toBe(1000);
    expect(valueOf(s, 'ferry_connector_operation_duration_seconds_count', { connector: 'quota', operation: 'use', outcome: 'success' })).toBe(2);
  });

  it('a project loaded without an observer runs the same flows and reports nothing', async () => {
    const dir = writeProject({ 'config/server.yaml': serverYaml(sandbox.url), 'connectors/quota/connector.yaml': QUOTA_DESCRIPTOR, 'connectors/quota/index.js': QUOTA_MODULE, ...SEQUENCES });
    const plain = loadProject(dir, { logger: captureLogger('silent').logger, connectors: await discoverConnectors(dir) }).project!;
    const ours = (samples: Sample[]) => samples.filter((x) => /^ferry_(faults|connector)_/.test(x.name));
    const before = ours(await scrape(metrics));
    try {
      expect(plain.observer).toBeUndefined();
      const message = () => new MessageContext({ payload: null, contentType: undefined, headers: {}, configs: {}, log: plain.logger, reqId: 'x', inbound: { method: 'GET', url: '/', api: 'a', resource: 'r' } });
      expect((await runFlow(message(), plain.sequences.get('malformed')!.run)).status).toBe(400);
      expect((await runFlow(message(), plain.sequences.get('refused')!.run)).status).toBe(502);
      expect((await runFlow(message(), plain.sequences.get('quota')!.run)).status).toBe(200);
    } finally {
      await plain.close();
    }
    expect(ours(await scrape(metrics))).toEqual(before);
  });
});

describe('metrics: requests, reloads, the process', () => {
  it('counts requests and their latency by api, resource, method and status', async () => {
    const metrics = new Metrics();
    metrics.observeRequest('orders', 'GET /orders/{id}', 'GET', 200, 0.012);
    metrics.observeRequest('orders', 'GET /orders/{id}', 'GET', 200, 0.3);
    metrics.observeRequest('orders', 'GET /orders/{id}', 'GET', 404, 0.002);
    metrics.observeRequest('orders', 'POST /orders', 'POST', 201, 0.05);
    // no resource matched
    metrics.observeRequest('', '', 'GET', 404, 0.001);
    // a method no route knows is one bounded label
    metrics.observeRequest('', '', 'BREW', 404, 0.001);
    metrics.observeRequest('', '', 'WHEN', 404, 0.001);

    const s = await scrape(metrics);
    const labels = { api: 'orders', resource: 'GET /orders/{id}', method: 'GET', status: '200' };
    expect(valueOf(s, 'ferry_http_requests_total', labels)).toBe(2);
    expect(valueOf(s, 'ferry_http_request_duration_seconds_count', labels)).toBe(2);
    expect(valueOf(s, 'ferry_http_request_duration_seconds_sum', labels)).toBeCloseTo(0.312);
    expect(valueOf(s, 'ferry_http_request_duration_seconds_bucket', { ...labels, le: '0.025' })).toBe(1);
    expect(valueOf(s, 'ferry_http_request_duration_seconds_bucket', { ...labels, le: '0.5' })).toBe(2);
    expect(valueOf(s, 'ferry_http_requests_total', { ...labels, status: '404' })).toBe(1);
    expect(valueOf(s, 'ferry_http_requests_total', { api: 'orders', resource: 'POST /orders', method: 'POST', status: '201' })).toBe(1);
    expect(valueOf(s, 'ferry_http_requests_total', { api: '', resource: '', method: 'GET', status: '404' })).toBe(1);
    expect(valueOf(s, 'ferry_http_requests_total', { api: '', resource: '', method: 'OTHER', status: '404' })).toBe(2);
  });

  it('escapes label values the exposition format needs escaped', async () => {
    const metrics = new Metrics();
    metrics.observeRequest('a"b', 'GET /x\\y', 'GET', 200, 0.01);
    const s = await scrape(metrics);
    expect(valueOf(s, 'ferry_http_requests_total', { api: 'a"b', resource: 'GET /x\\y' })).toBe(1);
  });

  it('counts reloads by outcome, both 0 before the first', async () => {
    const metrics = new Metrics();
    let s = await scrape(metrics);
    expect(valueOf(s, 'ferry_reloads_total', { outcome: 'ok' })).toBe(0);
    expect(valueOf(s, 'ferry_reloads_total', { outcome: 'failed' })).toBe(0);
    metrics.reload(true);
    metrics.reload(false);
    metrics.reload(true);
    s = await scrape(metrics);
    expect(valueOf(s, 'ferry_reloads_total', { outcome: 'ok' })).toBe(2);
    expect(valueOf(s, 'ferry_reloads_total', { outcome: 'failed' })).toBe(1);
  });

  it('exports the Node process metrics, prefixed ferry_', async () => {
    const s = await scrape(new Metrics());
    const names = new Set(s.map((x) => x.name));
    for (const name of ['ferry_process_cpu_user_seconds_total', 'ferry_process_resident_memory_bytes', 'ferry_nodejs_heap_size_used_bytes', 'ferry_nodejs_eventloop_lag_seconds', 'ferry_nodejs_version_info']) {
      expect(names).toContain(name);
    }
    expect(valueOf(s, 'ferry_nodejs_version_info')).toBe(1);
  });

  it('every metric has HELP and TYPE lines, and every series is one of them', async () => {
    const metrics = new Metrics();
    metrics.observeRequest('a', 'GET /', 'GET', 200, 0.01);
    metrics.fault('X');
    metrics.tokenRefresh('c', true);
    const { body } = await metrics.render();
    const typed = new Map([...body.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
    const helped = new Set([...body.matchAll(/^# HELP (\S+) /gm)].map((m) => m[1]!));
    expect(typed.get('ferry_http_requests_total')).toBe('counter');
    expect(typed.get('ferry_http_request_duration_seconds')).toBe('histogram');
    expect(typed.get('ferry_faults_total')).toBe('counter');
    expect(typed.get('ferry_connector_operation_duration_seconds')).toBe('histogram');
    expect(typed.get('ferry_connector_token_refreshes_total')).toBe('counter');
    expect(typed.get('ferry_connector_api_usage')).toBe('gauge');
    expect(typed.get('ferry_reloads_total')).toBe('counter');
    for (const name of typed.keys()) expect(helped).toContain(name);
    for (const sample of parseExposition(body)) {
      const family = sample.name.replace(/_(bucket|sum|count)$/, '');
      expect(typed.has(sample.name) || typed.has(family), sample.name).toBe(true);
      expect(sample.name.startsWith('ferry_'), sample.name).toBe(true);
    }
  });

  it('two servers in one process keep separate counts', async () => {
    const a = new Metrics();
    const b = new Metrics();
    a.fault('ONLY_A');
    expect(valueOf(await scrape(a), 'ferry_faults_total', { code: 'ONLY_A' })).toBe(1);
    expect(valueOf(await scrape(b), 'ferry_faults_total', { code: 'ONLY_A' })).toBeUndefined();
  });
});
