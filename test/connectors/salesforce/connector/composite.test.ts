import { describe, expect, it } from 'vitest';
import { useSalesforce } from './harness.js';

const sf = useSalesforce();

type Result = { payload?: Record<string, unknown>; attributes: Record<string, unknown> };
const v = (out: { mc: { vars: Record<string, unknown> } }) => out.mc.vars.r as Result;
const named = (type: string, name: string) => sf.sandbox.admin.records(type).filter((r) => r.Name === name || r.LastName === name);
const ID = (prefix: string) => expect.stringMatching(new RegExp(`^${prefix}\\w{15}$`));

/** The body of the last request that reached the sandbox at `path`. */
function sentBody(path: string): unknown {
  const calls = sf.sandbox.admin.requests() as { path: string; body: string | null }[];
  return JSON.parse([...calls].reverse().find((c) => c.path === path)!.body!);
}

// one body given two ways: an object from an expression, and JSON text (MI's way); YAML objects below
const FORMS = [
  ['an object from an expression', '"${payload}"', (body: unknown) => ({ payload: body })],
  ['JSON text', '"${vars.text}"', (body: unknown) => ({ vars: { text: JSON.stringify(body) } })],
] as const;

describe('compositeRequest (POST /composite)', () => {
  const body = (tag: string) => ({
    allOrNone: true,
    compositeRequest: [
      { method: 'POST', url: '/services/data/v60.0/sobjects/Account', referenceId: 'refAccount', body: { Name: `Composite ${tag}` } },
      { method: 'POST', url: '/services/data/v60.0/sobjects/Contact', referenceId: 'refContact', body: { LastName: `Contact ${tag}`, AccountId: '@{refAccount.id}' } },
      { method: 'GET', url: '/services/data/v60.0/sobjects/Account/@{refAccount.id}?fields=Name', referenceId: 'check' },
    ],
  });

  it.each(FORMS)('fieldAndValue as %s → compositeResponse, one entry per subrequest', async (name, param, input) => {
    const out = await sf.run(`- salesforce.compositeRequest: { configKey: sf, fieldAndValue: ${param}, responseVariable: r }`, input(body(name)));
    expect(v(out).attributes.statusCode).toBe(200);
    const [account, contact, check] = v(out).payload!.compositeResponse as Record<string, unknown>[];
    expect(account).toEqual({ body: { id: ID('001'), success: true, errors: [] }, httpHeaders: { Location: expect.stringContaining('/sobjects/Account/') }, httpStatusCode: 201, referenceId: 'refAccount' });
    expect(contact).toMatchObject({ httpStatusCode: 201, referenceId: 'refContact', body: { id: ID('003') } });
    expect(check).toMatchObject({ httpStatusCode: 200, referenceId: 'check', body: { Name: `Composite ${name}` } });
    expect(named('Contact', `Contact ${name}`)[0]?.AccountId).toBe((account!.body as { id: string }).id);
    expect(sentBody('/services/data/v60.0/composite')).toEqual(body(name));
  });

  it('a failing subrequest is not a fault: allOrNone rolls back and each entry says why', async () => {
    const failing = { allOrNone: true, compositeRequest: [body('rolled back').compositeRequest[0], { method: 'POST', url: '/services/data/v60.0/sobjects/Contact', referenceId: 'bad', body: { FirstName: 'no last name' } }] };
    const out = await sf.run('- salesforce.compositeRequest: { configKey: sf, fieldAndValue: "${payload}", responseVariable: r }', { payload: failing });
    expect(out.mc.error).toBeNull();
    const [first, second] = v(out).payload!.compositeResponse as { httpStatusCode: number; body: { errorCode: string }[] }[];
    expect(first).toMatchObject({ httpStatusCode: 400, body: [{ errorCode: 'PROCESSING_HALTED' }] });
    expect(second).toMatchObject({ httpStatusCode: 400, body: [{ errorCode: 'REQUIRED_FIELD_MISSING' }] });
    expect(named('Account', 'Composite rolled back')).toEqual([]);
  });

  it('more than 5 query subrequests → the whole request refused: a fault with LIMIT_EXCEEDED', async () => {
    const query = (i: number) => ({ method: 'GET', url: '/services/data/v60.0/query?q=SELECT+Id+FROM+Account', referenceId: `q${i}` });
    const out = await sf.run('- salesforce.compositeRequest: { configKey: sf, fieldAndValue: "${payload}" }', { payload: { compositeRequest: [0, 1, 2, 3, 4, 5].map(query) } });
    expect(out.mc.error).toMatchObject({ code: 'LIMIT_EXCEEDED', status: 400, detail: [expect.objectContaining({ errorCode: 'LIMIT_EXCEEDED' })] });
    expect(out.response.status).toBe(400);
  });
});

