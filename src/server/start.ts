import type { Logger } from 'pino';
import { loadProject, type LoadResult, type Project } from '../artifacts/project.js';
import { discoverConnectors } from '../connectors/discover.js';
import type { ServerConfig } from '../config/types.js';
import { FerryError } from '../errors.js';
import { VERSION } from '../version.js';
import { buildManagementApp } from './management.js';
import { Metrics } from './metrics.js';
import { managementWarnings } from './management-auth.js';
import { ServerRuntime } from './runtime.js';
import type { ReloadReport, ServerState } from './server-state.js';

export interface RunningServer {
  /** the project serving new requests (a reload replaces it) */
  readonly project: Project;
  /** what the management API sees: current project, reloads, log level */
  readonly state: ServerState;
  /** http://host:port of the API listener */
  readonly url: string;
  /** http://host:port of the management listener (management API, /livez, /healthz, /metrics) */
  readonly managementUrl: string;
  /** the embedded Salesforce sandbox's URL, when server.yaml enables it */
  readonly sandboxUrl: string | undefined;
  /** load the project again and swap it in when valid (see ServerRuntime) */
  reload(): Promise<ReloadReport>;
  /** stop accepting, let in-flight requests finish (bounded by server.shutdownTimeout), release pools */
  close(): Promise<void>;
}

export interface StartOptions {
  readonly projectDir: string;
  /** a logger, or how to make one from the loaded server config */
  readonly logger: Logger | ((config: ServerConfig) => Logger);
  readonly env?: NodeJS.ProcessEnv;
  /** override server.port / server.host (tests use port 0) */
  readonly port?: number;
  readonly host?: string;
  /** override sandbox.port (tests use 0) */
  readonly sandboxPort?: number;
  /** override server.managementPort (tests use 0) */
  readonly managementPort?: number;
  /** reload on changes to the project's files (also when server.yaml says hotDeploy: true) */
  readonly watch?: boolean;
}

/**
 * Load a project (with its own connectors), start the embedded Salesforce sandbox when
 * server.yaml enables it, and listen; returns the load result alone when the project has errors.
 */
export async function startServer(options: StartOptions): Promise<{ result: LoadResult; server?: RunningServer }> {
  let sandbox: EmbeddedSandbox | undefined;
  // the first load makes the logger from server.yaml; reloads keep it (its level follows server.yaml)
  let logger: Logger | undefined;
  // one registry for the process: counters carry on across reloads
  const metrics = new Metrics();
  const load = async (previous: Project | undefined): Promise<LoadResult> =>
    loadProject(options.projectDir, {
      logger: logger ?? options.logger,
      observer: metrics,
      env: options.env,
      connectors: await discoverConnectors(options.projectDir),
      sandboxUrl: () => sandbox?.url,
      previous,
      override: (config) => {
        const overridden = options.port === undefined && options.host === undefined ? config : { ...config, server: { ...config.server, port: options.port ?? config.server.port, host: options.host ?? config.server.host } };
        return options.sandboxPort === undefined ? overridden : { ...overridden, sandbox: { ...overridden.sandbox, port: options.sandboxPort } };
      },
    });
  const started = Date.now();
  const result = await load(undefined);
  const project = result.project;
  if (!project) return { result };
  logger = project.logger;
  const runtime = await ServerRuntime.create({ version: VERSION, logger, metrics, load }, project, result.diagnostics, Date.now() - started);

  const settings = project.config.sandbox;
  if (settings.enabled) {
    // loaded only when used: a project without the sandbox never imports it
    const { startSandbox } = await import('../../connectors/salesforce/sandbox/index.js');
    sandbox = await startSandbox({ port: settings.port, host: settings.host, seed: settings.seed });
    project.logger.info({ sandbox: sandbox.url }, `Salesforce sandbox org on ${sandbox.url} (client ferry-sandbox-client, user admin@ferry.sandbox)`);
  }
  const { host, port } = project.config.server;
  const managementPort = options.managementPort ?? project.config.server.managementPort;
  const management = buildManagementApp(runtime, { logger, metrics: () => metrics.render() });
  for (const warning of managementWarnings(project.config)) logger.warn(warning);
  let url: string;
  let managementUrl: string;
  let binding = port;
  try {
    url = await runtime.listen();
    binding = managementPort;
    managementUrl = await management.listen({ host, port: managementPort });
  } catch (err) {
    await runtime.close(0);
    await management.close();
    await sandbox?.close();
    throw new FerryError('FERRY_ERR_SERVER_LISTEN', `could not listen on ${host}:${binding}: ${(err as Error).message}`, { cause: err });
  }
  if (options.watch || project.config.server.hotDeploy) runtime.watch();
  let closing: Promise<void> | undefined;
  const server: RunningServer = {
    get project() {
      return runtime.current();
    },
    state: runtime,
    url,
    managementUrl: managementUrl.replace(/\/\/(0\.0\.0\.0|\[::\])(?=:)/, '//127.0.0.1'),
    sandboxUrl: sandbox?.url,
    reload: () => runtime.reload('management'),
    // the management listener closes last, so /healthz answers 503 while the APIs drain
    close: () => (closing ??= runtime.close(runtime.current().config.server.shutdownTimeout).then(async () => {
      await management.close();
      await sandbox?.close();
    })),
  };
  return { result, server };
}

interface EmbeddedSandbox {
  readonly url: string;
  close(): Promise<void>;
}

/** SIGTERM / SIGINT: stop accepting, finish in-flight requests (and the sandbox), exit 0. A second signal exits at once. */
export function exitOnSignals(server: RunningServer, logger: Logger): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: draining in-flight requests');
    server.close().then(
      () => {
        logger.info('stopped');
        logger.flush?.();
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  // SIGHUP: load the project again (deployed only when valid), as `kill -HUP` reloads daemons
  process.on('SIGHUP', () => void server.state.reload('signal'));
}
