import type { Dispatcher } from 'undici';
import { formatPos, type SourcePos } from '../../artifacts/diagnostics.js';
import { HTTP_METHODS } from '../../artifacts/schemas.js';
import { DURATION_SCHEMA, toMillis } from '../../config/units.js';
import { attachHidden, FerryError } from '../../errors.js';
import { compileExpression, ExpressionSyntaxError, renderTemplateValue, scanTemplate, type Evaluator } from '../../expressions/index.js';
import { defaultContentType, serializeError, serializePayload } from '../../formats/media.js';
import { HOP_BY_HOP } from '../../http/headers.js';
import { sendRequest } from '../../http/request.js';
import type { MessageContext } from '../message-context.js';
import { applyResult, type ResultOptions } from '../result.js';
import { RESULT_OPTIONS_SCHEMA, type CompileContext, type MediatorDefinition, type Step } from '../types.js';

type HttpMethod = (typeof HTTP_METHODS)[number];

interface CallConfig {
  endpoint?: string;
  uri?: string;
  method?: HttpMethod;
  headers?: Record<string, string | number | boolean>;
  body?: unknown;
  contentType?: string;
  timeout?: number | string;
  responseVariable?: string;
  overwriteBody?: boolean;
  failOnError?: boolean;
}

/** A piece of a URI template: literal text, or a `${…}` whose value is encoded or inserted as is. */
type Piece = string | { readonly evaluate: Evaluator; readonly encode: boolean };

/** Where one message's request goes: the origin's pool and the path with its query string. */
interface Target {
  readonly dispatcher: Dispatcher;
  readonly origin: string;
  readonly path: string;
}

/**
 * `call` (MI's call mediator, blocking): send the message — or `body` — to a named endpoint or
 * a URI and continue with the answer, stored by responseVariable / overwriteBody.
 *
 * - method: the step's, else the endpoint's, else the incoming request's method, as MI's call
 *   does (it keeps the HTTP_METHOD of the inbound message unless the endpoint sets one).
 * - body: the current payload serialised by its content type; GET and HEAD send none unless
 *   `body` is given; `body: null` sends none.
 * - headers: the message's transport headers minus hop-by-hop ones (MI forwards them), then the
 *   endpoint's, then the step's; content-type follows the body.
 * - a 4xx/5xx answer is a result, not a fault, unless `failOnError: true`.
 */
export const call: MediatorDefinition<CallConfig> = {
  name: 'call',
  description: 'Call an HTTP endpoint and continue with its response',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      endpoint: { type: 'string', description: 'a named endpoint from config/server.yaml' },
      uri: { type: 'string', minLength: 1, description: 'absolute http(s) URI; ${…} values in the path and query are percent-encoded' },
      method: { enum: [...HTTP_METHODS], description: "default: the endpoint's method, else the incoming request's" },
      headers: {
        type: 'object',
        propertyNames: { pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" },
        additionalProperties: { type: ['string', 'number', 'boolean'] },
      },
      body: { description: 'what to send instead of the current payload (may hold ${…}); null sends no body' },
      contentType: { type: 'string', pattern: '^[\\w.+-]+/[\\w.+-]+\\s*(;.*)?$', description: 'content type of the outgoing body' },
      timeout: { ...DURATION_SCHEMA, description: 'wait for the response headers and between body chunks (default: endpoint, then http.timeout)' },
      ...RESULT_OPTIONS_SCHEMA,
      failOnError: { type: 'boolean', description: 'raise FERRY_ERR_CALL_FAILED on a 4xx/5xx answer (default false)' },
    },
  },
  compile(config, cctx) {
    if ((config.endpoint === undefined) === (config.uri === undefined)) {
      cctx.error('FERRY_ERR_ARTIFACT_INVALID', 'call needs exactly one of endpoint or uri');
      return notCompiled;
    }
    const endpoint = config.endpoint === undefined ? undefined : cctx.endpoint(config.endpoint, 'endpoint');
    if (config.endpoint !== undefined && !endpoint) return notCompiled;
    const label = endpoint ? `endpoint '${endpoint.name}'` : undefined;
    const target = endpoint ? compileTarget(endpoint.uri, cctx, 'endpoint', label) : compileTarget(config.uri!, cctx, 'uri', undefined);
    if (!target) return notCompiled;

    const fixedMethod = config.method ?? endpoint?.method;
    const timeout = config.timeout === undefined ? (endpoint?.timeout ?? cctx.project.config.http.timeout) : toMillis(config.timeout);
    const headers = compileHeaders(config.headers ?? {}, endpoint?.headers ?? {}, cctx);
    const typeOverride = config.contentType ?? headers.contentType;
    const body = config.body === undefined || config.body === null ? config.body : cctx.value(config.body, 'body');
    const resultOptions: ResultOptions = { responseVariable: config.responseVariable, overwriteBody: config.overwriteBody };
    const failOnError = config.failOnError === true;

    return async function callStep(mc) {
      const to = target(mc);
      const method = fixedMethod ?? mc.inbound.method;
      let value: unknown = null;
      let type: string | undefined;
      if (body === undefined) {
        // MI sends no entity with GET/HEAD even when the message still holds a payload
        if (method !== 'GET' && method !== 'HEAD') {
          value = mc.payload;
          type = typeOverride ?? mc.contentType;
        }
      } else if (body !== null) {
        value = body.evaluate(mc);
        type = typeOverride;
      }
      const contentType = value === null || value === undefined ? undefined : (type ?? defaultContentType(value));
      const outgoing = contentType === undefined ? null : serialize(value, contentType);
      const result = await sendRequest({
        dispatcher: to.dispatcher,
        origin: to.origin,
        path: to.path,
        method,
        headers: headers.build(mc, outgoing === null ? undefined : contentType),
        body: outgoing,
        timeout,
        label,
        failOnError,
        log: mc.log,
      });
      applyResult(mc, result, resultOptions);
    };
  },
};

