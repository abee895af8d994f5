import { describe, expect, it } from 'vitest';
import { useSandbox } from './helpers.js';
import { ID18, restClient } from './rest-client.js';

// POST /composite/graph: graphs of subrequests, each all-or-nothing (reference §2.5, Salesforce's composite graph docs).
const ctx = useSandbox();
const api = restClient(() => ctx.url);

const ROLLED_BACK = { errorCode: 'PROCESSING_HALTED', message: 'The transaction was rolled back since another operation in the same transaction failed.' };
const named = (type: string, value: string) => ctx.sandbox.admin.records(type).filter((r) => r.Name === value || r.LastName === value);
const usage = (headers: Headers) => Number(/api-usage=(\d+)\//.exec(headers.get('sforce-limit-info') ?? '')?.[1]);

const node = (referenceId: string, method: string, url: string, body?: unknown) => ({ url: `/services/data/v60.0${url}`, ...(body === undefined ? {} : { body }), method, referenceId });

// Salesforce's documentation example: two graphs, each an Account with related records
function docsGraphs(tag: string, opportunity: Record<string, unknown> = { CloseDate: '2024-05-22', StageName: 'Prospecting', Name: `Opportunity ${tag}` }) {
  return {
    graphs: [
      {
        graphId: '1',
        compositeRequest: [
          node('reference_id_account_1', 'POST', '/sobjects/Account/', { name: `Cloudy Consulting ${tag}` }),
          node('reference_id_contact_1', 'POST', '/sobjects/Contact/', { FirstName: 'Nellie', LastName: `Cashman ${tag}`, AccountId: '@{reference_id_account_1.id}' }),
          node('reference_id_opportunity_1', 'POST', '/sobjects/Opportunity/', { ...opportunity, AccountId: '@{reference_id_account_1.id}' }),
        ],
      },
      {
        graphId: '2',
        compositeRequest: [
          node('reference_id_account_2', 'POST', '/sobjects/Account/', { name: `Easy Spaces ${tag}` }),
          node('reference_id_contact_2', 'POST', '/sobjects/Contact/', { FirstName: 'Charlie', LastName: `Dawson ${tag}`, AccountId: '@{reference_id_account_2.id}' }),
        ],
      },
    ],
  };
}

describe('sandbox REST composite: POST /composite/graph', () => {
  it("the documentation's example: both graphs succeed, 201s with Location, records linked", async () => {
    const res = await api.post('/composite/graph', docsGraphs('G1'));
    expect(res.status).toBe(200);
    expect(res.body.graphs.map((g: { graphId: string; isSuccessful: boolean }) => [g.graphId, g.isSuccessful])).toEqual([
      ['1', true],
      ['2', true],
    ]);
    const [graph1] = res.body.graphs;
    expect(Object.keys(graph1)).toEqual(['graphId', 'graphResponse', 'isSuccessful']);
    const [account, contact, opportunity] = graph1.graphResponse.compositeResponse;
    expect(account).toEqual({
      body: { id: expect.stringMatching(ID18('001')), success: true, errors: [] },
      httpHeaders: { Location: `/services/data/v60.0/sobjects/Account/${account.body.id}` },
      httpStatusCode: 201,
      referenceId: 'reference_id_account_1',
    });
    expect(contact).toMatchObject({ httpStatusCode: 201, body: { id: expect.stringMatching(ID18('003')) } });
    expect(opportunity).toMatchObject({ httpStatusCode: 201, body: { id: expect.stringMatching(ID18('006')) } });
    expect(named('Contact', 'Cashman G1')[0]?.AccountId).toBe(account.body.id);
  });

  it('a failing node rolls back its own graph only: it keeps its error, the others report PROCESSING_HALTED', async () => {
    const res = await api.post('/composite/graph', docsGraphs('G2', { CloseDate: '2024-05-22', Name: 'No Stage' }));
    const [graph1, graph2] = res.body.graphs;
    expect(graph1.isSuccessful).toBe(false);
    expect(graph1.graphResponse.compositeResponse).toEqual([
      { body: [ROLLED_BACK], httpHeaders: {}, httpStatusCode: 400, referenceId: 'reference_id_account_1' },
      { body: [ROLLED_BACK], httpHeaders: {}, httpStatusCode: 400, referenceId: 'reference_id_contact_1' },
      { body: [{ message: 'Required fields are missing: [StageName]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['StageName'] }], httpHeaders: {}, httpStatusCode: 400, referenceId: 'reference_id_opportunity_1' },
    ]);
    expect(named('Account', 'Cloudy Consulting G2')).toEqual([]);
    expect(named('Contact', 'Cashman G2')).toEqual([]);
    expect(graph2.isSuccessful).toBe(true);
    expect(named('Account', 'Easy Spaces G2')).toHaveLength(1);
  });

  it('nodes after the failing one never run and report the roll-back too', async () => {
    const res = await api.post('/composite/graph', {
      graphs: [
        {
          graphId: 'g1',
          compositeRequest: [
            node('bad', 'POST', '/sobjects/Account', { Industry: 'Banking' }),
            node('after', 'POST', '/sobjects/Account', { Name: 'After The Failure' }),
          ],
        },
      ],
    });
    expect(res.body.graphs[0].graphResponse.compositeResponse[1]).toEqual({ body: [ROLLED_BACK], httpHeaders: {}, httpStatusCode: 400, referenceId: 'after' });
    expect(named('Account', 'After The Failure')).toEqual([]);
  });

  it('record nodes by id and external id: GET, PATCH (upsert) and DELETE', async () => {
    const res = await api.post('/composite/graph', {
      graphs: [
        {
          graphId: 'ops',
          compositeRequest: [
            node('up', 'PATCH', '/sobjects/Account/External_Id__c/GRAPH-1', { Name: 'Graph Upserted' }),
            node('read', 'GET', '/sobjects/Account/@{up.id}?fields=Name'),
            node('rename', 'PATCH', '/sobjects/Account/@{up.id}', { Name: 'Graph Renamed' }),
            node('temp', 'POST', '/sobjects/Account', { Name: 'Graph Temporary' }),
            node('drop', 'DELETE', '/sobjects/Account/@{temp.id}'),
          ],
        },
      ],
    });
    const [up, read, rename, temp, drop] = res.body.graphs[0].graphResponse.compositeResponse;
    expect(res.body.graphs[0].isSuccessful).toBe(true);
    expect(up).toMatchObject({ httpStatusCode: 201, body: { success: true, created: true } });
    expect(read).toMatchObject({ httpStatusCode: 200, body: { Name: 'Graph Upserted' } });
    expect(rename).toMatchObject({ httpStatusCode: 204, body: null });
    expect(temp.httpStatusCode).toBe(201);
    expect(drop.httpStatusCode).toBe(204);
    expect(named('Account', 'Graph Renamed')).toHaveLength(1);
  });

  it('after more than 14 failed graphs the remaining graphs are not processed', async () => {
    const failing = (i: number) => ({ graphId: `bad${i}`, compositeRequest: [node('n', 'POST', '/sobjects/Account', { Industry: 'Banking' })] });
    const good = (name: string) => ({ graphId: 'good', compositeRequest: [node('n', 'POST', '/sobjects/Account', { Name: name })] });
    const fourteen = await api.post('/composite/graph', { graphs: [...Array.from({ length: 14 }, (_, i) => failing(i)), good('After Fourteen Failures')] });
    expect(fourteen.body.graphs[14].isSuccessful).toBe(true);
    expect(named('Account', 'After Fourteen Failures')).toHaveLength(1);
    const fifteen = await api.post('/composite/graph', { graphs: [...Array.from({ length: 15 }, (_, i) => failing(i)), good('After Fifteen Failures')] });
    const last = fifteen.body.graphs[15];
    expect(last.isSuccessful).toBe(false);
    expect(last.graphResponse.compositeResponse).toEqual([{ body: [{ errorCode: 'PROCESSING_HALTED', message: expect.any(String) }], httpHeaders: {}, httpStatusCode: 400, referenceId: 'n' }]);
    expect(named('Account', 'After Fifteen Failures')).toEqual([]);
  });

  it('the whole request is one API call', async () => {
    const first = await api.post('/composite/graph', { graphs: [{ graphId: 'a', compositeRequest: [node('x', 'POST', '/sobjects/Account', { Name: 'Graph Count A' })] }] });
    const second = await api.post('/composite/graph', docsGraphs('G3'));
    expect(usage(second.headers)).toBe(usage(first.headers) + 1);
  });

  const ok = (graphId: string) => ({ graphId, compositeRequest: [node('n', 'POST', '/sobjects/Account', { Name: 'Graph Validation Victim' })] });
  it.each([
    ['a duplicate graphId', [ok('same'), ok('same')], 'JSON_PARSER_ERROR'],
    ['a graphId not starting with a letter or number', [ok('_x')], 'JSON_PARSER_ERROR'],
    ['a query node (graphs hold record operations only)', [ok('a'), { graphId: 'b', compositeRequest: [node('q', 'GET', '/query?q=SELECT Id FROM Account')] }], 'JSON_PARSER_ERROR'],
    ['a POST to a record url', [ok('a'), { graphId: 'b', compositeRequest: [node('p', 'POST', '/sobjects/Account/001000000000000AAA', {})] }], 'JSON_PARSER_ERROR'],
    ['a node below API 50.0', [ok('a'), { graphId: 'b', compositeRequest: [{ url: '/services/data/v49.0/sobjects/Account', method: 'POST', referenceId: 'old', body: { Name: 'x' } }] }], 'JSON_PARSER_ERROR'],
    ['76 graphs', Array.from({ length: 76 }, (_, i) => ok(`g${i}`)), 'LIMIT_EXCEEDED'],
    ['501 nodes', [ok('a'), { graphId: 'big', compositeRequest: Array.from({ length: 500 }, (_, i) => node(`n${i}`, 'POST', '/sobjects/Account', { Name: `Big ${i}` })) }], 'LIMIT_EXCEEDED'],
  ])('%s → 400 %s before any graph runs', async (_name, graphs, errorCode) => {
    const res = await api.post('/composite/graph', { graphs });
    expect(res.status).toBe(400);
    expect(res.body).toEqual([{ message: expect.any(String), errorCode }]);
    expect(named('Account', 'Graph Validation Victim')).toEqual([]);
  });

  it('composite graph arrived in API 50.0: v49.0/composite/graph is 404', async () => {
    const res = await api.post('/composite/graph', { graphs: [] }, { version: '49.0' });
    expect(res.status).toBe(404);
  });
});
