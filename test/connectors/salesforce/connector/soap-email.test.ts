import { describe, expect, it } from 'vitest';
import { parseXml } from '../../../../src/formats/xml.js';
import { useSalesforce } from './harness.js';

// soapSendEmail and soapSendEmailMessage against the sandbox (which records, never sends).
const sf = useSalesforce();

type Result = { payload: any; attributes: { statusCode: number } };
type Logged = { path: string; body: string | null };
const lastBody = () => (sf.sandbox.admin.requests() as Logged[]).at(-1)?.body ?? '';
const contactId = () => sf.sandbox.admin.records('Contact').find((c) => c.LastName === 'Gonzalez')!.Id as string;

/** WSO2's sample: emailWrapper with one SingleEmailMessage to a Contact. */
const wso2Email = (target: string) => `<sfdc:emailWrapper xmlns:sfdc="sfdc">
  <sfdc:messages type="urn:SingleEmailMessage">
    <sfdc:bccSender>true</sfdc:bccSender>
    <sfdc:emailPriority>High</sfdc:emailPriority>
    <sfdc:replyTo>123@gmail.com</sfdc:replyTo>
    <sfdc:saveAsActivity>false</sfdc:saveAsActivity>
    <sfdc:senderDisplayName>wso2</sfdc:senderDisplayName>
    <sfdc:subject>test</sfdc:subject>
    <sfdc:useSignature>false</sfdc:useSignature>
    <sfdc:targetObjectId>${target}</sfdc:targetObjectId>
    <sfdc:plainTextBody>Hello, this is a holiday greeting!</sfdc:plainTextBody>
  </sfdc:messages>
</sfdc:emailWrapper>`;

describe('soapSendEmail', () => {
  it.each([
    ['WSO2 XML as text', (id: string) => ({ vars: { m: wso2Email(id) } })],
    ['WSO2 XML parsed', (id: string) => ({ vars: { m: parseXml(wso2Email(id)) } })],
  ])("sends WSO2's sample from %s: one {success, errors} per message", async (_name, input) => {
    const out = await sf.run('- salesforce.soapSendEmail: { configKey: sfSoap, sendEmail: "${vars.m}", responseVariable: r }', input(contactId()));
    expect((out.mc.vars.r as Result).payload).toEqual([{ success: true, errors: [] }]);
    expect(sf.sandbox.admin.emails().at(-1)).toMatchObject({
      via: 'sendEmail',
      message: { type: 'SingleEmailMessage', subject: 'test', targetObjectId: contactId(), plainTextBody: 'Hello, this is a holiday greeting!', senderDisplayName: 'wso2' },
    });
    // typed as the WSDL says, children in the WSDL's order (Email's elements, then SingleEmailMessage's)
    expect(lastBody()).toContain(
      '<urn:messages xsi:type="urn:SingleEmailMessage"><urn:bccSender>true</urn:bccSender><urn:emailPriority>High</urn:emailPriority><urn:replyTo>123@gmail.com</urn:replyTo><urn:saveAsActivity>false</urn:saveAsActivity><urn:senderDisplayName>wso2</urn:senderDisplayName><urn:subject>test</urn:subject><urn:useSignature>false</urn:useSignature><urn:plainTextBody>Hello, this is a holiday greeting!</urn:plainTextBody><urn:targetObjectId>',
    );
  });

  it('JSON messages: lists repeat the element, booleans become text; a bad address fails its message only', async () => {
    const messages = [
      { toAddresses: ['a@example.com', 'b@example.com'], subject: 'Hi & welcome', plainTextBody: 'x < y', saveAsActivity: false },
      { type: 'SingleEmailMessage', toAddresses: ['not-an-address'], subject: 's', plainTextBody: 'b' },
    ];
    const out = await sf.run('- salesforce.soapSendEmail: { configKey: sfSoap, messages: "${vars.m}", responseVariable: r }', { vars: { m: messages } });
    expect((out.mc.vars.r as Result).payload).toEqual([
      { success: true, errors: [] },
      { success: false, errors: [{ fields: ['toAddresses'], message: 'Email address is invalid: not-an-address', statusCode: 'INVALID_EMAIL_ADDRESS', targetObjectId: null }] },
    ]);
    expect(sf.sandbox.admin.emails().at(-1)).toMatchObject({ message: { toAddresses: ['a@example.com', 'b@example.com'], subject: 'Hi & welcome', plainTextBody: 'x < y', saveAsActivity: 'false' } });
  });

  it('more than ten messages is the fault EMAIL_BATCH_SIZE_LIMIT_EXCEEDED', async () => {
    const messages = Array.from({ length: 11 }, () => ({ toAddresses: ['a@example.com'], subject: 's', plainTextBody: 'b' }));
    const out = await sf.run('- salesforce.soapSendEmail: { configKey: sfSoap, sendEmail: "${vars.m}" }', { vars: { m: messages } });
    expect(out.mc.error).toMatchObject({ code: 'EMAIL_BATCH_SIZE_LIMIT_EXCEEDED', status: 500 });
  });
});

describe('soapSendEmailMessage', () => {
  const ids = ['02s5g00000AAAAA', '02s5g00000BBBBB'];
  it.each([
    ['WSO2 XML (sfdc:emails / sfdc:Ids)', `<sfdc:emails xmlns:sfdc="sfdc"><sfdc:Ids>${ids[0]}</sfdc:Ids><sfdc:Ids>${ids[1]}</sfdc:Ids></sfdc:emails>`],
    ['the same XML parsed', parseXml(`<sfdc:emails xmlns:sfdc="sfdc"><sfdc:Ids>${ids[0]}</sfdc:Ids><sfdc:Ids>${ids[1]}</sfdc:Ids></sfdc:emails>`)],
    ['a JSON array', ids],
  ])('sends EmailMessage drafts by id from %s', async (_name, value) => {
    const before = sf.sandbox.admin.emails().length;
    const out = await sf.run('- salesforce.soapSendEmailMessage: { configKey: sfSoap, sendEmailMessage: "${vars.v}", responseVariable: r }', { vars: { v: value } });
    expect((out.mc.vars.r as Result).payload).toEqual([
      { success: true, errors: [] },
      { success: true, errors: [] },
    ]);
    expect(sf.sandbox.admin.emails().slice(before)).toEqual([expect.objectContaining({ via: 'sendEmailMessage' }), expect.objectContaining({ via: 'sendEmailMessage' })]);
    expect(lastBody()).toContain(`<urn:sendEmailMessage><urn:ids>${ids[0]}</urn:ids><urn:ids>${ids[1]}</urn:ids></urn:sendEmailMessage>`);
  });
});
