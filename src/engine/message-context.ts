import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import type { ErrorInfo, ExpressionScope } from '../expressions/index.js';
import type { HeaderMap } from '../http/headers.js';
import { BodyStream } from './body-stream.js';
import type { FlowObserver } from './observer.js';

/** Why mediation stopped before the end of the flow. */
export type Halt = 'respond' | 'drop' | 'fault';

/** What the `respond` step (or the default fault handler) decided to send. */
export interface OutboundResponse {
  status: number;
  headers: HeaderMap;
  /** a Readable streams to the client (a streamed body passed through) */
  body: string | Buffer | Readable | null;
}

export interface InboundInfo {
  readonly method: string;
  readonly url: string;
  readonly api: string;
  readonly resource: string;
}

/**
 * The message flowing through a sequence (MI's MessageContext). It is also the expression
 * scope: `${payload}`, `${vars.x}`, `${headers["X"]}`… read these fields directly.
 *
 * - `headers`: transport headers of the current message, lower-case; initially the request's.
 *   They are what `call` forwards upstream (minus hop-by-hop headers).
 * - `responseHeaders`: what `respond` sends to the client besides the content type.
 * - `status`: the response status decided so far (MI's HTTP_SC): set by a `call` that replaces
 *   the body, by `property HTTP_SC`, or by `respond`.
 */
export class MessageContext implements ExpressionScope {
  payload: unknown;
  /** content type of `payload`, e.g. application/json; decides how `respond` and `call` serialise it */
  contentType: string | undefined;
  headers: Record<string, string>;
  vars: Record<string, unknown>;
  props: Record<string, unknown>;
  params: {
    pathParams: Record<string, string>;
    queryParams: Record<string, unknown>;
    functionParams: Record<string, unknown>;
  };
  readonly configs: Record<string, unknown>;
  error: ErrorInfo | null = null;
  /** the value behind `error`, kept for the default handler's log line */
  thrown: unknown;
  status: number | undefined;
  responseHeaders: HeaderMap;
  response: OutboundResponse | undefined;
  halted: Halt | undefined;
  /** how many `sequence` steps are running inside each other */
  sequenceDepth = 0;
  /** the most a streamed body may hold when a step needs it read whole (server.bodyLimit) */
  bodyLimit = Number.MAX_SAFE_INTEGER;
  /** connections opened by `<connector>.init` steps of this flow, by connector name */
  inlineConnections: Map<string, unknown> | undefined;
  readonly log: Logger;
  readonly reqId: string;
  readonly inbound: InboundInfo;
  /** the project's observer (metrics), told of every fault raised; undefined when none listens */
  readonly observer: FlowObserver | undefined;

  constructor(init: {
    payload: unknown;
    contentType: string | undefined;
    headers: Record<string, string>;
    pathParams?: Record<string, string>;
    queryParams?: Record<string, unknown>;
    configs: Record<string, unknown>;
    log: Logger;
    reqId: string;
    inbound: InboundInfo;
    observer?: FlowObserver | undefined;
  }) {
    this.payload = init.payload;
    this.contentType = init.contentType;
    this.headers = init.headers;
    this.vars = {};
    this.props = {};
    this.params = { pathParams: init.pathParams ?? {}, queryParams: init.queryParams ?? {}, functionParams: {} };
    this.configs = init.configs;
    this.responseHeaders = {};
    this.log = init.log;
    this.reqId = init.reqId;
    this.inbound = init.inbound;
    this.observer = init.observer;
  }

  /** streamed operation results of this message, released after the flow (a foreach copy shares the list) */
  readonly streams: BodyStream[] = [];

  /** Keep track of a streamed result, so that it is released if nothing reads it. */
  track(body: BodyStream): void {
    this.streams.push(body);
  }

  /** After the flow: close the upstream answers nobody read (their connections are not reusable). */
  releaseStreams(): void {
    for (const body of this.streams) body.release();
    this.streams.length = 0;
  }

  /** Read a streamed body whole and parse it by its content type (for `by`, a step that needs it). */
  async bufferBody(by: string): Promise<void> {
    if (this.payload instanceof BodyStream) this.payload = await this.payload.buffer(this.bodyLimit, by);
  }

  /**
   * A copy for one foreach iteration: its own payload, and its own vars, props and headers. They
   * are copied one level deep: an iteration that sets a variable never touches another's, but
   * objects held in variables are shared (changing one in place, e.g. enrich into a variable
   * from before the loop, is seen by all iterations).
   */
  fork(payload: unknown): MessageContext {
    const child: MessageContext = Object.create(MessageContext.prototype);
    Object.assign(child, this);
    child.payload = payload;
    child.vars = { ...this.vars };
    child.headers = { ...this.headers };
    child.props = { ...this.props };
    child.params = { ...this.params };
    child.responseHeaders = { ...this.responseHeaders };
    child.response = undefined;
    child.halted = undefined;
    return child;
  }
}
