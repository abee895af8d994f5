/**
 * The two ways an expression fails. Syntax errors are found at load and carry an offset into the
 * text the author wrote, so the artifact loader can turn them into file:line:col. Evaluation
 * failures are raised deep inside compiled closures as a plain ExprEvalFailure and converted to a
 * FerryError once, at the top of the expression, where the source text and position are known.
 */
import { FerryError } from '../errors.js';
import { formatPos } from '../artifacts/diagnostics.js';
import type { SourcePos } from '../artifacts/diagnostics.js';

/** A compile-time error in `${…}` text; `offset` points into the string given to compileValue/compileExpression. */
export class ExpressionSyntaxError extends Error {
  readonly code = 'FERRY_ERR_EXPR_SYNTAX';
  readonly offset: number;
  /** the text is valid MI but uses a feature Ferry does not offer (xpath(), registry(), secret() …) */
  readonly unsupported: boolean;
  /** for compileValue on objects/arrays: the keys leading to the string that failed */
  readonly path: readonly (string | number)[];

  constructor(message: string, offset: number, options: { unsupported?: boolean; path?: readonly (string | number)[] } = {}) {
    super(message);
    this.name = 'ExpressionSyntaxError';
    this.offset = offset;
    this.unsupported = options.unsupported ?? false;
    this.path = options.path ?? [];
  }

  /** The same error seen from one level further out in a nested config value. */
  under(key: string | number): ExpressionSyntaxError {
    return new ExpressionSyntaxError(this.message, this.offset, { unsupported: this.unsupported, path: [key, ...this.path] });
  }
}

/** Thrown inside compiled closures; carries only the "what went wrong" part of the message. */
export class ExprEvalFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExprEvalFailure';
  }
}

/** Abort an evaluation with a message naming the operator/function and the offending value. */
export function fail(message: string): never {
  throw new ExprEvalFailure(message);
}

const MAX_SOURCE = 200;

/**
 * Turn an internal failure into the coded error users see, naming the expression; where it sits
 * in the artifact goes to `position` (logged, and `${error.position}` in fault flows) rather than
 * into the message, which a default fault answer sends to the client.
 */
export function toFerryError(failure: ExprEvalFailure, source: string, position: SourcePos | undefined): FerryError {
  const src = source.length > MAX_SOURCE ? `${source.slice(0, MAX_SOURCE)}…` : source;
  return new FerryError('FERRY_ERR_EXPR_EVAL', `${failure.message} in ${src}`, position ? { position: formatPos(position) } : {});
}
