import type { ConnectorClient, OperationIO } from '../../../../src/connectors/types.js';
import type { OperationResult } from '../../../../src/engine/result.js';
import { named, soapOperation } from './operation.js';
import { leadConvertsXml, mergeRequestsXml } from './requests-input.js';

// soapMerge and soapConvertLead, with the request elements Salesforce's WSDL defines (`request`,
// `leadConverts`); WSO2 3.x wraps both as `sObjects`, which Salesforce does not accept.

type Params = Record<string, unknown>;

/** soapMerge: `merge` → one `{id, mergedRecordIds, updatedRelatedIds, success, errors}` per request. */
export async function soapMerge(client: ConnectorClient, params: Params, io: OperationIO): Promise<OperationResult> {
  const sObjectType = typeof params.sObjectType === 'string' && params.sObjectType.trim() !== '' ? params.sObjectType.trim() : undefined;
  const body = mergeRequestsXml(params.mergerequests, named('soapMerge', 'mergerequests'), sObjectType);
  return soapOperation(client, params, io, { name: 'merge', body, results: 'many', lists: ['mergedRecordIds', 'updatedRelatedIds'] });
}

/** soapConvertLead: `convertLead` → one `{accountId, contactId, opportunityId, leadId, success, errors}` per lead. */
export async function soapConvertLead(client: ConnectorClient, params: Params, io: OperationIO): Promise<OperationResult> {
  const body = leadConvertsXml(params.leadconvertrequests, named('soapConvertLead', 'leadconvertrequests'));
  return soapOperation(client, params, io, { name: 'convertLead', body, results: 'many' });
}
