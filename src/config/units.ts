const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/;
const SIZE = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)$/i;
const MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
const BYTES = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 } as const;

/** JSON Schema for a duration: milliseconds as a number, or "500ms", "30s", "2m", "1h". */
export const DURATION_SCHEMA = Object.freeze({
  anyOf: [
    { type: 'integer', minimum: 0 },
    { type: 'string', pattern: DURATION.source },
  ],
});

/** JSON Schema for a size: bytes as a number, or "512kb", "10mb", "1gb". */
export const SIZE_SCHEMA = Object.freeze({
  anyOf: [
    { type: 'integer', minimum: 0 },
    { type: 'string', pattern: SIZE.source.replace('(b|kb|mb|gb)', '([bB]|[kK][bB]|[mM][bB]|[gG][bB])') },
  ],
});

/** Milliseconds of a schema-valid duration. */
export function toMillis(value: number | string): number {
  if (typeof value === 'number') return value;
  const m = DURATION.exec(value.trim());
  if (!m) throw new Error(`not a duration: ${value}`);
  return Math.round(Number(m[1]) * MS[m[2] as keyof typeof MS]);
}

/** Bytes of a schema-valid size. */
export function toBytes(value: number | string): number {
  if (typeof value === 'number') return value;
  const m = SIZE.exec(value.trim());
  if (!m) throw new Error(`not a size: ${value}`);
  return Math.round(Number(m[1]) * BYTES[m[2]!.toLowerCase() as keyof typeof BYTES]);
}