describe('compositeBatch (POST /composite/batch)', () => {
  it.each(FORMS)('fieldAndValue as %s → {hasErrors, results[{statusCode, result}]}', async (_name, param, input) => {
    const [edge] = named('Account', 'Edge Communications');
    const batch = {
      batchRequests: [
        { method: 'PATCH', url: `v60.0/sobjects/Account/${String(edge!.Id)}`, richInput: { Phone: '(512) 555-0100' } },
        { method: 'GET', url: `v60.0/sobjects/Account/${String(edge!.Id)}?fields=Name,Phone` },
      ],
    };
    const out = await sf.run(`- salesforce.compositeBatch: { configKey: sf, fieldAndValue: ${param}, responseVariable: r }`, input(batch));
    expect(v(out).payload).toEqual({
      hasErrors: false,
      results: [
        { statusCode: 204, result: null },
        { statusCode: 200, result: { attributes: { type: 'Account', url: `/services/data/v60.0/sobjects/Account/${String(edge!.Id)}` }, Name: 'Edge Communications', Phone: '(512) 555-0100', Id: edge!.Id } },
      ],
    });
  });

  it('a failing subrequest: hasErrors true, still no fault', async () => {
    const out = await sf.run('- salesforce.compositeBatch: { configKey: sf, fieldAndValue: { batchRequests: [{ method: GET, url: "v60.0/sobjects/Nope/001000000000AAA" }] }, responseVariable: r }');
    expect(out.mc.error).toBeNull();
    expect(v(out).payload).toMatchObject({ hasErrors: true, results: [{ statusCode: 404 }] });
  });

  it('26 subrequests → LIMIT_EXCEEDED fault; failOnError false keeps the answer', async () => {
    const batch = { batchRequests: Array.from({ length: 26 }, () => ({ method: 'GET', url: 'v60.0/limits' })) };
    const out = await sf.run('- salesforce.compositeBatch: { configKey: sf, fieldAndValue: "${payload}" }', { payload: batch });
    expect(out.mc.error).toMatchObject({ code: 'LIMIT_EXCEEDED', status: 400 });
    const kept = await sf.run('- salesforce.compositeBatch: { configKey: sf, fieldAndValue: "${payload}", failOnError: false, responseVariable: r }', { payload: batch });
    expect(v(kept)).toMatchObject({ attributes: { statusCode: 400 }, payload: [{ errorCode: 'LIMIT_EXCEEDED' }] });
  });
});

describe('compositeGraph (POST /composite/graph)', () => {
  const node = (referenceId: string, url: string, body: unknown) => ({ method: 'POST', url: `/services/data/v60.0${url}`, referenceId, body });

  it.each(FORMS)('fieldAndValue as %s → graphs[{graphId, graphResponse, isSuccessful}]', async (name, param, input) => {
    const graphs = {
      graphs: [
        { graphId: 'g1', compositeRequest: [node('acc', '/sobjects/Account', { Name: `Graph ${name}` }), node('con', '/sobjects/Contact', { LastName: `Graph ${name}`, AccountId: '@{acc.id}' })] },
        { graphId: 'g2', compositeRequest: [node('bad', '/sobjects/Contact', { FirstName: 'no last name' })] },
      ],
    };
    const out = await sf.run(`- salesforce.compositeGraph: { configKey: sf, fieldAndValue: ${param}, responseVariable: r }`, input(graphs));
    const [g1, g2] = v(out).payload!.graphs as { graphId: string; isSuccessful: boolean; graphResponse: { compositeResponse: unknown[] } }[];
    expect(g1).toMatchObject({ graphId: 'g1', isSuccessful: true, graphResponse: { compositeResponse: [{ httpStatusCode: 201, referenceId: 'acc' }, { httpStatusCode: 201, referenceId: 'con' }] } });
    expect(g2).toMatchObject({ graphId: 'g2', isSuccessful: false, graphResponse: { compositeResponse: [{ httpStatusCode: 400, referenceId: 'bad' }] } });
    expect(named('Contact', `Graph ${name}`)).toHaveLength(1);
  });

  it('a body without graphs → the Salesforce error as a fault', async () => {
    const out = await sf.run('- salesforce.compositeGraph: { configKey: sf, fieldAndValue: { nothing: here } }');
    expect(out.mc.error).toMatchObject({ code: 'JSON_PARSER_ERROR', status: 400 });
  });
});

describe('composite: parameters', () => {
  it.each(['compositeRequest', 'compositeBatch', 'compositeGraph'])('%s: fieldAndValue text that is not JSON → FERRY_ERR_CONNECTOR_PARAMS, no call', async (op) => {
    sf.sandbox.admin.clearRequests();
    const out = await sf.run(`- salesforce.${op}: { configKey: sf, fieldAndValue: "\${vars.text}" }`, { vars: { text: '{"compositeRequest": [' } });
    expect(out.mc.error).toMatchObject({ code: 'FERRY_ERR_CONNECTOR_PARAMS', message: `salesforce.${op}: fieldAndValue must be a JSON object or text holding one` });
    expect(sf.sandbox.admin.requests()).toEqual([]);
  });

  it.each([
    ['missing fieldAndValue', '- salesforce.compositeRequest: { configKey: sf }'],
    ['a number', '- salesforce.compositeBatch: { configKey: sf, fieldAndValue: 5 }'],
  ])('%s is a load error', async (_name, steps) => {
    await expect(sf.run(steps)).rejects.toThrow(/FERRY_ERR_ARTIFACT_SCHEMA/);
  });
});
