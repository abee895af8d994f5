import { describe, expect, it } from 'vitest';
import { ID18, restClient } from './rest-client.js';
import { useSandbox } from './helpers.js';

// External_Id__c is an external id but not unique here, so two records can share a value (the 300 case)
const ctx = useSandbox({
  seed: {
    objects: [
      { name: 'Widget__c', keyPrefix: 'a01', fields: [{ name: 'Code__c', type: 'string', externalId: true }, { name: 'Size__c', type: 'double', externalId: true }] },
    ],
    records: {
      Widget__c: [
        { Name: 'Twin A', Code__c: 'TWIN' },
        { Name: 'Twin B', Code__c: 'TWIN' },
        { Name: 'Single', Code__c: 'ONE', Size__c: 42 },
      ],
    },
  },
});
const api = restClient(() => ctx.url);

describe('REST get by external id', () => {
  it('one match → 200 with the whole record', async () => {
    const res = await api.get('/sobjects/Widget__c/Code__c/ONE');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ attributes: { type: 'Widget__c' }, Name: 'Single', Code__c: 'ONE', Size__c: 42 });
  });

  it('matches text case-insensitively, numbers by value, and honours ?fields=', async () => {
    expect((await api.get('/sobjects/widget__c/code__c/one')).body.Name).toBe('Single');
    const bySize = await api.get('/sobjects/Widget__c/Size__c/42.0?fields=Name');
    expect(bySize.status).toBe(200);
    expect(Object.keys(bySize.body)).toEqual(['attributes', 'Name', 'Id']);
  });

  it('several matches → 300 with the URL of each record', async () => {
    const res = await api.get('/sobjects/Widget__c/Code__c/TWIN', { version: '58.0' });
    expect(res.status).toBe(300);
    expect(res.body).toHaveLength(2);
    for (const url of res.body) expect(url).toMatch(/^\/services\/data\/v58\.0\/sobjects\/Widget__c\/a01[A-Za-z0-9]{15}$/);
  });

  it.each([
    ['an unknown field', '/sobjects/Widget__c/Nope__c/1', { message: 'Provided external ID field does not exist or is not accessible: Nope__c', errorCode: 'NOT_FOUND' }],
    ['a field that is not an external id', '/sobjects/Widget__c/Name/Single', { message: 'Provided external ID field does not exist or is not accessible: Name', errorCode: 'NOT_FOUND' }],
    ['no record with that value', '/sobjects/Widget__c/Code__c/NONE', { message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }],
  ])('%s → 404', async (_name, path, error) => {
    const res = await api.get(path);
    expect(res.status).toBe(404);
    expect(res.body).toEqual([error]);
  });
});

describe('REST upsert by external id', () => {
  it('no match → 201 {id, success, errors, created: true} with Location; the key is stored', async () => {
    const res = await api.patch('/sobjects/Account/External_Id__c/UP-1', { Name: 'Upserted' });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body)).toEqual(['id', 'success', 'errors', 'created']);
    expect(res.body).toMatchObject({ success: true, errors: [], created: true });
    expect(res.body.id).toMatch(ID18('001'));
    expect(res.headers.get('location')).toBe(`/services/data/v62.0/sobjects/Account/${res.body.id}`);
    expect((await api.get(`/sobjects/Account/${res.body.id}`)).body.External_Id__c).toBe('UP-1');
  });

  it('one match → 200 {…, created: false} (v46+) and the record changes', async () => {
    const first = await api.patch('/sobjects/Account/External_Id__c/UP-2', { Name: 'Version 1' });
    const res = await api.patch('/sobjects/Account/External_Id__c/UP-2', { Name: 'Version 2' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: first.body.id, success: true, errors: [], created: false });
    expect((await api.get(`/sobjects/Account/${first.body.id}`)).body.Name).toBe('Version 2');
  });

  it.each([
    ['45.0', 201, 204],
    ['46.0', 201, 200],
  ])('API v%s: insert → %d, update → %d (created appears from v46)', async (version, insertStatus, updateStatus) => {
    const key = `UP-V${version}`;
    const inserted = await api.patch(`/sobjects/Account/sample__c/${key}`, { Name: 'Versioned' }, { version });
    expect(inserted.status).toBe(insertStatus);
    expect('created' in inserted.body).toBe(version === '46.0');
    const updated = await api.patch(`/sobjects/Account/sample__c/${key}`, { Name: 'Versioned 2' }, { version });
    expect(updated.status).toBe(updateStatus);
    if (updateStatus === 204) expect(updated.text).toBe('');
  });

  it('several matches → 300 with the URLs, nothing changed', async () => {
    const res = await api.patch('/sobjects/Widget__c/Code__c/TWIN', { Name: 'Changed?' });
    expect(res.status).toBe(300);
    expect(res.body).toHaveLength(2);
    const twins = await api.get(`/query?q=${encodeURIComponent("SELECT Name FROM Widget__c WHERE Code__c = 'TWIN' ORDER BY Name")}`);
    expect(twins.body.records.map((r: { Name: string }) => r.Name)).toEqual(['Twin A', 'Twin B']);
  });

  it.each([
    ['an unknown external-id field', '/sobjects/Account/Nope__c/1', {}, 404, [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]],
    ['updateOnly=true without a match', '/sobjects/Account/External_Id__c/NEVER?updateOnly=true', { Name: 'x' }, 404, [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]],
    ['a save error', '/sobjects/Account/External_Id__c/UP-ERR', { Phone: 'x' }, 400, [{ message: 'Required fields are missing: [Name]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Name'] }]],
    ['the key repeated in the body with another value', '/sobjects/Account/External_Id__c/UP-3', { Name: 'x', External_Id__c: 'OTHER' }, 400, [{ message: expect.stringContaining('differs from the external ID in the URL'), errorCode: 'INVALID_FIELD', fields: ['External_Id__c'] }]],
  ])('%s → %d', async (_name, path, body, status, errors) => {
    const res = await api.patch(path, body);
    expect(res.status).toBe(status);
    expect(res.body).toEqual(errors);
  });

  it('updateOnly=true with a match updates', async () => {
    await api.patch('/sobjects/Account/External_Id__c/UP-4', { Name: 'Only' });
    const res = await api.patch('/sobjects/Account/External_Id__c/UP-4?updateOnly=true', { Name: 'Only updated' });
    expect(res).toMatchObject({ status: 200, body: { created: false } });
  });

  it('by Id: an existing id updates (200), an unknown one is 404', async () => {
    const created = await api.post('/sobjects/Account', { Name: 'By Id' });
    const res = await api.patch(`/sobjects/Account/Id/${created.body.id}`, { Name: 'By Id 2' });
    expect(res).toMatchObject({ status: 200, body: { id: created.body.id, created: false } });
    expect((await api.patch('/sobjects/Account/Id/001000000000000AAA', { Name: 'x' })).status).toBe(404);
  });

  it('POST /sobjects/{T}/Id inserts (201, created: true)', async () => {
    const res = await api.post('/sobjects/Account/Id', { Name: 'Posted with Id' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ success: true, errors: [], created: true });
    expect(res.body.id).toMatch(ID18('001'));
  });

  it('DELETE by external id → 204, then 404', async () => {
    await api.patch('/sobjects/Account/External_Id__c/DEL-1', { Name: 'Doomed' });
    expect((await api.del('/sobjects/Account/External_Id__c/DEL-1')).status).toBe(204);
    expect((await api.del('/sobjects/Account/External_Id__c/DEL-1')).status).toBe(404);
  });
});
