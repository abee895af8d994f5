import type { ObjectDef } from '../model.js';
import { parseDateTime, restDateTime } from '../time.js';
import { restError } from './errors.js';
import { firstValue, isResponse, objectOf } from './records.js';
import type { RestRequest, RestResponse, RestRouter } from './router.js';

/**
 * Data replication: `GET /sobjects/{T}/updated` and `/deleted` with `start` and `end`. Seconds are
 * ignored; the window must run forward; updated looks back at most 30 days, deleted 15.
 * latestDateCovered never passes the current minute, so a change made in the minute being served
 * is reported by the next call that starts there.
 */
export function registerReplicationRoutes(router: RestRouter): void {
  router.add('GET', '/sobjects/:type/updated', updated);
  router.add('GET', '/sobjects/:type/deleted', deletedRecords);
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const MAX_IDS = 600_000;

interface Window {
  readonly def: ObjectDef;
  readonly start: number;
  /** where coverage ends: end, or the current minute if that is earlier */
  readonly covered: number;
}

function updated(req: RestRequest, params: Readonly<Record<string, string>>): RestResponse {
  const window = windowOf(req, params.type!, 30);
  if (isResponse(window)) return window;
  const ids = req.org.store.updatedIds(window.def.name, window.start, window.covered);
  if (ids.length > MAX_IDS) return tooMany();
  return { status: 200, body: { ids, latestDateCovered: restDateTime(window.covered) } };
}

function deletedRecords(req: RestRequest, params: Readonly<Record<string, string>>): RestResponse {
  const window = windowOf(req, params.type!, 15);
  if (isResponse(window)) return window;
  const found = req.org.store.deletedIds(window.def.name, window.start, window.covered);
  if (found.length > MAX_IDS) return tooMany();
  return {
    status: 200,
    body: {
      deletedRecords: found.map((d) => ({ id: d.id, deletedDate: restDateTime(d.deletedDate) })),
      earliestDateAvailable: restDateTime(earliestAvailable(req, 15)),
      latestDateCovered: restDateTime(window.covered),
    },
  };
}

function windowOf(req: RestRequest, type: string, days: number): Window | RestResponse {
  const def = objectOf(req, type);
  if (isResponse(def)) return def;
  const bounds: number[] = [];
  for (const name of ['start', 'end'] as const) {
    const text = firstValue(req.query[name]);
    if (text === undefined || text.trim() === '') return restError(400, 'MISSING_ARGUMENT', `${name} not specified`);
    const ms = parseDateTime(text);
    if (ms === undefined) return restError(400, 'INVALID_REPLICATION_DATE', `Unable to parse ${name} date: ${text}`);
    bounds.push(floorMinute(ms));
  }
  const [start, end] = bounds as [number, number];
  if (start >= end) return restError(400, 'INVALID_REPLICATION_DATE', 'startDate must chronologically precede endDate by more than one minute');
  if (start < earliestAvailable(req, days)) return restError(400, 'INVALID_REPLICATION_DATE', `startDate cannot be more than ${days} days ago`);
  return { def, start, covered: Math.min(end, floorMinute(req.org.now())) };
}

function earliestAvailable(req: RestRequest, days: number): number {
  return floorMinute(req.org.now() - days * DAY);
}

function floorMinute(ms: number): number {
  return Math.floor(ms / MINUTE) * MINUTE;
}

function tooMany(): RestResponse {
  return restError(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${MAX_IDS} records in a single call`);
}
