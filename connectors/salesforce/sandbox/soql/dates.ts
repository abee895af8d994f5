/**
 * Date and datetime literals of SOQL: the unquoted `2024-01-31` / `2024-01-31T10:00:00+02:00`
 * forms and the relative ranges (TODAY, LAST_N_DAYS:n…). Ranges are computed in UTC (the sandbox
 * has no user time zone) with weeks starting on Sunday and fiscal periods equal to calendar ones,
 * as an en_US org with default fiscal settings has them.
 */

const DAY_MS = 86_400_000;

/** A half-open range of instants [start, end) in epoch ms. */
export interface DateRange {
  readonly start: number;
  readonly end: number;
}

/** The literals that take no `:n`. */
const FIXED = new Set([
  'YESTERDAY', 'TODAY', 'TOMORROW', 'LAST_WEEK', 'THIS_WEEK', 'NEXT_WEEK', 'LAST_MONTH', 'THIS_MONTH', 'NEXT_MONTH',
  'LAST_90_DAYS', 'NEXT_90_DAYS', 'THIS_QUARTER', 'LAST_QUARTER', 'NEXT_QUARTER', 'THIS_YEAR', 'LAST_YEAR', 'NEXT_YEAR',
  'THIS_FISCAL_QUARTER', 'LAST_FISCAL_QUARTER', 'NEXT_FISCAL_QUARTER', 'THIS_FISCAL_YEAR', 'LAST_FISCAL_YEAR', 'NEXT_FISCAL_YEAR',
]);

/** The literals written `NAME:n`. */
const WITH_N = new Set([
  'LAST_N_DAYS', 'NEXT_N_DAYS', 'N_DAYS_AGO', 'LAST_N_WEEKS', 'NEXT_N_WEEKS', 'N_WEEKS_AGO', 'LAST_N_MONTHS', 'NEXT_N_MONTHS',
  'N_MONTHS_AGO', 'LAST_N_QUARTERS', 'NEXT_N_QUARTERS', 'N_QUARTERS_AGO', 'LAST_N_YEARS', 'NEXT_N_YEARS', 'N_YEARS_AGO',
  'LAST_N_FISCAL_QUARTERS', 'NEXT_N_FISCAL_QUARTERS', 'N_FISCAL_QUARTERS_AGO', 'LAST_N_FISCAL_YEARS', 'NEXT_N_FISCAL_YEARS', 'N_FISCAL_YEARS_AGO',
]);

/** Whether an upper-cased identifier is a date literal, and whether it needs `:n`. */
export function dateLiteralKind(upper: string): 'fixed' | 'withN' | undefined {
  if (FIXED.has(upper)) return 'fixed';
  if (WITH_N.has(upper)) return 'withN';
  return undefined;
}

/** `YYYY-MM-DD` if the text is a real calendar date, else undefined. */
export function dateLiteralValue(raw: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === raw && Number(m[1]) > 0 ? raw : undefined;
}

const DATETIME = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;

/** Epoch ms of a SOQL datetime literal (a zone is required), or undefined when malformed or out of range. */
export function dateTimeLiteralValue(raw: string): number | undefined {
  const m = DATETIME.exec(raw);
  if (!m) return undefined;
  const [, day, hh, mi, ss, frac, , sign, oh, om] = m;
  if (dateLiteralValue(day!) === undefined) return undefined;
  if (Number(hh) > 23 || Number(mi) > 59 || Number(ss) > 59) return undefined;
  if (sign && (Number(oh) > 23 || Number(om) > 59)) return undefined;
  const base = Date.parse(`${day}T00:00:00Z`);
  const millis = Number((frac ?? '0').slice(0, 3).padEnd(3, '0'));
  let ms = base + ((Number(hh) * 60 + Number(mi)) * 60 + Number(ss)) * 1000 + millis;
  if (sign) ms -= (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000;
  return ms;
}

/** Epoch ms of midnight UTC of a `YYYY-MM-DD` date. */
export function dateToMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/** The instants a relative date literal covers at `now`. */
export function dateLiteralRange(name: string, n: number | undefined, now: number): DateRange {
  const today = Math.floor(now / DAY_MS);
  const d = new Date(today * DAY_MS);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth();
  const weekStart = today - d.getUTCDay();
  const quarterMonth = month - (month % 3);
  const k = n ?? 0;
  const days = (a: number, b: number): DateRange => ({ start: a * DAY_MS, end: b * DAY_MS });
  const months = (a: number, b: number): DateRange => ({ start: Date.UTC(year, a, 1), end: Date.UTC(year, b, 1) });
  switch (name.replace('_FISCAL', '')) {
    case 'YESTERDAY': return days(today - 1, today);
    case 'TODAY': return days(today, today + 1);
    case 'TOMORROW': return days(today + 1, today + 2);
    case 'LAST_WEEK': return days(weekStart - 7, weekStart);
    case 'THIS_WEEK': return days(weekStart, weekStart + 7);
    case 'NEXT_WEEK': return days(weekStart + 7, weekStart + 14);
    case 'LAST_MONTH': return months(month - 1, month);
    case 'THIS_MONTH': return months(month, month + 1);
    case 'NEXT_MONTH': return months(month + 1, month + 2);
    // LAST_90_DAYS and LAST_N_DAYS include today; NEXT_90_DAYS and NEXT_N_DAYS start tomorrow
    case 'LAST_90_DAYS': return days(today - 90, today + 1);
    case 'NEXT_90_DAYS': return days(today + 1, today + 91);
    case 'LAST_N_DAYS': return days(today - k, today + 1);
    case 'NEXT_N_DAYS': return days(today + 1, today + 1 + k);
    case 'N_DAYS_AGO': return days(today - k, today - k + 1);
    case 'LAST_N_WEEKS': return days(weekStart - 7 * k, weekStart);
    case 'NEXT_N_WEEKS': return days(weekStart + 7, weekStart + 7 + 7 * k);
    case 'N_WEEKS_AGO': return days(weekStart - 7 * k, weekStart - 7 * k + 7);
    case 'LAST_N_MONTHS': return months(month - k, month);
    case 'NEXT_N_MONTHS': return months(month + 1, month + 1 + k);
    case 'N_MONTHS_AGO': return months(month - k, month - k + 1);
    case 'THIS_QUARTER': return months(quarterMonth, quarterMonth + 3);
    case 'LAST_QUARTER': return months(quarterMonth - 3, quarterMonth);
    case 'NEXT_QUARTER': return months(quarterMonth + 3, quarterMonth + 6);
    case 'LAST_N_QUARTERS': return months(quarterMonth - 3 * k, quarterMonth);
    case 'NEXT_N_QUARTERS': return months(quarterMonth + 3, quarterMonth + 3 + 3 * k);
    case 'N_QUARTERS_AGO': return months(quarterMonth - 3 * k, quarterMonth - 3 * k + 3);
    case 'THIS_YEAR': return months(0, 12);
    case 'LAST_YEAR': return months(-12, 0);
    case 'NEXT_YEAR': return months(12, 24);
    case 'LAST_N_YEARS': return months(-12 * k, 0);
    case 'NEXT_N_YEARS': return months(12, 12 + 12 * k);
    case 'N_YEARS_AGO': return months(-12 * k, -12 * k + 12);
    default: throw new Error(`not a date literal: ${name}`);
  }
}
