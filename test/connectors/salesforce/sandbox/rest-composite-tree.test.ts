import { describe, expect, it } from 'vitest';
import { useSandbox } from './helpers.js';
import { ID18, restClient } from './rest-client.js';

// POST /composite/tree/{T}: nested record trees, all-or-nothing, 201 / 400 shapes (reference §2.5).
const ctx = useSandbox();
const api = restClient(() => ctx.url);

const named = (type: string, field: string, value: string) => ctx.sandbox.admin.records(type).filter((r) => r[field] === value);
const usage = (headers: Headers) => Number(/api-usage=(\d+)\//.exec(headers.get('sforce-limit-info') ?? '')?.[1]);

// the request body of Salesforce's documentation (field names in lower case, a number as text)
const docsExample = (suffix: string, email = 'sample@salesforce.com') => ({
  records: [
    {
      attributes: { type: 'Account', referenceId: 'ref1' },
      name: `SampleAccount${suffix}`,
      phone: '1234567890',
      website: 'www.salesforce.com',
      numberOfEmployees: '100',
      industry: 'Banking',
      Contacts: {
        records: [
          { attributes: { type: 'Contact', referenceId: 'ref2' }, lastname: `Smith${suffix}`, title: 'President', email },
          { attributes: { type: 'Contact', referenceId: 'ref3' }, lastname: `Evans${suffix}`, title: 'Vice President', email: 'sample@salesforce.com' },
        ],
      },
    },
    { attributes: { type: 'Account', referenceId: 'ref4' }, name: `SampleAccount2${suffix}`, phone: '1234567890', website: 'www.salesforce2.com', numberOfEmployees: '100', industry: 'Banking' },
  ],
});

describe('sandbox REST composite: POST /composite/tree/{T}', () => {
  it("the documentation's example → 201, results level by level (roots first), children linked to their parent", async () => {
    const res = await api.post('/composite/tree/Account', docsExample(' Tree'));
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(res.body).toEqual({
      hasErrors: false,
      results: [
        { referenceId: 'ref1', id: expect.stringMatching(ID18('001')) },
        { referenceId: 'ref4', id: expect.stringMatching(ID18('001')) },
        { referenceId: 'ref2', id: expect.stringMatching(ID18('003')) },
        { referenceId: 'ref3', id: expect.stringMatching(ID18('003')) },
      ],
    });
    const [ref1] = res.body.results;
    expect(named('Account', 'Name', 'SampleAccount Tree')[0]).toMatchObject({ Id: ref1.id, NumberOfEmployees: 100, Industry: 'Banking' });
    expect(named('Contact', 'LastName', 'Smith Tree')[0]?.AccountId).toBe(ref1.id);
    expect(named('Contact', 'LastName', 'Evans Tree')[0]?.AccountId).toBe(ref1.id);
  });

  it('one bad record fails the whole request: 400 naming only that record, nothing is kept', async () => {
    const res = await api.post('/composite/tree/Account', docsExample(' Broken', '123'));
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      hasErrors: true,
      results: [{ referenceId: 'ref2', errors: [{ statusCode: 'INVALID_EMAIL_ADDRESS', message: 'Email: invalid email address: 123', fields: ['Email'] }] }],
    });
    expect(named('Account', 'Name', 'SampleAccount Broken')).toEqual([]);
    expect(named('Account', 'Name', 'SampleAccount2 Broken')).toEqual([]);
    expect(named('Contact', 'LastName', 'Evans Broken')).toEqual([]);
  });

  it('a value of the wrong JSON type is a top-level 400 JSON_PARSER_ERROR, nothing kept', async () => {
    const res = await api.post('/composite/tree/Account', {
      records: [{ attributes: { type: 'Account', referenceId: 'a1' }, Name: 'Tree Parse Root', Contacts: { records: [{ attributes: { type: 'Contact', referenceId: 'c1' }, LastName: 'x', Birthdate: 'soon' }] } }],
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual([{ message: expect.stringContaining('Cannot deserialize instance of date'), errorCode: 'JSON_PARSER_ERROR' }]);
    expect(named('Account', 'Name', 'Tree Parse Root')).toEqual([]);
  });

  it('a duplicate referenceId gets one result per instance', async () => {
    const res = await api.post('/composite/tree/Account', {
      records: [
        { attributes: { type: 'Account', referenceId: 'dup' }, Name: 'Dup One', Contacts: { records: [{ attributes: { type: 'Contact', referenceId: 'dup' }, LastName: 'Dup Child' }] } },
        { attributes: { type: 'Account', referenceId: 'solo' }, Name: 'Dup Two' },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      hasErrors: true,
      results: [
        { referenceId: 'dup', errors: [{ statusCode: 'INVALID_INPUT', message: 'Duplicate ReferenceId provided in the request', fields: [] }] },
        { referenceId: 'dup', errors: [{ statusCode: 'INVALID_INPUT', message: 'Duplicate ReferenceId provided in the request', fields: [] }] },
      ],
    });
    expect(named('Account', 'Name', 'Dup Two')).toEqual([]);
  });

  it.each([
    ['a root of another type than the url names', { attributes: { type: 'Contact', referenceId: 'r1' }, LastName: 'Wrong Root' }, 'r1'],
    ['a child of another type than its relationship', { attributes: { type: 'Account', referenceId: 'r1' }, Name: 'Right Root', Contacts: { records: [{ attributes: { type: 'Lead', referenceId: 'c1' }, LastName: 'x', Company: 'y' }] } }, 'c1'],
    ['a record without a referenceId', { attributes: { type: 'Account' }, Name: 'No Ref' }, null],
    ['an illegal referenceId', { attributes: { type: 'Account', referenceId: 'bad-ref' }, Name: 'Bad Ref' }, 'bad-ref'],
  ])('%s → 400 tree error for that record', async (_name, record, referenceId) => {
    const res = await api.post('/composite/tree/Account', { records: [record] });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ hasErrors: true, results: [{ referenceId, errors: [{ statusCode: 'INVALID_INPUT', message: expect.any(String), fields: [] }] }] });
    expect(named('Account', 'Name', 'Right Root')).toEqual([]);
  });

  it('up to 200 unrelated records of one type in one call; 201 is too many', async () => {
    const records = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => ({ attributes: { type: 'Lead', referenceId: `L${i}` }, LastName: `${prefix}${i}`, Company: 'Tree Co' }));
    const ok = await api.post('/composite/tree/Lead', { records: records(200, 'Bulk') });
    expect(ok.status).toBe(201);
    expect(ok.body.results).toHaveLength(200);
    const tooMany = await api.post('/composite/tree/Lead', { records: records(201, 'Over') });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toEqual([{ message: expect.any(String), errorCode: 'LIMIT_EXCEEDED' }]);
    expect(named('Lead', 'LastName', 'Over0')).toEqual([]);
  });

  it('trees may be five levels deep, not six', async () => {
    const chain = (depth: number, tag: string): Record<string, unknown> => ({
      attributes: { type: 'Account', referenceId: `${tag}${depth}` },
      Name: `${tag} level ${depth}`,
      ...(depth > 1 ? { ChildAccounts: { records: [chain(depth - 1, tag)] } } : {}),
    });
    const five = await api.post('/composite/tree/Account', { records: [chain(5, 'Five')] });
    expect(five.status).toBe(201);
    const [top, second] = five.body.results;
    expect(named('Account', 'Id', second.id)[0]?.ParentId).toBe(top.id);
    const six = await api.post('/composite/tree/Account', { records: [chain(6, 'Six')] });
    expect(six.status).toBe(400);
    expect(six.body).toEqual([{ message: expect.any(String), errorCode: 'LIMIT_EXCEEDED' }]);
    expect(named('Account', 'Name', 'Six level 6')).toEqual([]);
  });

  it.each([
    ['an unknown object', '/composite/tree/Nope__c', { records: [] }, 404, 'NOT_FOUND'],
    ['no records', '/composite/tree/Account', { allOrNone: true }, 400, 'JSON_PARSER_ERROR'],
    ['records that are not objects', '/composite/tree/Account', { records: ['x'] }, 400, 'JSON_PARSER_ERROR'],
  ])('%s → %d %s', async (_name, path, body, status, errorCode) => {
    const res = await api.post(path, body);
    expect(res.status).toBe(status);
    expect(res.body).toEqual([{ message: expect.any(String), errorCode }]);
  });

  it('the whole tree is one API call', async () => {
    const first = await api.post('/composite/tree/Account', { records: [{ attributes: { type: 'Account', referenceId: 'c1' }, Name: 'Tree Count 1' }] });
    const second = await api.post('/composite/tree/Account', docsExample(' Count'));
    expect(usage(second.headers)).toBe(usage(first.headers) + 1);
  });
});
