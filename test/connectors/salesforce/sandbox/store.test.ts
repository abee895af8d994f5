import { describe, expect, it } from 'vitest';
import { checksum, IdGenerator, toId18 } from '../../../../connectors/salesforce/sandbox/ids.js';
import { Org } from '../../../../connectors/salesforce/sandbox/org.js';
import { applySeed, DEFAULT_SEED_FILE, readSeedFile } from '../../../../connectors/salesforce/sandbox/seed.js';
import { Rollback } from '../../../../connectors/salesforce/sandbox/store/org-store.js';
import { isoDateTime, parseDate, parseDateTime, restDateTime } from '../../../../connectors/salesforce/sandbox/time.js';

describe('record ids', () => {
  it('computes the checksum of the recorded id 0014S000007NxmlQAC', () => {
    expect(checksum('0014S000007Nxml')).toBe('QAC');
  });

  it.each([
    ['0014S000007Nxml', '0014S000007NxmlQAC'],
    ['0014S000007NxmlQAC', '0014S000007NxmlQAC'],
    ['0014S000007Nxmlqac', '0014S000007NxmlQAC'],
    ['0014S000007NxmlAAA', undefined],
    ['001short', undefined],
    ['0014S000007Nxml!', undefined],
  ])('toId18(%s) → %s', (input, expected) => {
    expect(toId18(input)).toBe(expected);
  });

  it('issues unique 18-character ids with the key prefix and a valid checksum', () => {
    const ids = new IdGenerator();
    const made = Array.from({ length: 500 }, () => ids.next('003'));
    expect(new Set(made).size).toBe(500);
    for (const id of made) {
      expect(id).toMatch(/^003[A-Za-z0-9]{15}$/);
      expect(toId18(id.slice(0, 15))).toBe(id);
    }
  });
});

describe('timestamps', () => {
  const ms = Date.UTC(2021, 11, 3, 17, 59, 20);
  it.each([
    [restDateTime(ms), '2021-12-03T17:59:20.000+0000'],
    [isoDateTime(ms), '2021-12-03T17:59:20.000Z'],
  ])('formats %s', (actual, expected) => {
    expect(actual).toBe(expected);
  });

  it.each([
    ['2021-12-03T17:59:20.000+0000', ms],
    ['2021-12-03T17:59:20Z', ms],
    ['2021-12-03T19:59:20.000+02:00', ms],
    ['2021-12-03T17:59:20', ms],
    ['2021-12-03', Date.UTC(2021, 11, 3)],
    ['2021-02-30', undefined],
    ['yesterday', undefined],
  ])('parses %s', (text, expected) => {
    expect(parseDateTime(text)).toBe(expected);
  });

  it('reads dates strictly', () => {
    expect(parseDate('2024-02-29')).toBe('2024-02-29');
    expect(parseDate('2023-02-29')).toBeUndefined();
  });
});

