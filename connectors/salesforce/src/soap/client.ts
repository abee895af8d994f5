import type { ConnectorClient, ConnectorIO, OperationIO } from '../../../../src/connectors/types.js';
import { FerryError } from '../../../../src/errors.js';
import { soapSettings, type SoapSettings } from '../config.js';
import { envelope, type SoapCall } from './envelope.js';
import { LoginFailure, login, type Session } from './login.js';
import { faultOf, readDocument } from './results.js';
import { postXml, type RawAnswer } from './transport.js';

// A refused login is remembered this long and answered without asking again: a misconfigured
// connection under load would otherwise send a login per message and lock the user out.
const REFUSAL_COOLDOWN_MS = 15_000;

/** A message's own session (forceLogin), with the session once it is known. */
interface MessageSession {
  readonly promise: Promise<Session>;
  session?: Session;
}

/** Per-call options. */
export interface CallOptions {
  /** renew a refused session and retry once (default true; logout does not) */
  readonly retry?: boolean;
}

/**
 * A basicAuth connection's client: one SOAP session, logged in on first use and kept across
 * messages (WSO2 logs in for every message), shared by concurrent callers through one in-flight
 * login. When Salesforce answers the INVALID_SESSION_ID fault the session is renewed and the call
 * retried once — never more. With `forceLogin` each message gets a fresh login the first time
 * one of its operations uses the connection, kept for the rest of that message (what WSO2 does
 * by default; its own forceLogin logs in again at every init, even within a message).
 * The connection's `timeout` is one deadline per operation: the login wait, the call and the retry.
 */
export class SalesforceSoapClient implements ConnectorClient {
  readonly settings: SoapSettings;
  readonly #io: ConnectorIO;
  #session: Session | undefined;
  #pending: Promise<Session> | undefined;
  /** forceLogin sessions by message (keyed by the message's inbound info, shared with its foreach copies) */
  readonly #byMessage = new WeakMap<object, MessageSession>();
  #refused: { fault: FerryError; until: number } | undefined;
  /** how many logins were attempted (tests and metrics read it) */
  logins = 0;

  constructor(name: string, params: Readonly<Record<string, unknown>>, io: ConnectorIO) {
    this.settings = soapSettings(name, params);
    this.#io = io;
  }

  /** Forget the session; Salesforce's sessions expire by themselves (soapLogout ends one at once). */
  async close(): Promise<void> {
    this.#session = undefined;
  }

  /** Make a call with the session; transport and login failures are coded faults, SOAP faults are answers. */
  async call(call: SoapCall, io: OperationIO, options: CallOptions = {}): Promise<RawAnswer & { session: Session }> {
    const deadline = AbortSignal.timeout(this.settings.timeout);
    const message = io.message.inbound;
    const session = await this.#wait(this.#sessionFor(message), deadline);
    const first = await this.#send(call, session, deadline, io);
    if (options.retry === false || !isSessionFault(first)) return { ...first, session };
    this.forget(session, message);
    const renewed = await this.#wait(this.#sessionFor(message), deadline);
    return { ...(await this.#send(call, renewed, deadline, io)), session: renewed };
  }

  /**
   * Drop a session Salesforce refused or that was logged out, so the next call logs in. Only that
   * session is dropped: a newer one another caller already got is kept (no double login).
   */
  forget(session: Session, message: object): void {
    if (this.#session?.sessionId === session.sessionId) this.#session = undefined;
    const own = this.#byMessage.get(message);
    if (own?.session?.sessionId === session.sessionId) this.#byMessage.delete(message);
  }

  #sessionFor(message: object): Promise<Session> {
    if (this.settings.forceLogin) {
      let own = this.#byMessage.get(message);
      if (!own) {
        const entry: MessageSession = { promise: this.#login() };
        entry.promise.then(
          (s) => {
            entry.session = s;
          },
          () => this.#byMessage.delete(message),
        );
        this.#byMessage.set(message, (own = entry));
      }
      return own.promise;
    }
    if (this.#session) return Promise.resolve(this.#session);
    this.#pending ??= this.#login()
      .then((s) => (this.#session = s))
      .finally(() => {
        this.#pending = undefined;
      });
    return this.#pending;
  }

  async #login(): Promise<Session> {
    if (this.#refused && Date.now() < this.#refused.until) throw this.#refused.fault;
    this.logins++;
    try {
      const session = await login(this.settings, this.#io);
      this.#refused = undefined;
      this.#io.events?.tokenRefresh(this.settings.name, true);
      return session;
    } catch (err) {
      if (err instanceof LoginFailure && err.refused) this.#refused = { fault: err, until: Date.now() + REFUSAL_COOLDOWN_MS };
      this.#io.events?.tokenRefresh(this.settings.name, false);
      throw err;
    }
  }

  /** The session, or a timeout fault when the (shared) login outlasts this call's deadline. */
  #wait(pending: Promise<Session>, deadline: AbortSignal): Promise<Session> {
    return new Promise<Session>((resolve, reject) => {
      const expired = () => reject(new FerryError('FERRY_ERR_CALL_TIMEOUT', `salesforce connection '${this.settings.name}' got no SOAP session within ${this.settings.timeout} ms`));
      if (deadline.aborted) return expired();
      deadline.addEventListener('abort', expired, { once: true });
      pending.then(resolve, reject).finally(() => deadline.removeEventListener('abort', expired));
    });
  }

  #send(call: SoapCall, session: Session, deadline: AbortSignal, io: OperationIO): Promise<RawAnswer> {
    const url = session.serverUrl;
    return postXml(this.#io.http.forOrigin(url.origin), url, envelope(call, session.sessionId), {
      soapAction: call.name,
      timeout: this.settings.timeout,
      signal: deadline,
      label: `salesforce connection '${this.settings.name}'`,
      log: io.log,
    });
  }
}

/** Whether an answer is the INVALID_SESSION_ID fault (by its code; a message mentioning it is not). */
function isSessionFault(answer: RawAnswer): boolean {
  if (answer.statusCode !== 500 || !answer.text.includes('INVALID_SESSION_ID')) return false;
  try {
    const fault = faultOf(readDocument(answer.text, 'the SOAP answer').body);
    return fault !== undefined && (fault.faultcode === 'INVALID_SESSION_ID' || fault.exceptionCode === 'INVALID_SESSION_ID');
  } catch {
    return false;
  }
}

/** The SOAP client of a basicAuth connection (the descriptor only lets SOAP operations use basicAuth). */
export function soap(client: ConnectorClient): SalesforceSoapClient {
  if (!(client instanceof SalesforceSoapClient)) throw new FerryError('FERRY_ERR_CONNECTION_TYPE', 'this operation needs a basicAuth connection');
  return client;
}
