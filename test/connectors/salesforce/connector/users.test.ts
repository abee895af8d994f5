import { beforeAll, describe, expect, it } from 'vitest';
import { useSalesforce } from './harness.js';

// getUserInformation, resetPassword, setPassword against the sandbox org. Password changes use a
// user of their own, so the connections' user keeps its password.
const sf = useSalesforce();

type Result = { payload?: unknown; attributes: { statusCode: number } };
const USERNAME = 'ops@acme.test';
const TOKEN = 'tok';
const userId = (username: string) => String(sf.sandbox.admin.records('User').find((u) => u.Username === username)!.Id);

/** Whether the password grant accepts username + password (+ security token) — the proof a password changed. */
async function canLogIn(password: string): Promise<boolean> {
  const form = new URLSearchParams({ grant_type: 'password', client_id: 'ferry-sandbox-client', client_secret: 'ferry-sandbox-secret', username: USERNAME, password: password + TOKEN });
  const res = await fetch(`${sf.url}/services/oauth2/token`, { method: 'POST', body: form });
  await res.arrayBuffer();
  return res.status === 200;
}

beforeAll(() => {
  sf.sandbox.admin.seed({ users: [{ username: USERNAME, password: 'secret123', securityToken: TOKEN, lastName: 'Ops', email: 'ops@acme.test' }] });
});

describe('salesforce.getUserInformation', () => {
  it.each([
    ['an 18-character id', (id: string) => id],
    ['a 15-character id', (id: string) => id.slice(0, 15)],
  ])('reads the User record by %s (WSO2 3.x never sends the id)', async (_label, idOf) => {
    const id = userId('admin@ferry.sandbox');
    const { mc } = await sf.run(`- salesforce.getUserInformation: { configKey: sf, userId: "${idOf(id)}", responseVariable: r }`);
    const r = mc.vars.r as Result;
    expect(r.attributes.statusCode).toBe(200);
    expect(r.payload).toMatchObject({ attributes: { type: 'User', url: expect.stringContaining(`/sobjects/User/${id}`) }, Id: id, Username: 'admin@ferry.sandbox', Email: 'admin@ferry.sandbox', LastName: 'Admin' });
    expect(sf.sandbox.admin.requests().at(-1)).toMatchObject({ method: 'GET', path: `/services/data/v60.0/sobjects/User/${idOf(id)}` });
  });

  it('an unknown user is NOT_FOUND (404): a fault, or the variable with failOnError: false', async () => {
    const faulted = await sf.run('- salesforce.getUserInformation: { configKey: sf, userId: 005000000000000AAA }');
    expect(faulted.mc.error).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    const kept = await sf.run('- salesforce.getUserInformation: { configKey: sf, userId: 005000000000000AAA, responseVariable: r, failOnError: false }');
    expect(kept.mc.vars.r).toMatchObject({ attributes: { statusCode: 404 }, payload: [{ errorCode: 'NOT_FOUND' }] });
  });

  it('a missing userId is a load error', async () => {
    await expect(sf.run('- salesforce.getUserInformation: { configKey: sf }')).rejects.toThrow(/missing required parameter 'userId'/);
  });
});

describe('salesforce.setPassword / resetPassword', () => {
  it.each([
    ['an object', '{ NewPassword: N3wPassw0rd }', 'N3wPassw0rd'],
    ['text holding JSON (MI style)', `'{"NewPassword":"Oth3rPassw0rd"}'`, 'Oth3rPassw0rd'],
  ])('setPassword with %s: 204, null payload, and the new password logs in', async (_label, body, password) => {
    const { mc } = await sf.run(`- salesforce.setPassword: { configKey: sf, userId: "${userId(USERNAME)}", fieldAndValue: ${body}, responseVariable: r }`);
    expect(mc.vars.r).toMatchObject({ payload: null, attributes: { statusCode: 204 } });
    expect(await canLogIn(password)).toBe(true);
  });

  it('resetPassword answers the generated {NewPassword}: it logs in, the old one no longer does', async () => {
    await sf.run(`- salesforce.setPassword: { configKey: sf, userId: "${userId(USERNAME)}", fieldAndValue: { NewPassword: Bef0reReset } }`);
    expect(await canLogIn('Bef0reReset')).toBe(true);
    const { mc } = await sf.run(`- salesforce.resetPassword: { configKey: sf, userId: "${userId(USERNAME)}", responseVariable: r }`);
    const r = mc.vars.r as Result;
    expect(r.attributes.statusCode).toBe(200);
    expect(r.payload).toEqual({ NewPassword: expect.stringMatching(/^[A-Za-z0-9]{8,}$/) });
    expect(await canLogIn((r.payload as { NewPassword: string }).NewPassword)).toBe(true);
    expect(await canLogIn('Bef0reReset')).toBe(false);
    expect(sf.sandbox.admin.emails().at(-1)).toMatchObject({ via: 'resetPassword' });
  });

  it.each([
    ['a weak password', () => userId(USERNAME), '{ NewPassword: short }', 'INVALID_NEW_PASSWORD', 400],
    ['an unknown user', () => '005000000000000AAA', '{ NewPassword: N3wPassw0rd }', 'NOT_FOUND', 404],
  ])('setPassword with %s is a fault with Salesforce’s code', async (_label, id, body, code, status) => {
    const { mc, response } = await sf.run(`- salesforce.setPassword: { configKey: sf, userId: "${id()}", fieldAndValue: ${body} }`);
    expect(mc.error).toMatchObject({ code, status });
    expect(response.status).toBe(status);
  });

  it('setPassword without NewPassword is a load error; resetPassword of an unknown user a NOT_FOUND fault', async () => {
    await expect(sf.run('- salesforce.setPassword: { configKey: sf, userId: x, fieldAndValue: { password: x } }')).rejects.toThrow(/missing required property 'NewPassword'/);
    const { mc } = await sf.run('- salesforce.resetPassword: { configKey: sf, userId: 005000000000000AAA }');
    expect(mc.error).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });
});
