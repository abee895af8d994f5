import type { ConnectorIO } from '../../../../src/connectors/types.js';
import { FerryError } from '../../../../src/errors.js';
import { SANDBOX, type SoapSettings } from '../config.js';
import { envelope, partner } from './envelope.js';
import { faultOf, readDocument } from './results.js';
import { child } from './xml.js';
import { postXml } from './transport.js';

/** The code of every failed SOAP login: refused credentials, unreachable login host, a bad answer. */
export const LOGIN_FAILED = 'SALESFORCE_LOGIN_FAILED';

/** A SOAP session: what login answered. */
export interface Session {
  readonly sessionId: string;
  /** the partner endpoint of the org (`…/services/Soap/u/60.0/00D…`): every call goes there */
  readonly serverUrl: URL;
  readonly userId: string | undefined;
}

/** A login failure; `refused` when Salesforce said no to the credentials (worth remembering). */
export class LoginFailure extends FerryError {
  constructor(
    message: string,
    readonly refused: boolean,
    options: { cause?: unknown; detail?: unknown } = {},
  ) {
    super(LOGIN_FAILED, message, { statusCode: 502, ...options });
  }
}

// faults that say the credentials (or the user) are refused, not that Salesforce is unwell
const REFUSALS: ReadonlySet<string> = new Set(['INVALID_LOGIN', 'LOGIN_MUST_USE_SECURITY_TOKEN', 'PASSWORD_LOCKOUT', 'INVALID_OPERATION', 'INSUFFICIENT_ACCESS', 'UNSUPPORTED_API_VERSION']);

/**
 * The partner `login` call (password + security token) against the connection's login endpoint.
 * It has its own deadline (the connection's timeout): several callers may be waiting for it. The
 * password is only ever in the request body; messages name the connection, never the
 * credentials, and the session id never leaves the Session.
 */
export async function login(s: SoapSettings, io: ConnectorIO): Promise<Session> {
  const url = loginUrl(s, io);
  const body = envelope({ name: 'login', body: partner('username', s.username, 'username') + partner('password', s.password, 'password') }, undefined);
  let answer;
  try {
    answer = await postXml(io.http.forOrigin(url.origin), url, body, {
      soapAction: 'login',
      timeout: s.timeout,
      signal: AbortSignal.timeout(s.timeout),
      label: `the SOAP login endpoint of connection '${s.name}'`,
    });
  } catch (err) {
    throw new LoginFailure(`connection '${s.name}' could not reach the SOAP login endpoint: ${(err as Error).message}`, false, { cause: err });
  }
  let doc;
  try {
    doc = readDocument(answer.text, 'the login answer');
  } catch (err) {
    throw new LoginFailure(`connection '${s.name}': the SOAP login endpoint answered ${answer.statusCode} with no SOAP envelope (is loginUrl right?)`, false, { cause: err });
  }
  const fault = faultOf(doc.body);
  if (fault) {
    const code = fault.exceptionCode ?? fault.faultcode;
    throw new LoginFailure(`connection '${s.name}' could not log in: ${fault.faultstring || code}`, REFUSALS.has(code), { detail: fault });
  }
  const result = child(doc.body, 'result');
  const sessionId = child(result, 'sessionId')?.text.trim();
  const serverUrl = child(result, 'serverUrl')?.text.trim();
  if (answer.statusCode !== 200 || !sessionId || !serverUrl) {
    throw new LoginFailure(`connection '${s.name}': the SOAP login answer (status ${answer.statusCode}) holds no sessionId or serverUrl`, false);
  }
  let server: URL;
  try {
    server = new URL(serverUrl);
  } catch {
    throw new LoginFailure(`connection '${s.name}': the SOAP login answer's serverUrl is not a URL`, false);
  }
  if (server.protocol !== 'https:' && server.protocol !== 'http:') throw new LoginFailure(`connection '${s.name}': the SOAP login answer's serverUrl is not an http(s) URL`, false);
  return { sessionId, serverUrl: server, userId: child(result, 'userId')?.text.trim() };
}

/** The login endpoint: the configured one, or the embedded sandbox's. */
function loginUrl(s: SoapSettings, io: ConnectorIO): URL {
  let text = s.loginUrl;
  if (text === SANDBOX) {
    const sandbox = io.sandboxUrl();
    if (!sandbox) throw new LoginFailure(`connection '${s.name}' points at the sandbox, but server.yaml does not enable it (sandbox.enabled: true)`, false);
    text = `${sandbox}/services/Soap/u/${s.apiVersion}`;
  }
  try {
    return new URL(text);
  } catch {
    throw new LoginFailure(`connection '${s.name}': loginUrl ${text} is not a URL`, false);
  }
}
