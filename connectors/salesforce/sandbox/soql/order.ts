/** ORDER BY: a stable sort over precomputed keys, nulls placed as each item asks. */
import type { FieldValue } from '../model.js';
import { collate } from './filter.js';
import type { Getter } from './filter.js';
import type { BoundOrder } from './plan.js';
import type { Category } from './typecheck.js';

/** Rows sorted by `order`; rows equal on every key keep their incoming order. */
export function sortRows<T>(rows: readonly T[], order: readonly BoundOrder[], getterOf: (row: T) => Getter): T[] {
  if (order.length === 0) return [...rows];
  const keyed = rows.map((row) => {
    const get = getterOf(row);
    return { row, keys: order.map((o) => get(o.left)) };
  });
  keyed.sort((a, b) => {
    for (let i = 0; i < order.length; i++) {
      const o = order[i]!;
      const c = compareKeys(a.keys[i] ?? null, b.keys[i] ?? null, o);
      if (c !== 0) return c;
    }
    return 0;
  });
  return keyed.map((k) => k.row);
}

function compareKeys(a: FieldValue, b: FieldValue, o: BoundOrder): number {
  if (a === null || b === null) {
    if (a === b) return 0;
    return (a === null) === o.nullsFirst ? -1 : 1;
  }
  const c = compareValues(a, b, o.category);
  return o.descending ? -c : c;
}

/** The natural order of two non-null values of one category. */
export function compareValues(a: Exclude<FieldValue, null>, b: Exclude<FieldValue, null>, category: Category): number {
  if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (category === 'text') return collate(String(a), String(b));
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
