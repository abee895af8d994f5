import { describe, expect, it } from 'vitest';
import { PASSWORD, SECURITY_TOKEN, USERNAME, useSandbox } from './helpers.js';
import { call, childOrder, faultOf, jsforceEnvelope, soap, soapLogin } from './soap-helpers.js';

const EXPIRED = { username: 'expired@ferry.sandbox', password: 'old-pass1', securityToken: 'tok1' };
const RESET = { username: 'reset@ferry.sandbox', password: 'reset-pass1', securityToken: 'tok2' };

const ctx = useSandbox({
  seed: {
    users: [
      { ...EXPIRED, lastName: 'Expired', firstName: 'Eve', passwordExpired: true },
      { ...RESET, lastName: 'Reset', email: 'reset@example.com' },
    ],
  },
});

const loginCall = (username: string, password: string) => jsforceEnvelope(`<login><username>${username}</username><password>${password}</password></login>`);

const LOGIN_RESULT_ORDER = ['metadataServerUrl', 'passwordExpired', 'sandbox', 'serverUrl', 'sessionId', 'userId', 'userInfo'];
const USER_INFO_ORDER = [
  'accessibilityMode', 'chatterExternal', 'currencySymbol', 'orgAttachmentFileSizeLimit', 'orgDefaultCurrencyIsoCode', 'orgDefaultCurrencyLocale',
  'orgDisallowHtmlAttachments', 'orgHasPersonAccounts', 'organizationId', 'organizationMultiCurrency', 'organizationName', 'profileId', 'roleId',
  'sessionSecondsValid', 'userDefaultCurrencyIsoCode', 'userEmail', 'userFullName', 'userId', 'userLanguage', 'userLocale', 'userName', 'userTimeZone',
  'userType', 'userUiSkin',
];

describe('SOAP login', () => {
  it('password + security token gives a LoginResult in WSDL order, as a real org answers', async () => {
    const res = await soap(ctx.url, loginCall(USERNAME, PASSWORD + SECURITY_TOKEN));
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('xmlns:sf=');
    expect(childOrder(res.text, 'result')).toEqual(LOGIN_RESULT_ORDER);
    expect(childOrder(res.text, 'userInfo')).toEqual(USER_INFO_ORDER);
    const result = res.body.loginResponse.result;
    expect(result).toMatchObject({
      metadataServerUrl: `${ctx.url}/services/Soap/m/62.0/00D5g00000Ferry`,
      passwordExpired: 'false',
      sandbox: 'false',
      serverUrl: `${ctx.url}/services/Soap/u/62.0/00D5g00000Ferry`,
    });
    expect(result.sessionId).toMatch(/^00D5g00000Ferry![A-Za-z0-9._]+$/);
    expect(result.userId).toMatch(/^005[A-Za-z0-9]{15}$/);
    expect(result.userInfo).toMatchObject({
      organizationId: '00D5g00000FerryEAB',
      organizationName: 'Ferry Sandbox',
      sessionSecondsValid: '7200',
      userEmail: USERNAME,
      userFullName: 'Ferry Admin',
      userId: result.userId,
      userName: USERNAME,
      userType: 'Standard',
      userUiSkin: 'Theme3',
      roleId: { '@_xsi:nil': 'true' },
      userDefaultCurrencyIsoCode: { '@_xsi:nil': 'true' },
    });
  });

  it('the login session works on REST too (Authorization: Bearer)', async () => {
    const sid = await soapLogin(ctx.url);
    const res = await fetch(`${ctx.url}/services/oauth2/userinfo`, { headers: { authorization: `Bearer ${sid}` } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { username: string }).username).toBe(USERNAME);
  });

  it.each([
    ['64.0', 200],
    ['65.0', 500],
    ['68.0', 500],
  ])('login on API %s → %d (login() is not available from 65.0)', async (version, status) => {
    const res = await soap(ctx.url, loginCall(USERNAME, PASSWORD + SECURITY_TOKEN), { version });
    expect(res.status).toBe(status);
    if (status === 500) {
      expect(faultOf(res).code).toBe('sf:INVALID_OPERATION');
      expect(faultOf(res).string).toBe(`INVALID_OPERATION: The SOAP Login operation is not available in the API version specified (${version}). Refer to the documentation for supported versions.`);
    }
  });

  it.each([
    ['a wrong password', USERNAME, 'nope', 'INVALID_LOGIN', 'Invalid username, password, security token; or user locked out.'],
    ['an unknown user', 'who@nowhere.example', PASSWORD + SECURITY_TOKEN, 'INVALID_LOGIN', 'Invalid username, password, security token; or user locked out.'],
    ['the right password without the security token', USERNAME, PASSWORD, 'LOGIN_MUST_USE_SECURITY_TOKEN', 'Invalid username, password, security token; or user locked out. Are you at a new location?'],
  ])('%s → LoginFault %s', async (_name, username, password, code, message) => {
    const res = await soap(ctx.url, loginCall(username, password));
    expect(res.status).toBe(500);
    const fault = faultOf(res);
    expect(fault.code).toBe(`sf:${code}`);
    expect(fault.string.startsWith(`${code}: ${message}`)).toBe(true);
    expect(fault.detail?.['sf:LoginFault']).toMatchObject({ '@_xsi:type': 'sf:LoginFault', 'sf:exceptionCode': code });
  });

  it('getUserInfo answers the same GetUserInfoResult login embedded', async () => {
    const loggedIn = await soap(ctx.url, loginCall(USERNAME, PASSWORD + SECURITY_TOKEN));
    const info = await call(ctx.url, loggedIn.body.loginResponse.result.sessionId, '<getUserInfo/>');
    expect(childOrder(info.text, 'result')).toEqual(USER_INFO_ORDER);
    expect(info.body.getUserInfoResponse.result).toEqual(loggedIn.body.loginResponse.result.userInfo);
  });
});

