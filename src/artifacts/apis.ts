import { isAbsolute, relative, resolve } from 'node:path';
import type { ErrorCode } from '../errors.js';
import { FerryError } from '../errors.js';
import { BodyStream } from '../engine/body-stream.js';
import { recordError } from '../engine/faults.js';
import type { MessageContext } from '../engine/message-context.js';
import { compileUserSchema, violations } from '../engine/mediators/user-schema.js';
import { readSchemaFile } from '../engine/mediators/validate.js';
import { faultResponse } from '../engine/respond.js';
import type { JsonSchema, PathSeg, Step } from '../engine/types.js';
import type { ValidateFunction } from '../schema/ajv.js';
import type { CompileShared } from './step-compiler.js';
import { joinPath, parseUriTemplate, UriTemplateError, type UriTemplate } from './uri-template.js';
import type { YamlFile } from './yaml-file.js';

/** One resource, compiled: its route and its flows. */
export interface LoadedResource {
  readonly methods: readonly string[];
  readonly template: UriTemplate;
  /** full route path in Fastify syntax, context included */
  readonly url: string;
  /** "POST /echo" for logs */
  readonly label: string;
  readonly inSequence: Step;
  readonly faultSequence: Step | undefined;
  /** the body reaches the flow unread, as a BodyStream */
  readonly streamBody: boolean;
  readonly description: string | undefined;
  /**
   * the JSON Schemas the resource declares (file ones read), for the OpenAPI document; they are
   * enforced by `inSequence` itself (see enforceSchemas)
   */
  readonly requestSchema: JsonSchema | undefined;
  readonly responseSchema: JsonSchema | undefined;
}

export interface LoadedApi {
  readonly name: string;
  /** the path every resource hangs below, version included */
  readonly context: string;
  readonly version: string | undefined;
  readonly description: string | undefined;
  readonly file: string;
  readonly resources: readonly LoadedResource[];
}

interface RawResource {
  methods: string[] | string;
  uriTemplate?: string;
  streamBody?: boolean;
  description?: string;
  requestSchema?: JsonSchema | string;
  responseSchema?: JsonSchema | string;
  inSequence: unknown;
  faultSequence?: unknown;
}

interface RawApi {
  name: string;
  description?: string;
  context: string;
  version?: string;
  versionType?: 'url' | 'context';
  resources: RawResource[];
}

type FlowCompiler = (file: YamlFile, path: (string | number)[], flow: unknown, artifact: string, seq: string) => Step | undefined;

/**
 * Compile API files: flows, route templates, and the checks that need every API at once —
 * duplicate names, two APIs on one context, and resources that would match the same requests.
 */
