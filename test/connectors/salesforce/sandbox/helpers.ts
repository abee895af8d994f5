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
