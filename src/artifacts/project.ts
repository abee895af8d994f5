import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { loadServerConfig } from '../config/load.js';
import type { ServerConfig } from '../config/types.js';
import { createBuiltinRegistry } from '../engine/mediators/index.js';
import type { FlowObserver } from '../engine/observer.js';
import type { StepRegistry } from '../engine/registry.js';
import { withOnError } from '../engine/sequence.js';
import type { ProjectContext, SequenceRef, Step } from '../engine/types.js';
import { HttpClients } from '../http/clients.js';
import { createAjv, schemaProblems, type SchemaProblem, type ValidateFunction } from '../schema/ajv.js';
import { compileApis, type LoadedApi } from './apis.js';
import { Diagnostics } from './diagnostics.js';
import { Connections, stableJson } from '../connectors/connections.js';
import { builtinConnectors, type ConnectorDiscovery, type LoadedConnector } from '../connectors/discover.js';
import { connectorSteps } from '../connectors/steps.js';
import { API_SCHEMA, SEQUENCE_SCHEMA } from './schemas.js';
import { compileStepList, type CompileShared } from './step-compiler.js';
import { displayPath, YamlFile } from './yaml-file.js';

/** A project that loaded without errors: everything compiled, ready to serve. */
export interface Project {
  readonly dir: string;
  readonly config: ServerConfig;
  readonly apis: readonly LoadedApi[];
  readonly sequences: ReadonlyMap<string, SequenceRef>;
  readonly http: HttpClients;
  readonly registry: StepRegistry;
  readonly connections: Connections;
  /** the connectors the project can use (built-in and its own) */
  readonly connectors: readonly LoadedConnector[];
  readonly logger: Logger;
  /** the observer the project was loaded with (LoadOptions.observer): give it to each MessageContext */
  readonly observer: FlowObserver | undefined;
  /** release upstream connection pools */
  close(): Promise<void>;
}

export interface LoadResult {
  /** undefined when any error was found */
  readonly project: Project | undefined;
  readonly diagnostics: Diagnostics;
  /** counts for the one-line summary of `ferry validate` */
  readonly counts: { readonly apis: number; readonly resources: number; readonly sequences: number };
}

export interface LoadOptions {
  /** connectors found by discoverConnectors (the project's own); built-in ones only when absent */
  readonly connectors?: ConnectorDiscovery;
  /** the embedded sandbox's URL once it runs, for connections that say `sandbox` */
  readonly sandboxUrl?: () => string | undefined;
  /** a logger, or how to make one from the server config (its level and format live there) */
  readonly logger: Logger | ((config: ServerConfig) => Logger);
  readonly env?: NodeJS.ProcessEnv;
  /** replace server.yaml values (tests and the CLI's --port) */
  readonly override?: (config: ServerConfig) => ServerConfig;
  /**
   * told of faults, connector operations, API usage and token requests (the server's metrics);
   * it outlives the project, so one observer serves every reload
   */
  readonly observer?: FlowObserver | undefined;
  /**
   * the project serving now, on a hot reload: when the outbound HTTP settings are unchanged its
   * pools are shared, and its connections whose settings are unchanged are taken over with their
   * clients (tokens, sessions); the rest stay the old project's, closed when it retires
   */
  readonly previous?: Project;
}

/** Whether each project still owns its HttpClients (it hands them on to the one replacing it). */
const ownsHttp = new WeakMap<Project, { owned: boolean }>();

export const APIS_DIR = join('config', 'apis');
export const SEQUENCES_DIR = 'sequences';

/**
 * Load a project folder: server config, sequences, APIs. Everything is parsed, validated and
 * compiled here, once; every problem in every file is collected before giving up, each with
 * file:line:col.
 */
