/**
 * Java DateTimeFormatter patterns (what MI's formatDateTime() passes to DateTimeFormatter.ofPattern),
 * compiled once into a list of parts that can both format and parse. The subset covers the letters
 * integration flows use; any other letter is refused when the pattern is compiled.
 */

export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}
export interface LocalTime {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly nano: number;
}
/** A date and/or time; `offset` in minutes east of UTC when the value carried one. */
export interface DateValue {
  readonly date?: LocalDate;
  readonly time?: LocalTime;
  readonly offset?: number;
}

type Part = { readonly lit: string } | { readonly letter: string; readonly count: number };

export interface DatePattern {
  readonly source: string;
  readonly parts: readonly Part[];
  /** built on first parse */
  parser?: { re: RegExp; fields: { letter: string; count: number }[] };
}

const DATE_LETTERS = 'yuMLdDE';
const TIME_LETTERS = 'ahHkKmsSn';
const MAX_COUNT: Readonly<Record<string, number>> = { y: 19, u: 19, M: 5, L: 5, d: 2, D: 3, E: 5, a: 1, h: 2, H: 2, k: 2, K: 2, m: 2, s: 2, S: 9, n: 9, Z: 5, X: 5, x: 5 };
const JAVA_ONLY = 'GQqYwWecFVvzONApgB';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Compile a Java pattern; throws an Error whose message explains the problem. */
export function compileDatePattern(source: string): DatePattern {
  const parts: Part[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i] as string;
    if (ch === "'") {
      const close = source.indexOf("'", i + 1);
      if (close === i + 1) {
        parts.push({ lit: "'" });
        i += 2;
        continue;
      }
      let text = '';
      let j = i + 1;
      for (;;) {
        const q = source.indexOf("'", j);
        if (q < 0) throw new Error(`unterminated quote in date pattern ${JSON.stringify(source)}`);
        text += source.slice(j, q);
        if (source[q + 1] === "'") {
          text += "'";
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      parts.push({ lit: text });
      continue;
    }
    if (/[A-Za-z]/.test(ch)) {
      let j = i;
      while (source[j] === ch) j++;
      const count = j - i;
      const max = MAX_COUNT[ch];
      if (max === undefined) {
        if (JAVA_ONLY.includes(ch)) throw new Error(`pattern letter '${ch}' is not supported by Ferry`);
        throw new Error(`unknown pattern letter '${ch}' in ${JSON.stringify(source)}; quote literal text, e.g. 'T'`);
      }
      if (count > max) throw new Error(`too many pattern letters '${ch.repeat(count)}' in ${JSON.stringify(source)}`);
      parts.push({ letter: ch, count });
      i = j;
      continue;
    }
    if ('[]{}#'.includes(ch)) throw new Error(`'${ch}' (optional sections and reserved characters) is not supported in date patterns; quote it to print it`);
    parts.push({ lit: ch });
    i++;
  }
  return { source, parts };
}

// ── formatting ─────────────────────────────────────────────────────────────────────────────────
function pad(n: number, width: number): string {
  const s = String(Math.abs(n)).padStart(width, '0');
  return n < 0 ? `-${s}` : s;
}

function dayOfWeek(d: LocalDate): number {
  const t = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
  const y = d.month < 3 ? d.year - 1 : d.year;
  const r = (y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) + (t[d.month - 1] as number) + d.day) % 7;
  return (r + 7) % 7;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function monthLength(y: number, m: number): number {
  return m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

function dayOfYear(d: LocalDate): number {
  let n = d.day;
  for (let m = 1; m < d.month; m++) n += monthLength(d.year, m);
  return n;
}

function text(name: string, count: number): string {
  return count === 4 ? name : count === 5 ? name.charAt(0) : name.slice(0, 3);
}

function formatOffset(minutes: number, letter: string, count: number): string {
  if (minutes === 0 && letter === 'X') return 'Z';
  if (letter === 'Z' && count === 4) return minutes === 0 ? 'GMT' : `GMT${formatOffset(minutes, 'x', 3)}`;
  if (letter === 'Z' && count === 5) return formatOffset(minutes, 'X', 3);
  const sign = minutes < 0 ? '-' : '+';
  const hh = pad(Math.floor(Math.abs(minutes) / 60), 2);
  const mm = pad(Math.abs(minutes) % 60, 2);
  if (letter === 'Z') return `${sign}${hh}${mm}`;
  if (count === 1) return mm === '00' ? `${sign}${hh}` : `${sign}${hh}${mm}`;
  return count % 2 === 0 ? `${sign}${hh}${mm}` : `${sign}${hh}:${mm}`;
}

function needDate(v: DateValue, letter: string): LocalDate {
  if (!v.date) throw new Error(`pattern letter '${letter}' needs a date but the value only has a time`);
  return v.date;
}

function needTime(v: DateValue, letter: string): LocalTime {
  if (!v.time) throw new Error(`pattern letter '${letter}' needs a time but the value only has a date`);
  return v.time;
}

function formatField(v: DateValue, letter: string, count: number): string {
  if (DATE_LETTERS.includes(letter)) {
    const d = needDate(v, letter);
    switch (letter) {
      case 'y':
      case 'u':
        return count === 2 ? pad(((d.year % 100) + 100) % 100, 2) : pad(d.year, count);
      case 'M':
      case 'L':
        return count <= 2 ? pad(d.month, count) : text(MONTHS[d.month - 1] as string, count);
      case 'd':
        return pad(d.day, count);
      case 'D':
        return pad(dayOfYear(d), count);
      default:
        return text(DAYS[dayOfWeek(d)] as string, count);
    }
  }
  if (TIME_LETTERS.includes(letter)) {
    const t = needTime(v, letter);
    switch (letter) {
      case 'a':
        return t.hour < 12 ? 'AM' : 'PM';
      case 'H':
        return pad(t.hour, count);
      case 'h':
        return pad(t.hour % 12 || 12, count);
      case 'k':
        return pad(t.hour || 24, count);
      case 'K':
        return pad(t.hour % 12, count);
      case 'm':
        return pad(t.minute, count);
      case 's':
        return pad(t.second, count);
      case 'S':
        return pad(t.nano, 9).slice(0, count);
      default:
        return pad(t.nano, count);
    }
  }
  // values without an offset are written as UTC (see datetime.ts)
  return formatOffset(v.offset ?? 0, letter, count);
}

/** Write `value` with a compiled pattern; throws when the pattern needs a field the value lacks. */
export function formatDate(pattern: DatePattern, value: DateValue): string {
  let out = '';
  for (const p of pattern.parts) out += 'lit' in p ? p.lit : formatField(value, p.letter, p.count);
  return out;
}

// ── parsing ────────────────────────────────────────────────────────────────────────────────────
function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function fieldRegex(letter: string, count: number): string {
  const names = (list: string[]): string => `(${list.map((n) => text(n, count)).join('|')})`;
  switch (letter) {
    case 'y':
    case 'u':
      return count === 2 ? '(\\d{2})' : count === 1 ? '([+-]?\\d{1,9})' : `([+-]?\\d{${count},9})`;
    case 'M':
    case 'L':
      if (count >= 5) throw new Error('narrow month names (MMMMM) cannot be parsed');
      return count === 1 ? '(\\d{1,2})' : count === 2 ? '(\\d{2})' : names(MONTHS);
    case 'E':
      if (count >= 5) throw new Error('narrow day names (EEEEE) cannot be parsed');
      return names(DAYS);
    case 'D':
      return `(\\d{${count},3})`;
    case 'a':
      return '(AM|PM)';
    case 'S':
      return `(\\d{${count}})`;
    case 'n':
      return '(\\d{1,9})';
    case 'Z':
      return count <= 3 ? '([+-]\\d{4})' : count === 4 ? '(GMT(?:[+-]\\d{2}:\\d{2})?)' : '(Z|[+-]\\d{2}:\\d{2})';
    case 'X':
    case 'x': {
      const z = letter === 'X' ? 'Z|' : '';
      const body = count === 1 ? '[+-]\\d{2}(?:\\d{2})?' : count % 2 === 0 ? '[+-]\\d{4}' : '[+-]\\d{2}:\\d{2}';
      return `(${z}${body})`;
    }
    default:
      return count === 1 ? '(\\d{1,2})' : '(\\d{2})';
  }
}

function parserOf(pattern: DatePattern): NonNullable<DatePattern['parser']> {
  if (pattern.parser) return pattern.parser;
  let src = '^';
  const fields: { letter: string; count: number }[] = [];
  for (const p of pattern.parts) {
    if ('lit' in p) src += escapeRe(p.lit);
    else {
      src += fieldRegex(p.letter, p.count);
      fields.push({ letter: p.letter, count: p.count });
    }
  }
  pattern.parser = { re: new RegExp(`${src}$`, 'i'), fields };
  return pattern.parser;
}

function parseOffset(s: string): number {
  const t = s.toUpperCase().replace(/^GMT/, '');
  if (t === '' || t === 'Z') return 0;
  const digits = t.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0');
  return t[0] === '-' ? -minutes : minutes;
}

function nameIndex(list: string[], s: string): number {
  const lower = s.toLowerCase();
  return list.findIndex((n) => n.toLowerCase() === lower || n.slice(0, 3).toLowerCase() === lower);
}

function outOfRange(what: string, n: number): never {
  throw new Error(`${what} ${n} is out of range`);
}

/** Read `input` with a compiled pattern (Java SMART resolving: a too-large day clamps to the month's end). */
export function parseDate(pattern: DatePattern, input: string): DateValue {
  const { re, fields } = parserOf(pattern);
  const m = re.exec(input);
  if (!m) throw new Error(`does not match the pattern ${JSON.stringify(pattern.source)}`);
  const f: Partial<Record<string, number>> = {};
  let pm: boolean | undefined;
  let offset: number | undefined;
  fields.forEach(({ letter, count }, idx) => {
    const s = m[idx + 1] as string;
    if (letter === 'a') pm = s.toUpperCase() === 'PM';
    else if (letter === 'Z' || letter === 'X' || letter === 'x') offset = parseOffset(s);
    else if (letter === 'E') return;
    else if ((letter === 'M' || letter === 'L') && count >= 3) f.M = nameIndex(MONTHS, s) + 1;
    else if (letter === 'S') f.S = Number(s.padEnd(9, '0'));
    else if ((letter === 'y' || letter === 'u') && count === 2) f.y = 2000 + Number(s);
    else f[letter === 'u' ? 'y' : letter === 'L' ? 'M' : letter] = Number(s);
  });
  let date: LocalDate | undefined;
  if (f.y !== undefined && (f.D !== undefined || (f.M !== undefined && f.d !== undefined))) {
    const year = f.y;
    if (f.D !== undefined) {
      if (f.D < 1 || f.D > (isLeap(year) ? 366 : 365)) outOfRange('day of year', f.D);
      let month = 1;
      let day = f.D;
      while (day > monthLength(year, month)) day -= monthLength(year, month++);
      date = { year, month, day };
    } else {
      const month = f.M as number;
      const day = f.d as number;
      if (month < 1 || month > 12) outOfRange('month', month);
      if (day < 1 || day > 31) outOfRange('day', day);
      date = { year, month, day: Math.min(day, monthLength(year, month)) };
    }
  }
  let time: LocalTime | undefined;
  let hour = f.H;
  if (f.k !== undefined) hour = f.k === 24 ? 0 : f.k;
  if (f.h !== undefined) hour = (f.h % 12) + (pm ? 12 : 0);
  if (f.K !== undefined) hour = f.K + (pm ? 12 : 0);
  if (hour !== undefined) {
    const minute = f.m ?? 0;
    const second = f.s ?? 0;
    if (hour > 23) outOfRange('hour', hour);
    if (minute > 59) outOfRange('minute', minute);
    if (second > 59) outOfRange('second', second);
    time = { hour, minute, second, nano: f.S ?? f.n ?? 0 };
  }
  if (!date && !time) throw new Error(`the pattern ${JSON.stringify(pattern.source)} does not give a full date or time`);
  return { ...(date && { date }), ...(time && { time }), ...(offset !== undefined && { offset }) };
}

const ISO = /^([+-]?\d{4,9})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/** ISO-8601 date or date-time, with an optional offset; undefined when the text is not ISO. */
export function parseIso(input: string): DateValue | undefined {
  const m = ISO.exec(input.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, off] = m;
  const date = { year: Number(y), month: Number(mo), day: Number(d) };
  if (date.month < 1 || date.month > 12 || date.day < 1 || date.day > monthLength(date.year, date.month)) return undefined;
  if (h === undefined) return { date };
  const time = { hour: Number(h), minute: Number(mi), second: Number(s ?? 0), nano: Number((frac ?? '').padEnd(9, '0')) };
  if (time.hour > 23 || time.minute > 59 || time.second > 59) return undefined;
  return off === undefined ? { date, time } : { date, time, offset: parseOffset(off) };
}

/** Epoch milliseconds as a UTC date-time. */
export function fromEpochMillis(ms: number): DateValue {
  const t = new Date(Math.floor(ms));
  return {
    date: { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() },
    time: { hour: t.getUTCHours(), minute: t.getUTCMinutes(), second: t.getUTCSeconds(), nano: t.getUTCMilliseconds() * 1e6 },
    offset: 0,
  };
}
