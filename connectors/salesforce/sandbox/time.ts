/**
 * Salesforce's date and time formats. REST JSON: `2021-12-03T17:59:20.000+0000` (millis, offset
 * without a colon); SOAP and Bulk: `2021-12-03T17:59:20.000Z`; dates `YYYY-MM-DD`.
 */

/** REST's datetime text for epoch milliseconds. */
export function restDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** SOAP/Bulk datetime text for epoch milliseconds. */
export function isoDateTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** `YYYY-MM-DD` of epoch milliseconds (UTC). */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch ms of a datetime text in any form Salesforce accepts, or undefined. A date alone is midnight UTC. */
export function parseDateTime(text: string): number | undefined {
  const m = DATETIME.exec(text.trim());
  if (!m) {
    const d = DATE.exec(text.trim());
    if (!d) return undefined;
    const ms = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]));
    return isoDate(ms) === text.trim() ? ms : undefined;
  }
  const [, y, mo, da, h, mi, s, frac, zone] = m;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(da), Number(h), Number(mi), Number(s ?? 0), Number((frac ?? '0').padEnd(3, '0')));
  if (Number.isNaN(ms) || Number(mo) > 12 || Number(da) > 31 || Number(h) > 23 || Number(mi) > 59) return undefined;
  if (zone && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
  }
  return ms;
}

/** `YYYY-MM-DD` if the text is a valid date, else undefined. */
export function parseDate(text: string): string | undefined {
  const t = text.trim();
  const d = DATE.exec(t);
  if (d) return isoDate(Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]))) === t ? t : undefined;
  const ms = parseDateTime(t);
  return ms === undefined ? undefined : isoDate(ms);
}
