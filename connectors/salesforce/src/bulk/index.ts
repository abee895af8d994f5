/**
 * Bulk API 2.0 operations: WSO2's sixteen (ingest jobs, their results, query jobs) under WSO2's
 * names, plus bulkIngest and bulkQuery, which run a whole load or query in one step.
 */
import type { OperationFn } from '../../../../src/connectors/types.js';
import { bulkQuery } from './bulk-query.js';
import { bulkIngest } from './ingest.js';
import { abortJob, closeJob, createJob, deleteJob, getAllJobInfo, getJobInfo, uploadJobData } from './jobs.js';
import { abortQueryJob, createQueryJob, deleteQueryJob, getAllQueryJobInfo, getQueryJobInfo, getQueryJobResults } from './query-jobs.js';
import { getFailedResults, getSuccessfulResults, getUnprocessedResults } from './results.js';

export const bulkOperations: Readonly<Record<string, OperationFn>> = {
  createJob,
  uploadJobData,
  closeJob,
  abortJob,
  deleteJob,
  getJobInfo,
  getAllJobInfo,
  getSuccessfulResults,
  getFailedResults,
  getUnprocessedResults,
  createQueryJob,
  getQueryJobInfo,
  getAllQueryJobInfo,
  abortQueryJob,
  deleteQueryJob,
  getQueryJobResults,
  bulkIngest,
  bulkQuery,
};
