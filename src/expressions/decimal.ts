/**
 * Exact decimal arithmetic for the few places MI uses BigDecimal: `+ - * %` on non-integers and
 * round(x, places). MI computes `0.1 + 0.2` as BigDecimal("0.1").add(BigDecimal("0.2")) = 0.3, so
 * users porting flows expect 0.3, not 0.30000000000000004. A number is taken at its shortest
 * round-trip text (what JSON.stringify prints) and scaled to an integer; the integer result is
 * divided by a power of ten once, which rounds correctly. Small operands use exact Number
 * integers (fast); anything beyond 2^53 falls back to BigInt.
 */

interface Dec {
  /** value = mant × 10^-scale */
  mant: bigint;
  scale: number;
}

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** Digits after the decimal point in the shortest text of n, or -1 when it prints with an exponent. */
function decimals(n: number): number {
  const t = String(n);
  if (t.includes('e')) return -1;
  const dot = t.indexOf('.');
  return dot < 0 ? 0 : t.length - dot - 1;
}

function toDec(n: number): Dec {
  const text = String(n);
  const e = text.indexOf('e');
  const body = e < 0 ? text : text.slice(0, e);
  const exp = e < 0 ? 0 : Number(text.slice(e + 1));
  const dot = body.indexOf('.');
  const digits = dot < 0 ? body : body.slice(0, dot) + body.slice(dot + 1);
  let scale = (dot < 0 ? 0 : body.length - dot - 1) - exp;
  let mant = BigInt(digits);
  if (scale < 0) {
    mant *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { mant, scale };
}

function fromDec(d: Dec): number {
  return Number(`${d.mant}e-${d.scale}`);
}

function align(a: Dec, b: Dec): [bigint, bigint, number] {
  if (a.scale === b.scale) return [a.mant, b.mant, a.scale];
  if (a.scale > b.scale) return [a.mant, b.mant * 10n ** BigInt(a.scale - b.scale), a.scale];
  return [a.mant * 10n ** BigInt(b.scale - a.scale), b.mant, b.scale];
}

type Op = '+' | '*' | '%';

function bigOp(op: Op, a: number, b: number): number {
  if (op === '*') {
    const x = toDec(a);
    const y = toDec(b);
    return fromDec({ mant: x.mant * y.mant, scale: x.scale + y.scale });
  }
  const [x, y, scale] = align(toDec(a), toDec(b));
  return fromDec({ mant: op === '+' ? x + y : x % y, scale });
}

function decimalOp(op: Op, a: number, b: number): number {
  const plain = op === '+' ? a + b : op === '*' ? a * b : a % b;
  if ((Number.isInteger(a) && Number.isInteger(b)) || !Number.isFinite(plain)) return plain;
  const da = decimals(a);
  const db = decimals(b);
  const scale = op === '*' ? da + db : Math.max(da, db);
  if (da >= 0 && db >= 0 && scale < POW10.length) {
    const x = Math.round(a * (POW10[op === '*' ? da : scale] as number));
    const y = Math.round(b * (POW10[op === '*' ? db : scale] as number));
    const r = op === '+' ? x + y : op === '*' ? x * y : x % y;
    if (Number.isSafeInteger(x) && Number.isSafeInteger(y) && Number.isSafeInteger(r)) return r / (POW10[scale] as number);
  }
  return bigOp(op, a, b);
}

/** a + b as MI's BigDecimal would compute it. */
export function decAdd(a: number, b: number): number {
  return decimalOp('+', a, b);
}

/** a - b as MI's BigDecimal would compute it. */
export function decSub(a: number, b: number): number {
  return decimalOp('+', a, -b);
}

/** a × b as MI's BigDecimal would compute it. */
export function decMul(a: number, b: number): number {
  return decimalOp('*', a, b);
}

/** a % b (sign of the dividend, like BigDecimal.remainder); b must not be 0. */
export function decMod(a: number, b: number): number {
  return decimalOp('%', a, b);
}

/** Round to `places` decimals, halves away from zero (BigDecimal HALF_UP, as MI's round(x, n)). */
export function decRound(n: number, places: number): number {
  if (!Number.isFinite(n)) return n;
  const d = toDec(n);
  if (d.scale <= places) return n;
  const div = 10n ** BigInt(d.scale - places);
  const neg = d.mant < 0n;
  const abs = neg ? -d.mant : d.mant;
  let q = abs / div;
  if ((abs % div) * 2n >= div) q += 1n;
  return fromDec({ mant: neg ? -q : q, scale: places });
}
