import { toId18 } from '../ids.js';
import type { RecordError } from '../model.js';
import { isoDateTime } from '../time.js';
import type { CallContext, CallHandler } from './call.js';
import { SoapFault } from './faults.js';
import { each, el, isNil, leaf, type XNode } from './xml.js';

/**
 * sendEmail and sendEmailMessage. Nothing is ever sent: valid messages are recorded in the org's
 * outbox (`org.emails`, visible through the admin API) and reported as sent; invalid ones get
 * Salesforce's SendEmailError.
 */

const MAX_MESSAGES = 10;
const LIST_ELEMENTS = new Set(['toAddresses', 'ccAddresses', 'bccAddresses', 'documentAttachments', 'entityAttachments', 'targetObjectIds', 'whatIds']);
const ADDRESS_ELEMENTS = ['toAddresses', 'ccAddresses', 'bccAddresses'] as const;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
// who a SingleEmailMessage's targetObjectId may name
const TARGET_TYPES = new Set(['Contact', 'Lead', 'User']);

type Message = Record<string, unknown> & { type: string };

/** A message element as a plain object (lists for the repeated elements, attachments as objects). */
function messageOf(node: XNode): Message {
  // xsi:type="SingleEmailMessage", with or without a prefix
  const message: Message = { type: (node.attrs.type ?? 'SingleEmailMessage').replace(/^.*:/, '') };
  for (const c of node.children) {
    if (isNil(c)) continue;
    if (LIST_ELEMENTS.has(c.name)) ((message[c.name] ??= []) as string[]).push(c.text.trim());
    else if (c.children.length > 0) ((message[c.name] ??= []) as Record<string, string>[]).push(Object.fromEntries(c.children.map((k) => [k.name, k.text])));
    else message[c.name] = c.text;
  }
  return message;
}

function sendError(statusCode: string, message: string, fields: string[] = [], targetObjectId: string | null = null): RecordError & { targetObjectId: string | null } {
  return { statusCode, message, fields, targetObjectId };
}

function problems(c: CallContext, m: Message): ReturnType<typeof sendError>[] {
  const list = (name: string): string[] => (m[name] as string[] | undefined) ?? [];
  if (m.type === 'MassEmailMessage') {
    if (list('targetObjectIds').length === 0) return [sendError('REQUIRED_FIELD_MISSING', 'Missing target object ids', ['targetObjectIds'])];
    if (!m.templateId) return [sendError('REQUIRED_FIELD_MISSING', 'Missing template id', ['templateId'])];
    return [];
  }
  const target = typeof m.targetObjectId === 'string' ? m.targetObjectId.trim() : undefined;
  if (ADDRESS_ELEMENTS.every((a) => list(a).length === 0) && !target) return [sendError('REQUIRED_FIELD_MISSING', 'Missing target address (target, to, cc, bcc)')];
  for (const a of ADDRESS_ELEMENTS) {
    const bad = list(a).find((address) => !EMAIL.test(address));
    if (bad !== undefined) return [sendError('INVALID_EMAIL_ADDRESS', `Email address is invalid: ${bad}`, [a])];
  }
  if (target) {
    const record = c.org.store.get(target);
    if (!record || record.deleted || !TARGET_TYPES.has(record.type)) return [sendError('INVALID_ID_FIELD', `Invalid id: ${target}`, ['targetObjectId'], toId18(target) ?? null)];
  }
  if (!m.plainTextBody && !m.htmlBody && !m.templateId) return [sendError('REQUIRED_FIELD_MISSING', 'Missing body, need at least one of html or plainText')];
  return [];
}

/** SendEmailResult: errors… (SendEmailError: fields…, message, statusCode, targetObjectId), success. */
function resultXml(errors: readonly ReturnType<typeof sendError>[]): string {
  const errorXml = errors.map((e) => el('errors', each('fields', e.fields) + leaf('message', e.message) + leaf('statusCode', e.statusCode) + leaf('targetObjectId', e.targetObjectId)));
  return el('result', errorXml.join('') + leaf('success', errors.length === 0));
}

function tooMany(count: number): void {
  if (count > MAX_MESSAGES) throw new SoapFault('EMAIL_BATCH_SIZE_LIMIT_EXCEEDED', `Too many messages in a single call: ${count}. The maximum is ${MAX_MESSAGES}.`);
}

const sendEmail: CallHandler = (c) => {
  const nodes = c.call.children.filter((n) => n.name === 'messages');
  tooMany(nodes.length);
  return nodes
    .map((node) => {
      const message = messageOf(node);
      const errors = problems(c, message);
      if (errors.length === 0) c.org.recordEmail({ at: isoDateTime(c.org.now()), via: 'sendEmail', message });
      return resultXml(errors);
    })
    .join('');
};

const sendEmailMessage: CallHandler = (c) => {
  const ids = c.call.children.filter((n) => n.name === 'ids').map((n) => n.text.trim());
  tooMany(ids.length);
  return ids
    .map((raw) => {
      const id = toId18(raw);
      if (id === undefined) return resultXml([sendError('MALFORMED_ID', `malformed id ${raw}`, ['ids'])]);
      c.org.recordEmail({ at: isoDateTime(c.org.now()), via: 'sendEmailMessage', message: { emailMessageId: id } });
      return resultXml([]);
    })
    .join('');
};

/** The email operations by name. */
export const EMAIL_CALLS: Readonly<Record<string, CallHandler>> = { sendEmail, sendEmailMessage };
