import type { Diagnostics } from '../artifacts/diagnostics.js';
import type { YamlFile } from '../artifacts/yaml-file.js';
import { closest } from '../artifacts/step-compiler.js';
import type { ConnectionConfig } from '../config/types.js';
import { schemaProblems } from '../schema/ajv.js';
import type { LoadedConnector } from './discover.js';
import type { ConnectorClient, ConnectorIO } from './types.js';

/** A configured connection, checked at load; its client is created on first use and then kept. */
export interface Connection {
  readonly name: string;
  readonly connector: LoadedConnector;
  readonly type: string;
  client(): ConnectorClient;
}

/** A connection's client, created on first use; a hot reload may hand it on to the next project. */
interface ClientHolder {
  /** the project whose close() closes the client */
  owner: Connections;
  instance: ConnectorClient | undefined;
}

/** A configured connection with what identifies its settings. */
interface Entry extends Connection {
  /** connector, type and parameters: equal keys mean a client can be shared */
  readonly key: string;
  holder: ClientHolder;
}

const INLINE_CACHE_LIMIT = 100;

/**
 * The connections of a project: those in server.yaml (validated against their connector's
 * connection-type schema, with positions) and inline ones opened by `<connector>.init` steps,
 * cached by their parameters so tokens and sessions are reused across messages.
 */
export class Connections {
  readonly #byName = new Map<string, Entry>();
  readonly #connectors = new Map<string, LoadedConnector>();
  /** inline connections' clients, least recently used first */
  readonly #inline = new Map<string, ConnectorClient>();
  readonly #io: ConnectorIO;

  constructor(connectors: readonly LoadedConnector[], io: ConnectorIO) {
    this.#io = io;
    for (const c of connectors) this.#connectors.set(c.descriptor.name, c);
  }

  /** Check server.yaml's connections; each problem is a diagnostic at its place in the file. */
  configure(configured: Readonly<Record<string, ConnectionConfig>>, file: YamlFile | undefined, diags: Diagnostics): void {
    const report = (code: string, message: string, path: (string | number)[], atKey = false) => {
      const pos = file?.locate(['connections', ...path], atKey) ?? { file: 'config/server.yaml', line: 1, col: 1 };
      diags.error(code, message, pos, file?.snippet(pos.line));
    };
    for (const [name, raw] of Object.entries(configured)) {
      const connector = this.#connectors.get(raw.connector);
      if (!connector) {
        const known = closest(raw.connector, [...this.#connectors.keys()]);
        report('FERRY_ERR_CONNECTION_INVALID', `connection '${name}' names connector '${raw.connector}', which is not installed${known ? `; did you mean '${known}'?` : ''}`, [name, 'connector']);
        continue;
      }
      const types = Object.keys(connector.descriptor.connectionTypes);
      const type = raw.type ?? types[0]!;
      if (!connector.descriptor.connectionTypes[type]) {
        report('FERRY_ERR_CONNECTION_INVALID', `connection '${name}': ${raw.connector} has no connection type '${type}' (it has ${types.join(', ')})`, [name, 'type']);
        continue;
      }
      const { connector: _c, type: _t, ...params } = structuredClone(raw) as Record<string, unknown>;
      const validate = connector.validators.connection.get(type)!;
      if (!validate(params)) {
        for (const problem of schemaProblems(validate.errors)) report('FERRY_ERR_CONNECTION_INVALID', `connection '${name}': ${problem.message}`, [name, ...problem.path], problem.atKey);
        continue;
      }
      const key = `${connector.descriptor.name}|${type}|${stableJson(params)}`;
      const entry: Entry = {
        name,
        connector,
        type,
        key,
        holder: { owner: this, instance: undefined },
        client: () => (entry.holder.instance ??= this.#create(connector, { name, type, params })),
      };
      this.#byName.set(name, entry);
    }
  }

  /**
   * Hot reload, first half: use the replaced project's connection wherever the connector and the
   * settings are unchanged — its client, token and session included. The old project still owns
   * them (closes them) until `takeOver`; a reload that fails leaves everything as it was.
   * Only for projects that share their outbound HTTP pools (clients hold on to them).
   */
  share(previous: Connections): void {
    for (const [name, entry] of this.#byName) {
      const old = previous.#byName.get(name);
      if (old && old.key === entry.key && old.connector.module === entry.connector.module) entry.holder = old.holder;
    }
  }

  /** Hot reload, second half (the new project serves now): own what was shared, and the inline connections. */
  takeOver(previous: Connections): void {
    for (const { holder } of this.#byName.values()) if (holder.owner === previous) holder.owner = this;
    for (const [key, client] of previous.#inline) if (!this.#inline.has(key)) this.#inline.set(key, client);
    previous.#inline.clear();
  }

  /** A configured connection by name. */
  named(name: string): Connection | undefined {
    return this.#byName.get(name);
  }

  names(): string[] {
    return [...this.#byName.keys()];
  }

  /**
   * The client of an inline connection (`<connector>.init`), shared by every message with the
   * same parameters. The cache keeps the INLINE_CACHE_LIMIT most recently used; the least recently
   * used is closed when a new one would exceed it.
   */
  inline(connector: LoadedConnector, type: string, params: Record<string, unknown>): ConnectorClient {
    const key = `${connector.descriptor.name}|${type}|${stableJson(params)}`;
    let client = this.#inline.get(key);
    if (client) {
      // re-insert: a Map iterates in insertion order, so its first key is the least recently used
      this.#inline.delete(key);
      this.#inline.set(key, client);
      return client;
    }
    if (this.#inline.size >= INLINE_CACHE_LIMIT) {
      const [oldestKey, oldest] = this.#inline.entries().next().value!;
      this.#inline.delete(oldestKey);
      void oldest.close?.();
    }
    client = this.#create(connector, { name: `${connector.descriptor.name}.init`, type, params });
    this.#inline.set(key, client);
    return client;
  }

  /** Close every client this project owns (not those a newer project took over). */
  async close(): Promise<void> {
    const clients = [...this.#inline.values()];
    this.#inline.clear();
    for (const { holder } of this.#byName.values()) {
      if (holder.owner !== this || !holder.instance) continue;
      clients.push(holder.instance);
      holder.instance = undefined;
    }
    await Promise.allSettled(clients.map((c) => c.close?.()));
  }

  #create(connector: LoadedConnector, connection: { name: string; type: string; params: Record<string, unknown> }): ConnectorClient {
    return connector.module.createClient(connection, this.#io);
  }
}

/** JSON with object keys sorted: equal for equal values whatever their key order. */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}
