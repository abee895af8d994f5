/**
 * What mediation reports as it runs, for metrics: faults, connector operations, token requests.
 * A project loaded with an observer (LoadOptions.observer) hands it to the places that report;
 * without one nothing is reported and the only cost is an `if`. The server's Metrics implements
 * it; it outlives reloads, so counts carry on across project versions.
 *
 * Observers are called on the request path: they must be cheap and must not throw.
 */
export interface FlowObserver {
  /**
   * A fault was raised in mediation and its handler entered (onError, faultSequence, validate's
   * onFail, or the default fault answer): once per raised fault, by its error code.
   */
  fault(code: string): void;
  /**
   * The recorder of one connector step, asked for once when the step is compiled. `connection` is
   * the step's configKey, or `<connector>.init` for a step that uses an inline connection.
   */
  operation(connector: string, operation: string, connection: string): OperationObserver;
  /**
   * A connector asked an authorization server for a token (ConnectorIO.events): `ok` when it got
   * one. The same signature as ConnectorEvents.tokenRefresh, so an observer can serve as the
   * connectors' events.
   */
  tokenRefresh(connection: string, ok: boolean): void;
}

/**
 * How a connector operation call ended: `success` a 2xx result, `fault` a result with any other
 * status (whether or not failOnError turns it into a fault), `error` the operation threw
 * (unreachable host, token refused, timeout).
 */
export type OperationOutcome = 'success' | 'fault' | 'error';

/** One connector step's recorder, its label sets made once. */
export interface OperationObserver {
  /** a call ended after `seconds` (until the operation's result, not the end of a streamed body) */
  done(outcome: OperationOutcome, seconds: number): void;
  /** the result carried `attributes.apiUsage` ({used, max}): the upstream's API quota */
  apiUsage(used: number, max: number): void;
}
