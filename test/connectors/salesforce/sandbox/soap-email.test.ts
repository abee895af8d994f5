import { beforeAll, describe, expect, it } from 'vitest';
import { useSandbox } from './helpers.js';
import { call, childOrder, faultOf, list, soapLogin } from './soap-helpers.js';

const ctx = useSandbox();
let sid = '';
beforeAll(async () => {
  sid = await soapLogin(ctx.url);
});

const single = (inner: string) => `<messages xsi:type="SingleEmailMessage">${inner}</messages>`;
const emails = () => ctx.sandbox.admin.emails() as { via: string; message: Record<string, unknown> }[];
const idOf = (type: string, field: string, value: string) => ctx.sandbox.admin.records(type).find((r) => r[field] === value)?.Id as string;

describe('sendEmail and sendEmailMessage: recorded, never sent', () => {
  it('a valid SingleEmailMessage succeeds and lands in the outbox', async () => {
    const before = emails().length;
    const res = await call(
      ctx.url,
      sid,
      `<sendEmail>${single('<subject>Hello</subject><plainTextBody>Body text</plainTextBody><toAddresses>a@example.com</toAddresses><toAddresses>b@example.com</toAddresses><ccAddresses>c@example.com</ccAddresses>')}</sendEmail>`,
    );
    expect(res.status).toBe(200);
    expect(res.body.sendEmailResponse.result).toEqual({ success: 'true' });
    expect(emails().length).toBe(before + 1);
    expect(emails().at(-1)).toMatchObject({
      via: 'sendEmail',
      message: { type: 'SingleEmailMessage', subject: 'Hello', plainTextBody: 'Body text', toAddresses: ['a@example.com', 'b@example.com'], ccAddresses: ['c@example.com'] },
    });
  });

  it('a Contact as targetObjectId is a recipient', async () => {
    const contact = idOf('Contact', 'LastName', 'Gonzalez');
    const res = await call(ctx.url, sid, `<sendEmail>${single(`<htmlBody>&lt;p&gt;Hi&lt;/p&gt;</htmlBody><targetObjectId>${contact}</targetObjectId>`)}</sendEmail>`);
    expect(res.body.sendEmailResponse.result.success).toBe('true');
    expect(emails().at(-1)?.message).toMatchObject({ htmlBody: '<p>Hi</p>', targetObjectId: contact });
  });

  it.each([
    ['no recipient at all', '<subject>s</subject><plainTextBody>b</plainTextBody>', 'REQUIRED_FIELD_MISSING', 'Missing target address (target, to, cc, bcc)'],
    ['a bad address', '<plainTextBody>b</plainTextBody><toAddresses>not-an-address</toAddresses>', 'INVALID_EMAIL_ADDRESS', 'Email address is invalid: not-an-address'],
    ['no body', '<subject>s</subject><toAddresses>a@example.com</toAddresses>', 'REQUIRED_FIELD_MISSING', 'Missing body, need at least one of html or plainText'],
  ])('%s → SendEmailError %s, nothing recorded', async (_name, inner, statusCode, message) => {
    const before = emails().length;
    const res = await call(ctx.url, sid, `<sendEmail>${single(inner)}</sendEmail>`);
    const result = res.body.sendEmailResponse.result;
    expect(result).toMatchObject({ errors: { message, statusCode, targetObjectId: { '@_xsi:nil': 'true' } }, success: 'false' });
    expect(childOrder(res.text, 'errors').filter((n) => n !== 'fields')).toEqual(['message', 'statusCode', 'targetObjectId']);
    expect(emails().length).toBe(before);
  });

  it('more than ten messages fault the call', async () => {
    const res = await call(ctx.url, sid, `<sendEmail>${single('<plainTextBody>b</plainTextBody><toAddresses>a@example.com</toAddresses>').repeat(11)}</sendEmail>`);
    expect(res.status).toBe(500);
    expect(faultOf(res).code).toBe('sf:EMAIL_BATCH_SIZE_LIMIT_EXCEEDED');
  });

  it('sendEmailMessage records each draft it is given', async () => {
    const res = await call(ctx.url, sid, '<sendEmailMessage><ids>02s000000000000AAA</ids><ids>bad</ids></sendEmailMessage>');
    const [sent, refused] = list(res.body.sendEmailMessageResponse.result);
    expect(sent).toEqual({ success: 'true' });
    expect(refused).toMatchObject({ errors: { statusCode: 'MALFORMED_ID' }, success: 'false' });
    expect(emails().at(-1)).toMatchObject({ via: 'sendEmailMessage', message: { emailMessageId: '02s000000000000AAA' } });
  });
});

