import { FerryError } from '../../errors.js';
import type { CompiledValue } from '../../expressions/index.js';
import type { CompileContext, MediatorDefinition } from '../types.js';
import { convertValue, VALUE_TYPES, type ValueType } from './value-types.js';

interface VariableConfig {
  name: string;
  value?: unknown;
  expression?: string;
  type?: ValueType;
  action?: 'set' | 'remove';
}

/** `variable` (MI 4.4): set or remove `${vars.<name>}`, converting to the declared type. */
export const variable: MediatorDefinition<VariableConfig> = {
  name: 'variable',
  description: 'Set or remove a variable, read as ${vars.name}',
  // passes a streamed body on unread (unless an expression reads payload)
  streamAware: true,
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
      value: { description: 'a literal (may contain ${…})' },
      expression: { type: 'string', description: 'an expression, e.g. ${payload.id}' },
      type: { enum: [...VALUE_TYPES], description: 'default: the value as it is' },
      action: { enum: ['set', 'remove'], description: 'default set' },
    },
  },
  compile(config, cctx) {
    const { name } = config;
    if (config.action === 'remove') {
      return (mc) => {
        delete mc.vars[name];
      };
    }
    const value = typedValue(config, cctx, name);
    return (mc) => {
      mc.vars[name] = value(mc);
    };
  },
};

/**
 * Compile `value` / `expression` with a type shared by variable and property. A constant is
 * converted at load, so `value: abc, type: INTEGER` is a load error rather than a runtime one.
 */
export function typedValue(config: { value?: unknown; expression?: string; type?: ValueType }, cctx: CompileContext, name: string): (scope: Parameters<CompiledValue['evaluate']>[0]) => unknown {
  const hasValue = config.value !== undefined;
  const hasExpression = config.expression !== undefined;
  if (hasValue === hasExpression) {
    cctx.error('FERRY_ERR_ARTIFACT_INVALID', `'${name}' needs exactly one of value or expression`);
    return () => null;
  }
  const compiled = hasValue ? cctx.value(config.value, 'value') : cctx.value(config.expression, 'expression');
  const type = config.type;
  if (compiled.isConstant) {
    let constant = compiled.constantValue;
    if (type) {
      try {
        constant = convertValue(constant, type, name);
      } catch (err) {
        cctx.error('FERRY_ERR_VARIABLE_TYPE', (err as FerryError).message, hasValue ? 'value' : 'expression');
      }
    }
    if (constant !== null && typeof constant === 'object') return () => structuredClone(constant);
    return () => constant;
  }
  if (!type) return compiled.evaluate;
  return (scope) => convertValue(compiled.evaluate(scope), type, name);
}
