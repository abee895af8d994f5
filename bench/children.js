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
 * dropped (Ferry's info log lines), stderr is kept for crashes. `env` replaces the child's
 * environment (default: this process's); `execArgv` adds Node options.
 */
export function startChild(name, script, args = [], { timeoutMs = 15_000, env, execArgv = [] } = {}) {
  const child = fork(script, args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env, execArgv: [...process.execArgv, ...execArgv] });
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

/**
 * Send a child a message over IPC and wait for its answer: the first message holding `key`,
 * whose value is returned. announceReady answers 'cpu', 'memory' and 'gc'; a child script may
 * answer messages of its own.
 */
export function ask({ name, child }, message, key) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', onMessage);
      reject(new Error(`${name} did not answer ${JSON.stringify(message)} within 5 s`));
    }, 5000);
    const onMessage = (msg) => {
      if (msg?.[key] === undefined) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(msg[key]);
    };
    child.on('message', onMessage);
    child.send(message);
  });
}

/** The CPU time (user + system, µs) a child has used so far. */
export function cpuTime(server) {
  return ask(server, 'cpu', 'cpu');
}

/**
 * A child's memory in bytes: `rss` now, and `maxRss`, the peak resident set size since it
 * started (`process.resourceUsage().maxRSS`, which the kernel keeps: no peak between two
 * samples is missed).
 */
export function memory(server) {
  return ask(server, 'memory', 'memory');
}

/**
 * Run a full garbage collection in a child started with `--expose-gc` (elsewhere a no-op), so
 * garbage left by one measurement is not collected during the next.
 */
export function collectGarbage(server) {
  return ask(server, 'gc', 'gc');
}

/**
 * For child scripts: report readiness, answer CPU-time, memory and gc requests, and exit when the
 * parent goes away (it may have been SIGKILLed).
 */
export function announceReady(url) {
  process.on('message', (msg) => {
    if (msg === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send({ cpu: user + system });
    } else if (msg === 'memory') {
      // maxRSS is in KiB
      process.send({ memory: { rss: process.memoryUsage.rss(), maxRss: process.resourceUsage().maxRSS * 1024 } });
    } else if (msg === 'gc') {
      globalThis.gc?.();
      process.send({ gc: typeof globalThis.gc === 'function' });
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send({ ready: true, url });
}

/** For child scripts: report a start failure and exit. */
export function announceFailure(err) {
  process.send({ ready: false, error: err instanceof Error ? err.message : String(err) }, () => process.exit(1));
}