export function compileApis(shared: CompileShared, files: readonly { file: YamlFile; skipResources: ReadonlySet<number> }[], compileFlow: FlowCompiler): LoadedApi[] {
  const { diags } = shared;
  const report = (file: YamlFile, code: string, message: string, path: (string | number)[], index?: number) => {
    const pos = index === undefined ? file.locate(path) : file.locateInString(path, index);
    diags.error(code, message, pos, file.snippet(pos.line));
  };
  const byName = new Map<string, YamlFile>();
  const byContext = new Map<string, { api: string; file: YamlFile }>();
  const routes = new Map<string, { api: string; template: string; file: YamlFile }>();
  const apis: LoadedApi[] = [];

  for (const { file, skipResources } of files) {
    const raw = file.data as RawApi;
    // An API that cannot be served (duplicate name, taken context) is still compiled, so its
    // other mistakes are reported in the same run; its routes just take no part in clash checks.
    let servable = true;
    const other = byName.get(raw.name);
    if (other) {
      report(file, 'FERRY_ERR_ARTIFACT_DUPLICATE', `API '${raw.name}' is already defined in ${other.file}`, ['name']);
      servable = false;
    } else {
      byName.set(raw.name, file);
    }

    const context = mountPath(raw, file, report) ?? raw.context;
    const claimed = byContext.get(normalize(context));
    if (claimed) {
      report(file, 'FERRY_ERR_ARTIFACT_CONTEXT_CLASH', `context ${context} is already claimed by API '${claimed.api}' (${claimed.file.file})`, ['context']);
      servable = false;
    } else if (servable) {
      byContext.set(normalize(context), { api: raw.name, file });
    }

    const resources: LoadedResource[] = [];
    raw.resources.forEach((res, i) => {
      if (skipResources.has(i)) return;
      const at = ['resources', i];
      const source = res.uriTemplate ?? '/';
      let template: UriTemplate;
      try {
        template = parseUriTemplate(source);
      } catch (err) {
        if (!(err instanceof UriTemplateError)) throw err;
        report(file, 'FERRY_ERR_ARTIFACT_BAD_TEMPLATE', err.message, [...at, 'uriTemplate'], err.offset);
        return;
      }
      const methods = typeof res.methods === 'string' ? res.methods.split(' ') : res.methods;
      const shape = normalize(joinPath(context, template.shape));
      let clashes = false;
      for (const method of servable ? methods : []) {
        const key = `${method} ${shape}`;
        const clash = routes.get(key);
        if (clash) {
          const same = clash.template === joinPath(context, source);
          const what = same ? 'duplicates' : 'is ambiguous with';
          report(file, 'FERRY_ERR_ARTIFACT_TEMPLATE_CLASH', `${method} ${joinPath(context, source)} ${what} ${method} ${clash.template} of API '${clash.api}' (${clash.file.file}): both would match the same requests`, [...at, res.uriTemplate === undefined ? 'methods' : 'uriTemplate']);
          clashes = true;
          break;
        }
        routes.set(key, { api: raw.name, template: joinPath(context, source), file });
      }
      const seqLabel = `${raw.name}:${methods.join(',')} ${source}`;
      const inSequence = compileFlow(file, [...at, 'inSequence'], res.inSequence, raw.name, seqLabel);
      const faultSequence = compileFlow(file, [...at, 'faultSequence'], res.faultSequence, raw.name, seqLabel);
      const request = compileResourceSchema(shared, file, [...at, 'requestSchema'], res.requestSchema);
      const response = compileResourceSchema(shared, file, [...at, 'responseSchema'], res.responseSchema);
      const streamBody = res.streamBody === true;
      if (request && streamBody) {
        const pos = file.locate([...at, 'requestSchema'], true);
        diags.warn('FERRY_WARN_ARTIFACT', 'requestSchema is not checked on a streamBody resource (the body reaches the flow unread); it is only published in the OpenAPI document', pos, file.snippet(pos.line));
      }
      if (!inSequence || clashes) return;
      const url = joinPath(context, template.routePath);
      const label = `${methods.join(',')} ${joinPath(context, source)}`;
      resources.push({
        methods,
        template,
        url,
        label,
        inSequence: request || response ? enforceSchemas(inSequence, request?.check, response?.check, label) : inSequence,
        faultSequence,
        streamBody,
        description: res.description,
        requestSchema: request?.schema,
        responseSchema: response?.schema,
      });
    });
    if (servable) apis.push({ name: raw.name, context, version: raw.version, description: raw.description, file: file.file, resources });
  }
  return apis;
}

/** The context with the version applied: appended (url) or substituted for {version} (context). */
function mountPath(raw: RawApi, file: YamlFile, report: (file: YamlFile, code: string, message: string, path: (string | number)[]) => void): string | undefined {
  const hasPlaceholder = raw.context.includes('{version}');
  if (raw.versionType === 'context') {
    if (!raw.version || !hasPlaceholder) {
      report(file, 'FERRY_ERR_ARTIFACT_SCHEMA', 'versionType context needs a version and a context containing {version}', ['context']);
      return undefined;
    }
    return raw.context.replace('{version}', raw.version);
  }
  if (hasPlaceholder) {
    report(file, 'FERRY_ERR_ARTIFACT_SCHEMA', 'the context contains {version}: set versionType: context and a version', ['context']);
    return undefined;
  }
  return raw.version ? joinPath(raw.context, `/${raw.version}`) : raw.context;
}

