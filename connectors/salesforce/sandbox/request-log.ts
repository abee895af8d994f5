import { redactText, redactValue } from '../../../src/logging/redact.js';

export interface LoggedRequest {
  readonly at: string;
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly headers: Record<string, unknown>;
  /** the body as text (truncated), secrets masked; streamed bodies are noted, not kept */
  readonly body: string | null;
  status?: number;
}

const MAX_KEPT = 500;
const MAX_BODY = 16 * 1024;

/** What the sandbox was asked, newest last, for `GET /__sandbox/requests`; secrets are masked. */
export class RequestLog {
  readonly #entries: LoggedRequest[] = [];

  /** Record a request; returns the entry so the status can be added when the answer goes out. */
  add(method: string, url: string, headers: Record<string, unknown>, body: string | null, at: number): LoggedRequest {
    const q = url.indexOf('?');
    const entry: LoggedRequest = {
      at: new Date(at).toISOString(),
      method,
      path: q === -1 ? url : url.slice(0, q),
      query: q === -1 ? '' : redactText(url.slice(q + 1)),
      headers: redactValue(headers) as Record<string, unknown>,
      body: body === null ? null : redactText(body.length > MAX_BODY ? `${body.slice(0, MAX_BODY)}…(truncated)` : body),
    };
    this.#entries.push(entry);
    if (this.#entries.length > MAX_KEPT) this.#entries.shift();
    return entry;
  }

  list(): readonly LoggedRequest[] {
    return this.#entries;
  }

  clear(): void {
    this.#entries.length = 0;
  }
}
