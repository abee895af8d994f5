import { describe, expect, it } from 'vitest';
import { ev, evalError, syntaxError } from './helpers.js';

// vars.epoch = 1705314645123 = Monday 2024-01-15T10:30:45.123Z
describe('formatDateTime(epochMillis, pattern) writes UTC', () => {
  it.each([
    ['yyyy-MM-dd', '2024-01-15'],
    ['dd/MM/yy HH:mm:ss', '15/01/24 10:30:45'],
    ["yyyy-MM-dd'T'HH:mm:ss.SSSXXX", '2024-01-15T10:30:45.123Z'],
    ['EEEE, MMMM d, yyyy h:mm a', 'Monday, January 15, 2024 10:30 AM'],
    ['EEE MMM dd', 'Mon Jan 15'],
    ['Z', '+0000'],
    ['xxx', '+00:00'],
    ['X', 'Z'],
    ['D', '15'],
    ['k K', '10 10'],
    ["'Q'''", "Q'"],
    ["HH 'o''clock'", "10 o'clock"],
  ])('%s → %s', (pattern, expected) => {
    expect(ev(`\${formatDateTime(vars.epoch, "${pattern}")}`)).toBe(expected);
  });

  it('epoch 0 is the Unix epoch', () => {
    expect(ev('${formatDateTime(0, "yyyy-MM-dd HH:mm:ss")}')).toBe('1970-01-01 00:00:00');
  });
});

describe('formatDateTime(text, [fromPattern,] toPattern)', () => {
  it.each([
    ['${formatDateTime("29-09-1988", "dd-MM-yyyy", "yyyy MMM dd")}', '1988 Sep 29'],
    ['${formatDateTime("2024-03-05", "dd.MM.yyyy")}', '05.03.2024'],
    ['${formatDateTime("2024-03-05T23:15:00+02:00", "yyyy-MM-dd HH:mm XXX")}', '2024-03-05 23:15 +02:00'],
    ['${formatDateTime("2024-03-05T23:15:07.5Z", "HH:mm:ss.SSS")}', '23:15:07.500'],
    ['${formatDateTime("07/04/2024 03:05 PM", "MM/dd/yyyy hh:mm a", "yyyy-MM-dd HH:mm")}', '2024-07-04 15:05'],
    ['${formatDateTime("2024-02-31", "yyyy-MM-dd", "yyyy-MM-dd")}', '2024-02-29'],
    ['${formatDateTime("10:20", "HH:mm", "h:mm a")}', '10:20 AM'],
    ['${formatDateTime("05 Mar 2024 10:00 +0530", "dd MMM yyyy HH:mm Z", "yyyy-MM-dd\'T\'HH:mmXXX")}', '2024-03-05T10:00+05:30'],
    ['${formatDateTime("240305", "yyMMdd", "yyyy-MM-dd")}', '2024-03-05'],
  ])('%s → %s', (expr, expected) => {
    expect(ev(expr)).toBe(expected);
  });
});

describe('now()', () => {
  it('is the current time in epoch milliseconds', () => {
    const before = Date.now();
    const value = ev('${now()}');
    expect(typeof value).toBe('number');
    expect(value as number).toBeGreaterThanOrEqual(before);
    expect(value as number).toBeLessThanOrEqual(Date.now());
  });

  it('feeds formatDateTime', () => {
    expect(ev('${formatDateTime(now(), "yyyy")}')).toBe(String(new Date().getUTCFullYear()));
  });
});

describe('formatDateTime failures', () => {
  it.each([
    ['${formatDateTime("2024-13-01", "yyyy")}', 'expects epoch milliseconds or an ISO-8601 date/time'],
    ['${formatDateTime(true, "yyyy")}', 'got boolean true'],
    ['${formatDateTime("31/12/2024", "dd-MM-yyyy", "yyyy")}', 'does not match the pattern "dd-MM-yyyy"'],
    ['${formatDateTime("10:20", "HH:mm", "yyyy-MM-dd")}', "pattern letter 'y' needs a date but the value only has a time"],
    ['${formatDateTime("2024-01-01", "yyyy-MM-dd", "HH:mm")}', "pattern letter 'H' needs a time but the value only has a date"],
    ['${formatDateTime(5, "yyyy-MM-dd", "yyyy")}', 'with a source pattern expects a string value'],
    ['${formatDateTime("2024-01-01 99", "yyyy-MM-dd HH", "yyyy")}', 'hour 99 is out of range'],
    ['${formatDateTime(0, props.duration)}', "pattern letter 'e' is not supported by Ferry"],
  ])('%s fails: %s', (expr, fragment) => {
    const err = evalError(expr);
    expect(err.code).toBe('FERRY_ERR_EXPR_EVAL');
    expect(err.message).toContain(fragment);
  });

  it.each([
    ['${formatDateTime(0, "yyyy-MM-ddTHH")}', 20, "unknown pattern letter 'T'"],
    ['${formatDateTime(0, "yyyy[-MM]")}', 20, 'optional sections'],
    ['${formatDateTime(0, "HH zzz")}', 20, "pattern letter 'z' is not supported"],
    ["${formatDateTime(0, \"'open\")}", 20, 'unterminated quote'],
    ['${formatDateTime(0, "ddd")}', 20, "too many pattern letters 'ddd'"],
    ['${formatDateTime("x", "bad pattern b", "yyyy")}', 22, "unknown pattern letter 'b'"],
  ])('a literal pattern is checked at load: %s', (expr, offset, fragment) => {
    const err = syntaxError(expr);
    expect(err.offset).toBe(offset);
    expect(err.message).toContain(fragment);
  });
});
