// Ferry serving the bench project (argv[2]), started the way `ferry start` starts it.
import { createLogger } from '../dist/src/logging/logger.js';
import { startServer } from '../dist/src/server/start.js';
import { announceFailure, announceReady } from './children.js';

try {
  const { result, server } = await startServer({
    projectDir: process.argv[2],
    port: 0,
    managementPort: 0,
    host: '127.0.0.1',
    logger: (config) => createLogger(config.logging),
  });
  if (!server) throw new Error(result.diagnostics.list.map((d) => `${d.file}:${d.line}:${d.col} ${d.code} ${d.message}`).join('\n'));
  announceReady(server.url);
} catch (err) {
  announceFailure(err);
}
