import { isAbsolute, relative, resolve } from 'node:path';
import type { ErrorCode } from '../errors.js';
import { FerryError } from '../errors.js';
import { compileValue, ExpressionSyntaxError, type CompiledValue, type CompileOptions } from '../expressions/index.js';
import type { EndpointConfig } from '../config/types.js';
import type { StepRegistry } from '../engine/registry.js';
import { BodyStream } from '../engine/body-stream.js';
import { chain } from '../engine/sequence.js';
import type { CompileContext, PathSeg, ProjectContext, SequenceRef, Step } from '../engine/types.js';
import { schemaProblems } from '../schema/ajv.js';
import type { Diagnostics, SourcePos } from './diagnostics.js';
import type { YamlFile, YamlPath } from './yaml-file.js';

/** What all step compilations of one project load share. */
export interface CompileShared {
  readonly registry: StepRegistry;
  readonly diags: Diagnostics;
  readonly project: ProjectContext;
  /** every named sequence, created before anything compiles so references can be checked */
  readonly sequences: Map<string, SequenceRef>;
}

const noop: Step = () => {};

/** Compile a list of steps found at `path` in `file` into one Step; problems go to diagnostics. */
export function compileStepList(shared: CompileShared, file: YamlFile, path: YamlPath, list: unknown, artifact: string, seq: string): Step {
  if (list === undefined || list === null) return noop;
  if (!Array.isArray(list)) {
    report(shared, file, 'FERRY_ERR_ARTIFACT_SCHEMA', 'expected a list of steps', path);
    return noop;
  }
  return chain(list.map((raw, i) => compileStep(shared, file, [...path, i], raw, artifact, seq)));
}

function compileStep(shared: CompileShared, file: YamlFile, path: YamlPath, raw: unknown, artifact: string, seq: string): Step {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw) || Object.keys(raw).length !== 1) {
    const keys = raw && typeof raw === 'object' && !Array.isArray(raw) ? Object.keys(raw) : [];
    const hint = keys.length > 1 ? ` (found ${keys.map((k) => `'${k}'`).join(', ')}; is a '-' missing?)` : '';
    report(shared, file, 'FERRY_ERR_ARTIFACT_BAD_STEP', `a step must be a map with exactly one key, the mediator name${hint}`, path);
    return noop;
  }
  const name = Object.keys(raw)[0]!;
  const config = (raw as Record<string, unknown>)[name];
  const stepPath = [...path, name];
  const registered = shared.registry.get(name);
  if (!registered) {
    const suggestion = closest(name, shared.registry.all().map((d) => d.name));
    report(shared, file, 'FERRY_ERR_ARTIFACT_UNKNOWN_MEDIATOR', `unknown mediator '${name}'${suggestion ? `; did you mean '${suggestion}'?` : ''}`, stepPath, true);
    return noop;
  }
  if (!registered.validate(config)) {
    for (const problem of schemaProblems(registered.validate.errors)) {
      report(shared, file, 'FERRY_ERR_ARTIFACT_SCHEMA', `${name}: ${problem.message}`, [...stepPath, ...problem.path], problem.atKey);
    }
    return noop;
  }
  const pos = file.locate(stepPath, true);
  const cctx = new StepContext(shared, file, stepPath, { artifact, seq, step: `${name}:${pos.line}` });
  try {
    const step = registered.def.compile(config, cctx);
    const aware = registered.def.streamAware;
    return (typeof aware === 'function' ? aware(config) : aware === true) && !cctx.readsPayload ? step : bufferedFirst(step, `${name} (${displayAt(pos)})`);
  } catch (err) {
    // a mediator's compile should report, not throw; keep loading and say where it broke
    const code = err instanceof FerryError ? err.code : 'FERRY_ERR_ARTIFACT_INVALID';
    report(shared, file, code as ErrorCode, `${name}: ${(err as Error).message}`, stepPath, true);
    return noop;
  }
}

/**
 * A step that needs the payload itself: a streamed body still unread is read whole and parsed
 * first (bounded by server.bodyLimit). Steps that only pass the body on skip this, so a stream
 * stays a stream through them.
 */
function bufferedFirst(step: Step, name: string): Step {
  return (mc) => (mc.payload instanceof BodyStream ? mc.bufferBody(name).then(() => step(mc)) : step(mc));
}

function displayAt(pos: SourcePos): string {
  return `${pos.file}:${pos.line}`;
}

/** The CompileContext a mediator sees: everything relative to its own config node. */
class StepContext implements CompileContext {
  readonly project: ProjectContext;

  constructor(
    private readonly shared: CompileShared,
    private readonly file: YamlFile,
    private readonly base: YamlPath,
    readonly where: { artifact: string; seq: string; step: string },
  ) {
    this.project = shared.project;
  }

