import type { ConnectorClient, OperationIO } from '../../../../src/connectors/types.js';
import type { OperationResult } from '../../../../src/engine/result.js';
import { partner, partnerList } from './envelope.js';
import { named, soapOperation } from './operation.js';
import { objectName, readIds } from './records-input.js';

// soapDescribeGlobal, soapDescribeSObject and soapDescribeSObjects: the partner describe calls,
// answered as JSON with the WSDL's booleans and numbers typed.

type Params = Record<string, unknown>;

/** soapDescribeGlobal: `{encoding, maxBatchSize, sobjects: [{name, label, keyPrefix, createable, …}]}`. */
export async function soapDescribeGlobal(client: ConnectorClient, params: Params, io: OperationIO): Promise<OperationResult> {
  return soapOperation(client, params, io, { name: 'describeGlobal', body: '', results: 'one', lists: ['sobjects'] });
}

/** soapDescribeSObject: one object's describe (`fields`, `childRelationships`, `recordTypeInfos`, …). */
export async function soapDescribeSObject(client: ConnectorClient, params: Params, io: OperationIO): Promise<OperationResult> {
  const type = objectName(String(params.sobject ?? '').trim(), named('soapDescribeSObject', 'sobject'));
  return soapOperation(client, params, io, { name: 'describeSObject', body: partner('sObjectType', type), results: 'one' });
}

/**
 * soapDescribeSObjects: several describes (≤100) in one call, one result per type. `sobjects` is
 * WSO2's `<sfdc:sObjects><sfdc:sObjectType>Account</sfdc:sObjectType>…`, a JSON array of names,
 * or comma-separated names.
 */
export async function soapDescribeSObjects(client: ConnectorClient, params: Params, io: OperationIO): Promise<OperationResult> {
  const what = named('soapDescribeSObjects', 'sobjects');
  const types = readIds(params.sobjects, what).map((t) => objectName(t, what));
  return soapOperation(client, params, io, { name: 'describeSObjects', body: partnerList('sObjectType', types), results: 'many' });
}
