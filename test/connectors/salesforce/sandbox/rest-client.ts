import { login } from './helpers.js';

/** A REST answer as the tests look at it: status, headers, and the body parsed when it is JSON. */
export interface RestAnswer {
  readonly status: number;
  readonly headers: Headers;
  /** parsed JSON, the raw text otherwise, undefined when empty */
  readonly body: any;
  readonly text: string;
}

export interface CallOptions {
  readonly body?: unknown;
  /** raw request body text (sent as JSON content) instead of `body` */
  readonly raw?: string;
  readonly headers?: Record<string, string>;
  /** API version, default 62.0 */
  readonly version?: string;
  /** another token, or null for none */
  readonly token?: string | null;
}

/** A REST client for one sandbox: logs in once, then calls `/services/data/vNN.N` + path. */
export function restClient(url: () => string) {
  let token: string | undefined;
  const call = async (method: string, path: string, options: CallOptions = {}): Promise<RestAnswer> => {
    token ??= await login(url());
    const auth = options.token === null ? undefined : options.token ?? token;
    const full = path.startsWith('/services/') ? path : `/services/data/v${options.version ?? '62.0'}${path}`;
    const hasBody = options.body !== undefined || options.raw !== undefined;
    const res = await fetch(`${url()}${full}`, {
      method,
      headers: {
        ...(auth ? { authorization: `Bearer ${auth}` } : {}),
        ...(hasBody ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
    const text = await res.text();
    let body: unknown = text === '' ? undefined : text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text !== '') body = JSON.parse(text);
    return { status: res.status, headers: res.headers, body, text };
  };
  return {
    call,
    get: (path: string, options?: CallOptions) => call('GET', path, options),
    post: (path: string, body: unknown, options?: CallOptions) => call('POST', path, { ...options, body }),
    patch: (path: string, body: unknown, options?: CallOptions) => call('PATCH', path, { ...options, body }),
    del: (path: string, options?: CallOptions) => call('DELETE', path, options),
    token: async () => (token ??= await login(url())),
  };
}

/** The 15-character form of an 18-character id. */
export function id15(id: string): string {
  return id.slice(0, 15);
}

/** Record ids look like Salesforce's: 18 characters, the object's key prefix first. */
export const ID18 = (prefix: string): RegExp => new RegExp(`^${prefix}[A-Za-z0-9]{12}[A-Z0-5]{3}$`);

/** REST datetime text: `2021-12-03T17:59:20.000+0000`. */
export const REST_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/;
