/**
 * Result rows in Salesforce's shape: plain fields as cells; every selected field of one parent
 * relationship merged into a single nested row at the place of the first of them (its own
 * relationships nested again); child subqueries as nested results.
 */
import type { FieldDef, SRecord } from '../model.js';
import { fieldValue, parentOf } from './paths.js';
import type { PlanItem, Plan } from './plan.js';
import type { DataSource, QueryCell, QueryResult, QueryRow } from './types.js';

type Node =
  | { readonly kind: 'field'; readonly field: FieldDef }
  | { readonly kind: 'parent'; readonly hop: FieldDef; readonly nodes: Node[] }
  | { readonly kind: 'children'; readonly name: string; readonly plan: Plan };

/** How one record becomes a row; children are fetched through `children`. */
export interface Shaper {
  row(rec: SRecord): QueryRow;
}

/** Build the row shaper of a plan's SELECT list once, for all its records. */
export function shaper(
  items: readonly PlanItem[],
  source: DataSource,
  includeDeleted: boolean,
  children: (plan: Plan, parent: SRecord) => QueryResult | null,
): Shaper {
  const nodes = tree(items);
  const cells = (rec: SRecord, list: readonly Node[]): QueryCell[] =>
    list.map((node): QueryCell => {
      switch (node.kind) {
        case 'field':
          return { kind: 'field', name: node.field.name, field: node.field, value: fieldValue(rec, node.field) };
        case 'parent': {
          const parent = parentOf(source, rec, node.hop, includeDeleted);
          const row = parent ? { object: parent.type, id: parent.id, cells: cells(parent, node.nodes) } : null;
          return { kind: 'parent', name: node.hop.relationshipName!, row };
        }
        case 'children':
          return { kind: 'children', name: node.name, result: children(node.plan, rec) };
      }
    });
  return { row: (rec) => ({ object: rec.type, id: rec.id, cells: cells(rec, nodes) }) };
}

function tree(items: readonly PlanItem[]): Node[] {
  const root: Node[] = [];
  for (const item of items) {
    if (item.kind === 'children') {
      root.push({ kind: 'children', name: item.name, plan: item.plan });
      continue;
    }
    let level = root;
    for (const hop of item.path.hops) {
      let parent = level.find((n): n is Node & { kind: 'parent' } => n.kind === 'parent' && n.hop.name === hop.name);
      if (!parent) {
        parent = { kind: 'parent', hop, nodes: [] };
        level.push(parent);
      }
      level = parent.nodes;
    }
    level.push({ kind: 'field', field: item.path.field });
  }
  return root;
}
