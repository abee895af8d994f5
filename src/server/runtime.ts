import { watch, type FSWatcher } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { handOver, type LoadResult, type Project } from '../artifacts/project.js';
import { formatDiagnostic } from '../artifacts/diagnostics.js';
import { buildApp } from './app.js';
import type { Metrics } from './metrics.js';
import type { ReloadReport, ServerState } from './server-state.js';

/** One loaded project and the Fastify app built from it, with the requests it is serving. */
interface Version {
  readonly project: Project;
  readonly app: FastifyInstance;
  readonly handle: (req: IncomingMessage, res: ServerResponse) => void;
  inflight: number;
  /** set once a newer version serves new requests: released when its last request ends */
  retired: boolean;
}

export interface RuntimeOptions {
  readonly version: string;
  /** load (and validate) the project again on a reload; `previous` is the version serving now */
  readonly load: (previous: Project) => Promise<LoadResult>;
  readonly logger: Logger;
  /** told of every request and reload */
  readonly metrics?: Metrics;
}

/** Folders whose changes `--watch` / `hotDeploy` reload (the project's YAML and its connectors). */
const WATCHED = ['config', 'sequences', 'connectors'];
const WATCH_DEBOUNCE_MS = 300;

/**
 * The API listener and the project versions behind it. One Node HTTP server listens; every
 * request goes to the version current when it arrived and finishes there. A reload loads and
 * validates the whole project again and, only when it is valid, swaps the new version in at
 * once: requests in flight finish on the old version, which is then closed (its connections
 * whose settings did not change live on in the new one, tokens and all). An invalid project
 * leaves the old version serving and is reported.
 */
export class ServerRuntime implements ServerState {
  readonly version: string;
  readonly startedAt = new Date();
  readonly projectDir: string;
  apiUrl = '';
  readonly #options: RuntimeOptions;
  readonly #log: Logger;
  #current: Version;
  readonly #retiring = new Set<Version>();
  #server: Server | undefined;
  #listening = false;
  #draining = false;
  #last: ReloadReport;
  readonly #counts = { ok: 0, failed: 0 };
  /** reloads run one at a time, in order */
  #queue: Promise<unknown> = Promise.resolve();
  #watchers: FSWatcher[] = [];
  #watching = false;
  #debounce: NodeJS.Timeout | undefined;
  #idle: (() => void) | undefined;

  private constructor(options: RuntimeOptions, first: Version, report: ReloadReport) {
    this.#options = options;
    this.#log = options.logger;
    this.version = options.version;
    this.projectDir = first.project.dir;
    this.#current = first;
    this.#last = report;
  }

  /** The runtime of a project loaded without errors (`loadMs`: how long that took). */
  static async create(options: RuntimeOptions, project: Project, diagnostics: LoadResult['diagnostics'], loadMs: number): Promise<ServerRuntime> {
    const report: ReloadReport = { at: new Date(), trigger: 'initial', ok: true, diagnostics: diagnostics.list, ms: loadMs };
    const runtime: ServerRuntime = new ServerRuntime(options, await ServerRuntime.#build(project, () => runtime.#draining, options.metrics), report);
    return runtime;
  }

  static async #build(project: Project, draining: () => boolean, metrics: Metrics | undefined): Promise<Version> {
    let handle: Version['handle'] | undefined;
    const app = buildApp(project, project.logger, {
      draining,
      metrics,
      // the app never listens itself: its handler is called by the runtime's one listener
      serverFactory: (handler) => {
        handle = handler as Version['handle'];
        return createServer();
      },
    });
    await app.ready();
    return { project, app, handle: handle!, inflight: 0, retired: false };
  }

  current(): Project {
    return this.#current.project;
  }

  lastReload(): ReloadReport {
    return this.#last;
  }