describe('SOAP passwords', () => {
  it('an expired password logs in with passwordExpired=true; only setPassword works until it is changed', async () => {
    const res = await soap(ctx.url, loginCall(EXPIRED.username, EXPIRED.password + EXPIRED.securityToken));
    expect(res.status).toBe(200);
    const { sessionId, userId, passwordExpired } = res.body.loginResponse.result;
    expect(passwordExpired).toBe('true');

    const refused = await call(ctx.url, sessionId, '<query><queryString>SELECT Id FROM Account</queryString></query>');
    expect(refused.status).toBe(500);
    expect(faultOf(refused).string).toBe('INVALID_OPERATION_WITH_EXPIRED_PASSWORD: The users password has expired, you must call SetPassword before attempting any other API operations');

    const weak = await call(ctx.url, sessionId, `<setPassword><userId>${userId}</userId><password>short1</password></setPassword>`);
    expect(faultOf(weak)).toMatchObject({ code: 'sf:INVALID_NEW_PASSWORD', string: 'INVALID_NEW_PASSWORD: Your password must be at least 8 characters long.' });
    expect(Object.keys(faultOf(weak).detail ?? {})).toEqual(['sf:InvalidNewPasswordFault']);

    const set = await call(ctx.url, sessionId, `<setPassword><userId>${userId}</userId><password>new-pass-42</password></setPassword>`);
    expect(set.status).toBe(200);
    expect(set.text).toContain('<setPasswordResponse><result/></setPasswordResponse>');
    expect((await call(ctx.url, sessionId, '<query><queryString>SELECT Id FROM Account LIMIT 1</queryString></query>')).status).toBe(200);
    const again = await soap(ctx.url, loginCall(EXPIRED.username, `new-pass-42${EXPIRED.securityToken}`));
    expect(again.body.loginResponse.result.passwordExpired).toBe('false');
  });

  it.each([
    ['no digits', 'onlyletters', 'Your password must include letters and numbers.'],
    ['seven characters', 'abc1234', 'Your password must be at least 8 characters long.'],
  ])('setPassword refuses %s', async (_name, password, message) => {
    const sid = await soapLogin(ctx.url);
    const target = await soap(ctx.url, loginCall(RESET.username, RESET.password + RESET.securityToken));
    const res = await call(ctx.url, sid, `<setPassword><userId>${target.body.loginResponse.result.userId}</userId><password>${password}</password></setPassword>`);
    expect(res.status).toBe(500);
    expect(faultOf(res).string).toBe(`INVALID_NEW_PASSWORD: ${message}`);
  });

  it('setPassword for a user that does not exist → InvalidIdFault', async () => {
    const sid = await soapLogin(ctx.url);
    const res = await call(ctx.url, sid, '<setPassword><userId>005000000000000</userId><password>whatever-123</password></setPassword>');
    expect(res.status).toBe(500);
    expect(faultOf(res).code).toBe('sf:INVALID_ID_FIELD');
    expect(Object.keys(faultOf(res).detail ?? {})).toEqual(['sf:InvalidIdFault']);
  });

  it('resetPassword answers a temporary password that logs in, and records the email it pretends to send', async () => {
    const sid = await soapLogin(ctx.url);
    const target = await soap(ctx.url, loginCall(RESET.username, RESET.password + RESET.securityToken));
    const userId = target.body.loginResponse.result.userId as string;
    const before = ctx.sandbox.admin.emails().length;
    const res = await call(ctx.url, sid, `<resetPassword><userId>${userId}</userId></resetPassword>`);
    expect(res.status).toBe(200);
    const password = res.body.resetPasswordResponse.result.password as string;
    expect(password).toMatch(/^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9]{10}$/);
    const emails = ctx.sandbox.admin.emails();
    expect(emails.length).toBe(before + 1);
    expect(emails.at(-1)).toMatchObject({ via: 'resetPassword', message: { userId, username: RESET.username, to: 'reset@example.com' } });
    expect((await soap(ctx.url, loginCall(RESET.username, password + RESET.securityToken))).status).toBe(200);
    expect((await soap(ctx.url, loginCall(RESET.username, RESET.password + RESET.securityToken))).status).toBe(500);
  });
});
