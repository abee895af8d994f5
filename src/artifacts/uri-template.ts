/** A resource's uriTemplate, checked and translated once at load. */
export interface UriTemplate {
  readonly source: string;
  /** the path part in Fastify (find-my-way) syntax: /users/:id, /files/* */
  readonly routePath: string;
  /** the path with every parameter replaced by {} — equal shapes would match the same requests */
  readonly shape: string;
  readonly pathParams: readonly string[];
  /** query-template bindings: `?q={q}` binds query parameter q to the name q */
  readonly queryParams: readonly { readonly param: string; readonly name: string }[];
}

export class UriTemplateError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Parse `/users/{id}/orders?status={status}`. Parameters fill whole segments or parts of one
 * (`/{name}.json`); a trailing `/*` matches the rest of the path (read as pathParams["*"]).
 */
export function parseUriTemplate(source: string): UriTemplate {
  const q = source.indexOf('?');
  const path = q === -1 ? source : source.slice(0, q);
  const query = q === -1 ? '' : source.slice(q + 1);
  if (!path.startsWith('/')) throw new UriTemplateError('uriTemplate must start with /', 0);

  const pathParams: string[] = [];
  let routePath = '';
  let shape = '';
  for (let i = 0; i < path.length; i++) {
    const ch = path[i]!;
    if (ch === '{') {
      const close = path.indexOf('}', i);
      if (close === -1) throw new UriTemplateError("unclosed '{' in uriTemplate", i);
      const name = path.slice(i + 1, close);
      if (!IDENT.test(name)) throw new UriTemplateError(`path parameter name '${name}' must be an identifier`, i + 1);
      if (pathParams.includes(name)) throw new UriTemplateError(`path parameter '${name}' appears twice`, i + 1);
      if (i > 0 && path[i - 1] === '}') throw new UriTemplateError('two parameters need a separator between them', i);
      pathParams.push(name);
      routePath += `:${name}`;
      shape += '{}';
      i = close;
    } else if (ch === '}') {
      throw new UriTemplateError("unmatched '}' in uriTemplate", i);
    } else if (ch === '*') {
      if (i !== path.length - 1 || path[i - 1] !== '/') throw new UriTemplateError("'*' is only allowed as the last segment (/prefix/*)", i);
      routePath += '*';
      shape += '*';
    } else if (ch === ':') {
      // find-my-way reads ':' as a parameter; a literal one is written '::'
      routePath += '::';
      shape += ':';
    } else {
      routePath += ch;
      shape += ch;
    }
  }

  const queryParams: { param: string; name: string }[] = [];
  if (query) {
    let offset = q + 1;
    for (const part of query.split('&')) {
      const m = /^([^=]+)=\{([^}]*)\}$/.exec(part);
      if (!m) throw new UriTemplateError(`query template part '${part}' must look like name={var}`, offset);
      if (!IDENT.test(m[2]!)) throw new UriTemplateError(`query variable name '${m[2]}' must be an identifier`, offset + m[1]!.length + 2);
      // both bind into pathParams (MI's uri.var), so one name cannot come from two places
      if (pathParams.includes(m[2]!)) throw new UriTemplateError(`'${m[2]}' is already a path parameter`, offset + m[1]!.length + 2);
      let param: string;
      try {
        param = decodeURIComponent(m[1]!);
      } catch {
        throw new UriTemplateError(`query parameter name '${m[1]}' is not valid percent-encoding`, offset);
      }
      queryParams.push({ param, name: m[2]! });
      offset += part.length + 1;
    }
  }
  return { source, routePath, shape, pathParams, queryParams };
}

/** Join an API context and a resource path without doubling or dropping slashes. */
export function joinPath(context: string, path: string): string {
  const base = context.endsWith('/') ? context.slice(0, -1) : context;
  if (path === '/' || path === '') return base === '' ? '/' : base;
  return base + path;
}
