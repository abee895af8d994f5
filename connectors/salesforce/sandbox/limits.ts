/**
 * The daily API request limit: every authenticated REST, SOAP and Bulk call counts (composite
 * counts once, composite/batch once per subrequest), reported in `Sforce-Limit-Info` and SOAP's
 * LimitInfoHeader; when the limit is used up, calls answer REQUEST_LIMIT_EXCEEDED.
 */
export class ApiLimits {
  max: number;
  used: number;

  constructor(max = 15000, used = 0) {
    this.max = max;
    this.used = used;
  }

  /** Count one call; false when the limit was already reached (the call must be refused). */
  take(count = 1): boolean {
    if (this.used >= this.max) return false;
    this.used += count;
    return true;
  }

  /** The `Sforce-Limit-Info` header value. */
  header(): string {
    return `api-usage=${this.used}/${this.max}`;
  }
}
