import type { OperationFn } from '../../../../src/connectors/types.js';
import { soapCreate, soapDelete, soapEmptyRecycleBin, soapRetrieve, soapUndelete, soapUpdate, soapUpsert } from './ops-crud.js';
import { soapDescribeGlobal, soapDescribeSObject, soapDescribeSObjects } from './ops-describe.js';
import { soapFindDuplicates, soapFindDuplicatesByIds } from './ops-duplicates.js';
import { soapSendEmail, soapSendEmailMessage } from './ops-email.js';
import { soapConvertLead, soapMerge } from './ops-merge.js';
import { soapGetDeleted, soapGetUpdated, soapQuery, soapQueryAll, soapQueryMore, soapSearch } from './ops-query.js';
import { soapGetServerTimestamp, soapGetUserInfo, soapLogout, soapResetPassword, soapSetPassword } from './ops-session.js';

export { SalesforceSoapClient } from './client.js';
export { soapFaultOf } from './faults.js';

/** The 27 SOAP operations (basicAuth connections), with WSO2 3.x's names. */
export const soapOperations: Readonly<Record<string, OperationFn>> = {
  soapCreate,
  soapUpdate,
  soapUpsert,
  soapDelete,
  soapUndelete,
  soapEmptyRecycleBin,
  soapRetrieve,
  soapQuery,
  soapQueryAll,
  soapQueryMore,
  soapSearch,
  soapDescribeGlobal,
  soapDescribeSObject,
  soapDescribeSObjects,
  soapGetUserInfo,
  soapGetServerTimestamp,
  soapGetDeleted,
  soapGetUpdated,
  soapSetPassword,
  soapResetPassword,
  soapSendEmail,
  soapSendEmailMessage,
  soapFindDuplicates,
  soapFindDuplicatesByIds,
  soapMerge,
  soapConvertLead,
  soapLogout,
};
