import { Pool, type Dispatcher } from 'undici';

/** Pool settings shared by every upstream origin (and by the benchmark's bare baseline). */
export interface PoolOptions {
  readonly connections: number;
  /** milliseconds to establish a connection (TCP and TLS) */
  readonly connectTimeout: number;
  /** bytes; a larger upstream response body is refused rather than held in memory */
  readonly maxResponseSize: number;
  readonly keepAliveTimeout: number;
  readonly keepAliveMaxTimeout: number;
}

export const DEFAULT_POOL_OPTIONS: PoolOptions = Object.freeze({
  connections: 64,
  connectTimeout: 10_000,
  maxResponseSize: 50 * 1024 * 1024,
  keepAliveTimeout: 30_000,
  keepAliveMaxTimeout: 600_000,
});

/** The undici Pool options for Ferry's pool settings (the benchmark's baseline uses them too). */
export function undiciPoolOptions(options: PoolOptions): Pool.Options {
  const { connectTimeout, ...rest } = options;
  return { ...rest, connect: { timeout: connectTimeout } };
}

/**
 * One keep-alive undici Pool per upstream origin, created once and reused by every request.
 * Steps whose URI is fixed at load get their pool at load; a URI whose origin is an expression
 * gets its pool on first use, from the same map.
 */
export class HttpClients {
  readonly #pools = new Map<string, Dispatcher>();
  readonly #options: PoolOptions;

  constructor(options: Partial<PoolOptions> = {}) {
    this.#options = { ...DEFAULT_POOL_OPTIONS, ...options };
  }

  /** The pool for an origin such as `http://127.0.0.1:8080`. */
  forOrigin(origin: string): Dispatcher {
    let pool = this.#pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, undiciPoolOptions(this.#options));
      this.#pools.set(origin, pool);
    }
    return pool;
  }

  /** Close every pool; in-flight requests finish first. */
  async close(): Promise<void> {
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map((p) => p.close()));
  }

  /** Close every pool now, failing what is still in flight (after a shutdown timeout). */
  async destroy(): Promise<void> {
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map((p) => p.destroy()));
  }
}