describe('findDuplicates and findDuplicatesByIds', () => {
  it('an Account with an existing Name (any case) matches under the standard rule', async () => {
    const edge = idOf('Account', 'Name', 'Edge Communications');
    const res = await call(ctx.url, sid, '<findDuplicates><sObjects><type>Account</type><Name>edge communications</Name></sObjects></findDuplicates>');
    expect(res.status).toBe(200);
    expect(childOrder(res.text, 'result')).toEqual(['duplicateResults', 'success']);
    expect(childOrder(res.text, 'duplicateResults')).toEqual(['allowSave', 'duplicateRule', 'duplicateRuleEntityType', 'errorMessage', 'matchResults']);
    expect(childOrder(res.text, 'matchResults')).toEqual(['entityType', 'matchEngine', 'matchRecords', 'rule', 'size', 'success']);
    expect(childOrder(res.text, 'matchRecords')).toEqual(['matchConfidence', 'record']);
    const duplicate = res.body.findDuplicatesResponse.result.duplicateResults;
    expect(duplicate).toMatchObject({ allowSave: 'true', duplicateRule: 'Standard_Account_Duplicate_Rule', duplicateRuleEntityType: 'Account' });
    expect(duplicate.matchResults).toMatchObject({ entityType: 'Account', rule: 'Standard_Account_Match_Rule_v1_0', size: '1', success: 'true' });
    expect(duplicate.matchResults.matchRecords).toEqual({ matchConfidence: '100.0', record: { '@_xsi:type': 'sf:sObject', 'sf:type': 'Account', 'sf:Id': edge } });
  });

  it('Contacts match by Email; no match answers success without duplicateResults', async () => {
    const rose = idOf('Contact', 'LastName', 'Gonzalez');
    const res = await call(
      ctx.url,
      sid,
      '<findDuplicates><sObjects><type>Contact</type><LastName>Other</LastName><Email>ROSE@edge.example</Email></sObjects><sObjects><type>Contact</type><LastName>Nobody</LastName><Email>nobody@nowhere.example</Email></sObjects></findDuplicates>',
    );
    const [hit, miss] = list(res.body.findDuplicatesResponse.result);
    expect(hit.duplicateResults.matchResults.matchRecords.record['sf:Id']).toBe(rose);
    expect(miss).toEqual({ success: 'true' });
  });

  it('findDuplicatesByIds compares a stored record with the others, not itself', async () => {
    const original = idOf('Account', 'Name', 'GenePoint');
    const twin = (await call(ctx.url, sid, '<create><sObjects><type>Account</type><Name>GenePoint</Name></sObjects></create>')).body.createResponse.result.id;
    const res = await call(ctx.url, sid, `<findDuplicatesByIds><ids>${original}</ids><ids>001000000000000AAA</ids></findDuplicatesByIds>`);
    const [found, unknown] = list(res.body.findDuplicatesByIdsResponse.result);
    expect(found.duplicateResults.matchResults.matchRecords.record['sf:Id']).toBe(twin);
    expect(unknown).toMatchObject({ errors: { statusCode: 'INVALID_ID_FIELD' }, success: 'false' });
  });

  it('an object with no duplicate rule → NO_ACTIVE_DUPLICATE_RULE', async () => {
    const res = await call(ctx.url, sid, '<findDuplicates><sObjects><type>Opportunity</type><Name>x</Name></sObjects></findDuplicates>');
    expect(res.status).toBe(500);
    expect(faultOf(res).code).toBe('sf:NO_ACTIVE_DUPLICATE_RULE');
  });
});
