/**
 * Wildcard patterns for SOQL LIKE (`%` any run, `_` any one character) and SOSL search words
 * (`*` and `?`), matched without RegExp: a translated pattern such as `.*a.*a.*a.*b` backtracks
 * exponentially on a long value that almost matches, and one query could stall the whole sandbox.
 *
 * A pattern is a list of fixed-length segments separated by any-run wildcards. The first segment
 * is anchored at the start and the last at the end; each middle segment is taken at its leftmost
 * position after the previous one, which is always safe because segments have fixed lengths and a
 * leftmost match leaves the most room for the rest. Cost: one scan of the value per segment, times
 * the segment's length only for segments holding a single-character wildcard.
 */

/** A piece between any-run wildcards: case-folded text, and where its single-character wildcards sit. */
interface Segment {
  readonly text: string;
  /** `anyAt[i]`: position i matches any character; undefined when the segment is all literal */
  readonly anyAt: readonly boolean[] | undefined;
}

/** A compiled wildcard pattern; build it with WildcardBuilder, test it with matchesWildcard. */
export interface Wildcard {
  /** at least one; `%` alone is two empty segments */
  readonly segments: readonly Segment[];
}

/** Collects a pattern unit by unit (literal characters and the two wildcards) into a Wildcard. */
export class WildcardBuilder {
  readonly #segments: Segment[] = [];
  #text = '';
  #anyAt: boolean[] | undefined;

  /** Characters that match themselves (case-insensitively). */
  literal(chars: string): void {
    this.#text += chars;
    for (let i = 0; i < chars.length && this.#anyAt; i++) this.#anyAt.push(false);
  }

  /** A wildcard for any single character (`_`, SOSL `?`). */
  anyOne(): void {
    this.#anyAt ??= new Array<boolean>(this.#text.length).fill(false);
    this.#text += '?';
    this.#anyAt.push(true);
  }

  /** A wildcard for any run of characters, empty included (`%`, SOSL `*`). */
  anyRun(): void {
    this.#segments.push(this.#segment());
    this.#text = '';
    this.#anyAt = undefined;
  }

  /** The pattern collected so far. */
  build(): Wildcard {
    return { segments: [...this.#segments, this.#segment()] };
  }

  // folded as a whole, so a surrogate pair added one unit at a time folds as the value's will
  #segment(): Segment {
    return { text: fold(this.#text), anyAt: this.#anyAt };
  }
}

/** Whether the whole of `value` matches the pattern, ignoring case. */
export function matchesWildcard(pattern: Wildcard, value: string): boolean {
  const text = fold(value);
  const segments = pattern.segments;
  const first = segments[0]!;
  if (segments.length === 1) return text.length === first.text.length && matchesAt(first, text, 0);
  const last = segments[segments.length - 1]!;
  // the last segment is pinned to the end; the middle ones must fit before it
  const end = text.length - last.text.length;
  if (end < first.text.length || !matchesAt(first, text, 0)) return false;
  let from = first.text.length;
  for (let k = 1; k < segments.length - 1; k++) {
    const segment = segments[k]!;
    const at = leftmost(segment, text, from, end);
    if (at < 0) return false;
    from = at + segment.text.length;
  }
  return matchesAt(last, text, end);
}

/** The first position at or after `from` where `segment` matches and ends by `end`, or -1. */
function leftmost(segment: Segment, text: string, from: number, end: number): number {
  const length = segment.text.length;
  if (!segment.anyAt) {
    const at = text.indexOf(segment.text, from);
    return at >= 0 && at + length <= end ? at : -1;
  }
  for (let at = from; at + length <= end; at++) {
    if (matchesAt(segment, text, at)) return at;
  }
  return -1;
}

function matchesAt(segment: Segment, text: string, at: number): boolean {
  const { text: wanted, anyAt } = segment;
  for (let i = 0; i < wanted.length; i++) {
    if (!anyAt?.[i] && text.charCodeAt(at + i) !== wanted.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * Upper case, one UTF-16 unit for one (as the `i` flag of the RegExp this replaces compared):
 * a unit whose upper case is longer (`ß` → `SS`) stays as it is, so `_` still spans one unit.
 */
function fold(value: string): string {
  const upper = value.toUpperCase();
  if (upper.length === value.length) return upper;
  let out = '';
  for (const ch of value) {
    const u = ch.toUpperCase();
    out += u.length === ch.length ? u : ch;
  }
  return out;
}
