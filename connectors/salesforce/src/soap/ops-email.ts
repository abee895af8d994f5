import type { ConnectorClient, OperationIO } from '../../../../src/connectors/types.js';
import type { OperationResult } from '../../../../src/engine/result.js';
import { partnerList } from './envelope.js';
import { named, soapOperation } from './operation.js';
import { readIds } from './records-input.js';
import { messagesXml } from './requests-input.js';

// soapSendEmail and soapSendEmailMessage: one `{success, errors}` per message.

type Params = Record<string, unknown>;

/** soapSendEmail: `sendEmail` with the messages (≤10; SingleEmailMessage unless a message says MassEmailMessage). */
export async function soapSendEmail(client: ConnectorClient, params: Params, io: OperationIO): Promise<OperationResult> {
  const body = messagesXml(params.sendEmail, named('soapSendEmail', 'sendEmail'));
  return soapOperation(client, params, io, { name: 'sendEmail', body, results: 'many' });
}

/** soapSendEmailMessage: `sendEmailMessage` — sends EmailMessage drafts by id (≤10). */
export async function soapSendEmailMessage(client: ConnectorClient, params: Params, io: OperationIO): Promise<OperationResult> {
  const what = named('soapSendEmailMessage', 'sendEmailMessage');
  return soapOperation(client, params, io, { name: 'sendEmailMessage', body: partnerList('ids', readIds(params.sendEmailMessage, what), what), results: 'many' });
}
