import { randomInt } from 'node:crypto';
import { toId18 } from '../ids.js';
import type { Credentials } from '../org.js';
import { isoDateTime } from '../time.js';
import { notFound, requireObjectBody, restError } from './errors.js';
import type { RestRequest, RestResponse, RestRouter } from './router.js';

/**
 * `/sobjects/User/{id}/password`: GET → `{isExpired}`, POST `{NewPassword}` → 204 (the org's
 * default policy: 8+ characters mixing letters and numbers, else INVALID_NEW_PASSWORD), DELETE →
 * a generated password `{NewPassword}` and a recorded reset email.
 */
export function registerUserRoutes(router: RestRouter): void {
  router.add('GET', '/sobjects/User/:id/password', getPassword);
  router.add('POST', '/sobjects/User/:id/password', setPassword);
  router.add('DELETE', '/sobjects/User/:id/password', resetPassword);
}

interface UserRef {
  readonly id: string;
  readonly username: string;
  readonly email: string;
}

function userOf(req: RestRequest, segment: string): UserRef | undefined {
  const id = toId18(segment);
  const record = id === undefined ? undefined : req.org.store.get(id);
  if (!record || record.type !== 'User' || record.deleted) return undefined;
  return { id: record.id, username: String(record.values.Username ?? ''), email: String(record.values.Email ?? '') };
}

function getPassword(req: RestRequest, params: Readonly<Record<string, string>>): RestResponse {
  const user = userOf(req, params.id!);
  if (!user) return notFound();
  return { status: 200, body: { isExpired: req.org.userById(user.id)?.passwordExpired ?? false } };
}

function setPassword(req: RestRequest, params: Readonly<Record<string, string>>): RestResponse {
  const user = userOf(req, params.id!);
  if (!user) return notFound();
  const invalid = requireObjectBody(req.body, 'Password');
  if (invalid) return invalid;
  const entry = Object.entries(req.body as Record<string, unknown>).find(([k]) => k.toLowerCase() === 'newpassword');
  const password = entry?.[1];
  if (typeof password !== 'string') return restError(400, 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [NewPassword]', ['NewPassword']);
  if (password.length < 8) return restError(400, 'INVALID_NEW_PASSWORD', 'Your password must be at least 8 characters long.');
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) return restError(400, 'INVALID_NEW_PASSWORD', 'Your password must have a mix of letters and numbers.');
  const creds = credentials(req, user);
  creds.password = password;
  creds.passwordExpired = false;
  return { status: 204 };
}

function resetPassword(req: RestRequest, params: Readonly<Record<string, string>>): RestResponse {
  const user = userOf(req, params.id!);
  if (!user) return notFound();
  const password = generatePassword();
  credentials(req, user).password = password;
  req.org.recordEmail({
    at: isoDateTime(req.org.now()),
    via: 'resetPassword',
    message: {
      toAddresses: [user.email],
      targetObjectId: user.id,
      subject: 'Your new Salesforce password',
      plainTextBody: `The password for ${user.username} has been reset. New password: ${password}`,
    },
  });
  return { status: 200, body: { NewPassword: password } };
}

/** The user's login credentials; a User record created through the API gets them on first use. */
function credentials(req: RestRequest, user: UserRef): Credentials {
  let creds = req.org.userById(user.id);
  if (!creds) {
    creds = { username: user.username, userId: user.id, password: '', securityToken: '', passwordExpired: false };
    req.org.users.set(user.username.toLowerCase(), creds);
  }
  return creds;
}

const LETTERS = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';

/** A password that meets the default policy: letters with two digits mixed in. */
function generatePassword(): string {
  const chars = Array.from({ length: 8 }, () => LETTERS[randomInt(LETTERS.length)]!);
  for (let i = 0; i < 2; i++) chars.splice(randomInt(chars.length + 1), 0, DIGITS[randomInt(DIGITS.length)]!);
  return chars.join('');
}