// returned after reporting an error: a project with errors never serves, so it never runs
const notCompiled: Step = () => {};

function serialize(value: unknown, type: string): string | Buffer | null {
  try {
    return serializePayload(value, type);
  } catch (err) {
    throw serializeError(type, err);
  }
}

/**
 * Outgoing headers: forwarded transport headers, then the endpoint's and the step's constant
 * ones (names lower-cased at load), then the step's `${…}` ones; a content-type among the
 * configured headers is taken as the body's type instead.
 */
function compileHeaders(stepHeaders: Record<string, string | number | boolean>, endpointHeaders: Readonly<Record<string, string>>, cctx: CompileContext) {
  const fixed: Record<string, string> = { ...endpointHeaders };
  const dynamic: [string, Evaluator][] = [];
  for (const [rawName, raw] of Object.entries(stepHeaders)) {
    const name = rawName.toLowerCase();
    if (HOP_BY_HOP.has(name)) {
      cctx.error('FERRY_ERR_ARTIFACT_INVALID', `header '${rawName}' belongs to one connection and is managed by the HTTP client`, 'headers', rawName);
      continue;
    }
    const value = cctx.value(raw, 'headers', rawName);
    if (value.isConstant) fixed[name] = String(value.constantValue);
    else dynamic.push([name, value.evaluate]);
  }
  const contentType = fixed['content-type'];
  delete fixed['content-type'];
  const fixedNames = Object.keys(fixed);

  function build(mc: MessageContext, bodyType: string | undefined): Record<string, string> {
    const out: Record<string, string> = {};
    const inbound = mc.headers;
    for (const name in inbound) {
      if (!HOP_BY_HOP.has(name) && name !== 'content-type') out[name] = inbound[name]!;
    }
    for (const name of fixedNames) out[name] = fixed[name]!;
    if (bodyType !== undefined) out['content-type'] = bodyType;
    for (const [name, evaluate] of dynamic) {
      const v = evaluate(mc);
      if (v === null || v === undefined) delete out[name];
      else out[name] = renderTemplateValue(v);
    }
    if (bodyType === undefined) delete out['content-type'];
    return out;
  }
  return { contentType, build };
}

/**
 * Compile a URI into a function that finds the pool and path for a message. A literal URI is
 * parsed and its pool taken at load; a URI whose origin is literal keeps its pool from load and
 * only builds the path per message; a URI whose origin comes from `${…}` is parsed per message
 * (pools are cached per origin by HttpClients).
 *
 * Values substituted into the path or query are percent-encoded as one component (MI's
 * uri-template expansion encodes too), so an id holding `/`, `?`, `&` or `#` cannot change the
 * URL's shape. Values before the path starts (a scheme, a host, a whole base URL) are inserted
 * as they are; to pass a ready-made path or query, build the whole URI in one variable.
 */
