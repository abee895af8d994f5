/**
 * Binding conditions and sort keys to metadata: each left side to a field path (or, in aggregate
 * queries, to a group key or aggregate slot), each literal checked against its type.
 */
import type { ObjectDef } from '../model.js';
import type { AggregateCall, Condition, Operand as AstOperand, OrderItem, SoqlQuery } from './ast.js';
import { malformed, positioned } from './errors.js';
import { resolvePath } from './paths.js';
import type { BoundPath } from './paths.js';
import type { AggregateSlot, BoundCondition, BoundOrder, Left, Plan } from './plan.js';
import { bindLiteral, checkOperator, fieldTarget } from './typecheck.js';
import type { Target } from './typecheck.js';
import type { DataSource } from './types.js';

/** What a condition is bound in. */
export interface Scope {
  readonly text: string;
  readonly source: DataSource;
  readonly now: number;
  readonly object: ObjectDef;
  readonly alias: string | undefined;
  /** aggregate queries: the GROUP BY keys and the slots aggregates are collected into */
  readonly grouping: { readonly keys: readonly BoundPath[]; readonly slots: AggregateSlot[] } | undefined;
  /** plans a semi-join subquery */
  readonly subplan: (query: SoqlQuery) => Plan;
}

/** Bind a WHERE or HAVING condition. */
export function bindCondition(scope: Scope, cond: Condition): BoundCondition {
  switch (cond.kind) {
    case 'and':
    case 'or':
      return { kind: cond.kind, operands: cond.operands.map((c) => bindCondition(scope, c)) };
    case 'not':
      return { kind: 'not', operand: bindCondition(scope, cond.operand) };
    case 'compare': {
      const [left, target] = bindLeft(scope, cond.left, true);
      checkOperator(scope.text, target, cond.op, cond.pos);
      const operand = bindLiteral(scope.text, target, cond.value, cond.pos, scope.now, cond.op === 'LIKE');
      return { kind: 'compare', left, op: cond.op, operand, category: target.category };
    }
    case 'in': {
      const [left, target] = bindLeft(scope, cond.left, true);
      checkOperator(scope.text, target, 'IN', cond.pos);
      const operands = cond.values.map((v) => bindLiteral(scope.text, target, v, cond.pos, scope.now));
      return { kind: 'in', left, negated: cond.negated, operands, category: target.category };
    }
    case 'includes': {
      const [left, target] = bindLeft(scope, cond.left, true);
      checkOperator(scope.text, target, 'INCLUDES', cond.pos);
      const sets = cond.values.map((v) => {
        const operand = bindLiteral(scope.text, target, v, cond.pos, scope.now);
        return operand.kind === 'set' ? operand.values : new Set<string>();
      });
      return { kind: 'includes', left, excludes: cond.excludes, sets };
    }
    case 'semijoin': {
      const [left, target] = bindLeft(scope, cond.left, true);
      const plan = scope.subplan(cond.query);
      const first = plan.items[0];
      if (target.category !== 'id' || plan.items.length !== 1 || first?.kind !== 'field' || fieldTarget(first.path.field).category !== 'id') {
        throw malformed(scope.text, cond.opPos, 'A semi join sub-select must select exactly one id or reference field, compared with an id or reference field');
      }
      return { kind: 'semijoin', left, negated: cond.negated, plan, selected: first.path };
    }
  }
}

/** Bind ORDER BY; nulls sort as the lowest value unless NULLS FIRST/LAST says otherwise. */
export function bindOrder(scope: Scope, items: readonly OrderItem[]): BoundOrder[] {
  return items.map((item) => {
    const [left, target, field] = bindLeft(scope, item.target, false);
    if (field && !field.sortable) {
      throw positioned('INVALID_FIELD', scope.text, { offset: item.target.pos }, `field '${field.name}' can not be sorted in a query call`);
    }
    return { left, descending: item.descending, nullsFirst: item.nullsFirst ?? !item.descending, category: target.category };
  });
}

function bindLeft(scope: Scope, operand: AstOperand, filtering: boolean): [Left, Target, BoundPath['field'] | undefined] {
  if (operand.kind === 'aggregate') {
    if (!scope.grouping) throw malformed(scope.text, operand.pos, `unexpected token: '${operand.fn}'`);
    const slot = aggregateSlot(scope, operand);
    scope.grouping.slots.push(slot);
    return [{ kind: 'slot', index: scope.grouping.slots.length - 1 }, slot.target, undefined];
  }
  const path = resolvePath(scope.text, scope.source, scope.object, operand, scope.alias);
  if (filtering && !path.field.filterable) {
    throw positioned('INVALID_FIELD', scope.text, { offset: operand.pos }, `field '${path.field.name}' can not be filtered in query call`);
  }
  if (scope.grouping) {
    const index = scope.grouping.keys.findIndex((k) => k.key === path.key);
    if (index < 0) throw notGrouped(scope.text, operand.pos, operand.text);
    return [{ kind: 'key', index }, fieldTarget(path.field), path.field];
  }
  return [{ kind: 'path', path }, fieldTarget(path.field), path.field];
}

/** `Field must be grouped or aggregated: Name`. */
export function notGrouped(text: string, pos: number, name: string) {
  return malformed(text, pos, `Field must be grouped or aggregated: ${name}`);
}

const NOT_COUNTABLE = new Set(['textarea', 'multipicklist', 'boolean', 'base64', 'address', 'encryptedstring']);

/** Bind `FN(path)`, refusing field types the function does not take (as Salesforce words it). */
export function aggregateSlot(scope: Scope, call: AggregateCall): AggregateSlot {
  const path = resolvePath(scope.text, scope.source, scope.object, call.arg, scope.alias);
  const field = path.field;
  const numeric = fieldTarget(field).category === 'number';
  const ok = call.fn === 'SUM' || call.fn === 'AVG' ? numeric : !NOT_COUNTABLE.has(field.type);
  if (!ok) throw malformed(scope.text, call.pos, `field ${field.name} does not support aggregate operator ${call.fn}`);
  const target: Target =
    call.fn === 'COUNT' || call.fn === 'COUNT_DISTINCT'
      ? { name: call.text, category: 'number', typeName: 'int' }
      : call.fn === 'SUM' || call.fn === 'AVG'
        ? { name: call.text, category: 'number', typeName: 'double' }
        : { ...fieldTarget(field), name: call.text };
  return { fn: call.fn, path, target };
}
