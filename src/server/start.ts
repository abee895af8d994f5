import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { loadProject, type LoadResult, type Project } from '../artifacts/project.js';
import { discoverConnectors } from '../connectors/discover.js';
import type { ServerConfig } from '../config/types.js';
import { FerryError } from '../errors.js';
import { buildApp } from './app.js';

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly project: Project;
  /** http://host:port of the API listener */
  readonly url: string;
  /** the embedded Salesforce sandbox's URL, when server.yaml enables it */
  readonly sandboxUrl: string | undefined;
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
}

/**
 * Load a project (with its own connectors), start the embedded Salesforce sandbox when
 * server.yaml enables it, and listen; returns the load result alone when the project has errors.
 */
export async function startServer(options: StartOptions): Promise<{ result: LoadResult; server?: RunningServer }> {
  let sandbox: EmbeddedSandbox | undefined;
  const result = loadProject(options.projectDir, {
    logger: options.logger,
    env: options.env,
    connectors: await discoverConnectors(options.projectDir),
    sandboxUrl: () => sandbox?.url,
    override: (config) => {
      const overridden = options.port === undefined && options.host === undefined ? config : { ...config, server: { ...config.server, port: options.port ?? config.server.port, host: options.host ?? config.server.host } };
      return options.sandboxPort === undefined ? overridden : { ...overridden, sandbox: { ...overridden.sandbox, port: options.sandboxPort } };
    },
  });
  const project = result.project;
  if (!project) return { result };

  const settings = project.config.sandbox;
  if (settings.enabled) {
    // loaded only when used: a project without the sandbox never imports it
    const { startSandbox } = await import('../../connectors/salesforce/sandbox/index.js');
    sandbox = await startSandbox({ port: settings.port, host: settings.host, seed: settings.seed });
    project.logger.info({ sandbox: sandbox.url }, `Salesforce sandbox org on ${sandbox.url} (client ferry-sandbox-client, user admin@ferry.sandbox)`);
  }
  const app = buildApp(project, project.logger);
  const { host, port, shutdownTimeout } = project.config.server;
  try {
    await app.listen({ host, port });
  } catch (err) {
    await project.close();
    await sandbox?.close();
    throw new FerryError('FERRY_ERR_SERVER_LISTEN', `could not listen on ${host}:${port}: ${(err as Error).message}`, { cause: err });
  }
  const address = app.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  let closing: Promise<void> | undefined;
  const server: RunningServer = {
    app,
    project,
    url: `http://${shownHost}:${boundPort}`,
    sandboxUrl: sandbox?.url,
    close: () => (closing ??= shutdown(app, project, shutdownTimeout).then(() => sandbox?.close())),
  };
  return { result, server };
}

interface EmbeddedSandbox {
  readonly url: string;
  close(): Promise<void>;
}

async function shutdown(app: FastifyInstance, project: Project, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
    timer.unref();
  });
  const outcome = await Promise.race([app.close().then(() => 'closed' as const), deadline]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    app.log.warn({ timeoutMs }, 'shutdown timeout reached; closing remaining connections');
    app.server.closeAllConnections();
    await project.http.destroy();
  } else {
    await project.close();
  }
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
}
