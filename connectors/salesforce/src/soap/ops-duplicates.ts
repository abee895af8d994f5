import type { ConnectorClient, OperationIO } from '../../../../src/connectors/types.js';
import type { OperationResult } from '../../../../src/engine/result.js';
import { partnerList, sObjectXml } from './envelope.js';
import { named, soapOperation } from './operation.js';
import { readIds, readRecords } from './records-input.js';

// soapFindDuplicates and soapFindDuplicatesByIds: the org's active duplicate rules applied to
// records (≤50) or to stored records by id; one `{duplicateResults, success, errors}` per item.

type Params = Record<string, unknown>;

/** soapFindDuplicates: `findDuplicates` with candidate records (the same record forms as soapCreate). */
export async function soapFindDuplicates(client: ConnectorClient, params: Params, io: OperationIO): Promise<OperationResult> {
  const what = named('soapFindDuplicates', 'sobjects');
  const sObjectType = typeof params.sObjectType === 'string' && params.sObjectType.trim() !== '' ? params.sObjectType.trim() : undefined;
  const body = readRecords(params.sobjects, what, sObjectType)
    .map((r, i) => sObjectXml('urn:sObjects', r, `${what} record ${i + 1}`))
    .join('');
  return soapOperation(client, params, io, { name: 'findDuplicates', body, results: 'many', lists: ['duplicateResults'] });
}

/** soapFindDuplicatesByIds: `findDuplicatesByIds` for stored records. */
export async function soapFindDuplicatesByIds(client: ConnectorClient, params: Params, io: OperationIO): Promise<OperationResult> {
  const what = named('soapFindDuplicatesByIds', 'ids');
  return soapOperation(client, params, io, { name: 'findDuplicatesByIds', body: partnerList('ids', readIds(params.ids, what), what), results: 'many', lists: ['duplicateResults'] });
}
