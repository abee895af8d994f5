import { fork } from 'node:child_process';

/** Every child still running; all of them are killed when this process exits, however it exits. */
const live = new Set();

process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

/**
 * Fork a server script and wait for its `{ready: true, url}` IPC message. The child's stdout is
 * dropped (Ferry's info log lines), stderr is kept for crashes.
 */
export function startChild(name, script, args = [], timeoutMs = 15_000) {
  const child = fork(script, args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  live.add(child);
  child.once('exit', () => live.delete(child));
  return new Promise((resolve, reject) => {
    const fail = (message) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${name}: ${message}`));
    };
    const timer = setTimeout(() => fail(`not ready within ${timeoutMs} ms`), timeoutMs);
    child.once('message', (msg) => {
      if (!msg?.ready) return fail(msg?.error ?? 'sent an unexpected message');
      clearTimeout(timer);
      resolve({ name, url: msg.url, child });
    });
    child.once('exit', (code, signal) => fail(`exited (${signal ?? code}) before it was ready`));
  });
}

/** Stop one child and wait until it is gone. */
export function stopChild({ child }) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Kill every child at once (the last resort on exit and on signals). */
export function killAll() {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}

/** The CPU time (user + system, µs) a child has used so far. */
export function cpuTime({ child }) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('a child did not report its CPU time')), 5000);
    const onMessage = (msg) => {
      if (msg?.cpu === undefined) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(msg.cpu);
    };
    child.on('message', onMessage);
    child.send('cpu');
  });
}

/**
 * For child scripts: report readiness, answer CPU-time questions, and exit when the parent goes
 * away (it may have been SIGKILLed).
 */
export function announceReady(url) {
  process.on('message', (msg) => {
    if (msg !== 'cpu') return;
    const { user, system } = process.cpuUsage();
    process.send({ cpu: user + system });
  });
  process.on('disconnect', () => process.exit(0));
  process.send({ ready: true, url });
}

/** For child scripts: report a start failure and exit. */
export function announceFailure(err) {
  process.send({ ready: false, error: err instanceof Error ? err.message : String(err) }, () => process.exit(1));
}
