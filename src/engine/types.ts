import type { Logger } from 'pino';
import type { SourcePos } from '../artifacts/diagnostics.js';
import type { ErrorCode } from '../errors.js';
import type { CompiledValue } from '../expressions/index.js';
import type { ServerConfig, EndpointConfig } from '../config/types.js';
import type { HttpClients } from '../http/clients.js';
import type { MessageContext } from './message-context.js';

/** One compiled step: runs against the message; may be sync or async. */
export type Step = (mc: MessageContext) => void | Promise<void>;

/** A JSON Schema object (draft-07 / 2019-09 subset understood by ajv). */
export type JsonSchema = Record<string, unknown>;

export type PathSeg = string | number;

/**
 * A mediator (or any step kind) as the registry knows it: a plain definition object.
 * `schema` validates the step's config at load (compiled once per kind); `compile` turns a valid
 * config into a Step, reporting further problems through the CompileContext.
 */
export interface MediatorDefinition<C = any> {
  readonly name: string;
  readonly description: string;
  /** may accept shorthand forms too (`- sequence: name`); compile() handles each form it accepts */
  readonly schema: JsonSchema;
  compile(config: C, cctx: CompileContext): Step;
  /**
   * The step never touches the message body except through the `${…}` values it compiles (or it
   * handles a BodyStream payload itself), so a streamed body flows through it unread unless one
   * of its expressions reads `payload`. Other steps get the body read and parsed first.
   */
  readonly streamAware?: boolean | ((config: C) => boolean);
}

/** A named sequence as a step can reference it before it is compiled (sequences may recurse). */
export interface SequenceRef {
  readonly name: string;
  run: Step;
}

/** What a compiling mediator can see of the project. */
export interface ProjectContext {
  readonly dir: string;
  readonly config: ServerConfig;
  readonly http: HttpClients;
  readonly logger: Logger;
}

/**
 * Handed to a mediator's compile(): compiles values and nested steps in place, and reports
 * problems at a path relative to the step's config, so diagnostics carry file:line:col.
 */
export interface CompileContext {
  readonly project: ProjectContext;
  /** names for log bindings: the artifact, the sequence and the step ("3:log") */
  readonly where: { readonly artifact: string; readonly seq: string; readonly step: string };
  /** compile a config value that may hold `${…}` (strings, or objects/arrays of them) */
  value(value: unknown, ...at: PathSeg[]): CompiledValue;
  /** compile a nested list of steps into one Step */
  steps(list: unknown, ...at: PathSeg[]): Step;
  /** a named sequence; a missing one is reported and a failing placeholder returned */
  sequence(name: string, ...at: PathSeg[]): SequenceRef;
  /** a named endpoint from server.yaml; a missing one is reported */
  endpoint(name: string, ...at: PathSeg[]): EndpointConfig | undefined;
  error(code: ErrorCode, message: string, ...at: PathSeg[]): void;
  warn(message: string, ...at: PathSeg[]): void;
  /** report at a character of the string value at `at` (e.g. an expression inside a format) */
  errorAt(code: ErrorCode, message: string, offset: number, ...at: PathSeg[]): void;
  warnAt(code: string, message: string, offset: number, ...at: PathSeg[]): void;
  position(...at: PathSeg[]): SourcePos;
  /** a file of the project by its relative path; one outside the project folder is reported at `at` and gives undefined */
  resolveFile(path: string, ...at: PathSeg[]): string | undefined;
}

/** Marker for a config property that holds a nested step list (lets the shipped editor schema link it). */
export const STEP_LIST_SCHEMA: JsonSchema = Object.freeze({ type: 'array', items: { type: 'object' }, 'x-ferry-steps': true });

/** Schema for `responseVariable` / `overwriteBody`, shared by `call` and every connector operation. */
export const RESULT_OPTIONS_SCHEMA = Object.freeze({
  responseVariable: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$', description: 'store the result in ${vars.<name>} as {payload, headers, attributes}' },
  overwriteBody: { type: 'boolean', description: 'replace the message body with the result (default false when responseVariable is set)' },
});
