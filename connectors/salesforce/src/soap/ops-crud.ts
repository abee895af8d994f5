import type { ConnectorClient, OperationIO } from '../../../../src/connectors/types.js';
import type { OperationResult } from '../../../../src/engine/result.js';
import { FerryError } from '../../../../src/errors.js';
import { partner, partnerList, sObjectXml, type SObject, type SoapHeaders } from './envelope.js';
import { flag, named, soapOperation } from './operation.js';
import { objectName, readIds, readRecords } from './records-input.js';

/**
 * soapCreate, soapUpdate, soapUpsert, soapDelete, soapUndelete, soapEmptyRecycleBin and
 * soapRetrieve. One result per record or id, in input order: `{id, success, errors}` (upsert adds
 * `created`); per-record failures are data, as Salesforce answers 200 for them.
 *
 * AllOrNoneHeader defaults to false, Salesforce's own default and what WSO2 documents ("default
 * 0"), although WSO2 3.x sends 1 when the parameter is empty; AllowFieldTruncationHeader defaults
 * to false. Both are always sent, so the request says what it asked for.
 */

type Params = Record<string, unknown>;

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function sObjects(records: readonly SObject[], what: string): string {
  return records.map((r, i) => sObjectXml('urn:sObjects', r, `${what} record ${i + 1}`)).join('');
}

function saveHeaders(params: Params, op: string): SoapHeaders {
  return {
    allOrNone: flagParam(params.allOrNone, op, 'allOrNone'),
    allowFieldTruncation: flagParam(params.allowFieldTruncate, op, 'allowFieldTruncate'),
  };
}

function flagParam(value: unknown, op: string, name: string): boolean {
  try {
    return flag(value, false);
  } catch (err) {
    throw new FerryError('FERRY_ERR_CONNECTOR_PARAMS', `${named(op, name)}: ${(err as Error).message}`);
  }
}

function records(params: Params, op: string): { xml: string } {
  const what = named(op, 'sobjects');
  return { xml: sObjects(readRecords(params.sobjects, what, str(params.sObjectType)), what) };
}

/** soapCreate: `create` with the records. */
export async function soapCreate(client: ConnectorClient, params: Params, io: OperationIO): Promise<OperationResult> {
  const headers = saveHeaders(params, 'soapCreate');
  return soapOperation(client, params, io, { name: 'create', body: records(params, 'soapCreate').xml, headers, results: 'many' });
}

/** soapUpdate: `update`; each record carries its Id. */
export async function soapUpdate(client: ConnectorClient, params: Params, io: OperationIO): Promise<OperationResult> {
  const headers = saveHeaders(params, 'soapUpdate');
  return soapOperation(client, params, io, { name: 'update', body: records(params, 'soapUpdate').xml, headers, results: 'many' });
}

/** soapUpsert: `upsert` matching on `externalId` (default Id, as WSO2). */
export async function soapUpsert(client: ConnectorClient, params: Params, io: OperationIO): Promise<OperationResult> {
  const headers = saveHeaders(params, 'soapUpsert');
  const external = objectName(str(params.externalId) ?? 'Id', named('soapUpsert', 'externalId'));
  const body = partner('externalIDFieldName', external) + records(params, 'soapUpsert').xml;
  return soapOperation(client, params, io, { name: 'upsert', body, headers, results: 'many' });
}

function byIds(call: 'delete' | 'undelete' | 'emptyRecycleBin', op: string, allOrNone: boolean) {
  return async (client: ConnectorClient, params: Params, io: OperationIO): Promise<OperationResult> => {
    const what = named(op, 'sobjects');
    const ids = readIds(params.sobjects, what);
    const headers = allOrNone ? { allOrNone: flagParam(params.allOrNone, op, 'allOrNone') } : undefined;
    return soapOperation(client, params, io, { name: call, body: partnerList('ids', ids, what), headers, results: 'many' });
  };
}

/** soapDelete: `delete` of the ids (to the recycle bin). */
export const soapDelete = byIds('delete', 'soapDelete', true);

/** soapUndelete: `undelete` of the ids (from the recycle bin); AllOrNoneHeader applies, unlike in WSO2 3.x. */
export const soapUndelete = byIds('undelete', 'soapUndelete', true);

/** soapEmptyRecycleBin: `emptyRecycleBin` of the ids. Salesforce's AllOrNoneHeader does not apply to it; allOrNone is accepted and ignored, as in WSO2. */
export const soapEmptyRecycleBin = byIds('emptyRecycleBin', 'soapEmptyRecycleBin', false);

/** soapRetrieve: `retrieve` of fieldList for the ids of objectType; a missing id's result is null. */
export async function soapRetrieve(client: ConnectorClient, params: Params, io: OperationIO): Promise<OperationResult> {
  const fieldsWhat = named('soapRetrieve', 'fieldList');
  const fields = (Array.isArray(params.fieldList) ? params.fieldList.map(String) : String(params.fieldList ?? '').split(','))
    .map((f) => f.trim())
    .filter((f) => f !== '');
  if (fields.length === 0) throw new FerryError('FERRY_ERR_CONNECTOR_PARAMS', `${fieldsWhat} names no fields`);
  const type = objectName(String(params.objectType ?? '').trim(), named('soapRetrieve', 'objectType'));
  const idsWhat = named('soapRetrieve', 'objectIDS');
  const ids = readIds(params.objectIDS, idsWhat);
  const body = partner('fieldList', fields.join(','), fieldsWhat) + partner('sObjectType', type) + partnerList('ids', ids, idsWhat);
  return soapOperation(client, params, io, { name: 'retrieve', body, results: 'many' });
}
