import { describe, expect, it } from 'vitest';
import { javaDouble } from '../../../../connectors/salesforce/sandbox/bulk/csv.js';
import { useApi, useSandbox } from './helpers.js';

// Bulk API 2.0's CSV dialects over real HTTP: every columnDelimiter with both line endings, on the
// way in (uploads) and on the way out (ingest results, query results), with quoting and escapes.

const ctx = useSandbox();
const api = useApi(ctx);
const { call, waitForJob } = api;
const V = '/services/data/v62.0';

const DELIMITERS = { COMMA: ',', SEMICOLON: ';', PIPE: '|', TAB: '\t', CARET: '^', BACKQUOTE: '`' } as const;
const ENDINGS = { LF: '\n', CRLF: '\r\n' } as const;
const CASES = Object.entries(DELIMITERS).flatMap(([d, dc]) => Object.entries(ENDINGS).map(([e, ec]) => [d, e, dc, ec] as const));

describe.each(CASES)('columnDelimiter %s, lineEnding %s', (delimiter, lineEnding, d, eol) => {
  // a value holding the delimiter, a quote and a line break must be quoted and escaped
  const tricky = `Says "hi"${d} then${eol}leaves`;
  const lastName = `Csv ${delimiter} ${lineEnding}`;

  it('ingest: the upload is read with the job’s delimiter and line ending, results are written with them', async () => {
    const created = await call('POST', `${V}/jobs/ingest`, { object: 'Contact', operation: 'insert', columnDelimiter: delimiter, lineEnding });
    expect(created.json).toMatchObject({ columnDelimiter: delimiter, lineEnding });
    const csv = [['LastName', 'Description', 'Title'].join(d), [lastName, `"${tricky.replace(/"/g, '""')}"`, 'Plain'].join(d), ''].join(eol);
    await call('PUT', `${V}/jobs/ingest/${created.json.id}/batches`, csv);
    await call('PATCH', `${V}/jobs/ingest/${created.json.id}`, { state: 'UploadComplete' });
    const info = await waitForJob('ingest', created.json.id);
    expect(info).toMatchObject({ state: 'JobComplete', numberRecordsProcessed: 1, numberRecordsFailed: 0 });
    const stored = ctx.sandbox.admin.records('Contact').find((r) => r.LastName === lastName)!;
    expect([stored.Description, stored.Title]).toEqual([tricky, 'Plain']);
    const results = (await call('GET', `${V}/jobs/ingest/${created.json.id}/successfulResults`)).text;
    const escaped = `"${tricky.replace(/"/g, '""')}"`;
    expect(results).toBe(`"sf__Id"${d}"sf__Created"${d}LastName${d}Description${d}Title${eol}"${String(stored.Id)}"${d}"true"${d}"${lastName}"${d}${escaped}${d}"Plain"${eol}`);
  });

  it('query: results use the job’s delimiter and line ending, every value quoted', async () => {
    const created = await call('POST', `${V}/jobs/query`, { operation: 'query', query: `SELECT LastName, Description, Department FROM Contact WHERE LastName = '${lastName}'`, columnDelimiter: delimiter, lineEnding });
    expect(created.json).toMatchObject({ columnDelimiter: delimiter, lineEnding });
    await waitForJob('query', created.json.id);
    const results = (await call('GET', `${V}/jobs/query/${created.json.id}/results`)).text;
    expect(results).toBe(`"LastName"${d}"Description"${d}"Department"${eol}"${lastName}"${d}"${tricky.replace(/"/g, '""')}"${d}""${eol}`);
  });
});

describe('CSV details', () => {
  async function insert(csv: string, spec: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const created = await call('POST', `${V}/jobs/ingest`, { object: 'Contact', operation: 'insert', ...spec });
    await call('PUT', `${V}/jobs/ingest/${created.json.id}/batches`, csv);
    await call('PATCH', `${V}/jobs/ingest/${created.json.id}`, { state: 'UploadComplete' });
    return waitForJob('ingest', created.json.id);
  }

  it('a UTF-8 byte order mark before the header is ignored', async () => {
    const info = await insert('\uFEFFLastName,Title\nWith Bom,Ünïcödé ✓\n');
    expect(info).toMatchObject({ state: 'JobComplete', numberRecordsFailed: 0 });
    expect(ctx.sandbox.admin.records('Contact').find((r) => r.LastName === 'With Bom')!.Title).toBe('Ünïcödé ✓');
  });

  it('values are not trimmed: spaces around a delimiter belong to the value', async () => {
    await insert('LastName,Title\nSpaced, padded title \n');
    expect(ctx.sandbox.admin.records('Contact').find((r) => r.LastName === 'Spaced')!.Title).toBe(' padded title ');
  });

  it('a CRLF file in an LF job keeps its carriage returns in the last column, as Salesforce does', async () => {
    await insert('Title,LastName\r\nMismatch,Crlf In Lf\r\n');
    expect(ctx.sandbox.admin.records('Contact').some((r) => r.LastName === 'Crlf In Lf\r')).toBe(true);
  });

  it('header names are matched in any casing and echoed as written', async () => {
    const created = await call('POST', `${V}/jobs/ingest`, { object: 'Contact', operation: 'insert' });
    await call('PUT', `${V}/jobs/ingest/${created.json.id}/batches`, 'lastname,TITLE\nCased,Boss\n');
    await call('PATCH', `${V}/jobs/ingest/${created.json.id}`, { state: 'UploadComplete' });
    await waitForJob('ingest', created.json.id);
    expect((await call('GET', `${V}/jobs/ingest/${created.json.id}/successfulResults`)).text).toMatch(/^"sf__Id","sf__Created",lastname,TITLE\n/);
  });
});

describe('javaDouble: doubles as Java’s Double.toString writes them', () => {
  it.each([
    [912260031, '9.12260031E8'],
    [2676, '2676.0'],
    [0.5, '0.5'],
    [0, '0.0'],
    [-0, '-0.0'],
    [1e7, '1.0E7'],
    [9999999, '9999999.0'],
    [0.001, '0.001'],
    [0.0001, '1.0E-4'],
    [-123.25, '-123.25'],
    [139000000, '1.39E8'],
    [1.5e300, '1.5E300'],
  ])('%d → %s', (n, text) => {
    expect(javaDouble(n)).toBe(text);
  });
});
