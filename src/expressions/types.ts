import type { SourcePos } from '../artifacts/diagnostics.js';
import type { Root } from './ast.js';

/** What `${error.*}` exposes inside a fault flow. */
export interface ErrorInfo {
  code: string;
  message: string;
  detail?: unknown;
  status?: number;
  /** file:line:col of the step or expression that failed, when known */
  position?: string;
}

/**
 * The roots an expression can read. The engine's MessageContext implements this directly, so
 * evaluating an expression needs no per-request adapter object.
 * Header names are stored lower-case; `${headers["Content-Type"]}` is looked up case-insensitively.
 */
export interface ExpressionScope {
  readonly payload: unknown;
  readonly vars: Record<string, unknown>;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly props: Record<string, unknown>;
  readonly params: {
    readonly pathParams: Record<string, string>;
    readonly queryParams: Record<string, unknown>;
    readonly functionParams: Record<string, unknown>;
  };
  readonly configs: Record<string, unknown>;
  readonly error: ErrorInfo | null;
}

export type Evaluator = (scope: ExpressionScope) => unknown;

/** A config value compiled at load: a plain literal, a whole `${…}` expression, or a template. */
export interface CompiledValue {
  readonly evaluate: Evaluator;
  /** the original text */
  readonly source: string;
  /** no `${…}` inside: `evaluate` always returns `constantValue` */
  readonly isConstant: boolean;
  readonly constantValue?: unknown;
  /** text with embedded `${…}`: always evaluates to a string */
  readonly isTemplate: boolean;
  /**
   * a whole expression that is a plain path (root + property/index steps, no wildcard, filter,
   * deep scan or function): its result is a reference into the scope, so in-place updates of a
   * returned array or object reach the original (foreach `updateOriginal` relies on this)
   */
  readonly isPath: boolean;
}

export interface CompileOptions {
  /** where the text sits in its artifact; runtime errors name it */
  readonly position?: SourcePos;
  /** called for accepted-but-deprecated spellings (`var.`, `config.`, `params.uriParams.`) */
  readonly onWarning?: (message: string, offset: number) => void;
  /** told each scope root (`payload`, `vars`…) an expression reads */
  readonly onRoot?: (root: Root) => void;
  /**
   * for objects and arrays: the options of the string leaf at `path` (its own position and
   * warning callback), so each leaf's errors point at its own line
   */
  readonly leaf?: (path: readonly (string | number)[]) => CompileOptions;
}