export function loadProject(dir: string, options: LoadOptions): LoadResult {
  const projectDir = resolve(dir);
  const diags = new Diagnostics();
  const none = { apis: 0, resources: 0, sequences: 0 };
  if (!existsSync(projectDir) || !statSync(projectDir).isDirectory()) {
    diags.error('FERRY_ERR_CONFIG_NOT_FOUND', `project folder ${projectDir} does not exist`, { file: dir, line: 1, col: 1 });
    return { project: undefined, diagnostics: diags, counts: none };
  }
  const serverFile: { file?: YamlFile } = {};
  let config = loadServerConfig(projectDir, diags, options.env, serverFile);
  if (options.override) config = options.override(config);
  const logger = typeof options.logger === 'function' ? options.logger(config) : options.logger;

  const ajv = createAjv();
  const registry = createBuiltinRegistry(ajv);
  const discovery = options.connectors ?? { connectors: builtinConnectors(diags), diagnostics: new Diagnostics() };
  for (const d of discovery.diagnostics.list) diags.add(d);
  const inherited = options.previous && stableJson(options.previous.config.http) === stableJson(config.http) ? options.previous : undefined;
  const http =
    inherited?.http ??
    new HttpClients({
      connections: config.http.connectionsPerOrigin,
      connectTimeout: Math.min(config.http.timeout, 10_000),
      maxResponseSize: config.http.maxResponseSize,
    });
  const project: ProjectContext = { dir: projectDir, config, http, logger };
  const observer = options.observer;
  const connections = new Connections(discovery.connectors, { http, logger, projectDir, sandboxUrl: options.sandboxUrl ?? (() => undefined), events: observer });
  connections.configure(config.connections, serverFile.file, diags);
  if (inherited) connections.share(inherited.connections);
  for (const connector of discovery.connectors) for (const def of connectorSteps(connector, connections, observer)) registry.register(def);
  const shared: CompileShared = { registry, diags, project, sequences: new Map() };

  // A file with schema errors still lends its name (so references to it do not cascade into
  // more errors); what can be compiled of it still is, so its other mistakes are reported too.
  const sequenceFiles = readArtifacts(join(projectDir, SEQUENCES_DIR), ajv.compile(SEQUENCE_SCHEMA), diags);
  const apiFiles = readArtifacts(join(projectDir, APIS_DIR), ajv.compile(API_SCHEMA), diags);

  // Name every sequence before compiling any step, so references (and recursion) resolve.
  const sequenceFileByName = new Map<string, YamlFile>();
  const brokenSequences = new Set(sequenceFiles.filter((a) => a.problems.length > 0).map((a) => a.file));
  for (const { file } of sequenceFiles) {
    const name = (file.data as { name: string }).name;
    const first = sequenceFileByName.get(name);
    if (first) {
      const pos = file.locate(['name']);
      diags.error('FERRY_ERR_ARTIFACT_DUPLICATE', `sequence '${name}' is already defined in ${first.file}`, pos, file.snippet(pos.line));
      continue;
    }
    sequenceFileByName.set(name, file);
    shared.sequences.set(name, { name, run: notLinked(name) });
  }

  for (const [name, file] of sequenceFileByName) {
    if (brokenSequences.has(file)) continue;
    const data = file.data as { steps: unknown; onError?: unknown };
    const body = compileStepList(shared, file, ['steps'], data.steps, name, name);
    const onError = compileFlow(shared, file, ['onError'], data.onError, name, name);
    shared.sequences.get(name)!.run = onError ? withOnError(body, onError) : body;
  }

  // An API whose only schema errors sit inside some resources is compiled without those.
  const compilable = apiFiles.flatMap(({ file, problems }) => {
    const bad = problems.map((p) => (p.path[0] === 'resources' && typeof p.path[1] === 'number' ? p.path[1] : -1));
    return bad.includes(-1) ? [] : [{ file, skipResources: new Set(bad) }];
  });
  const apis = compileApis(shared, compilable, (f, path, flow, artifact, seq) => compileFlow(shared, f, path, flow, artifact, seq));
  if (apiFiles.length === 0 && diags.errorCount === 0) {
    diags.warn('FERRY_WARN_PROJECT_EMPTY', `no APIs found in ${APIS_DIR}/`, { file: displayPath(join(projectDir, APIS_DIR)), line: 1, col: 1 });
  }

  const counts = { apis: apis.length, resources: apis.reduce((n, a) => n + a.resources.length, 0), sequences: sequenceFileByName.size };
  const ownership = { owned: inherited === undefined };
  const close = async () => {
    await connections.close();
    if (ownership.owned) await http.close();
  };
  if (diags.errorCount > 0) {
    void close();
    return { project: undefined, diagnostics: diags, counts };
  }
  const loaded: Project = { dir: projectDir, config, apis, sequences: shared.sequences, http, registry, connections, connectors: discovery.connectors, logger, observer, close };
  ownsHttp.set(loaded, ownership);
  if (inherited) inheritedBy.set(loaded, inherited);
  return { project: loaded, diagnostics: diags, counts };
}

