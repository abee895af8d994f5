import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import type { JsonSchema } from '../engine/types.js';
import type { MessageContext } from '../engine/message-context.js';
import type { OperationResult } from '../engine/result.js';
import type { HttpClients } from '../http/clients.js';

/**
 * The connector contract. A connector is a folder with `connector.yaml` (this descriptor) and a
 * module exporting a ConnectorModule. Ferry validates the descriptor, compiles every schema once,
 * registers one step per operation (`<name>.<operation>`) plus `<name>.init`, checks every step at
 * load, and applies responseVariable / overwriteBody / failOnError itself, the same way for all.
 */
export interface ConnectorDescriptor {
  /** the step prefix: `salesforce` gives `salesforce.query` */
  readonly name: string;
  readonly version: string;
  readonly description: string;
  /** module file relative to the folder (project connectors; default index.js) */
  readonly module?: string;
  readonly connectionTypes: Readonly<Record<string, ConnectionTypeDescriptor>>;
  readonly operations: Readonly<Record<string, OperationDescriptor>>;
}

export interface ConnectionTypeDescriptor {
  readonly description: string;
  /** JSON Schema of the connection's parameters (server.yaml connections and `<name>.init`) */
  readonly schema: JsonSchema;
}

export interface OperationDescriptor {
  readonly description: string;
  /** connection types the operation works with */
  readonly connectionTypes: readonly string[];
  /** JSON Schema of the parameters (an object schema) */
  readonly params: JsonSchema;
  /** other names accepted for parameters (WSO2's documented spellings): alias → parameter */
  readonly aliases?: Readonly<Record<string, string>>;
  /** JSON Schema of the result payload (documentation and editor support) */
  readonly result: JsonSchema;
}

/** What a connector's code gets from Ferry when it creates clients. */
export interface ConnectorIO {
  /** keep-alive undici pools, one per origin, shared with the rest of Ferry */
  readonly http: HttpClients;
  readonly logger: Logger;
  readonly projectDir: string;
  /** the embedded sandbox's URL when server.yaml enables it (for connections that say `sandbox`) */
  sandboxUrl(): string | undefined;
  /**
   * events the host wants to hear of (metrics); absent when nothing listens, so a connector calls
   * them as `io.events?.tokenRefresh(…)`
   */
  readonly events?: ConnectorEvents | undefined;
}

/** What a connector reports to the host as it works. Every method is cheap and never throws. */
export interface ConnectorEvents {
  /**
   * A request for an access token (or session) to an authorization server ended: `ok` when it
   * gave one. `connection` is the name the connection was created with (createClient's
   * `connection.name`). Tokens answered from a cache are not reported.
   */
  tokenRefresh(connection: string, ok: boolean): void;
}

/** What an operation gets for one call. */
export interface OperationIO {
  /** the request's logger (reqId, api bound) */
  readonly log: Logger;
  /**
   * the message, for operations that upload its body: a streamed body is a BodyStream in
   * `message.payload` (take it with `readableBody()` from src/engine/body-stream.ts)
   */
  readonly message: MessageContext;
  /**
   * whether the result replaces the message body (no responseVariable, or overwriteBody): only
   * then may its payload be a BodyStream (a download streamed on to the client); a result kept in
   * a variable must be a value
   */
  readonly streamResult: boolean;
  /**
   * the message body as bytes to upload: a streamed body (taken: later steps cannot read it
   * again), or a text/bytes payload; undefined for a parsed JSON/XML payload
   */
  bodyStream(): Readable | undefined;
  /** a result payload that streams `data` on (only when `streamResult`) */
  streamed(data: Readable, contentType: string): unknown;
}

/** A connection's client: whatever the connector needs (tokens, pools, sessions). */
export interface ConnectorClient {
  /** release pools and sessions (server shutdown, reload) */
  close?(): Promise<void>;
}

export type OperationFn = (client: ConnectorClient, params: Record<string, unknown>, io: OperationIO) => Promise<OperationResult>;

/** The module a connector exports. */
export interface ConnectorModule {
  /** a client for a connection of one of the declared types; called once per connection (lazily) */
  createClient(connection: { readonly name: string; readonly type: string; readonly params: Readonly<Record<string, unknown>> }, io: ConnectorIO): ConnectorClient;
  /** one function per operation named in the descriptor */
  readonly operations: Readonly<Record<string, OperationFn>>;
  /**
   * the fault for a non-2xx answer: code (e.g. Salesforce's `errorCode`) and message;
   * Ferry uses FERRY_ERR_CONNECTOR_FAILED when absent or when it returns undefined
   */
  describeError?(result: OperationResult): { readonly code: string; readonly message: string } | undefined;
}
