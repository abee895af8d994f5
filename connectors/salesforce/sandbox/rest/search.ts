import { executeSosl, parseSosl, SoqlError } from '../soql/index.js';
import { notFound, restError, soqlError } from './errors.js';
import { renderRow } from './format.js';
import { allValues, firstValue, renderContext } from './records.js';
import type { RestRequest, RestResponse, RestRouter } from './router.js';

/**
 * SOSL over REST: `GET /search?q=FIND {…} …` and parameterized search (GET with URL parameters,
 * POST with a JSON body), which the sandbox turns into the equivalent SOSL. Results are
 * `{searchRecords: [...]}` (API versions before 36.0 answered a bare array).
 */
export function registerSearchRoutes(router: RestRouter): void {
  router.add('GET', '/search', search);
  router.add('GET', '/parameterizedSearch', parameterizedGet);
  router.add('POST', '/parameterizedSearch', parameterizedPost);
}

const NO_TERM = 'No search term found. The search term must be enclosed in braces.';
const SCOPES = new Set(['ALL', 'NAME', 'EMAIL', 'PHONE', 'SIDEBAR']);
// SOSL's reserved characters, escaped so a plain search string stays plain; * and ? stay wildcards
const RESERVED = /[&|!{}[\]()^~:\\"'+-]/g;

function search(req: RestRequest): RestResponse {
  const text = firstValue(req.query.q);
  if (text === undefined || text.trim() === '') return restError(400, 'MALFORMED_SEARCH', NO_TERM);
  return runSosl(req, text, Number(req.version) < 36);
}

function runSosl(req: RestRequest, text: string, bareArray: boolean): RestResponse {
  try {
    const result = executeSosl(parseSosl(text), req.org.store, { includeDeleted: false, now: req.org.now() });
    const ctx = renderContext(req);
    const records = result.rows.map((r) => renderRow(r, ctx));
    return { status: 200, body: bareArray ? records : { searchRecords: records } };
  } catch (err) {
    if (err instanceof SoqlError) return soqlError(err);
    throw err;
  }
}

interface SearchSpec {
  readonly q: string;
  readonly scope: string | undefined;
  readonly fields: readonly string[];
  readonly objects: readonly { name: string; fields: readonly string[]; where: string | undefined; limit: string | undefined }[];
  readonly defaultLimit: string | undefined;
  readonly overallLimit: string | undefined;
}

function parameterizedGet(req: RestRequest): RestResponse {
  const q = req.query;
  const list = (value: unknown): string[] => allValues(value).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  const spec: SearchSpec = {
    q: firstValue(q.q) ?? '',
    scope: firstValue(q.in),
    fields: list(q.fields),
    objects: list(q.sobject).map((name) => ({
      name,
      fields: list(q[`${name}.fields`]),
      where: firstValue(q[`${name}.where`]),
      limit: firstValue(q[`${name}.limit`]),
    })),
    defaultLimit: firstValue(q.defaultLimit),
    overallLimit: firstValue(q.overallLimit),
  };
  return parameterized(req, spec);
}

function parameterizedPost(req: RestRequest): RestResponse {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
  const text = (value: unknown): string | undefined => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);
  const sobjects = Array.isArray(body.sobjects) ? (body.sobjects as Record<string, unknown>[]) : [];
  const spec: SearchSpec = {
    q: typeof body.q === 'string' ? body.q : '',
    scope: text(body.in),
    fields: strings(body.fields),
    objects: sobjects.filter((o) => typeof o?.name === 'string').map((o) => ({ name: o.name as string, fields: strings(o.fields), where: text(o.where), limit: text(o.limit) })),
    defaultLimit: text(body.defaultLimit),
    overallLimit: text(body.overallLimit),
  };
  return parameterized(req, spec);
}

/** Run a parameterized search as the SOSL statement it stands for. */
function parameterized(req: RestRequest, spec: SearchSpec): RestResponse {
  if (Number(req.version) < 36) return notFound();
  if (spec.q.trim() === '') return restError(400, 'MISSING_ARGUMENT', 'Missing required parameter: q');
  const scope = (spec.scope ?? 'ALL').toUpperCase();
  if (!SCOPES.has(scope)) return restError(400, 'INVALID_SEARCH_SCOPE', `Invalid search scope: ${spec.scope}`);
  const returning = spec.objects.map((o) => {
    const fields = o.fields.length > 0 ? o.fields : spec.fields;
    const limit = o.limit ?? spec.defaultLimit;
    const clauses = [o.where === undefined ? '' : ` WHERE ${o.where}`, limit === undefined ? '' : ` LIMIT ${limit}`].join('');
    if (fields.length === 0 && clauses === '') return o.name;
    return `${o.name}(${(fields.length > 0 ? fields : ['Id']).join(', ')}${clauses})`;
  });
  const sosl = [
    `FIND {${spec.q.replace(RESERVED, (c) => `\\${c}`)}} IN ${scope} FIELDS`,
    returning.length > 0 ? ` RETURNING ${returning.join(', ')}` : '',
    spec.overallLimit === undefined ? '' : ` LIMIT ${spec.overallLimit}`,
  ].join('');
  return runSosl(req, sosl, false);
}
