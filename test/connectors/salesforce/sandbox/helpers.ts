import { afterAll, beforeAll } from 'vitest';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../../connectors/salesforce/sandbox/index.js';

export const CLIENT_ID = 'ferry-sandbox-client';
export const CLIENT_SECRET = 'ferry-sandbox-secret';
export const USERNAME = 'admin@ferry.sandbox';
export const PASSWORD = 'ferry-password';
export const SECURITY_TOKEN = 'ferry-token';

/** A sandbox on a free port for the test file, reset before nothing; closed after the file. */
export function useSandbox(options: SandboxOptions = {}): { readonly sandbox: Sandbox; readonly url: string } {
  const holder: { sandbox?: Sandbox } = {};
  beforeAll(async () => {
    holder.sandbox = await startSandbox({ port: 0, ...options });
  });
  afterAll(() => holder.sandbox?.close());
  return {
    get sandbox() {
      return holder.sandbox!;
    },
    get url() {
      return holder.sandbox!.url;
    },
  };
}

/** POST a form to the token endpoint; returns status and parsed JSON. */
export async function tokenRequest(url: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, string> }> {
  const res = await fetch(`${url}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

/** An access token for the default user (password grant). */
export async function login(url: string): Promise<string> {
  const { status, body } = await tokenRequest(url, { grant_type: 'password', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, username: USERNAME, password: PASSWORD + SECURITY_TOKEN });
  if (status !== 200) throw new Error(`login failed: ${JSON.stringify(body)}`);
  return body.access_token!;
}

/** A sandbox answer: status, headers, the body as text, and as JSON when it is JSON. */
export interface ApiAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: any;
}

/**
 * A caller of the sandbox's REST and Bulk APIs for a test file, logged in as the default user
 * before its tests: an object body goes as JSON, a string as CSV.
 */
export function useApi(ctx: { readonly url: string }) {
  let token = '';
  beforeAll(async () => {
    token = await login(ctx.url);
  });
  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer> {
    const isText = typeof body === 'string';
    const res = await fetch(`${ctx.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': isText ? 'text/csv' : 'application/json' }), ...headers },
      body: body === undefined ? undefined : isText ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  }
  /** Poll a Bulk job until it has finished; its info. */
  async function waitForJob(kind: 'ingest' | 'query', id: string, version = '/services/data/v62.0'): Promise<Record<string, unknown>> {
    for (let i = 0; i < 1000; i++) {
      const { json } = await call('GET', `${version}/jobs/${kind}/${id}`);
      if (['JobComplete', 'Failed', 'Aborted'].includes(json.state)) return json;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`job ${id} did not finish`);
  }
  return {
    call,
    waitForJob,
    /** log in again (after the org's reset or a clock jump expired the session) */
    async relogin(): Promise<void> {
      token = await login(ctx.url);
    },
    get token() {
      return token;
    },
  };
}
