import type { Logger } from 'pino';
import type { Project } from '../artifacts/project.js';
import { MessageContext } from '../engine/message-context.js';
import { redactText } from '../logging/redact.js';

/** One connection's check in /healthz. */
export interface ConnectionCheck {
  readonly name: string;
  readonly ok: boolean;
  /** true when its connector has no testConnection for its type: not checked, not failed */
  readonly skipped?: boolean;
  readonly detail: string;
  readonly ms: number;
}

const DETAIL_LIMIT = 300;
const TEST_OPERATION = 'testConnection';

/**
 * Run every configured connection's `testConnection` operation (when its connector has one for
 * the connection's type) at once, each bounded by `timeoutMs`. Never throws: a check that fails,
 * throws or times out is `ok: false` with a short, redacted reason.
 */
export async function checkConnections(project: Project, timeoutMs: number, logger: Logger): Promise<ConnectionCheck[]> {
  return Promise.all(project.connections.names().map((name) => checkConnection(project, name, timeoutMs, logger)));
}

async function checkConnection(project: Project, name: string, timeoutMs: number, logger: Logger): Promise<ConnectionCheck> {
  const started = Date.now();
  const done = (ok: boolean, detail: string, skipped = false): ConnectionCheck => ({
    name,
    ok,
    ...(skipped ? { skipped } : {}),
    detail: redactText(detail).slice(0, DETAIL_LIMIT),
    ms: Date.now() - started,
  });
  const connection = project.connections.named(name)!;
  const { descriptor, module } = connection.connector;
  const op = descriptor.operations[TEST_OPERATION];
  const fn = module.operations[TEST_OPERATION];
  if (!op || !fn || !op.connectionTypes.includes(connection.type)) {
    return done(true, `${descriptor.name} has no ${TEST_OPERATION} for connections of type ${connection.type}`, true);
  }
  const log = logger.child({ healthCheck: name });
  const mc = new MessageContext({
    payload: null,
    contentType: undefined,
    headers: {},
    configs: project.config.configs as Record<string, unknown>,
    log,
    reqId: `healthz-${name}`,
    inbound: { method: 'GET', url: '/healthz', api: '(health check)', resource: `${descriptor.name}.${TEST_OPERATION}` },
  });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
    timer.unref();
  });
  try {
    const run = fn(connection.client(), {}, {
      log,
      message: mc,
      streamResult: false,
      bodyStream: () => undefined,
      streamed: () => {
        throw new Error(`${TEST_OPERATION} cannot stream a result`);
      },
    });
    // the call keeps running past the deadline; its result is just not waited for
    run.catch(() => undefined);
    const result = await Promise.race([run, deadline]);
    if (result === 'timeout') return done(false, `no answer within ${timeoutMs} ms`);
    const payload = (result.payload ?? {}) as { isValidConnection?: unknown; error?: unknown };
    const ok = result.statusCode >= 200 && result.statusCode < 300 && payload.isValidConnection !== false;
    if (ok) return done(true, 'connected');
    return done(false, typeof payload.error === 'string' ? payload.error : `${TEST_OPERATION} answered ${result.statusCode}${payload.isValidConnection === false ? ' (isValidConnection false)' : ''}`);
  } catch (err) {
    return done(false, (err as Error).message ?? String(err));
  } finally {
    clearTimeout(timer);
  }
}
