/**
 * The parsed forms of SOQL and SOSL. Everything here comes from the query text alone; names are as
 * written (case and all) and are bound to metadata only at execution. Every node keeps `pos`, the
 * offset of its first character in the query text, so metadata errors can point at it.
 */
import type { Wildcard } from './wildcard.js';

/** A dotted name as written: `Name`, `Account.Owner.Name`, `a.Name` (alias first). */
export interface FieldPath {
  readonly kind: 'path';
  readonly text: string;
  readonly parts: readonly string[];
  readonly pos: number;
}

export type AggregateFn = 'COUNT' | 'COUNT_DISTINCT' | 'MIN' | 'MAX' | 'SUM' | 'AVG';

/** `COUNT(Id)`, `SUM(AnnualRevenue)`… (`COUNT()` is SelectCount, not this). */
export interface AggregateCall {
  readonly kind: 'aggregate';
  readonly fn: AggregateFn;
  readonly arg: FieldPath;
  readonly pos: number;
  /** source text, e.g. `COUNT(Id)`, for error messages */
  readonly text: string;
}

export type SelectItem =
  | { readonly kind: 'field'; readonly path: FieldPath; readonly alias: Alias | undefined }
  | { readonly kind: 'aggregate'; readonly call: AggregateCall; readonly alias: Alias | undefined }
  | { readonly kind: 'count'; readonly pos: number }
  | { readonly kind: 'fields'; readonly scope: 'ALL' | 'STANDARD' | 'CUSTOM'; readonly pos: number }
  | { readonly kind: 'subquery'; readonly query: SoqlQuery; readonly pos: number };

export interface Alias {
  readonly name: string;
  readonly pos: number;
}

/** A literal on the right of a comparison. */
export type Literal =
  | { readonly kind: 'string'; readonly value: string; readonly pos: number; readonly raw: string; readonly like: LikePattern }
  | { readonly kind: 'number'; readonly value: number; readonly pos: number; readonly raw: string }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly pos: number; readonly raw: string }
  | { readonly kind: 'null'; readonly pos: number; readonly raw: string }
  | { readonly kind: 'date'; readonly value: string; readonly pos: number; readonly raw: string }
  | { readonly kind: 'datetime'; readonly value: number; readonly pos: number; readonly raw: string }
  | { readonly kind: 'dateLiteral'; readonly name: string; readonly n: number | undefined; readonly pos: number; readonly raw: string };

/**
 * What a string literal means as a LIKE pattern: `pattern` matches the whole value, ignoring case,
 * with `%`/`_` as wildcards and `\%`/`\_` literal. `escapeAt` is where the first `\%` or `\_`
 * sits: legal only in a LIKE pattern, an error anywhere else.
 */
export interface LikePattern {
  readonly pattern: Wildcard;
  readonly escapeAt: { readonly offset: number; readonly sequence: string } | undefined;
}

export type ComparisonOp = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE';

/** The left side of a condition: a field, or in HAVING an aggregate. */
export type Operand = FieldPath | AggregateCall;

export type Condition =
  | { readonly kind: 'and' | 'or'; readonly operands: readonly Condition[]; readonly pos: number }
  | { readonly kind: 'not'; readonly operand: Condition; readonly pos: number }
  | { readonly kind: 'compare'; readonly left: Operand; readonly op: ComparisonOp; readonly value: Literal; readonly opPos: number; readonly pos: number }
  | { readonly kind: 'in'; readonly left: Operand; readonly negated: boolean; readonly values: readonly Literal[]; readonly opPos: number; readonly pos: number }
  | { readonly kind: 'semijoin'; readonly left: Operand; readonly negated: boolean; readonly query: SoqlQuery; readonly opPos: number; readonly pos: number }
  | { readonly kind: 'includes'; readonly left: Operand; readonly excludes: boolean; readonly values: readonly Literal[]; readonly opPos: number; readonly pos: number };

export interface OrderItem {
  readonly target: Operand;
  readonly descending: boolean;
  /** undefined: Salesforce's default (nulls sort as the lowest value) */
  readonly nullsFirst: boolean | undefined;
}

/**
 * A parsed SOQL query (also used for child subqueries, whose `object` is a relationship name, and
 * semi-join subqueries). Fields callers rely on: `object`, `hasAggregates`, `groupBy`, `offset`,
 * `limit`, `hasChildSubqueries`, `isCount`, `selectedFieldPaths`.
 */
export interface SoqlQuery {
  readonly kind: 'soql';
  /** the whole text this query was parsed from (shared by subqueries), for error excerpts */
  readonly text: string;
  readonly select: readonly SelectItem[];
  /** FROM as written: an sObject, or in a child subquery a child relationship name */
  readonly object: string;
  readonly objectPos: number;
  readonly alias: Alias | undefined;
  readonly where: Condition | undefined;
  readonly groupBy: readonly FieldPath[];
  readonly having: Condition | undefined;
  /** where the HAVING keyword is (HAVING without aggregates is refused there) */
  readonly havingPos: number | undefined;
  readonly orderBy: readonly OrderItem[];
  readonly limit: number | undefined;
  readonly limitPos: number | undefined;
  readonly offset: number | undefined;
  /** FOR VIEW / FOR REFERENCE / FOR UPDATE: accepted and ignored */
  readonly forClause: 'VIEW' | 'REFERENCE' | 'UPDATE' | undefined;
  /** any aggregate function (COUNT(), COUNT(f), SUM…) in SELECT, or a GROUP BY */
  readonly hasAggregates: boolean;
  /** SELECT COUNT() FROM …: the answer is a number, not rows */
  readonly isCount: boolean;
  readonly hasChildSubqueries: boolean;
  /**
   * Column names in SELECT order, as written without the FROM alias (`Account.Name`); aggregates by
   * alias or `exprN`; `FIELDS(ALL)` verbatim (expand with `columnPaths` once metadata is known);
   * child subqueries are left out (Bulk refuses them).
   */
  readonly selectedFieldPaths: readonly string[];
}

export type SoslScope = 'ALL' | 'NAME' | 'EMAIL' | 'PHONE' | 'SIDEBAR';

/** A search term expression inside the braces of FIND. */
export type SearchTerm =
  | { readonly kind: 'word'; readonly words: readonly string[]; readonly phrase: boolean }
  | { readonly kind: 'and' | 'or'; readonly operands: readonly SearchTerm[] }
  /** only after AND: `a AND NOT b` is `and [a, not b]` */
  | { readonly kind: 'not'; readonly operand: SearchTerm };

export interface SoslReturning {
  readonly object: string;
  readonly pos: number;
  /** RETURNING Account(Id, Name WHERE … ORDER BY … LIMIT n): fields empty when not given */
  readonly fields: readonly FieldPath[];
  readonly where: Condition | undefined;
  readonly orderBy: readonly OrderItem[];
  readonly limit: number | undefined;
  readonly offset: number | undefined;
}

/** A parsed SOSL search. */
export interface SoslQuery {
  readonly kind: 'sosl';
  readonly text: string;
  /** the braces' content, unescaped */
  readonly searchText: string;
  readonly term: SearchTerm;
  readonly scope: SoslScope;
  /** empty: every searchable object, Id only */
  readonly returning: readonly SoslReturning[];
  readonly limit: number | undefined;
}
