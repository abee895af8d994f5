import type { LoadedApi } from '../artifacts/apis.js';
import { formatDiagnostic, type Diagnostic } from '../artifacts/diagnostics.js';
import type { Project } from '../artifacts/project.js';
import { joinPath } from '../artifacts/uri-template.js';
import type { EndpointConfig } from '../config/types.js';
import { isSecretKey, REDACTED } from '../logging/redact.js';
import type { ReloadReport } from './server-state.js';

/**
 * What the management API shows of a project. MI's list shape (`{count, list}`) throughout; never
 * a credential: endpoints without their headers, connections with an allow-list of parameters.
 */

export interface Listing<T> {
  readonly count: number;
  readonly list: readonly T[];
}

const listing = <T>(list: T[]): Listing<T> => ({ count: list.length, list });

/** The URL an API answers on: the API listener's URL and the API's context. */
function apiUrl(base: string, path: string): string {
  return base.replace(/\/$/, '') + path;
}

export function apiSummaries(project: Project, base: string) {
  return listing(project.apis.map((api) => ({ name: api.name, context: api.context, version: api.version ?? null, url: apiUrl(base, api.context), resources: api.resources.length })));
}

export function apiDetail(api: LoadedApi, base: string) {
  const url = apiUrl(base, api.context);
  return {
    name: api.name,
    context: api.context,
    version: api.version ?? null,
    url,
    urlList: [url],
    file: api.file,
    resources: api.resources.map((r) => ({
      methods: r.methods,
      uriTemplate: r.template.source,
      url: apiUrl(base, joinPath(api.context, r.template.source)),
      ...(r.streamBody ? { streamBody: true } : {}),
    })),
  };
}

export function sequenceSummaries(project: Project) {
  return listing([...project.sequences.keys()].sort().map((name) => ({ name })));
}

/** A named endpoint: where it goes and how long it waits; never its headers (they carry credentials). */
export function endpointView(ep: EndpointConfig) {
  return { name: ep.name, uri: safeUrl(ep.uri), method: ep.method ?? null, timeout: ep.timeout };
}

export function endpointSummaries(project: Project) {
  return listing(Object.values(project.config.endpoints).map(endpointView));
}

/** The connectors the project can run (built-in and its own), with their operations. */
export function connectorSummaries(project: Project) {
  const list = project.connectors.map(({ descriptor: d }) => ({
    name: d.name,
    version: d.version,
    description: d.description,
    connectionTypes: Object.keys(d.connectionTypes),
    operations: Object.entries(d.operations).map(([op, o]) => ({ name: op, description: o.description, connectionTypes: o.connectionTypes })),
  }));
  return listing(list.sort((a, b) => a.name.localeCompare(b.name)));
}

/**
 * Connection parameters shown: where a connection goes and how, never what it proves itself
 * with. An allow-list, so a connector's new `apiKey`-like parameter stays hidden by default.
 */
export const PUBLIC_CONNECTION_PARAMS: readonly string[] = ['instanceUrl', 'tokenUrl', 'loginUrl', 'apiVersion', 'grant', 'username', 'timeout', 'scope', 'audience', 'forceLogin', 'connectionName'];

export function connectionSummaries(project: Project) {
  const list = project.connections.names().map((name) => {
    const connection = project.connections.named(name)!;
    const raw = (project.config.connections[name] ?? {}) as Record<string, unknown>;
    const params: Record<string, unknown> = {};
    for (const key of PUBLIC_CONNECTION_PARAMS) {
      const value = raw[key];
      if (value === undefined || isSecretKey(key)) continue;
      if (typeof value === 'string') params[key] = /^https?:/i.test(value) ? safeUrl(value) : value;
      else if (typeof value === 'number' || typeof value === 'boolean') params[key] = value;
    }
    return { name, connector: connection.connector.descriptor.name, type: connection.type, params };
  });
  return listing(list);
}

/** A URL without user:password@ and with secret-looking query values masked; unchanged otherwise. */
export function safeUrl(uri: string): string {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    // not parseable (a `${…}` host): only what looks like user:password@ is cut
    return uri.replace(/\/\/[^/@\s]*@/, '//');
  }
  let changed = false;
  if (url.username || url.password) {
    url.username = '';
    url.password = '';
    changed = true;
  }
  for (const key of new Set(url.searchParams.keys())) {
    if (isSecretKey(key) || /^(key|sig|signature|code)$/i.test(key)) {
      url.searchParams.set(key, REDACTED);
      changed = true;
    }
  }
  // rebuilt only when needed: URL would also normalise (and percent-encode a `${…}` in the path)
  return changed ? url.toString() : uri;
}

/** `file:line:col: error CODE: message` lines, without the source snippet. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], severity: Diagnostic['severity']): string[] {
  return diagnostics.filter((d) => d.severity === severity).map((d) => formatDiagnostic({ ...d, snippet: undefined }));
}

export function reloadView(report: ReloadReport) {
  return {
    at: report.at.toISOString(),
    trigger: report.trigger,
    ok: report.ok,
    ms: report.ms,
    errors: formatDiagnostics(report.diagnostics, 'error'),
    warnings: formatDiagnostics(report.diagnostics, 'warning'),
  };
}