/** The project each reloaded one shares its pools and unchanged connections with. */
const inheritedBy = new WeakMap<Project, Project>();

/**
 * Hot reload, at the swap: from now on the pools and the unchanged connections `fresh` shares
 * with the project it replaces are its to close. Until then (a reload given up before the swap)
 * they stay the old project's, and closing `fresh` leaves them alone.
 */
export function handOver(fresh: Project): void {
  const previous = inheritedBy.get(fresh);
  if (!previous) return;
  inheritedBy.delete(fresh);
  fresh.connections.takeOver(previous.connections);
  if (fresh.http === previous.http) {
    ownsHttp.get(previous)!.owned = false;
    ownsHttp.get(fresh)!.owned = true;
  }
}

/** inSequence / faultSequence / onError: inline steps, or the name of a sequence. */
function compileFlow(shared: CompileShared, file: YamlFile, path: (string | number)[], flow: unknown, artifact: string, seq: string): Step | undefined {
  if (flow === undefined) return undefined;
  if (typeof flow === 'string') {
    const ref = shared.sequences.get(flow);
    if (!ref) {
      const pos = file.locate(path);
      shared.diags.error('FERRY_ERR_ARTIFACT_MISSING_SEQUENCE', `sequence '${flow}' does not exist in ${SEQUENCES_DIR}/`, pos, file.snippet(pos.line));
      return undefined;
    }
    return (mc) => ref.run(mc);
  }
  return compileStepList(shared, file, path, flow, artifact, seq);
}

interface ReadArtifact {
  readonly file: YamlFile;
  /** schema problems, already reported */
  readonly problems: readonly SchemaProblem[];
}

/** Read every *.yaml / *.yml in a folder (sorted, so diagnostics come in a stable order) and check its schema. */
function readArtifacts(folder: string, validate: ValidateFunction, diags: Diagnostics): ReadArtifact[] {
  if (!existsSync(folder)) return [];
  const read: ReadArtifact[] = [];
  for (const entry of readdirSync(folder).sort()) {
    if (!/\.ya?ml$/.test(entry)) continue;
    const abs = join(folder, entry);
    const file = YamlFile.read(abs, displayPath(abs), diags, 'FERRY_ERR_ARTIFACT_SYNTAX');
    if (!file) continue;
    const problems = validate(file.data) ? [] : schemaProblems(validate.errors);
    for (const problem of problems) {
      const pos = file.locate(problem.path, problem.atKey);
      diags.error('FERRY_ERR_ARTIFACT_SCHEMA', problem.message, pos, file.snippet(pos.line));
    }
    if (problems.length === 0 || isNamed(file.data)) read.push({ file, problems });
  }
  return read;
}

function isNamed(data: unknown): boolean {
  return !!data && typeof data === 'object' && typeof (data as { name?: unknown }).name === 'string';
}

function notLinked(name: string): Step {
  return () => {
    throw new Error(`sequence '${name}' was referenced before it was compiled`);
  };
}
