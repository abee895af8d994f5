import { describe, expect, it } from 'vitest';
import { useSalesforce } from './harness.js';

// search (SOSL) against the sandbox org.
const sf = useSalesforce();

type Result = { payload?: unknown; attributes: { statusCode: number } };
type Logged = { path: string; query: string };

describe('salesforce.search', () => {
  it.each([
    ['q', 'q: "FIND {Edge*} IN ALL FIELDS RETURNING Account (Id, Name)"'],
    ['the alias searchString (WSO2 docs)', 'searchString: "FIND {Edge*} IN ALL FIELDS RETURNING Account (Id, Name)"'],
    ['an expression', 'q: "${payload.sosl}"'],
  ])('runs SOSL given by %s and answers {searchRecords}', async (_label, param) => {
    const sosl = 'FIND {Edge*} IN ALL FIELDS RETURNING Account (Id, Name)';
    const { mc } = await sf.run(`- salesforce.search: { configKey: sf, ${param}, responseVariable: r }`, { payload: { sosl } });
    const r = mc.vars.r as Result;
    expect(r.attributes.statusCode).toBe(200);
    expect(r.payload).toEqual({
      searchRecords: [{ attributes: { type: 'Account', url: expect.stringMatching(/\/sobjects\/Account\/001/) }, Id: expect.stringMatching(/^001/), Name: 'Edge Communications' }],
    });
    const logged = sf.sandbox.admin.requests().at(-1) as Logged;
    expect(logged.path).toBe('/services/data/v60.0/search');
    expect(new URLSearchParams(logged.query).get('q')).toBe(sosl);
  });

  it('the WSO2 docs sample searches several objects at once', async () => {
    const { mc } = await sf.run('- salesforce.search: { configKey: sf, q: "FIND {Burlington*} IN ALL FIELDS RETURNING Account (Id, Name), Contact, Opportunity, Lead", responseVariable: r }');
    const records = ((mc.vars.r as Result).payload as { searchRecords: { attributes: { type: string } }[] }).searchRecords;
    expect(records.length).toBeGreaterThan(0);
    expect(records.map((x) => x.attributes.type)).toContain('Account');
  });

  it('malformed SOSL is MALFORMED_SEARCH (400): a fault, or the variable with failOnError: false', async () => {
    const faulted = await sf.run('- salesforce.search: { configKey: sf, q: "FIND Edge" }');
    expect(faulted.mc.error).toMatchObject({ code: 'MALFORMED_SEARCH', status: 400, detail: [{ errorCode: 'MALFORMED_SEARCH' }] });
    expect(faulted.response.status).toBe(400);
    const kept = await sf.run('- salesforce.search: { configKey: sf, q: "FIND Edge", responseVariable: r, failOnError: false }');
    expect(kept.mc.vars.r).toMatchObject({ attributes: { statusCode: 400 }, payload: [{ errorCode: 'MALFORMED_SEARCH' }] });
  });

  it.each([
    ['no q', '{ configKey: sf }', /missing required parameter 'q'/],
    ['q and its alias', '{ configKey: sf, q: "FIND {a}", searchString: "FIND {b}" }', /q and searchString are the same parameter; give one/],
    ['an empty q', '{ configKey: sf, q: "" }', /q: must NOT have fewer than 1 characters/],
  ])('reports %s at load', async (_label, config, message) => {
    await expect(sf.run(`- salesforce.search: ${config}`)).rejects.toThrow(message);
  });
});
