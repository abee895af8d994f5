import { compileExpression, ExpressionSyntaxError, renderTemplateValue } from '../../expressions/index.js';
import type { CompiledValue, CompileOptions, Evaluator, TemplatePart } from '../../expressions/index.js';
import { copyOf } from '../../formats/plain-data.js';

/** One `${…}` found by scanTemplate in a payloadFactory format. */
export type FormatExpression = Extract<TemplatePart, { kind: 'expr' }>;

/** Compile one `${…}` of a format; error and warning offsets are moved from the body to the whole format. */
export function compileFormatExpression(expr: FormatExpression, opts: CompileOptions): CompiledValue {
  const bodyStart = expr.start + 2;
  const onWarning = opts.onWarning;
  try {
    return compileExpression(expr.body, onWarning ? { ...opts, onWarning: (message, offset) => onWarning(message, bodyStart + offset) } : opts);
  } catch (err) {
    if (err instanceof ExpressionSyntaxError) throw new ExpressionSyntaxError(err.message, bodyStart + err.offset, { unsupported: err.unsupported });
    throw err;
  }
}

/** A piece of a parsed format: a value known at load, or one built from each message. */
export type FormatNode = { readonly constant: true; readonly value: unknown } | { readonly constant: false; readonly build: Evaluator };

/** How a node makes its value; a constant object is copied per message, as a later step may change it. */
export function builderOf(node: FormatNode): Evaluator {
  if (!node.constant) return node.build;
  const { value } = node;
  return () => copyOf(value);
}

/** A string made of literal text and `${…}` pieces: constant when there are no expressions. */
export function textNode(pieces: readonly (string | CompiledValue)[]): FormatNode {
  if (pieces.every((p) => typeof p === 'string')) return { constant: true, value: pieces.join('') };
  return {
    constant: false,
    build(scope) {
      let out = '';
      for (const p of pieces) out += typeof p === 'string' ? p : renderTemplateValue(p.evaluate(scope));
      return out;
    },
  };
}