  reloadCounts(): { ok: number; failed: number } {
    return { ...this.#counts };
  }

  listening(): boolean {
    return this.#listening;
  }

  logLevel(): string {
    return this.#log.level;
  }

  setLogLevel(level: string): void {
    this.#log.level = level;
  }

  /** Listen on server.host:port (the current version's config). */
  async listen(): Promise<string> {
    const { host, port, requestTimeout } = this.#current.project.config.server;
    const server = createServer({ requestTimeout }, (req, res) => this.#dispatch(req, res));
    // Fastify's own default: longer than common load balancers' idle timeouts
    server.keepAliveTimeout = 72_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.#server = server;
    this.#listening = true;
    const address = server.address();
    const boundPort = typeof address === 'object' && address ? address.port : port;
    const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
    this.apiUrl = `http://${shownHost}:${boundPort}`;
    return this.apiUrl;
  }

  #dispatch(req: IncomingMessage, res: ServerResponse): void {
    const version = this.#current;
    version.inflight++;
    res.once('close', () => {
      version.inflight--;
      if (version.inflight === 0) this.#settled(version);
    });
    version.handle(req, res);
  }

  #settled(version: Version): void {
    if (version.retired) this.#release(version);
    if (this.#idle && this.#inflight() === 0) this.#idle();
  }

  #inflight(): number {
    let n = this.#current.inflight;
    for (const v of this.#retiring) n += v.inflight;
    return n;
  }

  /** Close a retired version: its app, and what of its project the new one did not take over. */
  #release(version: Version): void {
    if (!this.#retiring.delete(version)) return;
    void Promise.allSettled([version.app.close(), version.project.close()]);
  }

  reload(trigger: ReloadReport['trigger']): Promise<ReloadReport> {
    const next = this.#queue.then(() => this.#reload(trigger));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #reload(trigger: ReloadReport['trigger']): Promise<ReloadReport> {
    const started = Date.now();
    const old = this.#current;
    if (this.#draining) {
      // shutting down: nothing to deploy to, and nothing wrong with the project
      this.#log.info({ trigger }, 'reload skipped: the server is shutting down');
      return { at: new Date(), trigger, ok: false, diagnostics: [], ms: 0 };
    }
    let report: ReloadReport;
    try {
      const result = await this.#options.load(old.project);
      const diagnostics = result.diagnostics.list;
      if (!result.project) {
        report = { at: new Date(), trigger, ok: false, diagnostics, ms: Date.now() - started };
      } else {
        let fresh: Version;
        try {
          fresh = await ServerRuntime.#build(result.project, () => this.#draining, this.#options.metrics);
        } catch (err) {
          // given up before the swap: what it shares is still the old version's
          void result.project.close();
          throw err;
        }
        this.#warnRestartOnly(old.project, fresh.project);
        if (fresh.project.config.logging.level !== old.project.config.logging.level) this.setLogLevel(fresh.project.config.logging.level);
        // the swap: from here on new requests go to the new version, which owns what it shares
        handOver(fresh.project);
        this.#current = fresh;
        old.retired = true;
        this.#retiring.add(old);
        if (old.inflight === 0) this.#release(old);
        report = { at: new Date(), trigger, ok: true, diagnostics, ms: Date.now() - started };
      }
    } catch (err) {
      this.#log.error({ err }, 'reload failed');
      report = { at: new Date(), trigger, ok: false, diagnostics: [], ms: Date.now() - started };
    }
    this.#last = report;
    this.#options.metrics?.reload(report.ok);
    if (report.ok) {
      this.#counts.ok++;
      this.#log.info({ trigger, ms: report.ms }, `project reloaded (${this.#current.project.apis.length} API(s))`);
    } else {
      this.#counts.failed++;
      for (const d of report.diagnostics) this.#log[d.severity === 'error' ? 'error' : 'warn']({ code: d.code }, formatDiagnostic(d));
      this.#log.error({ trigger, errors: report.diagnostics.filter((d) => d.severity === 'error').length }, 'reload refused: the project is invalid; the previous version keeps serving');
    }
    return report;
  }

  /** Settings read once at startup: a change to them is logged, not applied. */
  #warnRestartOnly(old: Project, fresh: Project): void {
    const a = old.config;
    const b = fresh.config;
    const changed: string[] = [];
    if (a.server.host !== b.server.host || a.server.port !== b.server.port) changed.push('server.host/port');
    if (a.server.managementPort !== b.server.managementPort) changed.push('server.managementPort');
    if (a.server.requestTimeout !== b.server.requestTimeout) changed.push('server.requestTimeout');
    if (a.server.hotDeploy !== b.server.hotDeploy) changed.push('server.hotDeploy');
    if (JSON.stringify(a.sandbox) !== JSON.stringify(b.sandbox)) changed.push('sandbox');
    if (a.logging.format !== b.logging.format) changed.push('logging.format');
    if (changed.length > 0) this.#log.warn({ settings: changed }, `changed settings that take effect at the next restart: ${changed.join(', ')}`);
  }

  /**
   * Reload on changes below config/, sequences/ and connectors/ (debounced). The project folder
   * itself is watched too, and every watcher is set up again after each reload: a Kubernetes
   * ConfigMap volume changes by swapping a symbolic link (`..data`), which leaves watchers on the
   * old folders seeing nothing more.
   */
  watch(): void {
    if (this.#watching) return;
    this.#watching = true;
    this.#arm();
    this.#log.info({ folders: WATCHED }, 'watching the project: a valid change is deployed at once, an invalid one is reported and not deployed');
  }

  #arm(): void {
    for (const w of this.#watchers) w.close();
    this.#watchers = [];
    const changed = () => {
      clearTimeout(this.#debounce);
      this.#debounce = setTimeout(() => {
        void this.reload('watch').then(() => {
          if (this.#watching) this.#arm();
        });
      }, WATCH_DEBOUNCE_MS);
    };
    const add = (path: string, recursive: boolean) => {
      try {
        const watcher = watch(path, { recursive }, changed);
        watcher.on('error', (err) => this.#log.warn({ err, path }, 'watching stopped for a folder'));
        this.#watchers.push(watcher);
      } catch (err) {
        // a folder the project does not have is not watched
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    };
    add(this.projectDir, false);
    for (const folder of WATCHED) add(join(this.projectDir, folder), true);
  }

  /**
   * Stop accepting, let requests in flight finish (bounded by `timeoutMs`, then their
   * connections are closed), and close every version.
   */
  async close(timeoutMs: number): Promise<void> {
    this.#watching = false;
    clearTimeout(this.#debounce);
    for (const w of this.#watchers) w.close();
    this.#watchers = [];
    this.#draining = true;
    this.#listening = false;
    // a reload under way finishes (or gives up) first, so no version is swapped in after this
    await this.#queue;
    const server = this.#server;
    const stopped = server ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    server?.closeIdleConnections();
    const idle = this.#inflight() === 0 ? Promise.resolve() : new Promise<void>((resolve) => (this.#idle = resolve));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
      timer.unref();
    });
    // connections neither idle nor in flight (a request still arriving) count too: the deadline bounds them all
    const outcome = await Promise.race([Promise.all([idle, stopped]).then(() => 'done' as const), deadline]);
    clearTimeout(timer);
    const versions = [this.#current, ...this.#retiring];
    if (outcome === 'timeout') {
      this.#log.warn({ timeoutMs }, 'shutdown timeout reached; closing remaining connections');
      server?.closeAllConnections();
      await Promise.allSettled(versions.map((v) => v.project.http.destroy()));
    }
    await stopped;
    this.#retiring.clear();
    await Promise.allSettled(versions.flatMap((v) => [v.app.close(), v.project.close()]));
  }
}
