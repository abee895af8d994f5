import type { Step } from '../engine/types.js';
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
}

export interface LoadedApi {
  readonly name: string;
  /** the path every resource hangs below, version included */
  readonly context: string;
  readonly version: string | undefined;
  readonly file: string;
  readonly resources: readonly LoadedResource[];
}

interface RawResource {
  methods: string[] | string;
  uriTemplate?: string;
  streamBody?: boolean;
  inSequence: unknown;
  faultSequence?: unknown;
}

interface RawApi {
  name: string;
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
      if (!inSequence || clashes) return;
      const url = joinPath(context, template.routePath);
      resources.push({ methods, template, url, label: `${methods.join(',')} ${joinPath(context, source)}`, inSequence, faultSequence, streamBody: res.streamBody === true });
    });
    if (servable) apis.push({ name: raw.name, context, version: raw.version, file: file.file, resources });
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
