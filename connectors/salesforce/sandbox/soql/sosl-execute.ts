/**
 * Running a SOSL search over a DataSource. Matching is word-based and case-insensitive, like
 * Salesforce's index: text is split into words of letters and digits, a search word matches a
 * whole word (`*` and `?` wildcards aside), a phrase or a word with punctuation (`a@b.com`) matches
 * consecutive words. Which fields are searched follows IN … FIELDS.
 */
import type { FieldDef, ObjectDef, SRecord } from '../model.js';
import type { SearchTerm, SoslQuery, SoslReturning, SoslScope } from './ast.js';
import { bindCondition, bindOrder } from './bind.js';
import type { Scope } from './bind.js';
import { unsupportedType } from './errors.js';
import { matches } from './filter.js';
import type { Getter, SemijoinIds } from './filter.js';
import { semijoinIds } from './execute.js';
import { sortRows } from './order.js';
import { readPath, resolvePath, visible } from './paths.js';
import type { PlanItem } from './plan.js';
import { planQuery } from './resolve.js';
import { shaper } from './shape.js';
import type { DataSource, QueryOptions, QueryRow, SearchResult } from './types.js';
import { WildcardBuilder, matchesWildcard } from './wildcard.js';

/** Salesforce's default and maximum number of search results. */
const MAX_RESULTS = 2000;

const NOT_SEARCHED = new Set(['id', 'reference', 'encryptedstring', 'boolean', 'currency', 'double', 'percent', 'int', 'long', 'date', 'datetime', 'time', 'base64', 'address']);

/** Run a parsed search. */
export function runSearch(query: SoslQuery, source: DataSource, options: QueryOptions): SearchResult {
  const specs: SoslReturning[] = query.returning.length
    ? [...query.returning]
    : [...(source.objects?.() ?? [])]
        .filter((o) => o.searchable)
        .map((o) => ({ object: o.name, pos: 0, fields: [], where: undefined, orderBy: [], limit: undefined, offset: undefined }));
  const rows: QueryRow[] = [];
  const overall = Math.min(query.limit ?? MAX_RESULTS, MAX_RESULTS);
  for (const spec of specs) {
    const object = source.object(spec.object);
    if (!object || !object.searchable) throw unsupportedType(query.text, spec.pos, spec.object);
    for (const row of searchObject(query, spec, object, source, options)) {
      if (rows.length >= overall) return { rows };
      rows.push(row);
    }
  }
  return { rows };
}

function searchObject(query: SoslQuery, spec: SoslReturning, object: ObjectDef, source: DataSource, options: QueryOptions): QueryRow[] {
  const scope: Scope = {
    text: query.text,
    source,
    now: options.now,
    object,
    alias: undefined,
    grouping: undefined,
    subplan: (q) => planQuery(q, source, options),
  };
  const paths = spec.fields.length
    ? spec.fields.map((f) => resolvePath(query.text, source, object, f, undefined))
    : [resolvePath(query.text, source, object, { kind: 'path', text: 'Id', parts: ['Id'], pos: spec.pos }, undefined)];
  const where = spec.where ? bindCondition(scope, spec.where) : undefined;
  const order = bindOrder(scope, spec.orderBy);
  const searched = searchedFields(object, query.scope);
  const getter = (rec: SRecord): Getter => (left) => (left.kind === 'path' ? readPath(source, rec, left.path, options.includeDeleted) : null);
  const ids = new Map<unknown, ReadonlySet<string>>();
  const semijoin: SemijoinIds = (plan, selected) => {
    let set = ids.get(plan);
    if (!set) ids.set(plan, (set = semijoinIds(plan, selected, source, options)));
    return set;
  };
  const hits = [...source.records(object.name)].filter(
    (rec) => visible(rec, options.includeDeleted) && termMatches(query.term, wordsIn(rec, searched)) && (!where || matches(where, getter(rec), semijoin)),
  );
  const sorted = sortRows(hits, order, getter);
  const start = spec.offset ?? 0;
  const paged = sorted.slice(start, spec.limit === undefined ? undefined : start + spec.limit);
  const items: PlanItem[] = paths.map((path) => ({ kind: 'field', path }));
  const shape = shaper(items, source, options.includeDeleted, () => null);
  return paged.map((rec) => shape.row(rec));
}

/** The fields IN … FIELDS searches. */
export function searchedFields(object: ObjectDef, scope: SoslScope): FieldDef[] {
  const text = object.fields.filter((f) => !NOT_SEARCHED.has(f.type));
  switch (scope) {
    case 'NAME':
    case 'SIDEBAR':
      return text.filter((f) => f.nameField);
    case 'EMAIL':
      return text.filter((f) => f.type === 'email');
    case 'PHONE':
      return text.filter((f) => f.type === 'phone');
    default:
      return text;
  }
}

/** The word lists of a record's searched fields. */
function wordsIn(rec: SRecord, fields: readonly FieldDef[]): string[][] {
  const out: string[][] = [];
  for (const f of fields) {
    const v = rec.values[f.name];
    if (typeof v === 'string' && v !== '') out.push(v.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w !== ''));
  }
  return out;
}

function termMatches(term: SearchTerm, fields: readonly string[][]): boolean {
  switch (term.kind) {
    case 'and':
      return term.operands.every((t) => termMatches(t, fields));
    case 'or':
      return term.operands.some((t) => termMatches(t, fields));
    case 'not':
      return !termMatches(term.operand, fields);
    case 'word':
      return fields.some((words) => containsRun(words, term.words));
  }
}

/** Whether `words` contains `wanted` as consecutive words. */
function containsRun(words: readonly string[], wanted: readonly string[]): boolean {
  if (wanted.length === 0) return false;
  const tests = wanted.map(wordTest);
  for (let i = 0; i + tests.length <= words.length; i++) {
    if (tests.every((test, k) => test(words[i + k]!))) return true;
  }
  return false;
}

function wordTest(word: string): (candidate: string) => boolean {
  if (!/[*?]/.test(word)) return (c) => c === word;
  const builder = new WildcardBuilder();
  for (const ch of word) {
    if (ch === '*') builder.anyRun();
    else if (ch === '?') builder.anyOne();
    else builder.literal(ch);
  }
  const pattern = builder.build();
  return (c) => matchesWildcard(pattern, c);
}
