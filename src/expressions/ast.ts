/**
 * The parsed form of an expression. Nodes carry `pos` (absolute offset of their first character)
 * so compile-time checks can report where they failed. `lenient` marks nodes written inside a
 * JSONPath filter `[?( … )]`, where MI hands evaluation to Jayway JSONPath: there a comparison of
 * mismatched or missing values is simply false instead of an error.
 */

export type Root =
  | 'payload'
  | 'vars'
  | 'headers'
  | 'props'
  | 'pathParams'
  | 'queryParams'
  | 'functionParams'
  | 'configs'
  | 'error'
  /** `@`, the element a filter is looking at */
  | 'current';

export type AggregateName = 'length' | 'size' | 'min' | 'max' | 'avg' | 'sum' | 'stddev' | 'keys' | 'first' | 'last';

export type Step =
  | { readonly kind: 'prop'; readonly name: string; readonly pos: number; readonly dotted: boolean }
  | { readonly kind: 'index'; readonly index: number; readonly pos: number }
  | { readonly kind: 'dynamic'; readonly expr: Node; readonly pos: number }
  | { readonly kind: 'wildcard'; readonly pos: number }
  | { readonly kind: 'deep'; readonly name: string | null; readonly pos: number }
  | { readonly kind: 'slice'; readonly start: Node | null; readonly end: Node | null; readonly step: Node | null; readonly pos: number }
  | { readonly kind: 'union'; readonly keys: readonly Node[]; readonly pos: number }
  | { readonly kind: 'filter'; readonly pred: Node; readonly pos: number }
  | { readonly kind: 'aggregate'; readonly name: AggregateName; readonly pos: number };

export type BinaryOp =
  | '+' | '-' | '*' | '/' | '%'
  | '==' | '!=' | '<' | '<=' | '>' | '>='
  | 'in' | 'nin' | 'subsetof' | 'anyof' | 'noneof' | 'size' | 'empty' | '=~';

export type Node =
  | { readonly kind: 'literal'; readonly value: unknown; readonly pos: number }
  | { readonly kind: 'regex'; readonly re: RegExp; readonly pos: number }
  | { readonly kind: 'array'; readonly items: readonly Node[]; readonly pos: number }
  | { readonly kind: 'path'; readonly base: Root | Node; readonly steps: readonly Step[]; readonly pos: number }
  | { readonly kind: 'unary'; readonly op: '!' | '-'; readonly arg: Node; readonly lenient: boolean; readonly pos: number }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Node; readonly right: Node; readonly lenient: boolean; readonly pos: number }
  | { readonly kind: 'logical'; readonly op: '&&' | '||'; readonly left: Node; readonly right: Node; readonly lenient: boolean; readonly pos: number }
  | { readonly kind: 'conditional'; readonly test: Node; readonly then: Node; readonly otherwise: Node; readonly pos: number }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Node[]; readonly pos: number }
  | { readonly kind: 'exists'; readonly arg: Node; readonly pos: number };

/** A plain path: a scope root followed only by name and literal index steps. */
export function isPlainPath(node: Node): boolean {
  if (node.kind !== 'path' || typeof node.base !== 'string' || node.base === 'current') return false;
  return node.steps.every((s) => s.kind === 'prop' || s.kind === 'index');
}