describe('org store', () => {
  function org() {
    const o = new Org();
    applySeed(o, readSeedFile(DEFAULT_SEED_FILE));
    return { org: o, store: o.store, user: o.user('admin@ferry.sandbox')!.userId };
  }

  it('seeds the 13 sample accounts of the WSO2 examples', () => {
    const { store } = org();
    const names = [...store.records('Account')].map((r) => r.values.Name);
    expect(names).toHaveLength(13);
    expect(names).toContain('Edge Communications');
    expect(names).toContain('Sample Account for Entitlements');
  });

  it('creates with audit fields, defaults and derived fields', () => {
    const { store, user } = org();
    const out = store.create('lead', { lastname: 'Li', FirstName: 'Ann', Company: 'X' }, { mode: 'json', userId: user });
    expect(out.ok).toBe(true);
    const lead = store.get(out.ok ? out.id : '')!;
    expect(lead.type).toBe('Lead');
    expect(lead.values).toMatchObject({ Name: 'Ann Li', Status: 'Open - Not Contacted', OwnerId: user, CreatedById: user, IsDeleted: false, IsConverted: false });
  });

  it.each([
    [{ Name: 'x'.repeat(256) }, 'STRING_TOO_LONG', ['Name']],
    [{}, 'REQUIRED_FIELD_MISSING', ['Name']],
    [{ Name: 'A', Nope__c: 1 }, 'INVALID_FIELD', []],
    [{ Name: 'A', AnnualRevenue: 'lots' }, 'JSON_PARSER_ERROR', []],
    [{ Name: 'A', ParentId: '001notanid' }, 'MALFORMED_ID', ['ParentId']],
    [{ Name: 'A', ParentId: '0015g00000ZZZZZ' }, 'INVALID_CROSS_REFERENCE_KEY', ['ParentId']],
    [{ Name: 'A', IsDeleted: true }, 'INVALID_FIELD_FOR_INSERT_UPDATE', ['IsDeleted']],
  ])('refuses %j with %s', (input, statusCode, fields) => {
    const { store, user } = org();
    const out = store.create('Account', input, { mode: 'json', userId: user });
    expect(out.ok).toBe(false);
    expect(!out.ok && out.errors.map((e) => [e.statusCode, e.fields])).toEqual([[statusCode, fields]]);
  });

  it('refuses an invalid email and a bad restricted picklist value in text mode too', () => {
    const { store, user } = org();
    const out = store.create('Lead', { LastName: 'L', Company: 'C', Email: 'nope', Status: 'Weird' }, { mode: 'text', userId: user });
    expect(!out.ok && out.errors.map((e) => e.statusCode)).toEqual(['INVALID_EMAIL_ADDRESS', 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST']);
  });

  it('deletes into the recycle bin with cascade, undeletes, and purges', () => {
    const { store } = org();
    const edge = [...store.records('Account')].find((r) => r.values.Name === 'Edge Communications')!;
    const contacts = () => [...store.records('Contact')].filter((c) => c.values.AccountId === edge.id && !c.deleted).length;
    expect(contacts()).toBe(2);
    expect(store.delete(edge.id).ok).toBe(true);
    expect(contacts()).toBe(0);
    expect(store.delete(edge.id)).toMatchObject({ ok: false, errors: [{ statusCode: 'ENTITY_IS_DELETED' }] });
    expect(store.deletedIds('Account', 0, Date.now() + 1000).map((d) => d.id)).toEqual([edge.id]);
    expect(store.undelete(edge.id).ok).toBe(true);
    expect(contacts()).toBe(2);
    store.delete(edge.id);
    expect(store.purge(edge.id).ok).toBe(true);
    expect(store.get(edge.id)).toBeUndefined();
  });

  it('upserts by external id: insert, update, several matches', () => {
    const { store, user } = org();
    const opts = { mode: 'text' as const, userId: user };
    expect(store.upsert('Account', 'sample__c', { sample__c: '15222', Name: 'john' }, opts)).toMatchObject({ ok: true, created: true });
    expect(store.upsert('Account', 'sample__c', { sample__c: '15222', Name: 'johnny' }, opts)).toMatchObject({ ok: true, created: false });
    expect(store.upsert('Account', 'Name', { Name: 'x' }, opts)).toMatchObject({ ok: false, errors: [{ statusCode: 'NOT_FOUND' }] });
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(store.upsert('Account', 'Id', { Id: deep, Name: 'x' }, opts)).toMatchObject({ ok: false, errors: [{ statusCode: 'MALFORMED_ID' }] });
  });

  it('rolls back everything a transaction did when it throws', () => {
    const { store, user } = org();
    const before = [...store.records('Account')].length;
    const edge = [...store.records('Account')].find((r) => r.values.Name === 'Edge Communications')!;
    expect(() =>
      store.transaction(() => {
        store.create('Account', { Name: 'Temp' }, { mode: 'json', userId: user });
        store.update(edge.id, { Name: 'Renamed' }, { mode: 'json', userId: user });
        store.delete(edge.id);
        throw new Rollback();
      }),
    ).toThrow(Rollback);
    expect([...store.records('Account')].length).toBe(before);
    expect(store.get(edge.id)!.values.Name).toBe('Edge Communications');
    expect(store.get(edge.id)!.deleted).toBe(false);
  });
});
