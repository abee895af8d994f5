/** A fault to inject into the next matching requests (`POST /__sandbox/faults`). */
export interface FaultRule {
  /** HTTP method to match; any when absent */
  readonly method?: string;
  /** a regular expression matched against the path (no query string) */
  readonly path: string;
  /** how many matching requests it applies to (default 1) */
  remaining: number;
  /** answer with this status (and body/headers) instead of the real answer */
  readonly status?: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** wait this long first (alone: the real answer comes late, for timeout tests) */
  readonly delayMs?: number;
  /** close the connection without answering */
  readonly drop?: boolean;
}

interface ActiveRule extends FaultRule {
  readonly pattern: RegExp;
}

/** Fault injection: the next N requests matching a method and path get a status, a delay or a dropped connection. */
export class FaultInjector {
  readonly #rules: ActiveRule[] = [];

  /** Add a rule; throws on an invalid pattern. */
  add(rule: Omit<FaultRule, 'remaining'> & { count?: number }): FaultRule {
    const active: ActiveRule = { ...rule, remaining: rule.count ?? 1, pattern: new RegExp(rule.path) };
    this.#rules.push(active);
    return active;
  }

  /** The rule that applies to this request (its count is used up), if any. */
  take(method: string, path: string): FaultRule | undefined {
    const i = this.#rules.findIndex((r) => r.remaining > 0 && (!r.method || r.method.toUpperCase() === method) && r.pattern.test(path));
    if (i === -1) return undefined;
    const rule = this.#rules[i]!;
    rule.remaining--;
    if (rule.remaining <= 0) this.#rules.splice(i, 1);
    return rule;
  }

  list(): readonly FaultRule[] {
    return this.#rules.map(({ pattern: _pattern, ...rule }) => rule);
  }

  clear(): void {
    this.#rules.length = 0;
  }
}
