/**
 * Ferry's `${…}` expression language (MI 4.4 Synapse Expressions): compile config values once at
 * load, evaluate them per request against an ExpressionScope.
 */
export { compileValue, compileExpression, scanTemplate, hasExpression } from './template.js';
export type { TemplatePart } from './template.js';
export { renderTemplateValue } from './values.js';
export { ExpressionSyntaxError } from './errors.js';
export * from './types.js';
