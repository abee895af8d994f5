import { randomInt } from 'node:crypto';
import { toId18 } from '../ids.js';
import type { Credentials, Org } from '../org.js';
import { isoDateTime } from '../time.js';
import { callerOf, type CallContext, type CallHandler } from './call.js';
import { SoapFault } from './faults.js';
import { el, leaf, textOf } from './xml.js';

/**
 * Sessions and users: login (password + security token; refused from API 65.0 as Salesforce
 * retired it there), logout, getUserInfo, getServerTimestamp, setPassword and resetPassword.
 */

/** The first API version whose partner endpoint refuses login(). */
export const LOGIN_RETIRED_FROM = 65;

// there is no Profile object in the sandbox; every user has the System Administrator profile's id shape
const PROFILE_ID = toId18('00e5g00000Ferry')!;

const INVALID_LOGIN = 'Invalid username, password, security token; or user locked out.';
const MUST_USE_TOKEN =
  'Invalid username, password, security token; or user locked out. Are you at a new location? When accessing Salesforce--either via a desktop client or the API--from outside of your company’s trusted networks, you must add a security token to your password to log in. To get your new security token, log in to Salesforce. From your personal settings, enter Reset My Security Token in the Quick Find box, then select Reset My Security Token.';

/** GetUserInfoResult's elements in WSDL order (also LoginResult.userInfo). */
function userInfoXml(org: Org, userId: string, username: string): string {
  const v = org.store.get(userId)?.values ?? {};
  const text = (x: unknown, fallback: string): string => (typeof x === 'string' && x !== '' ? x : fallback);
  return (
    leaf('accessibilityMode', false) +
    leaf('chatterExternal', false) +
    leaf('currencySymbol', '$') +
    leaf('orgAttachmentFileSizeLimit', 5242880) +
    leaf('orgDefaultCurrencyIsoCode', 'USD') +
    leaf('orgDefaultCurrencyLocale', 'en_US') +
    leaf('orgDisallowHtmlAttachments', false) +
    leaf('orgHasPersonAccounts', false) +
    leaf('organizationId', org.id) +
    leaf('organizationMultiCurrency', false) +
    leaf('organizationName', org.name) +
    leaf('profileId', typeof v.ProfileId === 'string' ? v.ProfileId : PROFILE_ID) +
    leaf('roleId', null) +
    leaf('sessionSecondsValid', org.tokens.lifetimeSeconds) +
    leaf('userDefaultCurrencyIsoCode', null) +
    leaf('userEmail', text(v.Email, username)) +
    leaf('userFullName', text(v.Name, username)) +
    leaf('userId', userId) +
    leaf('userLanguage', text(v.LanguageLocaleKey, 'en_US')) +
    leaf('userLocale', text(v.LocaleSidKey, 'en_US')) +
    leaf('userName', username) +
    leaf('userTimeZone', text(v.TimeZoneSidKey, 'America/Los_Angeles')) +
    leaf('userType', text(v.UserType, 'Standard')) +
    leaf('userUiSkin', 'Theme3')
  );
}

const login: CallHandler = (c) => {
  if (Number(c.version) >= LOGIN_RETIRED_FROM) {
    throw new SoapFault('INVALID_OPERATION', `The SOAP Login operation is not available in the API version specified (${c.version}). Refer to the documentation for supported versions.`);
  }
  const username = textOf(c.call, 'username') ?? '';
  const password = textOf(c.call, 'password') ?? '';
  const user = c.org.user(username);
  if (!user || password !== user.password + user.securityToken) {
    const tokenMissing = user !== undefined && user.securityToken !== '' && password === user.password;
    throw new SoapFault(tokenMissing ? 'LOGIN_MUST_USE_SECURITY_TOKEN' : 'INVALID_LOGIN', tokenMissing ? MUST_USE_TOKEN : INVALID_LOGIN, 'LoginFault');
  }
  const session = c.org.tokens.issue('access', user, undefined, c.org.now(), 'api');
  const base = c.ctx.baseUrl();
  return el(
    'result',
    leaf('metadataServerUrl', `${base}/services/Soap/m/${c.version}/${c.org.id15}`) +
      leaf('passwordExpired', user.passwordExpired) +
      leaf('sandbox', false) +
      leaf('serverUrl', `${base}/services/Soap/u/${c.version}/${c.org.id15}`) +
      leaf('sessionId', session.token) +
      leaf('userId', user.userId) +
      el('userInfo', userInfoXml(c.org, user.userId, user.username)),
  );
};

const logout: CallHandler = (c) => {
  c.org.tokens.revoke(callerOf(c).token.token);
  return '';
};

const getUserInfo: CallHandler = (c) => {
  const s = callerOf(c);
  return el('result', userInfoXml(c.org, s.userId, s.username));
};

const getServerTimestamp: CallHandler = (c) => el('result', leaf('timestamp', isoDateTime(c.org.now())));

/** The user a password call names, or the fault. */
function userOf(c: CallContext): Credentials {
  const raw = textOf(c.call, 'userId') ?? '';
  const id = toId18(raw);
  const user = id === undefined ? undefined : c.org.userById(id);
  if (!user) throw new SoapFault('INVALID_ID_FIELD', `invalid user id: ${raw}`, 'InvalidIdFault');
  return user;
}

const setPassword: CallHandler = (c) => {
  const user = userOf(c);
  const password = textOf(c.call, 'password') ?? '';
  if (password.length < 8) throw new SoapFault('INVALID_NEW_PASSWORD', 'Your password must be at least 8 characters long.', 'InvalidNewPasswordFault');
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) throw new SoapFault('INVALID_NEW_PASSWORD', 'Your password must include letters and numbers.', 'InvalidNewPasswordFault');
  user.password = password;
  user.passwordExpired = false;
  // SetPasswordResult has no elements
  return '<result/>';
};

const ALPHANUMERIC = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

const resetPassword: CallHandler = (c) => {
  const user = userOf(c);
  // a temporary password with letters and digits, as Salesforce generates
  const password = Array.from({ length: 10 }, (_, i) => (i === 9 ? String(randomInt(2, 10)) : ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]!)).join('');
  user.password = password;
  const email = c.org.store.get(user.userId)?.values.Email;
  c.org.recordEmail({ at: isoDateTime(c.org.now()), via: 'resetPassword', message: { userId: user.userId, username: user.username, to: typeof email === 'string' ? email : user.username, password } });
  return el('result', leaf('password', password));
};

/** The session and user operations by name. */
export const LOGIN_CALLS: Readonly<Record<string, CallHandler>> = { login, logout, getUserInfo, getServerTimestamp, setPassword, resetPassword };

/** Operations a session with an expired password may still call. */
export const EXPIRED_PASSWORD_CALLS: ReadonlySet<string> = new Set(['setPassword', 'logout', 'getUserInfo']);
