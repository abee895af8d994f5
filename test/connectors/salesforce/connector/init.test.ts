import { describe, expect, it } from 'vitest';
import { useSalesforce } from './harness.js';

const sf = useSalesforce();

describe('salesforce.init (an inline connection, as MI)', () => {
  it('opens a connection the following steps use without configKey, with MI\'s connectionType spelling', async () => {
    const init = `- salesforce.init: { connectionType: OAuth2, connectionName: inline, instanceUrl: "${sf.url}", tokenUrl: "${sf.url}/services/oauth2/token", clientId: ferry-sandbox-client, clientSecret: ferry-sandbox-secret }`;
    const { mc, response } = await sf.run(`${init}\n- salesforce.query: { q: "SELECT Name FROM Account WHERE Name = 'GenePoint'", responseVariable: r }`);
    expect(response.status).toBe(200);
    expect(mc.vars.r).toMatchObject({ payload: { totalSize: 1, records: [{ Name: 'GenePoint' }] }, attributes: { statusCode: 200 } });
  });

  it('one inline connection serves every following step of the flow with one token', async () => {
    const init = `- salesforce.init: { instanceUrl: "${sf.url}", tokenUrl: "${sf.url}/services/oauth2/token", clientId: ferry-sandbox-client, clientSecret: ferry-sandbox-secret }`;
    const steps = `${init}\n- salesforce.query: { q: "SELECT Id FROM Account LIMIT 1" }\n- salesforce.query: { q: "SELECT Id FROM Contact LIMIT 1" }`;
    const tokens = () => (sf.sandbox.admin.requests() as { path: string }[]).filter((r) => r.path === '/services/oauth2/token').length;
    const before = tokens();
    const { response } = await sf.run(steps);
    expect(response.status).toBe(200);
    expect(tokens() - before).toBe(1);
  });

  it('refuses an unknown connectionType at load', async () => {
    await expect(sf.run('- salesforce.init: { connectionType: Magic, clientId: a, clientSecret: b }')).rejects.toThrow(/FERRY_ERR_CONNECTION_INVALID salesforce.init: connectionType Magic is not one of oauth2, basicAuth/);
  });

  it('checks literal connection parameters at load', async () => {
    await expect(sf.run('- salesforce.init: { type: oauth2, clientId: a }')).rejects.toThrow(/FERRY_ERR_CONNECTION_INVALID salesforce.init: \(top level\): missing required property 'clientSecret'/);
  });

  it.each([
    ['an unknown parameter', '{ clientId: "${vars.id}", clientSecret: b, clientSecrt: c }', /salesforce.init: clientSecrt: unknown property 'clientSecrt'/],
    ['a literal of the wrong type', '{ clientId: "${vars.id}", clientSecret: b, timeout: soon }', /salesforce.init: timeout: must match/],
    ['a grant it does not know', '{ grant: magic, clientId: "${vars.id}" }', /salesforce.init: grant: must be one of/],
  ])('checks the literal parameters at load even when others are expressions: %s', async (_name, params, message) => {
    await expect(sf.run(`- salesforce.init: ${params}`)).rejects.toThrow(message);
  });

  it('leaves what depends on an expression to run time: a required parameter missing then is a coded fault', async () => {
    const out = await sf.run('- salesforce.init: { grant: "${vars.grant}", clientId: a, clientSecret: b }', { vars: { grant: 'password' } });
    expect(out.mc.error).toMatchObject({ code: 'FERRY_ERR_CONNECTION_INVALID', message: expect.stringContaining("missing required property 'username'") });
  });

  it('an accessToken grant without instanceUrl is a load error', async () => {
    await expect(sf.run('- salesforce.init: { grant: accessToken, accessToken: t }')).rejects.toThrow(/missing required property 'instanceUrl'/);
  });
});