function compileTarget(text: string, cctx: CompileContext, at: 'uri' | 'endpoint', label: string | undefined): ((mc: MessageContext) => Target) | undefined {
  const what = label ? `${label} uri` : 'uri';
  const bad = (reason: string) => cctx.error('FERRY_ERR_CALL_BAD_URI', `${what} ${reason}`, at);
  // a step's own URI is compiled through cctx once, so syntax errors and warnings point at the character
  if (at === 'uri') cctx.value(text, 'uri');
  let pieces: Piece[];
  try {
    pieces = compilePieces(text, cctx.position(at));
  } catch (err) {
    if (!(err instanceof ExpressionSyntaxError)) throw err;
    if (at === 'endpoint') cctx.error('FERRY_ERR_EXPR_SYNTAX', `${what}: ${err.message} (at offset ${err.offset})`, at);
    return undefined;
  }

  if (pieces.every((p) => typeof p === 'string')) {
    const url = checkUrl(text);
    if (typeof url === 'string') return void bad(url);
    const fixed: Target = { dispatcher: cctx.project.http.forOrigin(url.origin), origin: url.origin, path: url.pathname + url.search };
    return () => fixed;
  }

  const first = pieces[0];
  const originEnd = typeof first === 'string' ? ORIGIN.exec(first)?.[0].length : undefined;
  if (originEnd !== undefined) {
    const sample = pieces.map((p) => (typeof p === 'string' ? p : 'x')).join('');
    const url = checkUrl(sample);
    if (typeof url === 'string') return void bad(url);
    const { origin } = url;
    const dispatcher = cctx.project.http.forOrigin(origin);
    const rest = (first as string).slice(originEnd);
    pieces[0] = rest.startsWith('/') ? rest : `/${rest}`;
    return (mc) => ({ dispatcher, origin, path: render(pieces, mc) });
  }

  const position = cctx.position(at);
  const http = cctx.project.http;
  return (mc) => {
    const built = render(pieces, mc);
    const url = checkUrl(built);
    if (typeof url === 'string') {
      const where = formatPos(position);
      const err = new FerryError('FERRY_ERR_CALL_BAD_URI', `the ${what} built at ${where} ${url}`, { position: where });
      throw attachHidden(err, 'request', { url: built });
    }
    return { dispatcher: http.forOrigin(url.origin), origin: url.origin, path: url.pathname + url.search };
  };
}

/** `scheme://authority` at the start of a literal, when the path or query begins in it too. */
const ORIGIN = /^[a-z][a-z\d+.-]*:\/\/[^/?#]+(?=[/?#])/i;
const SCHEME_PREFIX = /^(?:[a-z][a-z\d+.-]*)?:\/\//i;

function compilePieces(text: string, position: SourcePos): Piece[] {
  let literal = '';
  let inPath = false;
  return scanTemplate(text).map((part) => {
    if (part.kind === 'text') {
      literal += part.text;
      inPath ||= /[/?#]/.test(literal.replace(SCHEME_PREFIX, ''));
      return part.text;
    }
    return { evaluate: compileExpression(part.body, { position }).evaluate, encode: inPath };
  });
}

function render(pieces: readonly Piece[], mc: MessageContext): string {
  let out = '';
  for (const p of pieces) {
    if (typeof p === 'string') out += p;
    else out += p.encode ? encodeComponent(p.evaluate(mc)) : renderTemplateValue(p.evaluate(mc));
  }
  return out;
}

// encodeURIComponent leaves dots alone, and a value of "." or ".." would climb the upstream path
function encodeComponent(value: unknown): string {
  const s = encodeURIComponent(renderTemplateValue(value));
  return s === '.' || s === '..' ? s.replaceAll('.', '%2E') : s;
}

/** The URL, or why it cannot be called. */
function checkUrl(text: string): URL | string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'is not an absolute URI';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `has scheme ${url.protocol.slice(0, -1)}; only http and https can be called`;
  if (url.username || url.password) return 'holds credentials; send them in an authorization header instead';
  return url;
}
