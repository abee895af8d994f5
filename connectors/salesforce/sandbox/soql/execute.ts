/**
 * Running a Plan over a DataSource: filter, group, sort, page and shape. Deleted records take part
 * only in queryAll (options.includeDeleted), as rows, parents and children alike.
 */
import type { FieldValue, SRecord } from '../model.js';
import { toId18 } from '../ids.js';
import { groupRecords } from './aggregate.js';
import type { Group } from './aggregate.js';
import { matches } from './filter.js';
import type { Getter, SemijoinIds } from './filter.js';
import { sortRows } from './order.js';
import { readPath, visible } from './paths.js';
import type { BoundPath } from './paths.js';
import type { Left, Plan } from './plan.js';
import { shaper } from './shape.js';
import type { DataSource, QueryOptions, QueryResult, QueryRow } from './types.js';

/** Execute a bound query. */
export function runPlan(plan: Plan, source: DataSource, options: QueryOptions): QueryResult {
  return new Run(source, options).result(plan, allOf(source, plan, options.includeDeleted));
}

/** The ids a semi-join subquery selects (for SOSL's WHERE, which has no Run of its own). */
export function semijoinIds(plan: Plan, selected: BoundPath, source: DataSource, options: QueryOptions): ReadonlySet<string> {
  return new Run(source, options).semijoinIds(plan, selected);
}

function allOf(source: DataSource, plan: Plan, includeDeleted: boolean): SRecord[] {
  return [...source.records(plan.object.name)].filter((r) => visible(r, includeDeleted));
}

class Run {
  readonly #source: DataSource;
  readonly #options: QueryOptions;
  /** semi-join id sets and child indexes, computed once per execution */
  readonly #semijoins = new Map<Plan, ReadonlySet<string>>();
  readonly #childIndex = new Map<Plan, Map<string, SRecord[]>>();

  constructor(source: DataSource, options: QueryOptions) {
    this.#source = source;
    this.#options = options;
  }

  result(plan: Plan, candidates: readonly SRecord[]): QueryResult {
    const filtered = this.#filter(plan, candidates);
    const object = plan.object.name;
    if (plan.aggregate) return this.#aggregate(plan, filtered);
    const sorted = sortRows(filtered, plan.order, (rec) => this.#getter(rec));
    const paged = page(sorted, plan.query.offset, plan.query.limit);
    const shape = shaper(plan.items, this.#source, this.#options.includeDeleted, (child, parent) => this.#children(child, parent));
    const rows = paged.map((rec) => shape.row(rec));
    return { object, totalSize: rows.length, rows, isCount: false, isAggregate: false };
  }

  #filter(plan: Plan, records: readonly SRecord[]): SRecord[] {
    const where = plan.where;
    if (!where) return [...records];
    const semijoin: SemijoinIds = (sub, selected) => this.semijoinIds(sub, selected);
    return records.filter((rec) => matches(where, this.#getter(rec), semijoin));
  }

  #getter(rec: SRecord): Getter {
    return (left: Left) => (left.kind === 'path' ? this.#read(rec, left.path) : null);
  }

  #read(rec: SRecord, path: BoundPath): FieldValue {
    return readPath(this.#source, rec, path, this.#options.includeDeleted);
  }

  #aggregate(plan: Plan, records: readonly SRecord[]): QueryResult {
    const agg = plan.aggregate!;
    const object = plan.object.name;
    let groups = groupRecords(agg, records, (rec, path) => this.#read(rec, path));
    const groupGetter = (g: Group): Getter => (left) => (left.kind === 'key' ? g.keys[left.index] ?? null : left.kind === 'slot' ? g.slots[left.index] ?? null : null);
    if (agg.having) {
      const having = agg.having;
      groups = groups.filter((g) => matches(having, groupGetter(g), (sub, selected) => this.semijoinIds(sub, selected)));
    }
    if (agg.countOnly) {
      // COUNT() counts records, or groups when there is a GROUP BY; LIMIT caps the count
      const count = agg.keys.length ? groups.length : records.length;
      const capped = plan.query.limit === undefined ? count : Math.min(count, plan.query.limit);
      return { object, totalSize: capped, rows: [], isCount: true, isAggregate: false };
    }
    const sorted = page(sortRows(groups, plan.order, groupGetter), plan.query.offset, plan.query.limit);
    const rows: QueryRow[] = sorted.map((g) => ({
      object: 'AggregateResult',
      id: undefined,
      cells: agg.outputs.map((o) => ({ kind: 'aggregate' as const, name: o.name, field: o.field, value: (o.kind === 'key' ? g.keys[o.index] : g.slots[o.index]) ?? null })),
    }));
    return { object, totalSize: rows.length, rows, isCount: false, isAggregate: true };
  }

  /** A child subquery's rows for one parent: null when there are none, as Salesforce renders it. */
  #children(plan: Plan, parent: SRecord): QueryResult | null {
    let index = this.#childIndex.get(plan);
    if (!index) {
      index = new Map();
      const field = plan.parentField!;
      for (const rec of allOf(this.#source, plan, this.#options.includeDeleted)) {
        const ref = rec.values[field.name];
        const id = typeof ref === 'string' ? toId18(ref) : undefined;
        if (id === undefined) continue;
        const list = index.get(id) ?? [];
        list.push(rec);
        index.set(id, list);
      }
      this.#childIndex.set(plan, index);
    }
    const result = this.result(plan, index.get(parent.id) ?? []);
    return result.rows.length ? result : null;
  }

  /** The ids a semi-join subquery selects, computed once per run. */
  semijoinIds(plan: Plan, selected: BoundPath): ReadonlySet<string> {
    let ids = this.#semijoins.get(plan);
    if (!ids) {
      const rows = this.#filter(plan, allOf(this.#source, plan, this.#options.includeDeleted));
      ids = new Set(
        rows
          .map((rec) => this.#read(rec, selected))
          .filter((v): v is string => typeof v === 'string')
          .map((v) => toId18(v) ?? v),
      );
      this.#semijoins.set(plan, ids);
    }
    return ids;
  }
}

function page<T>(rows: readonly T[], offset: number | undefined, limit: number | undefined): T[] {
  const start = offset ?? 0;
  return rows.slice(start, limit === undefined ? undefined : start + limit);
}
