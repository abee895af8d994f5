import { parseArgs } from 'node:util';
import { formatDiagnostic, type Diagnostics } from './artifacts/diagnostics.js';
import { loadProject } from './artifacts/project.js';
import { discoverConnectors } from './connectors/discover.js';
import { writeSchemas } from './artifacts/shipped-schemas.js';
import { createLogger } from './logging/logger.js';
import { hashPassword } from './server/management-auth.js';
import { exitOnSignals, startServer } from './server/start.js';
import { VERSION } from './version.js';

const HELP = `Ferry ${VERSION} — a YAML integration server in the spirit of WSO2 Micro Integrator

Usage:
  ferry start    [DIR | --project DIR] [--port N] [--management-port N] [--watch]
                 load the project and serve its APIs; --watch deploys valid changes at once
  ferry validate [DIR | --project DIR]              report every problem with file:line:col
  ferry schemas  [--out DIR]                  write the JSON Schemas editors use for YAML
  ferry sandbox  [--port N] [--seed FILE]     run the Salesforce sandbox org alone (default port 9270)
  ferry hash-password                         read a password on stdin, print its hash for
                                              management.users[].passwordHash
  ferry --help | --version

A project folder holds config/server.yaml, config/apis/*.yaml and sequences/*.yaml.
--project defaults to the current folder.`;

/** The CLI: returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        project: { type: 'string', short: 'p' },
        port: { type: 'string' },
        'management-port': { type: 'string' },
        out: { type: 'string' },
        seed: { type: 'string' },
        host: { type: 'string' },
        watch: { type: 'boolean', short: 'w' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (err) {
    process.stderr.write(`ferry: ${(err as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (values.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (values.help || !command || command === 'help') {
    process.stdout.write(`${HELP}\n`);
    return command || values.help ? 0 : 2;
  }
  // `ferry validate DIR` as well as --project DIR; any other stray word is an error, never ignored
  const [, dir, ...extra] = positionals;
  const takesDir = command === 'validate' || command === 'start';
  if (extra.length > 0 || (dir !== undefined && (!takesDir || values.project !== undefined))) {
    process.stderr.write(`ferry: unexpected argument '${extra[0] ?? dir}'\n\n${HELP}\n`);
    return 2;
  }
  const projectDir = dir ?? values.project ?? process.cwd();
  switch (command) {
    case 'validate':
      return validate(projectDir);
    case 'start':
      return start(projectDir, values.port, values['management-port'], values.watch === true);
    case 'schemas':
      for (const file of writeSchemas(values.out ?? 'schemas')) process.stdout.write(`wrote ${file}\n`);
      return 0;
    case 'sandbox':
      return sandbox(values.port, values.host, values.seed);
    case 'hash-password':
      return hashPasswordCommand();
    default:
      process.stderr.write(`ferry: unknown command '${command}'\n\n${HELP}\n`);
      return 2;
  }
}

async function validate(projectDir: string): Promise<number> {
  const logger = createLogger({ level: 'silent', format: 'json' });
  const { diagnostics, counts } = loadProject(projectDir, { logger, connectors: await discoverConnectors(projectDir) });
  printDiagnostics(diagnostics);
  if (diagnostics.errorCount > 0) {
    process.stdout.write(`${summary(diagnostics)}: project is invalid\n`);
    return 1;
  }
  const warnings = diagnostics.warningCount ? `, ${diagnostics.warningCount} warning(s)` : '';
  process.stdout.write(`project is valid: ${counts.apis} API(s), ${counts.resources} resource(s), ${counts.sequences} sequence(s)${warnings}\n`);
  return 0;
}

async function start(projectDir: string, port: string | undefined, managementPort: string | undefined, watch: boolean): Promise<number> {
  for (const [flag, value] of [['--port', port], ['--management-port', managementPort]] as const) {
    if (value !== undefined && !/^\d+$/.test(value)) {
      process.stderr.write(`ferry: ${flag} must be a number, got '${value}'\n`);
      return 2;
    }
  }
  const { result, server } = await startServer({
    projectDir,
    port: port === undefined ? undefined : Number(port),
    managementPort: managementPort === undefined ? undefined : Number(managementPort),
    logger: (config) => createLogger(config.logging),
    watch,
  });
  printDiagnostics(result.diagnostics);
  if (!server) {
    process.stderr.write(`${summary(result.diagnostics)}: Ferry did not start\n`);
    return 1;
  }
  const log = server.project.logger;
  for (const api of server.project.apis) {
    for (const r of api.resources) log.info({ api: api.name }, `route ${r.methods.join(',')} ${server.url}${r.url}`);
  }
  log.info({ project: server.project.dir }, `Ferry ${VERSION} listening on ${server.url}; management, health and metrics on ${server.managementUrl}`);
  exitOnSignals(server, log);
  // keep running until a signal; the exit code is set by the signal handler
  return new Promise<number>(() => {});
}

/** The password comes on stdin, never as an argument (where `ps` and shell history would show it). */
async function hashPasswordCommand(): Promise<number> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (password === '') {
    process.stderr.write('ferry hash-password: no password on stdin (printf %s "$PASSWORD" | ferry hash-password)\n');
    return 2;
  }
  process.stdout.write(`${await hashPassword(password)}\n`);
  return 0;
}

async function sandbox(port: string | undefined, host: string | undefined, seed: string | undefined): Promise<number> {
  if (port !== undefined && !/^\d+$/.test(port)) {
    process.stderr.write(`ferry: --port must be a number, got '${port}'\n`);
    return 2;
  }
  const { startSandbox, DEFAULT_SANDBOX_PORT } = await import('../connectors/salesforce/sandbox/index.js');
  let sb;
  try {
    sb = await startSandbox({ port: port === undefined ? DEFAULT_SANDBOX_PORT : Number(port), host: host ?? '127.0.0.1', seed });
  } catch (err) {
    process.stderr.write(`ferry sandbox: ${(err as Error).message}\n`);
    return 1;
  }
  process.stdout.write(
    [
      `Salesforce sandbox org listening on ${sb.url}`,
      `  token:  curl -s ${sb.url}/services/oauth2/token -d grant_type=password -d client_id=ferry-sandbox-client -d client_secret=ferry-sandbox-secret -d username=admin@ferry.sandbox -d password=ferry-passwordferry-token`,
      `  admin:  ${sb.url}/__sandbox/records/Account`,
      '',
    ].join('\n'),
  );
  const stop = () => void sb.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return new Promise<number>(() => {});
}

function printDiagnostics(diags: Diagnostics): void {
  for (const d of diags.list) process.stderr.write(`${formatDiagnostic(d)}\n`);
}

function summary(diags: Diagnostics): string {
  const warnings = diags.warningCount ? `, ${diags.warningCount} warning(s)` : '';
  return `${diags.errorCount} error(s)${warnings}`;
}
