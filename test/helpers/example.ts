import { startServer, type RunningServer } from '../../src/server/start.js';
import { freePort, ROOT } from './cli.js';
import { captureLogger } from './project.js';

/**
 * The repository's own example project, started as `npm start` starts it but on free ports (its
 * embedded sandbox and management listener too), with `env` added to the environment.
 */
export async function startExample(env: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  const started = await startServer({
    projectDir: ROOT,
    logger: captureLogger('warn').logger,
    port,
    host: '127.0.0.1',
    sandboxPort: 0,
    managementPort: 0,
    env: { ...process.env, FERRY_PORT: String(port), ...env },
  });
  if (!started.server) throw new Error(started.result.diagnostics.list.map((d) => d.message).join('\n'));
  return started.server;
}
