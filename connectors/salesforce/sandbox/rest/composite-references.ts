/**
 * Composite references: `@{refAccount.id}`, `@{refContact.records[0].Id}`, `@{newAccounts[0].id}`
 * in a later subrequest's url or body, resolved against earlier subrequests' response bodies.
 * Field names are case-sensitive (`@{refAccount.Id}` finds nothing after a create), as in Salesforce.
 */

const REFERENCE = /@\{([^{}]*)\}/g;
const WHOLE_REFERENCE = /^@\{([^{}]*)\}$/;
const STEP = /^(?:\.([^.[\]]+)|\[(\d+)\])/;

/** Why a reference could not be resolved: the PROCESSING_HALTED message of the dependent subrequest. */
class Unresolved {
  constructor(readonly message: string) {}
}

/** A substituted value, or the PROCESSING_HALTED message that stops the subrequest. */
export type Substitution = { readonly value: unknown } | { readonly halted: string };

/** The earlier results of one composite request (or one graph), by referenceId. */
export class CompositeReferences {
  readonly #results = new Map<string, { readonly ok: boolean; readonly body: unknown }>();
  readonly #nullsResolve: boolean;

  /** `nullsResolve`: from API 52.0 a reference to a null field resolves (to null) instead of failing. */
  constructor(nullsResolve: boolean) {
    this.#nullsResolve = nullsResolve;
  }

  /** Remember a subrequest's outcome so later subrequests can refer to it. */
  record(referenceId: string, ok: boolean, body: unknown): void {
    this.#results.set(referenceId, { ok, body });
  }

  /**
   * The value with every `@{…}` replaced. A string that is exactly one reference takes the
   * referenced value as it is (a number stays a number); references inside longer strings are
   * spliced in as text.
   */
  substitute(value: unknown): Substitution {
    try {
      return { value: this.#walk(value) };
    } catch (err) {
      if (err instanceof Unresolved) return { halted: err.message };
      throw err;
    }
  }

  #walk(value: unknown): unknown {
    if (typeof value === 'string') {
      const whole = WHOLE_REFERENCE.exec(value);
      if (whole) return this.#lookup(whole[1]!);
      return value.replace(REFERENCE, (_match, expr: string) => {
        const resolved = this.#lookup(expr);
        return resolved === null ? '' : String(resolved);
      });
    }
    if (Array.isArray(value)) return value.map((v) => this.#walk(v));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.#walk(v);
      return out;
    }
    return value;
  }

  #lookup(expr: string): unknown {
    const head = /^[A-Za-z0-9_]+/.exec(expr);
    const name = head?.[0] ?? expr;
    const entry = this.#results.get(name);
    if (!head || !entry) throw noValue(expr, name);
    if (!entry.ok) throw new Unresolved(`Execution halted as previous operation (${name}) was not successful.`);
    let current: unknown = entry.body;
    let rest = expr.slice(name.length);
    while (rest !== '') {
      const step = STEP.exec(rest);
      if (!step) throw noValue(expr, name);
      if (step[1] !== undefined) {
        if (current === null || typeof current !== 'object' || Array.isArray(current) || !Object.hasOwn(current, step[1])) throw noValue(expr, name);
        current = (current as Record<string, unknown>)[step[1]];
      } else {
        const index = Number(step[2]);
        if (!Array.isArray(current) || index >= current.length) throw noValue(expr, name);
        current = current[index];
      }
      rest = rest.slice(step[0].length);
    }
    if (current === null) {
      if (this.#nullsResolve) return null;
      throw noValue(expr, name);
    }
    // only scalars can be referenced (Salesforce lists DateTime, String, Boolean and number types)
    if (current === undefined || typeof current === 'object') throw noValue(expr, name);
    return current;
  }
}

function noValue(expr: string, name: string): Unresolved {
  return new Unresolved(
    `Invalid reference specified. No value for ${expr} found in ${name}. Provided referenceId ('${expr}') must start with a letter or a number, and it can contain only letters, numbers and underscores ('_').`,
  );
}
