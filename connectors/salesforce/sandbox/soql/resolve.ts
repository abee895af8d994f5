/**
 * Metadata binding: a parsed SoqlQuery plus the org's describe data gives a Plan, or the error
 * Salesforce would give (INVALID_TYPE, INVALID_FIELD, MALFORMED_QUERY …).
 */
import type { ObjectDef } from '../model.js';
import type { SelectItem, SoqlQuery } from './ast.js';
import { aggregateSlot, bindCondition, bindOrder, notGrouped } from './bind.js';
import type { Scope } from './bind.js';
import { badChildRelationship, malformed, positioned, unexpectedToken, unsupportedType } from './errors.js';
import { resolvePath } from './paths.js';
import type { BoundPath } from './paths.js';
import type { AggregateOutput, AggregatePlan, AggregateSlot, Plan, PlanItem } from './plan.js';
import type { DataSource, QueryOptions } from './types.js';

/** Bind a top-level query (or a semi-join subquery) to the org's metadata. */
export function planQuery(query: SoqlQuery, source: DataSource, options: QueryOptions): Plan {
  const object = source.object(query.object);
  if (!object || !object.queryable) throw unsupportedType(query.text, query.objectPos, query.object);
  return build(query, object, undefined, source, options);
}

function planChild(query: SoqlQuery, parent: ObjectDef, source: DataSource, options: QueryOptions): Plan {
  const rel = parent.childMap.get(query.object.toLowerCase());
  const child = rel ? source.object(rel.childSObject) : undefined;
  if (!rel || !child) throw badChildRelationship(query.text, query.objectPos, query.object);
  const parentField = child.fieldMap.get(rel.field.toLowerCase());
  return build(query, child, parentField, source, options);
}

function build(query: SoqlQuery, object: ObjectDef, parentField: Plan['parentField'], source: DataSource, options: QueryOptions): Plan {
  const scope: Scope = {
    text: query.text,
    source,
    now: options.now,
    object,
    alias: query.alias?.name,
    grouping: undefined,
    subplan: (q) => planQuery(q, source, options),
  };
  const where = query.where ? bindCondition(scope, query.where) : undefined;
  if (query.hasAggregates) {
    const aggregate = planAggregate(query, scope);
    const grouped: Scope = { ...scope, grouping: aggregate };
    const withHaving: AggregatePlan = { ...aggregate, having: query.having ? bindCondition(grouped, query.having) : undefined };
    return { query, object, items: [], where, order: bindOrder(grouped, query.orderBy), aggregate: withHaving, parentField };
  }
  if (query.havingPos !== undefined) throw unexpectedToken(query.text, query.havingPos, query.text.slice(query.havingPos, query.havingPos + 6));
  const items = planItems(query, scope, source, options);
  return { query, object, items, where, order: bindOrder(scope, query.orderBy), aggregate: undefined, parentField };
}

function planItems(query: SoqlQuery, scope: Scope, source: DataSource, options: QueryOptions): PlanItem[] {
  const items: PlanItem[] = [];
  const seen = new Set<string>();
  for (const item of query.select) {
    if (item.kind === 'field') {
      if (item.alias) throw unexpectedToken(query.text, item.alias.pos, item.alias.name);
      const path = resolvePath(query.text, source, scope.object, item.path, scope.alias);
      if (seen.has(path.key)) throw malformed(query.text, item.path.pos, `duplicate field selected: ${item.path.text}`);
      seen.add(path.key);
      items.push({ kind: 'field', path });
    } else if (item.kind === 'fields') {
      for (const path of expandFields(scope.object, item)) {
        if (seen.has(path.key)) continue;
        seen.add(path.key);
        items.push({ kind: 'field', path });
      }
    } else if (item.kind === 'subquery') {
      const plan = planChild(item.query, scope.object, source, options);
      const rel = scope.object.childMap.get(item.query.object.toLowerCase())!;
      items.push({ kind: 'children', name: rel.relationshipName, plan });
    }
  }
  return items;
}

/** FIELDS(ALL|STANDARD|CUSTOM) as the paths it stands for, in describe order. */
function expandFields(object: ObjectDef, item: SelectItem & { kind: 'fields' }): BoundPath[] {
  return object.fields
    .filter((f) => f.type !== 'address' && (item.scope === 'ALL' || f.custom === (item.scope === 'CUSTOM')))
    .map((field) => ({ text: field.name, pos: item.pos, hops: [], owner: object, field, key: field.name.toLowerCase() }));
}

function planAggregate(query: SoqlQuery, scope: Scope): AggregatePlan {
  const keys = query.groupBy.map((g) => {
    const path = resolvePath(query.text, scope.source, scope.object, g, scope.alias);
    if (!path.field.groupable) throw malformed(query.text, g.pos, `field '${path.field.name}' can not be grouped in a query call`);
    return path;
  });
  const slots: AggregateSlot[] = [];
  const outputs: AggregateOutput[] = [];
  let countOnly = false;
  let expr = 0;
  for (const item of query.select) {
    switch (item.kind) {
      case 'count':
        if (query.select.length > 1) {
          const other = query.select.find((i) => i !== item)!;
          throw unexpectedToken(query.text, itemPos(other), query.text.slice(itemPos(other)).split(/[\s,]/)[0] ?? '');
        }
        countOnly = true;
        break;
      case 'aggregate': {
        slots.push(aggregateSlot(scope, item.call));
        const name = item.alias?.name ?? `expr${expr++}`;
        outputs.push({ kind: 'slot', index: slots.length - 1, name, field: slots[slots.length - 1]!.path.field });
        break;
      }
      case 'field': {
        const path = resolvePath(query.text, scope.source, scope.object, item.path, scope.alias);
        const index = keys.findIndex((k) => k.key === path.key);
        if (index < 0) throw notGrouped(query.text, item.path.pos, item.path.text);
        outputs.push({ kind: 'key', index, name: item.alias?.name ?? path.field.name, field: path.field });
        break;
      }
      case 'fields': {
        const first = expandFields(scope.object, item).find((p) => !keys.some((k) => k.key === p.key));
        if (first) throw notGrouped(query.text, item.pos, first.field.name);
        break;
      }
      case 'subquery':
        throw positioned('MALFORMED_QUERY', query.text, { offset: item.pos }, `unexpected token: '('`);
    }
  }
  return { keys, slots, outputs, having: undefined, countOnly };
}

function itemPos(item: SelectItem): number {
  switch (item.kind) {
    case 'field':
      return item.path.pos;
    case 'aggregate':
      return item.call.pos;
    default:
      return item.pos;
  }
}
