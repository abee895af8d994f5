import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { FlowObserver, OperationObserver, OperationOutcome } from '../engine/observer.js';

/** Request latency buckets (seconds): from a cheap proxy hop to a slow upstream. */
export const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Connector operation buckets (seconds): up to long Bulk waits. */
export const OPERATION_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/**
 * Distinct fault codes kept as their own series; beyond this, faults count under `_other`. A
 * flow's `throwError` type may be an expression, and a code per message would grow the series
 * (and the scrape) without bound.
 */
export const MAX_FAULT_CODES = 200;
export const OTHER_CODE = '_other';

// methods Fastify routes; anything else a client sends is counted as OTHER (bounded labels)
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'CONNECT', 'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'SEARCH']);

interface RequestSeries {
  readonly count: { inc(): void };
  readonly duration: { observe(value: number): void };
}

/**
 * Ferry's Prometheus metrics: one per process, created by startServer and kept across reloads
 * (it is the FlowObserver every project version is loaded with). It owns its own registry, so
 * several servers in one process (tests) keep separate counts. Label sets are made once and
 * cached: recording on the request path is a few map look-ups and prom-client's own update.
 */
export class Metrics implements FlowObserver {
  readonly registry = new Registry();

  readonly #requests = new Counter({
    name: 'ferry_http_requests_total',
    help: 'HTTP requests answered by the API listener, by API, resource, method and status',
    labelNames: ['api', 'resource', 'method', 'status'] as const,
    registers: [this.registry],
  });
  readonly #requestDuration = new Histogram({
    name: 'ferry_http_request_duration_seconds',
    help: 'Time from receiving a request to sending its answer, in seconds',
    labelNames: ['api', 'resource', 'method', 'status'] as const,
    buckets: HTTP_BUCKETS,
    registers: [this.registry],
  });
  readonly #faults = new Counter({
    name: 'ferry_faults_total',
    help: `Faults raised in mediation, by error code (handled or answered by the default handler; past ${MAX_FAULT_CODES} distinct codes, as ${OTHER_CODE})`,
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly #operations = new Histogram({
    name: 'ferry_connector_operation_duration_seconds',
    help: 'Connector operation calls, by connector, operation and outcome (success: 2xx result; fault: other status; error: the call failed)',
    labelNames: ['connector', 'operation', 'outcome'] as const,
    buckets: OPERATION_BUCKETS,
    registers: [this.registry],
  });
  readonly #tokenRefreshes = new Counter({
    name: 'ferry_connector_token_refreshes_total',
    help: 'Token requests connectors made to authorization servers, by connection and outcome (ok, failed)',
    labelNames: ['connection', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly #apiUsage = new Gauge({
    name: 'ferry_connector_api_usage',
    help: "An upstream's API quota as last reported by a connector operation's result (Salesforce: Sforce-Limit-Info), by connector, connection and kind (used, max)",
    labelNames: ['connector', 'connection', 'kind'] as const,
    registers: [this.registry],
  });
  readonly #reloads = new Counter({
    name: 'ferry_reloads_total',
    help: 'Project reloads after startup, by outcome (ok: swapped in; failed: invalid, the old version kept serving)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  // api → resource → "method status" → series
  readonly #requestSeries = new Map<string, Map<string, Map<string, RequestSeries>>>();
  readonly #faultSeries = new Map<string, { inc(): void }>();
  readonly #otherFaults = this.#faults.labels(OTHER_CODE);
  readonly #tokenSeries = new Map<string, { readonly ok: { inc(): void }; readonly failed: { inc(): void } }>();
  readonly #operationRecorders = new Map<string, OperationObserver>();
  readonly #reloadSeries = { ok: this.#reloads.labels('ok'), failed: this.#reloads.labels('failed') };

  constructor() {
    // Node process metrics (CPU, memory, heap, event loop lag, GC, handles), prefixed ferry_
    collectDefaultMetrics({ register: this.registry, prefix: 'ferry_' });
    // a reload counter that reads 0 before the first reload, not absent
    this.#reloadSeries.ok.inc(0);
    this.#reloadSeries.failed.inc(0);
  }

  /**
   * One answered request. `api` and `resource` are the matched API's name and resource label, both
   * "" for a request that matched no resource.
   */
  observeRequest(api: string, resource: string, method: string, status: number, seconds: number): void {
    this.requestRecorder(api, resource)(method, status, seconds);
  }

  /**
   * The recorder of one resource's requests, made once per route: on the request path it is a
   * lookup by method and status, not by four labels.
   */
  requestRecorder(api: string, resource: string): (method: string, status: number, seconds: number) => void {
    let byResource = this.#requestSeries.get(api);
    if (!byResource) this.#requestSeries.set(api, (byResource = new Map()));
    let byMethod = byResource.get(resource);
    if (!byMethod) byResource.set(resource, (byMethod = new Map()));
    const series = byMethod;
    return (method, status, seconds) => {
      const m = METHODS.has(method) ? method : 'OTHER';
      const key = `${m} ${status}`;
      let one = series.get(key);
      if (!one) {
        const labels = [api, resource, m, String(status)] as const;
        one = { count: this.#requests.labels(...labels), duration: this.#requestDuration.labels(...labels) };
        series.set(key, one);
      }
      one.count.inc();
      one.duration.observe(seconds);
    };
  }

  /** A reload attempt after startup ended: swapped in (`ok`) or refused. */
  reload(ok: boolean): void {
    (ok ? this.#reloadSeries.ok : this.#reloadSeries.failed).inc();
  }

  /** The exposition text for GET /metrics. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  // FlowObserver

  fault(code: string): void {
    let series = this.#faultSeries.get(code);
    if (!series) {
      if (this.#faultSeries.size < MAX_FAULT_CODES) this.#faultSeries.set(code, (series = this.#faults.labels(code)));
      else series = this.#otherFaults;
    }
    series.inc();
  }

  operation(connector: string, operation: string, connection: string): OperationObserver {
    const key = `${connector}\u0000${operation}\u0000${connection}`;
    let recorder = this.#operationRecorders.get(key);
    if (!recorder) {
      const outcomes: Record<OperationOutcome, { observe(value: number): void }> = {
        success: this.#operations.labels(connector, operation, 'success'),
        fault: this.#operations.labels(connector, operation, 'fault'),
        error: this.#operations.labels(connector, operation, 'error'),
      };
      const used = this.#apiUsage.labels(connector, connection, 'used');
      const max = this.#apiUsage.labels(connector, connection, 'max');
      recorder = {
        done: (outcome, seconds) => outcomes[outcome].observe(seconds),
        apiUsage: (u, m) => {
          used.set(u);
          max.set(m);
        },
      };
      this.#operationRecorders.set(key, recorder);
    }
    return recorder;
  }

  tokenRefresh(connection: string, ok: boolean): void {
    let series = this.#tokenSeries.get(connection);
    if (!series) {
      series = { ok: this.#tokenRefreshes.labels(connection, 'ok'), failed: this.#tokenRefreshes.labels(connection, 'failed') };
      this.#tokenSeries.set(connection, series);
    }
    (ok ? series.ok : series.failed).inc();
  }
}
