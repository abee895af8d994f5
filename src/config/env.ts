const ENV_REF = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export interface EnvProblem {
  readonly path: (string | number)[];
  /** character index of the reference inside the string */
  readonly index: number;
  readonly name: string;
}

/**
 * Replace `${env:NAME}` and `${env:NAME:-default}` in every string of a config tree. Values stay
 * strings (a password of digits must not turn into a number); the config schema coerces where
 * it expects a number. Unset variables without a default (or set to the empty string) are
 * returned as problems, never silently empty.
 */
export function substituteEnv(value: unknown, env: NodeJS.ProcessEnv, problems: EnvProblem[], path: (string | number)[] = []): unknown {
  if (typeof value === 'string') {
    if (!value.includes('${env:')) return value;
    return value.replace(ENV_REF, (ref, name: string, fallback: string | undefined, index: number) => {
      const resolved = lookup(name, fallback, env);
      if (resolved === undefined) {
        problems.push({ path, index, name });
        return ref;
      }
      return resolved;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => substituteEnv(v, env, problems, [...path, i]));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = substituteEnv(v, env, problems, [...path, k]);
    return out;
  }
  return value;
}

function lookup(name: string, fallback: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const value = env[name];
  if (value !== undefined && value !== '') return value;
  return fallback;
}
