/**
 * A SOQL query bound to the org's metadata: what execution walks. Built fresh per execution (the
 * metadata may have changed since parsing) from the AST, never from the text.
 */
import type { FieldDef, ObjectDef } from '../model.js';
import type { AggregateFn, ComparisonOp, SoqlQuery } from './ast.js';
import type { BoundPath } from './paths.js';
import type { Category, Operand, Target } from './typecheck.js';

export interface Plan {
  readonly query: SoqlQuery;
  readonly object: ObjectDef;
  /** non-aggregate SELECT items in order, FIELDS(…) expanded */
  readonly items: readonly PlanItem[];
  readonly where: BoundCondition | undefined;
  readonly order: readonly BoundOrder[];
  readonly aggregate: AggregatePlan | undefined;
  /** child subqueries: the child's reference field that points at the parent row */
  readonly parentField: FieldDef | undefined;
}

export type PlanItem =
  | { readonly kind: 'field'; readonly path: BoundPath }
  | { readonly kind: 'children'; readonly name: string; readonly plan: Plan };

/** The left side of a bound condition or sort: a record path, or in aggregate queries a group key or an aggregate slot. */
export type Left =
  | { readonly kind: 'path'; readonly path: BoundPath }
  | { readonly kind: 'key'; readonly index: number }
  | { readonly kind: 'slot'; readonly index: number };

export type BoundCondition =
  | { readonly kind: 'and' | 'or'; readonly operands: readonly BoundCondition[] }
  | { readonly kind: 'not'; readonly operand: BoundCondition }
  | { readonly kind: 'compare'; readonly left: Left; readonly op: ComparisonOp; readonly operand: Operand; readonly category: Category }
  | { readonly kind: 'in'; readonly left: Left; readonly negated: boolean; readonly operands: readonly Operand[]; readonly category: Category }
  | { readonly kind: 'includes'; readonly left: Left; readonly excludes: boolean; readonly sets: readonly ReadonlySet<string>[] }
  | { readonly kind: 'semijoin'; readonly left: Left; readonly negated: boolean; readonly plan: Plan; readonly selected: BoundPath };

export interface BoundOrder {
  readonly left: Left;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
  readonly category: Category;
}

export interface AggregateSlot {
  readonly fn: AggregateFn;
  readonly path: BoundPath;
  readonly target: Target;
}

export type AggregateOutput =
  | { readonly kind: 'key'; readonly index: number; readonly name: string; readonly field: FieldDef }
  | { readonly kind: 'slot'; readonly index: number; readonly name: string; readonly field: FieldDef };

export interface AggregatePlan {
  /** GROUP BY paths */
  readonly keys: readonly BoundPath[];
  /** every aggregate computed per group (SELECT, HAVING and ORDER BY ones) */
  readonly slots: AggregateSlot[];
  readonly outputs: readonly AggregateOutput[];
  readonly having: BoundCondition | undefined;
  /** SELECT COUNT(): only the number of rows (or groups) is wanted */
  readonly countOnly: boolean;
}
