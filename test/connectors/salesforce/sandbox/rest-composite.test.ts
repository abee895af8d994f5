import { describe, expect, it } from 'vitest';
import { useSandbox } from './helpers.js';
import { ID18, restClient } from './rest-client.js';

// POST /composite: dependent subrequests with references, allOrNone, one API call (reference §2.5).
const ctx = useSandbox();
const api = restClient(() => ctx.url);

const ROLLED_BACK = { errorCode: 'PROCESSING_HALTED', message: 'The transaction was rolled back since another operation in the same transaction failed.' };
const noValue = (expr: string, name: string) =>
  `Invalid reference specified. No value for ${expr} found in ${name}. Provided referenceId ('${expr}') must start with a letter or a number, and it can contain only letters, numbers and underscores ('_').`;

function usage(headers: Headers): number {
  return Number(/api-usage=(\d+)\//.exec(headers.get('sforce-limit-info') ?? '')?.[1]);
}

const createAccount = (referenceId: string, body: unknown, version = 'v62.0') => ({ method: 'POST', url: `/services/data/${version}/sobjects/Account`, referenceId, body });
const accountsNamed = (name: string) => ctx.sandbox.admin.records('Account').filter((r) => r.Name === name);

describe('sandbox REST composite: POST /composite', () => {
  it('GET /composite lists the composite resources of the request version', async () => {
    const res = await api.get('/composite', { version: '63.0' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      tree: '/services/data/v63.0/composite/tree',
      batch: '/services/data/v63.0/composite/batch',
      sobjects: '/services/data/v63.0/composite/sobjects',
      graph: '/services/data/v63.0/composite/graph',
    });
  });

  it("the documentation's example: an Account, then a Contact under it via @{refAccount.id}; 201s with Location, always HTTP 200", async () => {
    const res = await api.post('/composite', {
      compositeRequest: [
        createAccount('refAccount', { Name: 'Composite Sample Account' }),
        { method: 'POST', url: '/services/data/v62.0/sobjects/Contact', referenceId: 'refContact', body: { LastName: 'Sample Contact', AccountId: '@{refAccount.id}' } },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    const [account, contact] = res.body.compositeResponse;
    expect(Object.keys(account)).toEqual(['body', 'httpHeaders', 'httpStatusCode', 'referenceId']);
    expect(account).toEqual({ body: { id: expect.stringMatching(ID18('001')), success: true, errors: [] }, httpHeaders: { Location: `/services/data/v62.0/sobjects/Account/${account.body.id}` }, httpStatusCode: 201, referenceId: 'refAccount' });
    expect(contact).toMatchObject({ body: { id: expect.stringMatching(ID18('003')), success: true, errors: [] }, httpStatusCode: 201, referenceId: 'refContact' });
    expect(contact.httpHeaders).toEqual({ Location: `/services/data/v62.0/sobjects/Contact/${contact.body.id}` });
    const stored = ctx.sandbox.admin.records('Contact').find((c) => c.Id === contact.body.id);
    expect(stored?.AccountId).toBe(account.body.id);
  });

  it('references work in urls too: query → @{q.records[0].Id} → PATCH (204, body null) → GET the change', async () => {
    const res = await api.post('/composite', {
      compositeRequest: [
        { method: 'GET', url: "/services/data/v62.0/query?q=SELECT Id, Name FROM Account WHERE Name = 'GenePoint'", referenceId: 'q' },
        { method: 'PATCH', url: '/services/data/v62.0/sobjects/Account/@{q.records[0].Id}', referenceId: 'upd', body: { Phone: '(650) 555-0100' } },
        { method: 'GET', url: '/services/data/v62.0/sobjects/Account/@{q.records[0].Id}?fields=Name,Phone', referenceId: 'check' },
      ],
    });
    const [q, upd, check] = res.body.compositeResponse;
    expect(q.httpStatusCode).toBe(200);
    expect(q.body).toMatchObject({ totalSize: 1, done: true });
    expect(upd).toEqual({ body: null, httpHeaders: {}, httpStatusCode: 204, referenceId: 'upd' });
    expect(check.httpStatusCode).toBe(200);
    expect(check.body).toMatchObject({ attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${q.body.records[0].Id}` }, Name: 'GenePoint', Phone: '(650) 555-0100' });
  });

  it('a reference that is a whole string keeps the referenced type (a number stays a number)', async () => {
    const res = await api.post('/composite', {
      compositeRequest: [
        { method: 'GET', url: "/services/data/v62.0/query?q=SELECT NumberOfEmployees FROM Account WHERE Name = 'Dickenson plc'", referenceId: 'src' },
        createAccount('copy', { Name: 'Employee Copy', NumberOfEmployees: '@{src.records[0].NumberOfEmployees}', Description: 'has @{src.records[0].NumberOfEmployees} people' }),
      ],
    });
    expect(res.body.compositeResponse[1].httpStatusCode).toBe(201);
    expect(accountsNamed('Employee Copy')[0]).toMatchObject({ NumberOfEmployees: 120, Description: 'has 120 people' });
  });

  it.each([
    ['a subrequest that failed halts the ones referring to it', [createAccount('bad', { Industry: 'Banking' }), { method: 'POST', url: '/services/data/v62.0/sobjects/Contact', referenceId: 'dependent', body: { LastName: 'X', AccountId: '@{bad.id}' } }], 'Execution halted as previous operation (bad) was not successful.'],
    ['a query without rows has no records[0]', [{ method: 'GET', url: "/services/data/v62.0/query?q=SELECT Id FROM Account WHERE Name = 'Nobody At All'", referenceId: 'q' }, { method: 'DELETE', url: '/services/data/v62.0/sobjects/Account/@{q.records[0].Id}', referenceId: 'dependent' }], noValue('q.records[0].Id', 'q')],
    ['references are case-sensitive: a create answers id, not Id', [createAccount('acc', { Name: 'Case Sensitive Ref' }), { method: 'GET', url: '/services/data/v62.0/sobjects/Account/@{acc.Id}', referenceId: 'dependent' }], noValue('acc.Id', 'acc')],
    ['an unknown referenceId', [createAccount('acc2', { Name: 'Unknown Ref' }), { method: 'GET', url: '/services/data/v62.0/sobjects/Account/@{nope.id}', referenceId: 'dependent' }], noValue('nope.id', 'nope')],
  ])('%s → 400 PROCESSING_HALTED for the dependent one only', async (_name, compositeRequest, message) => {
    const res = await api.post('/composite', { compositeRequest });
    expect(res.status).toBe(200);
    const dependent = res.body.compositeResponse[1];
    expect(dependent).toEqual({ body: [{ errorCode: 'PROCESSING_HALTED', message }], httpHeaders: {}, httpStatusCode: 400, referenceId: 'dependent' });
  });

  it('without allOrNone, a failure leaves the independent subrequests alone (and their changes stay)', async () => {
    const res = await api.post('/composite', {
      compositeRequest: [createAccount('noName', { Industry: 'Banking' }), createAccount('fine', { Name: 'Independent Survivor' })],
    });
    const [noName, fine] = res.body.compositeResponse;
    expect(noName).toEqual({ body: [{ message: 'Required fields are missing: [Name]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Name'] }], httpHeaders: {}, httpStatusCode: 400, referenceId: 'noName' });
    expect(fine.httpStatusCode).toBe(201);
    expect(accountsNamed('Independent Survivor')).toHaveLength(1);
  });

  it('allOrNone: the first failure stops everything, the org is rolled back, the others report PROCESSING_HALTED', async () => {
    const res = await api.post('/composite', {
      allOrNone: true,
      compositeRequest: [
        createAccount('refAccount', { Name: 'Rolled Back Account' }),
        { method: 'POST', url: '/services/data/v62.0/sobjects/Contact', referenceId: 'badContact', body: { LastName: 'Bad', Email: 'Not a real email address', AccountId: '@{refAccount.id}' } },
        createAccount('never', { Name: 'Never Created' }),
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.compositeResponse).toEqual([
      { body: [ROLLED_BACK], httpHeaders: {}, httpStatusCode: 400, referenceId: 'refAccount' },
      { body: [{ message: 'Email: invalid email address: Not a real email address', errorCode: 'INVALID_EMAIL_ADDRESS', fields: ['Email'] }], httpHeaders: {}, httpStatusCode: 400, referenceId: 'badContact' },
      { body: [ROLLED_BACK], httpHeaders: {}, httpStatusCode: 400, referenceId: 'never' },
    ]);
    expect(accountsNamed('Rolled Back Account')).toEqual([]);
    expect(accountsNamed('Never Created')).toEqual([]);
  });

  it('allOrNone with everything fine commits everything', async () => {
    const res = await api.post('/composite', { allOrNone: true, compositeRequest: [createAccount('a', { Name: 'All Fine One' }), createAccount('b', { Name: 'All Fine Two' })] });
    expect(res.body.compositeResponse.map((r: { httpStatusCode: number }) => r.httpStatusCode)).toEqual([201, 201]);
    expect(accountsNamed('All Fine One')).toHaveLength(1);
    expect(accountsNamed('All Fine Two')).toHaveLength(1);
  });

  it('counts as ONE API call however many subrequests it has', async () => {
    const before = await api.get('/composite');
    const res = await api.post('/composite', {
      compositeRequest: [
        { method: 'GET', url: '/services/data/v62.0/sobjects/Account/describe', referenceId: 'd' },
        { method: 'GET', url: '/services/data/v62.0/query?q=SELECT Id FROM Account LIMIT 1', referenceId: 'q' },
        { method: 'GET', url: '/services/data/v62.0/limits', referenceId: 'l' },
      ],
    });
    expect(usage(res.headers)).toBe(usage(before.headers) + 1);
  });

  it('httpHeaders reach the subrequest (If-Modified-Since → 304) and response headers come back in canonical casing', async () => {
    const res = await api.post('/composite', {
      compositeRequest: [
        { method: 'GET', url: '/services/data/v62.0/sobjects/Account/describe', referenceId: 'fresh' },
        { method: 'GET', url: '/services/data/v62.0/sobjects/Account/describe', referenceId: 'cached', httpHeaders: { 'If-Modified-Since': 'Tue, 31 May 2099 18:00:00 GMT' } },
      ],
    });
    const [fresh, cached] = res.body.compositeResponse;
    expect(fresh.httpStatusCode).toBe(200);
    expect(Object.keys(fresh.httpHeaders).sort()).toEqual(['ETag', 'Last-Modified']);
    expect(fresh.httpHeaders).not.toHaveProperty('Content-Length');
    expect(cached).toMatchObject({ httpStatusCode: 304, body: null });
  });

  it.each([
    ['a retired version', '/services/data/v30.0/sobjects/Account/describe', 410, 'GONE'],
    ['an unknown version', '/services/data/v99.0/sobjects/Account/describe', 404, 'NOT_FOUND'],
    ['a composite resource as a subrequest', '/services/data/v62.0/composite/batch', 404, 'NOT_FOUND'],
    ['an unknown object', '/services/data/v62.0/sobjects/Nope__c/describe', 404, 'NOT_FOUND'],
  ])('%s answers inside the subrequest: %s → %d %s', async (_name, url, status, errorCode) => {
    const res = await api.post('/composite', { compositeRequest: [{ method: 'GET', url, referenceId: 'r' }] });
    expect(res.status).toBe(200);
    expect(res.body.compositeResponse[0]).toMatchObject({ httpStatusCode: status, body: [{ errorCode }] });
  });

  it('API 52.0+: a reference to a null field resolves to null; API 51.0 halts the dependent subrequest', async () => {
    const made = await api.post('/sobjects/Contact', { LastName: 'Wong' });
    const request = (v: string) => ({
      compositeRequest: [
        { method: 'GET', url: `/services/data/${v}/sobjects/Contact/${made.body.id}?fields=FirstName,LastName`, referenceId: 'refContact' },
        { method: 'POST', url: `/services/data/${v}/sobjects/Contact`, referenceId: 'newContact', body: { FirstName: '@{refContact.FirstName}', LastName: '@{refContact.LastName}' } },
      ],
    });
    const v62 = await api.post('/composite', request('v62.0'));
    expect(v62.body.compositeResponse[1]).toMatchObject({ httpStatusCode: 201, body: { success: true } });
    const v51 = await api.post('/composite', request('v51.0'), { version: '51.0' });
    expect(v51.body.compositeResponse[1]).toEqual({ body: [{ errorCode: 'PROCESSING_HALTED', message: noValue('refContact.FirstName', 'refContact') }], httpHeaders: {}, httpStatusCode: 400, referenceId: 'newContact' });
  });

  it("API 51.0 lets an illegal referenceId through and fails only what refers to it (the documentation's example)", async () => {
    const res = await api.post(
      '/composite',
      {
        allOrNone: false,
        compositeRequest: [
          createAccount('refNewAccount[1]', { name: 'Cloudy Consulting' }, 'v51.0'),
          { method: 'POST', url: '/services/data/v51.0/sobjects/Contact', referenceId: 'refNewContact', body: { AccountId: '@{refNewAccount[1].id}', FirstName: 'Mary', LastName: 'Smith' } },
          createAccount('refNewAccount2', { name: 'Easy Spaces' }, 'v51.0'),
        ],
      },
      { version: '51.0' },
    );
    expect(res.body.compositeResponse.map((r: { httpStatusCode: number }) => r.httpStatusCode)).toEqual([201, 400, 201]);
    expect(res.body.compositeResponse[0].referenceId).toBe('refNewAccount[1]');
    expect(res.body.compositeResponse[1].body[0].message).toBe(noValue('refNewAccount[1].id', 'refNewAccount'));
  });

  const sub = (i: number) => ({ method: 'GET', url: '/services/data/v62.0/limits', referenceId: `r${i}` });
  const query = (i: number) => ({ method: 'GET', url: '/services/data/v62.0/query?q=SELECT Id FROM Account LIMIT 1', referenceId: `q${i}` });
  it.each([
    ['26 subrequests', 'LIMIT_EXCEEDED', { compositeRequest: Array.from({ length: 26 }, (_, i) => sub(i)) }],
    ['6 query or collections subrequests', 'LIMIT_EXCEEDED', { compositeRequest: [...Array.from({ length: 5 }, (_, i) => query(i)), { method: 'POST', url: '/services/data/v62.0/composite/sobjects', referenceId: 'c', body: { records: [] } }] }],
    ['no compositeRequest', 'JSON_PARSER_ERROR', { allOrNone: true }],
    ['a lower-case method', 'JSON_PARSER_ERROR', { compositeRequest: [{ method: 'get', url: '/services/data/v62.0/limits', referenceId: 'a' }] }],
    ['a url outside /services/data', 'JSON_PARSER_ERROR', { compositeRequest: [{ method: 'GET', url: '/limits', referenceId: 'a' }] }],
    ['a missing referenceId', 'JSON_PARSER_ERROR', { compositeRequest: [{ method: 'GET', url: '/services/data/v62.0/limits' }] }],
    ['a duplicate referenceId', 'JSON_PARSER_ERROR', { compositeRequest: [sub(1), sub(1)] }],
    ['an Authorization header in a subrequest', 'JSON_PARSER_ERROR', { compositeRequest: [{ ...sub(1), httpHeaders: { Authorization: 'Bearer x' } }] }],
    ['a body that is an array', 'JSON_PARSER_ERROR', [sub(1)]],
  ])('%s → 400 %s for the whole request, nothing runs', async (_name, errorCode, body) => {
    const res = await api.post('/composite', body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual([{ message: expect.any(String), errorCode }]);
  });

  it('API 52.0+: an illegal referenceId fails the whole request with the documented JSON_PARSER_ERROR', async () => {
    const res = await api.post('/composite', { compositeRequest: [createAccount('refNewAccount[1]', { Name: 'Illegal Ref Account' })] });
    expect(res.status).toBe(400);
    expect(res.body).toEqual([
      { message: "Provided referenceId ('refNewAccount[1]') must start with a letter or a number, and it can contain only letters, numbers and underscores ('_').", errorCode: 'JSON_PARSER_ERROR' },
    ]);
    expect(accountsNamed('Illegal Ref Account')).toEqual([]);
  });

  it('composite arrived in API 38.0: v37.0/composite is 404', async () => {
    const res = await api.post('/composite', { compositeRequest: [] }, { version: '37.0' });
    expect(res.status).toBe(404);
    expect(res.body).toEqual([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
  });
});

describe('sandbox REST composite: allOrNone of the composite and of a collections subrequest', () => {
  const collection = (innerFlag: boolean, names: string[]) => ({
    method: 'POST',
    url: '/services/data/v62.0/composite/sobjects',
    referenceId: 'newAccounts',
    body: { allOrNone: innerFlag, records: names.map((Name) => ({ attributes: { type: 'Account' }, ...(Name ? { Name } : {}) })) },
  });
  const contact = (lastName: string) => ({ method: 'POST', url: '/services/data/v62.0/sobjects/Contact', referenceId: 'newContact', body: { LastName: lastName, AccountId: '@{newAccounts[0].id}' } });

  it('outer true overrides the collection: one bad record rolls back the whole composite', async () => {
    const res = await api.post('/composite', { allOrNone: true, compositeRequest: [collection(false, ['Outer True Good', '']), contact('Outer True')] });
    const [accounts, newContact] = res.body.compositeResponse;
    expect(accounts.httpStatusCode).toBe(200);
    expect(accounts.body).toEqual([
      { success: false, errors: [{ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK', message: 'Record rolled back because not all records were valid and the request was using AllOrNone header', fields: [] }] },
      { success: false, errors: [{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Name]', fields: ['Name'] }] },
    ]);
    expect(newContact).toEqual({ body: [ROLLED_BACK], httpHeaders: {}, httpStatusCode: 400, referenceId: 'newContact' });
    expect(accountsNamed('Outer True Good')).toEqual([]);
  });

  it('outer false, inner true: the collection rolls back alone and the next subrequest still runs', async () => {
    const res = await api.post('/composite', { allOrNone: false, compositeRequest: [collection(true, ['Inner True Good', '']), contact('Inner True')] });
    const [accounts, newContact] = res.body.compositeResponse;
    expect(accounts.body[0]).toEqual({ success: false, errors: [expect.objectContaining({ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK' })] });
    expect(accountsNamed('Inner True Good')).toEqual([]);
    // newAccounts[0] has no id: the dependent contact cannot resolve its reference
    expect(newContact).toMatchObject({ httpStatusCode: 400, body: [{ errorCode: 'PROCESSING_HALTED', message: noValue('newAccounts[0].id', 'newAccounts') }] });
  });

  it('outer false, inner false: the good record is kept and referenced', async () => {
    const res = await api.post('/composite', { allOrNone: false, compositeRequest: [collection(false, ['Both False Good', '']), contact('Both False')] });
    const [accounts, newContact] = res.body.compositeResponse;
    expect(accounts.body[0]).toEqual({ id: expect.stringMatching(ID18('001')), success: true, errors: [] });
    expect(newContact.httpStatusCode).toBe(201);
    const stored = ctx.sandbox.admin.records('Contact').find((c) => c.Id === newContact.body.id);
    expect(stored?.AccountId).toBe(accounts.body[0].id);
  });
});
