/**
 * The one table of Ferry's coded errors. Every failure a user can meet carries one of these codes
 * (or, for `throwError` and connector faults, the code the flow or the upstream chose), an HTTP
 * status that fits it, and a default message. Runtime failures that need fields are FerryError
 * instances; request/response/credential objects hang off them as non-enumerable properties so a
 * logged error never leaks a token.
 */

interface ErrorSpec {
  readonly status: number;
  readonly message: string;
}

export const ERRORS = {
  // configuration (config/server.yaml)
  FERRY_ERR_CONFIG_SYNTAX: { status: 500, message: 'server.yaml is not valid YAML' },
  FERRY_ERR_CONFIG_SCHEMA: { status: 500, message: 'server.yaml does not match its schema' },
  FERRY_ERR_CONFIG_ENV_MISSING: { status: 500, message: 'an environment variable referenced by ${env:…} is not set' },
  FERRY_ERR_CONFIG_NOT_FOUND: { status: 500, message: 'project folder or file not found' },

  // artifacts (APIs, sequences)
  FERRY_ERR_ARTIFACT_SYNTAX: { status: 500, message: 'artifact is not valid YAML' },
  FERRY_ERR_ARTIFACT_SCHEMA: { status: 500, message: 'artifact does not match its schema' },
  FERRY_ERR_ARTIFACT_DUPLICATE: { status: 500, message: 'two artifacts have the same name' },
  FERRY_ERR_ARTIFACT_CONTEXT_CLASH: { status: 500, message: 'two APIs claim the same context' },
  FERRY_ERR_ARTIFACT_TEMPLATE_CLASH: { status: 500, message: 'resource templates are duplicate or ambiguous' },
  FERRY_ERR_ARTIFACT_BAD_TEMPLATE: { status: 500, message: 'uriTemplate is malformed' },
  FERRY_ERR_ARTIFACT_UNKNOWN_MEDIATOR: { status: 500, message: 'unknown mediator' },
  FERRY_ERR_ARTIFACT_BAD_STEP: { status: 500, message: 'a step must be a map with exactly one key' },
  FERRY_ERR_ARTIFACT_MISSING_SEQUENCE: { status: 500, message: 'referenced sequence does not exist' },
  FERRY_ERR_ARTIFACT_MISSING_ENDPOINT: { status: 500, message: 'referenced endpoint does not exist' },
  FERRY_ERR_ARTIFACT_MISSING_CONNECTION: { status: 500, message: 'referenced connection does not exist' },
  FERRY_ERR_ARTIFACT_MISSING_FILE: { status: 500, message: 'referenced file does not exist' },
  FERRY_ERR_ARTIFACT_INVALID: { status: 500, message: 'step configuration is invalid' },

  // registry of mediators and connectors
  FERRY_ERR_REGISTRY_DUPLICATE: { status: 500, message: 'an extension with this name is already registered' },
  FERRY_ERR_REGISTRY_BAD_NAME: { status: 500, message: 'extension name is not valid' },
  FERRY_ERR_REGISTRY_BAD_DEFINITION: { status: 500, message: 'extension definition is not valid' },

  // expressions
  FERRY_ERR_EXPR_SYNTAX: { status: 500, message: 'expression syntax error' },
  FERRY_ERR_EXPR_EVAL: { status: 500, message: 'expression evaluation failed' },

  // inbound HTTP
  FERRY_ERR_HTTP_BAD_JSON: { status: 400, message: 'request body is not valid JSON' },
  FERRY_ERR_HTTP_BAD_XML: { status: 400, message: 'request body is not valid XML' },
  FERRY_ERR_HTTP_XML_DTD: { status: 400, message: 'XML document type declarations are not allowed' },
  FERRY_ERR_HTTP_BAD_FORM: { status: 400, message: 'request body is not a valid form' },
  FERRY_ERR_HTTP_BODY_TOO_LARGE: { status: 413, message: 'request body is larger than the configured limit' },
  FERRY_ERR_HTTP_UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'unsupported request content type' },
  FERRY_ERR_HTTP_NOT_FOUND: { status: 404, message: 'no API resource matches this request' },
  FERRY_ERR_HTTP_BAD_REQUEST: { status: 400, message: 'bad request' },
  FERRY_ERR_HTTP_TIMEOUT: { status: 408, message: 'request timed out' },
  FERRY_ERR_HTTP_REQUEST_INVALID: { status: 400, message: "request body does not match the resource's requestSchema" },

  // mediation
  FERRY_ERR_MEDIATION: { status: 500, message: 'mediation failed' },
  FERRY_ERR_VARIABLE_TYPE: { status: 500, message: 'value cannot be converted to the declared type' },
  FERRY_ERR_FOREACH_NOT_ARRAY: { status: 500, message: 'foreach collection is not an array' },
  FERRY_ERR_ENRICH_TARGET: { status: 500, message: 'enrich target cannot take the source' },
  FERRY_ERR_PAYLOAD_FORMAT: { status: 500, message: 'payloadFactory produced an invalid payload' },
  FERRY_ERR_VALIDATE_FAILED: { status: 400, message: 'payload does not match the schema' },
  FERRY_ERR_THROW: { status: 500, message: 'error raised by throwError' },
  FERRY_ERR_SERIALIZE: { status: 500, message: 'payload cannot be serialised to the response content type' },
  FERRY_ERR_RESPONSE_INVALID: { status: 500, message: 'the flow set a response status or header that HTTP cannot carry' },
  FERRY_ERR_SEQUENCE_DEPTH: { status: 500, message: 'sequences call each other too deeply' },
  FERRY_ERR_BODY_CONSUMED: { status: 500, message: 'the streamed message body was already read by an earlier step' },
  FERRY_ERR_RESULT_TOO_LARGE: { status: 500, message: 'a streamed operation result is too large to be read whole' },
  FERRY_ERR_BODY_STREAM: { status: 400, message: 'the streamed request body broke off before its end' },
  FERRY_ERR_RESPONSE_SCHEMA: { status: 500, message: "the response body does not match the resource's responseSchema" },

  // connectors
  FERRY_ERR_CONNECTOR_INVALID: { status: 500, message: 'connector descriptor or module is invalid' },
  FERRY_ERR_CONNECTION_INVALID: { status: 500, message: 'connection configuration is invalid' },
  FERRY_ERR_CONNECTION_TYPE: { status: 500, message: 'the connection is not of a type this operation accepts' },
  FERRY_ERR_CONNECTION_MISSING: { status: 500, message: 'no connection for this connector step' },
  FERRY_ERR_CONNECTOR_PARAMS: { status: 400, message: 'connector operation parameters are invalid' },
  FERRY_ERR_CONNECTOR_FAILED: { status: 502, message: 'the connector operation failed' },

  // outbound HTTP (call mediator, connectors)
  FERRY_ERR_CALL_CONNECT: { status: 502, message: 'could not connect to the endpoint' },
  FERRY_ERR_CALL_TIMEOUT: { status: 504, message: 'the endpoint did not answer in time' },
  FERRY_ERR_CALL_FAILED: { status: 502, message: 'the endpoint call failed' },
  FERRY_ERR_CALL_BAD_RESPONSE: { status: 502, message: 'the endpoint answered with a body that cannot be parsed' },
  FERRY_ERR_CALL_BAD_URI: { status: 500, message: 'the endpoint URI is not valid' },

  // server
  FERRY_ERR_SERVER_LISTEN: { status: 500, message: 'could not listen on the configured port' },

  // management API (server.managementPort)
  FERRY_ERR_MGMT_UNAUTHORIZED: { status: 401, message: 'authentication required' },
  FERRY_ERR_MGMT_NOT_FOUND: { status: 404, message: 'no such management resource or artifact' },
  FERRY_ERR_MGMT_BAD_REQUEST: { status: 400, message: 'the management request is not valid' },
  FERRY_ERR_MGMT_BUSY: { status: 429, message: 'too many logins at once; retry shortly' },
  FERRY_ERR_MGMT_RELOAD_FAILED: { status: 409, message: 'the new project version has errors; the old one keeps serving' },
  FERRY_ERR_MGMT_FAILED: { status: 500, message: 'the management request failed' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

export interface FerryErrorOptions {
  cause?: unknown;
  detail?: unknown;
  statusCode?: number;
  /** file:line:col of the artifact part that failed, when known */
  position?: string;
  /**
   * an upstream answer the default fault handler passes through as it came (a connector's
   * Salesforce error), instead of Ferry's own error body
   */
  response?: UpstreamResponse;
}

/** An upstream error answer kept on a fault for pass-through. */
export interface UpstreamResponse {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: unknown;
}

/** A coded error; `code` is a table code, a `throwError` type, or an upstream error code. */
export class FerryError extends Error {
  readonly code: string;
  readonly statusCode: number;
  readonly detail: unknown;
  readonly position: string | undefined;
  readonly response: UpstreamResponse | undefined;

  constructor(code: ErrorCode | string, message?: string, options: FerryErrorOptions = {}) {
    const spec = (ERRORS as Record<string, ErrorSpec>)[code];
    super(message ?? spec?.message ?? code, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FerryError';
    this.code = code;
    this.statusCode = options.statusCode ?? spec?.status ?? 500;
    this.detail = options.detail;
    this.position = options.position;
    // non-enumerable: an upstream body may be large, and logs print errors whole
    Object.defineProperty(this, 'response', { value: options.response, enumerable: false });
  }
}

/** Build a FerryError from the table; the message defaults to the table's. */
export function ferryError(code: ErrorCode, message?: string, options?: FerryErrorOptions): FerryError {
  return new FerryError(code, message, options);
}

/** Hang a value off an error without making it enumerable (so loggers and JSON never print it). */
export function attachHidden<T extends object>(target: T, key: string, value: unknown): T {
  Object.defineProperty(target, key, { value, enumerable: false, configurable: true, writable: true });
  return target;
}

/** The status an arbitrary thrown value should answer with. */
export function statusOf(err: unknown): number {
  const status = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status <= 599 ? status : 500;
}
