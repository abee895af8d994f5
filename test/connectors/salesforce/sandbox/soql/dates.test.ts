import { describe, expect, it } from 'vitest';
import { dateLiteralRange, dateTimeLiteralValue } from '../../../../../connectors/salesforce/sandbox/soql/dates.js';
import { NOW } from './fixture.js';

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

describe('date literal ranges at Wednesday 2024-05-15 12:00 UTC (weeks start Sunday, UTC days)', () => {
  it.each([
    ['TODAY', undefined, '2024-05-15', '2024-05-16'],
    ['YESTERDAY', undefined, '2024-05-14', '2024-05-15'],
    ['TOMORROW', undefined, '2024-05-16', '2024-05-17'],
    ['THIS_WEEK', undefined, '2024-05-12', '2024-05-19'],
    ['LAST_WEEK', undefined, '2024-05-05', '2024-05-12'],
    ['NEXT_WEEK', undefined, '2024-05-19', '2024-05-26'],
    ['THIS_MONTH', undefined, '2024-05-01', '2024-06-01'],
    ['LAST_MONTH', undefined, '2024-04-01', '2024-05-01'],
    ['NEXT_MONTH', undefined, '2024-06-01', '2024-07-01'],
    ['LAST_90_DAYS', undefined, '2024-02-15', '2024-05-16'],
    ['NEXT_90_DAYS', undefined, '2024-05-16', '2024-08-14'],
    ['LAST_N_DAYS', 7, '2024-05-08', '2024-05-16'],
    ['NEXT_N_DAYS', 3, '2024-05-16', '2024-05-19'],
    ['N_DAYS_AGO', 2, '2024-05-13', '2024-05-14'],
    ['LAST_N_WEEKS', 2, '2024-04-28', '2024-05-12'],
    ['NEXT_N_WEEKS', 1, '2024-05-19', '2024-05-26'],
    ['LAST_N_MONTHS', 2, '2024-03-01', '2024-05-01'],
    ['NEXT_N_MONTHS', 2, '2024-06-01', '2024-08-01'],
    ['THIS_QUARTER', undefined, '2024-04-01', '2024-07-01'],
    ['LAST_QUARTER', undefined, '2024-01-01', '2024-04-01'],
    ['NEXT_QUARTER', undefined, '2024-07-01', '2024-10-01'],
    ['LAST_N_QUARTERS', 2, '2023-10-01', '2024-04-01'],
    ['NEXT_N_QUARTERS', 1, '2024-07-01', '2024-10-01'],
    ['THIS_YEAR', undefined, '2024-01-01', '2025-01-01'],
    ['LAST_YEAR', undefined, '2023-01-01', '2024-01-01'],
    ['NEXT_YEAR', undefined, '2025-01-01', '2026-01-01'],
    ['LAST_N_YEARS', 2, '2022-01-01', '2024-01-01'],
    ['NEXT_N_YEARS', 1, '2025-01-01', '2026-01-01'],
    ['THIS_FISCAL_QUARTER', undefined, '2024-04-01', '2024-07-01'],
  ])('%s:%s is [%s, %s)', (name, n, start, end) => {
    expect(dateLiteralRange(name, n, NOW)).toEqual({ start: day(start), end: day(end) });
  });

  it('January looks back into the previous year', () => {
    expect(dateLiteralRange('LAST_MONTH', undefined, Date.UTC(2024, 0, 10))).toEqual({ start: day('2023-12-01'), end: day('2024-01-01') });
  });
});

describe('datetime literal values', () => {
  it.each([
    ['2024-01-31T10:00:00Z', Date.UTC(2024, 0, 31, 10)],
    ['2024-01-31t10:00:00z', Date.UTC(2024, 0, 31, 10)],
    ['2024-01-31T10:00:00+02:00', Date.UTC(2024, 0, 31, 8)],
    ['2024-01-31T23:30:00-01:00', Date.UTC(2024, 1, 1, 0, 30)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['2023-02-29T00:00:00Z', undefined],
    ['2024-01-31T24:00:00Z', undefined],
    ['2024-01-31T10:00:00', undefined],
  ])('%s', (text, ms) => {
    expect(dateTimeLiteralValue(text)).toBe(ms);
  });
});