  value(value: unknown, ...at: PathSeg[]): CompiledValue {
    return compileAt(this.shared, this.file, [...this.base, ...at], value, this.#onRoot);
  }

  /** whether an expression this step compiled reads the message body (`payload`, `$`) */
  readsPayload = false;
  readonly #onRoot = (root: string): void => {
    if (root === 'payload') this.readsPayload = true;
  };

  steps(list: unknown, ...at: PathSeg[]): Step {
    return compileStepList(this.shared, this.file, [...this.base, ...at], list, this.where.artifact, this.where.seq);
  }

  sequence(name: string, ...at: PathSeg[]): SequenceRef {
    const ref = this.shared.sequences.get(name);
    if (ref) return ref;
    const known = closest(name, [...this.shared.sequences.keys()]);
    this.error('FERRY_ERR_ARTIFACT_MISSING_SEQUENCE', `sequence '${name}' does not exist in sequences/${known ? `; did you mean '${known}'?` : ''}`, ...at);
    return { name, run: noop };
  }

  endpoint(name: string, ...at: PathSeg[]): EndpointConfig | undefined {
    const endpoints = this.project.config.endpoints;
    const endpoint = Object.hasOwn(endpoints, name) ? endpoints[name] : undefined;
    if (!endpoint) {
      const names = Object.keys(this.project.config.endpoints);
      const known = closest(name, names);
      this.error('FERRY_ERR_ARTIFACT_MISSING_ENDPOINT', `endpoint '${name}' is not defined in config/server.yaml endpoints${known ? `; did you mean '${known}'?` : ''}`, ...at);
    }
    return endpoint;
  }

  error(code: ErrorCode, message: string, ...at: PathSeg[]): void {
    report(this.shared, this.file, code, message, [...this.base, ...at]);
  }

  warn(message: string, ...at: PathSeg[]): void {
    const pos = this.file.locate([...this.base, ...at]);
    this.shared.diags.warn('FERRY_WARN_ARTIFACT', message, pos, this.file.snippet(pos.line));
  }

  errorAt(code: ErrorCode, message: string, offset: number, ...at: PathSeg[]): void {
    const pos = this.file.locateInString([...this.base, ...at], offset);
    this.shared.diags.error(code, message, pos, this.file.snippet(pos.line));
  }

  warnAt(code: string, message: string, offset: number, ...at: PathSeg[]): void {
    const pos = this.file.locateInString([...this.base, ...at], offset);
    this.shared.diags.warn(code, message, pos, this.file.snippet(pos.line));
  }

  position(...at: PathSeg[]): SourcePos {
    return this.file.locate([...this.base, ...at]);
  }

  resolveFile(path: string, ...at: PathSeg[]): string | undefined {
    const abs = resolve(this.project.dir, path);
    const inside = relative(this.project.dir, abs);
    if (inside.startsWith('..') || isAbsolute(inside)) {
      this.error('FERRY_ERR_ARTIFACT_MISSING_FILE', `${path} is outside the project folder; files are named relative to it`, ...at);
      return undefined;
    }
    return abs;
  }
}

/**
 * Compile a config value at `path` (a string with `${…}`, or an object/array of them): a syntax
 * error is reported at its exact character, and each leaf's runtime errors and warnings name the
 * leaf's own position.
 */
export function compileAt(shared: CompileShared, file: YamlFile, path: YamlPath, value: unknown, onRoot?: CompileOptions['onRoot']): CompiledValue {
  const leaf = (sub: readonly (string | number)[]): CompileOptions => ({
    onRoot,
    position: file.locate([...path, ...sub]),
    onWarning: (message, offset) => {
      const pos = file.locateInString([...path, ...sub], offset);
      shared.diags.warn('FERRY_WARN_EXPR_DEPRECATED', message, pos, file.snippet(pos.line));
    },
  });
  try {
    return compileValue(value, { ...leaf([]), leaf });
  } catch (err) {
    if (!(err instanceof ExpressionSyntaxError)) throw err;
    const pos = file.locateInString([...path, ...err.path], err.offset);
    shared.diags.error('FERRY_ERR_EXPR_SYNTAX', err.message, pos, file.snippet(pos.line));
    return compileValue(null);
  }
}

function report(shared: CompileShared, file: YamlFile, code: string, message: string, path: YamlPath, atKey = false): void {
  const pos = file.locate(path, atKey);
  shared.diags.error(code, message, pos, file.snippet(pos.line));
}

/** The known name nearest to a misspelt one (edit distance ≤ 2), for "did you mean". */
export function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

