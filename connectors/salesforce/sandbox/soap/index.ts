import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseApiVersion, sessionOf as sessionOfToken, type SandboxContext, type Session } from '../context.js';
import type { CallHandler } from './call.js';
import { CRUD_CALLS } from './calls-crud.js';
import { DUPLICATE_CALLS } from './calls-duplicates.js';
import { EMAIL_CALLS } from './calls-email.js';
import { MERGE_CALLS } from './calls-merge.js';
import { QUERY_CALLS } from './calls-query.js';
import { DESCRIBE_CALLS } from './describe.js';
import { PARTNER_NS, readEnvelope, responseXml, type SoapRequest } from './envelope.js';
import { ClientFault, clientFaultXml, faultXml, Faults, SoapFault } from './faults.js';
import { EXPIRED_PASSWORD_CALLS, LOGIN_CALLS } from './login.js';

/** Every partner operation the sandbox answers, by element name. */
const CALLS: Readonly<Record<string, CallHandler>> = {
  ...LOGIN_CALLS,
  ...DESCRIBE_CALLS,
  ...CRUD_CALLS,
  ...QUERY_CALLS,
  ...MERGE_CALLS,
  ...EMAIL_CALLS,
  ...DUPLICATE_CALLS,
};

/**
 * The SOAP partner API at `/services/Soap/u/NN.N` and the `serverUrl` login hands out
 * (`/services/Soap/u/NN.N/<orgId15>`). Answers are `text/xml; charset=utf-8`: 200 with the
 * operation's response, or 500 with a fault.
 */
export function registerSoap(app: FastifyInstance, ctx: SandboxContext): void {
  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const { version } = req.params as { version: string };
    const { status, body } = answer(ctx, version, typeof req.body === 'string' ? req.body : '');
    return reply.code(status).header('content-type', 'text/xml; charset=utf-8').send(body);
  };
  app.post('/services/Soap/u/:version', handler);
  app.post('/services/Soap/u/:version/:orgId', handler);
}

function answer(ctx: SandboxContext, rawVersion: string, text: string): { status: number; body: string } {
  try {
    return { status: 200, body: invoke(ctx, rawVersion, text) };
  } catch (err) {
    if (err instanceof SoapFault) return { status: 500, body: faultXml(err) };
    if (err instanceof ClientFault) return { status: 500, body: clientFaultXml(err.message) };
    // a sandbox bug still answers in SOAP, the way Salesforce reports its own
    return { status: 500, body: faultXml(Faults.unknown(err)) };
  }
}

function invoke(ctx: SandboxContext, rawVersion: string, text: string): string {
  const parsed = parseApiVersion(`v${rawVersion}`);
  if (!('version' in parsed)) throw Faults.unsupportedVersion();
  const request = readEnvelope(text);
  const name = request.call.name;
  const handler = Object.hasOwn(CALLS, name) ? CALLS[name] : undefined;
  if (!handler) throw Faults.unknownOperation(PARTNER_NS, name);
  const base = { ctx, org: ctx.org, version: parsed.version, headers: request.headers, call: request.call };
  if (name === 'login') return responseXml(name, handler({ ...base, session: undefined }), undefined);
  const session = authenticate(ctx, request, name);
  if (!ctx.org.limits.take()) throw Faults.limitExceeded();
  const inner = handler({ ...base, session });
  return responseXml(name, inner, { current: ctx.org.limits.used, max: ctx.org.limits.max });
}

/** The session of SessionHeader/sessionId: SOAP login sessions and REST access tokens alike. */
function authenticate(ctx: SandboxContext, request: SoapRequest, operation: string): Session {
  const sessionId = request.headers.sessionId;
  if (sessionId === undefined || sessionId === '') throw Faults.invalidSession();
  const session = sessionOfToken(ctx, sessionId, true);
  if (!('error' in session)) return session;
  if (session.error !== 'INVALID_OPERATION_WITH_EXPIRED_PASSWORD') throw Faults.invalidSession();
  // a session whose password expired may only set a new one
  if (!EXPIRED_PASSWORD_CALLS.has(operation)) throw Faults.expiredPassword();
  const token = ctx.org.tokens.valid(sessionId, 'access', ctx.org.now())!;
  return { token, userId: token.userId, username: token.username };
}
