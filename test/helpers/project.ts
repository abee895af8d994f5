import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll } from 'vitest';
import { loadProject, type LoadResult } from '../../src/artifacts/project.js';
import { discoverConnectors } from '../../src/connectors/discover.js';
import { MessageContext, type OutboundResponse } from '../../src/engine/message-context.js';
import { runFlow } from '../../src/engine/respond.js';
import { createLogger, type Logger } from '../../src/logging/logger.js';
import { startServer, type RunningServer } from '../../src/server/start.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Write a project folder from `{relativePath: text}`; removed after the test file. */
export function writeProject(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-test-'));
  made.push(dir);
  for (const [path, text] of Object.entries(files)) {
    const abs = join(dir, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
  return dir;
}

/** A logger whose JSON lines are kept in `lines` (parsed). */
export function captureLogger(level = 'trace'): { logger: Logger; lines: Record<string, unknown>[]; text: () => string } {
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      raw.push(...String(chunk).split('\n').filter(Boolean));
      cb();
    },
  });
  const logger = createLogger({ level, format: 'json', destination: destination as never });
  return {
    logger,
    get lines() {
      return raw.map((l) => JSON.parse(l) as Record<string, unknown>);
    },
    text: () => raw.join('\n'),
  };
}

/** Load a project written from files (built-in connectors only). */
export function load(files: Record<string, string>, logger: Logger = captureLogger().logger): LoadResult {
  return loadProject(writeProject(files), { logger });
}

/** Load a project written from files, with the connectors in its own connectors/ folder. */
export async function loadWithConnectors(files: Record<string, string>, logger: Logger = captureLogger().logger): Promise<LoadResult> {
  const dir = writeProject(files);
  return loadProject(dir, { logger, connectors: await discoverConnectors(dir) });
}

/** The diagnostics of a load as "file:line:col CODE message" strings, file names only. */
export function diagnosticsOf(result: LoadResult): string[] {
  return result.diagnostics.list.map((d) => `${d.file.split('/').pop()}:${d.line}:${d.col} ${d.code} ${d.message}`);
}

export interface RunInput {
  payload?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
  pathParams?: Record<string, string>;
  queryParams?: Record<string, unknown>;
  vars?: Record<string, unknown>;
}

export interface RunOutcome {
  mc: MessageContext;
  response: OutboundResponse;
  /** the response body parsed as JSON when it is JSON */
  json: unknown;
  logs: Record<string, unknown>[];
}

/** The answer's body as text (a streamed body is not read: see `readBody` of runSteps). */
function bodyOf(response: OutboundResponse): Promise<string> {
  return Promise.resolve(typeof response.body === 'string' ? response.body : response.body?.toString() ?? '');
}

/**
 * Compile `steps` (YAML text of a step list) as the sequence `main` of a fresh project, plus any
 * extra files, and run it once through the real flow runner. The answer is read by `readBody`
 * before the project closes (a streamed answer holds its upstream connection until read).
 */
export async function runSteps(steps: string, input: RunInput = {}, extraFiles: Record<string, string> = {}, readBody: (response: OutboundResponse) => Promise<string> = bodyOf): Promise<RunOutcome & { text: string }> {
  const capture = captureLogger();
  const indented = steps
    .trim()
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
  const result = load({ 'sequences/main.yaml': `name: main\nsteps:\n${indented}\n`, ...extraFiles }, capture.logger);
  if (!result.project) throw new Error(`project did not load:\n${diagnosticsOf(result).join('\n')}`);
  const project = result.project;
  try {
    const mc = new MessageContext({
      payload: input.payload ?? null,
      contentType: input.contentType ?? (input.payload === undefined ? undefined : 'application/json'),
      headers: { ...input.headers },
      pathParams: input.pathParams,
      queryParams: input.queryParams,
      configs: project.config.configs as Record<string, unknown>,
      log: capture.logger,
      reqId: 'test',
      inbound: { method: 'POST', url: '/test', api: 'test', resource: 'POST /test' },
    });
    Object.assign(mc.vars, input.vars);
    const main = project.sequences.get('main')!;
    const response = await runFlow(mc, main.run);
    const text = await readBody(response);
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { mc, response, json, logs: capture.lines, text };
  } finally {
    await project.close();
  }
}

/** Start a real server on 127.0.0.1 and a free port for a project written from files. */
export async function serve(files: Record<string, string>, level = 'silent', env: NodeJS.ProcessEnv = process.env): Promise<RunningServer & { logs: () => Record<string, unknown>[] }> {
  const capture = captureLogger(level);
  const { result, server } = await startServer({ projectDir: writeProject(files), logger: capture.logger, port: 0, managementPort: 0, host: '127.0.0.1', env, sandboxPort: 0 });
  if (!server) throw new Error(`project did not load:\n${diagnosticsOf(result).join('\n')}`);
  return Object.assign(server, { logs: () => capture.lines });
}
