/**
 * GROUP BY and aggregate functions. COUNT and COUNT_DISTINCT are integers, SUM and AVG plain
 * numbers, MIN and MAX keep the field's own type (a date stays 'YYYY-MM-DD'). Nulls are skipped;
 * an aggregate over no values is null, COUNT over none is 0.
 */
import type { FieldValue, SRecord } from '../model.js';
import { compareValues } from './order.js';
import type { AggregatePlan, AggregateSlot } from './plan.js';
import type { BoundPath } from './paths.js';

/** One group: its GROUP BY values and its aggregate values, indexed like the plan's keys and slots. */
export interface Group {
  readonly keys: readonly FieldValue[];
  readonly slots: readonly FieldValue[];
  /** records in the group, for COUNT() over groups */
  readonly size: number;
}

/** Group the records and compute every slot. Without GROUP BY there is exactly one group, even for no records. */
export function groupRecords(plan: AggregatePlan, records: readonly SRecord[], read: (rec: SRecord, path: BoundPath) => FieldValue): Group[] {
  const buckets = new Map<string, { keys: FieldValue[]; members: SRecord[] }>();
  if (plan.keys.length === 0) buckets.set(JSON.stringify([]), { keys: [], members: [] });
  for (const rec of records) {
    const keys = plan.keys.map((k) => read(rec, k));
    const id = JSON.stringify(keys);
    let bucket = buckets.get(id);
    if (!bucket) {
      bucket = { keys, members: [] };
      buckets.set(id, bucket);
    }
    bucket.members.push(rec);
  }
  return [...buckets.values()].map((b) => ({
    keys: b.keys,
    slots: plan.slots.map((slot) => aggregate(slot, b.members.map((m) => read(m, slot.path)))),
    size: b.members.length,
  }));
}

function aggregate(slot: AggregateSlot, all: readonly FieldValue[]): FieldValue {
  const values = all.filter((v): v is Exclude<FieldValue, null> => v !== null);
  switch (slot.fn) {
    case 'COUNT':
      return values.length;
    case 'COUNT_DISTINCT':
      return new Set(values.map((v) => (typeof v === 'string' ? v.toLowerCase() : v))).size;
    case 'SUM':
      return values.length ? values.reduce<number>((s, v) => s + Number(v), 0) : null;
    case 'AVG':
      return values.length ? values.reduce<number>((s, v) => s + Number(v), 0) / values.length : null;
    case 'MIN':
    case 'MAX': {
      if (!values.length) return null;
      const sign = slot.fn === 'MIN' ? -1 : 1;
      return values.reduce((best, v) => (compareValues(v, best, slot.target.category) * sign > 0 ? v : best));
    }
  }
}