function normalize(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

interface ResourceSchema {
  readonly schema: JsonSchema;
  readonly check: ValidateFunction;
}

/**
 * A resource's requestSchema / responseSchema: inline, or a JSON/YAML file of the project read as
 * the validate step reads its schemaFile; compiled once, here. An invalid schema is reported at
 * the place in the YAML that ajv names when it can be found, else at the key.
 */
function compileResourceSchema(shared: CompileShared, file: YamlFile, path: PathSeg[], raw: JsonSchema | string | undefined): ResourceSchema | undefined {
  if (raw === undefined) return undefined;
  const key = path[path.length - 1];
  const report = (code: ErrorCode, message: string, at: PathSeg[] = path) => {
    const pos = file.locate(at);
    shared.diags.error(code, message, pos, file.snippet(pos.line));
  };
  let schema: unknown = raw;
  if (typeof raw === 'string') {
    const dir = shared.project.dir;
    schema = readSchemaFile(raw, {
      resolveFile: (rel) => {
        const abs = resolve(dir, rel);
        const inside = relative(dir, abs);
        if (inside.startsWith('..') || isAbsolute(inside)) {
          report('FERRY_ERR_ARTIFACT_MISSING_FILE', `${rel} is outside the project folder; files are named relative to it`);
          return undefined;
        }
        return abs;
      },
      error: (code, message) => report(code, message),
    });
    if (schema === undefined) return undefined;
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
      report('FERRY_ERR_ARTIFACT_INVALID', `${String(key)} file ${raw} does not hold a JSON Schema object`);
      return undefined;
    }
  }
  try {
    return { schema: schema as JsonSchema, check: compileUserSchema(schema) };
  } catch (err) {
    const message = (err as Error).message;
    // ajv: "schema is invalid: data/properties/id/type must be …" names the place in the schema
    const inner = typeof raw === 'string' ? undefined : /^schema is invalid: data((?:\/[^\s,/]+)*)/.exec(message)?.[1];
    const at = inner === undefined ? path : [...path, ...inner.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))];
    report('FERRY_ERR_ARTIFACT_INVALID', `invalid JSON Schema in ${String(key)}${typeof raw === 'string' ? ` (${raw})` : ''}: ${message}`, at);
    return undefined;
  }
}

// A huge invalid body can fail thousands of checks; answers and logs stay short.
const MAX_IN_MESSAGE = 10;
const MAX_IN_DETAIL = 100;
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * The resource's flow with its schemas enforced. Before the flow: a request body that fails the
 * requestSchema is a fault FERRY_ERR_HTTP_REQUEST_INVALID (400; the faultSequence sees it like any
 * other); a streamed body is not checked; a POST/PUT/PATCH without a body fails. After the flow:
 * a successful (2xx, not 204) answer whose body fails the responseSchema is logged as an error
 * and replaced by 500 FERRY_ERR_RESPONSE_SCHEMA. Like the validate step, XML bodies are checked
 * in their object form.
 */
export function enforceSchemas(flow: Step, request: ValidateFunction | undefined, response: ValidateFunction | undefined, label: string): Step {
  return async function withSchemas(mc) {
    if (request) checkRequest(request, mc);
    await flow(mc);
    if (response) checkResponse(response, mc, label);
  };
}

function checkRequest(check: ValidateFunction, mc: MessageContext): void {
  if (mc.payload instanceof BodyStream) return;
  const noBody = mc.contentType === undefined && (mc.payload === null || mc.payload === undefined);
  if (noBody && !BODY_METHODS.has(mc.inbound.method)) return;
  if (check(mc.payload ?? null)) return;
  if (noBody) throw new FerryError('FERRY_ERR_HTTP_REQUEST_INVALID', 'the request has no body; this resource requires one that matches its requestSchema');
  const problems = violations(check.errors ?? [], 'payload');
  throw new FerryError('FERRY_ERR_HTTP_REQUEST_INVALID', `request body does not match the requestSchema: ${summary(problems)}`, { detail: problems.slice(0, MAX_IN_DETAIL) });
}

function checkResponse(check: ValidateFunction, mc: MessageContext, label: string): void {
  // faults and drops answer with their own bodies; only what the flow answers as success is checked
  if (mc.halted === 'fault' || mc.halted === 'drop') return;
  const status = mc.response ? mc.response.status : (mc.status ?? 200);
  if (status < 200 || status > 299 || status === 204 || mc.payload instanceof BodyStream) return;
  // the answer is the payload serialised (respond and the end of the flow both build it so)
  if (check(mc.payload ?? null)) return;
  const problems = violations(check.errors ?? [], 'payload');
  const error = new FerryError('FERRY_ERR_RESPONSE_SCHEMA');
  mc.log.error({ code: error.code, resource: label, problems: problems.slice(0, MAX_IN_DETAIL) }, `response of ${label} does not match its responseSchema: ${summary(problems)}`);
  recordError(mc, error);
  mc.response = faultResponse(mc);
  mc.halted = 'respond';
}

function summary(problems: readonly { path: string; message: string }[]): string {
  const shown = problems.slice(0, MAX_IN_MESSAGE).map((p) => `${p.path}: ${p.message}`);
  if (problems.length > MAX_IN_MESSAGE) shown.push(`… ${problems.length - MAX_IN_MESSAGE} more`);
  return shown.join('; ');
}
