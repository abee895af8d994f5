import { describe, expect, it } from 'vitest';
import { useSalesforce } from './harness.js';

// soapSetPassword and soapResetPassword against the sandbox, on a second user so the admin's
// login (the sfSoap connection) stays as it is.
const sf = useSalesforce({ seed: { users: [{ username: 'ops@ferry.sandbox', password: 'old-pass-1', securityToken: 'opstoken', lastName: 'Ops' }] } });

type Result = { payload: any; attributes: { statusCode: number } };
const opsId = () => sf.sandbox.admin.records('User').find((u) => u.Username === 'ops@ferry.sandbox')!.Id as string;
const opsConnection = (password: string) =>
  `  ops: { connector: salesforce, type: basicAuth, loginUrl: "${sf.url}/services/Soap/u/60.0", username: ops@ferry.sandbox, password: "${password}", securityToken: opstoken }`;
const asOps = (password: string) => sf.run('- salesforce.soapGetUserInfo: { configKey: ops, responseVariable: r }', {}, { 'config/server.yaml': sf.serverYaml(opsConnection(password)) });

describe('soapSetPassword', () => {
  it("sets a user's password: the answer is {}, and the user logs in with the new one only", async () => {
    const out = await sf.run('- salesforce.soapSetPassword: { configKey: sfSoap, userId: "${vars.id}", password: "N3w-Passw0rd", responseVariable: r }', { vars: { id: opsId() } });
    expect(out.mc.vars.r).toMatchObject({ payload: {}, attributes: { statusCode: 200 } });
    expect((await asOps('N3w-Passw0rd')).mc.vars.r).toMatchObject({ payload: { userName: 'ops@ferry.sandbox' } });
    expect((await asOps('old-pass-1')).mc.error).toMatchObject({ code: 'SALESFORCE_LOGIN_FAILED' });
    // the request log masks the new password like any other
    expect(JSON.stringify(sf.sandbox.admin.requests())).not.toContain('N3w-Passw0rd');
  });

  it('a password the org refuses is the fault INVALID_NEW_PASSWORD', async () => {
    const out = await sf.run('- salesforce.soapSetPassword: { configKey: sfSoap, userId: "${vars.id}", password: short }', { vars: { id: opsId() } });
    expect(out.mc.error).toMatchObject({ code: 'INVALID_NEW_PASSWORD', status: 500, message: 'INVALID_NEW_PASSWORD: Your password must be at least 8 characters long.' });
  });

  it('an unknown user is the fault INVALID_ID_FIELD', async () => {
    const out = await sf.run('- salesforce.soapSetPassword: { configKey: sfSoap, userId: 005000000000000AAA, password: N3w-Passw0rd }');
    expect(out.mc.error).toMatchObject({ code: 'INVALID_ID_FIELD', status: 500 });
  });
});

describe('soapResetPassword', () => {
  it('answers {password}: a generated password the user logs in with', async () => {
    const out = await sf.run('- salesforce.soapResetPassword: { configKey: sfSoap, userId: "${vars.id}", responseVariable: r }', { vars: { id: opsId() } });
    const { password } = (out.mc.vars.r as Result).payload;
    expect(password).toMatch(/^[A-Za-z0-9]{10}$/);
    expect((await asOps(password)).mc.error).toBeNull();
    expect(sf.sandbox.admin.emails().at(-1)).toMatchObject({ via: 'resetPassword', message: { username: 'ops@ferry.sandbox' } });
  });
});
