import { recentItem, recentRecords } from './recent.js';
import { allValues, firstValue } from './records.js';
import type { RestRequest, RestResponse, RestRouter } from './router.js';

/**
 * Version-level resources: the resource map (`GET /services/data/vNN.N/`), `/limits`,
 * `/limits/recordCount` and `/recent`.
 */
export function registerResourceRoutes(router: RestRouter): void {
  router.add('GET', '/', resourceMap);
  router.add('GET', '/limits', limits);
  router.add('GET', '/limits/recordCount', recordCount);
  router.add('GET', '/recent', recent);
}

// the resources the sandbox serves below a version, in the order Salesforce lists them
const RESOURCES = ['tooling', 'queryAll', 'search', 'identity', 'composite', 'parameterizedSearch', 'recent', 'limits', 'query', 'jobs', 'sobjects'];

/** Name → URL of every resource; `identity` is the caller's full identity URL (jsforce reads it). */
function resourceMap(req: RestRequest): RestResponse {
  const base = `/services/data/v${req.version}`;
  const body: Record<string, string> = {};
  for (const name of RESOURCES) body[name] = name === 'identity' ? `${req.baseUrl}/id/${req.org.id}/${req.session.userId}` : `${base}/${name}`;
  return { status: 200, body };
}

// Allocations of a Developer Edition org; entries the sandbox does not meter stay untouched.
const FIXED_LIMITS: Readonly<Record<string, number>> = {
  ActiveScratchOrgs: 3,
  AnalyticsExternalDataSizeMB: 40960,
  ConcurrentAsyncGetReportInstances: 200,
  ConcurrentEinsteinDataInsightsStoryCreation: 5,
  ConcurrentEinsteinDiscoveryStoryCreation: 2,
  ConcurrentSyncReportRuns: 20,
  DailyAnalyticsDataflowJobExecutions: 60,
  DailyAnalyticsUploadedFilesSizeMB: 51200,
  DailyAsyncApexExecutions: 250000,
  DailyAsyncApexTests: 500,
  DailyBulkApiBatches: 15000,
  DailyBulkV2QueryFileStorageMB: 976562,
  DailyBulkV2QueryJobs: 10000,
  DailyDeliveredPlatformEvents: 10000,
  DailyDurableGenericStreamingApiEvents: 10000,
  DailyDurableStreamingApiEvents: 10000,
  DailyEinsteinDataInsightsStoryCreation: 1000,
  DailyEinsteinDiscoveryPredictAPICalls: 50000,
  DailyEinsteinDiscoveryPredictionsByCDC: 500000,
  DailyEinsteinDiscoveryStoryCreation: 100,
  DailyFunctionsApiCallLimit: 235000,
  DailyGenericStreamingApiEvents: 10000,
  DailyScratchOrgs: 6,
  DailyStandardVolumePlatformEvents: 10000,
  DailyStreamingApiEvents: 10000,
  DailyWorkflowEmails: 405,
  DurableStreamingApiConcurrentClients: 20,
  FileStorageMB: 20,
  HourlyAsyncReportRuns: 1200,
  HourlyDashboardRefreshes: 200,
  HourlyDashboardResults: 5000,
  HourlyDashboardStatuses: 999999999,
  HourlyLongTermIdMapping: 100000,
  HourlyManagedContentPublicRequests: 50000,
  HourlyODataCallout: 20000,
  HourlyPublishedPlatformEvents: 50000,
  HourlyPublishedStandardVolumePlatformEvents: 1000,
  HourlyShortTermIdMapping: 100000,
  HourlySyncReportRuns: 500,
  HourlyTimeBasedWorkflow: 50,
  MassEmail: 10,
  Package2VersionCreates: 6,
  Package2VersionCreatesWithoutValidation: 500,
  PermissionTypes: 30000,
  PublishCallbackUsageInApex: 5000000,
  SingleEmail: 15,
  StreamingApiConcurrentClients: 20,
};
const DATA_STORAGE_MB = 5;
// Salesforce counts most records as 2 KB of data storage
const RECORD_KB = 2;

/** `GET /limits`: every limit as `{Max, Remaining}`, keys sorted; API requests and storage are live. */
function limits(req: RestRequest): RestResponse {
  const { max, used } = req.org.limits;
  let records = 0;
  for (const def of req.org.store.objects()) records += liveCount(req, def.name);
  const emailsSent = req.org.emails.filter((e) => e.via !== 'resetPassword').length;
  const metered: Record<string, { Max: number; Remaining: number }> = {
    DailyApiRequests: { Max: max, Remaining: Math.max(0, max - used) },
    DataStorageMB: { Max: DATA_STORAGE_MB, Remaining: Math.max(0, DATA_STORAGE_MB - Math.ceil((records * RECORD_KB) / 1024)) },
    SingleEmail: { Max: FIXED_LIMITS.SingleEmail!, Remaining: Math.max(0, FIXED_LIMITS.SingleEmail! - emailsSent) },
  };
  const body: Record<string, { Max: number; Remaining: number }> = {};
  for (const name of [...new Set([...Object.keys(FIXED_LIMITS), ...Object.keys(metered)])].sort()) {
    body[name] = metered[name] ?? { Max: FIXED_LIMITS[name]!, Remaining: FIXED_LIMITS[name]! };
  }
  return { status: 200, body };
}

/** `GET /limits/recordCount[?sObjects=A,B]`: live record counts; objects with none are left out. */
function recordCount(req: RestRequest): RestResponse {
  const asked = allValues(req.query.sObjects).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  const defs = asked.length > 0 ? asked.flatMap((name) => req.org.store.object(name) ?? []) : req.org.store.objects();
  const sObjects = defs.map((def) => ({ count: liveCount(req, def.name), name: def.name })).filter((o) => o.count > 0);
  return { status: 200, body: { sObjects } };
}

/** `GET /recent[?limit=n]`: the user's recently used records (at most 200). */
function recent(req: RestRequest): RestResponse {
  const asked = Number(firstValue(req.query.limit) ?? 200);
  const limit = Number.isInteger(asked) && asked > 0 ? Math.min(asked, 200) : 200;
  return { status: 200, body: recentRecords(req.org, req.session.userId, limit).map((r) => recentItem(req.org, r, req.version)) };
}

function liveCount(req: RestRequest, type: string): number {
  let n = 0;
  for (const r of req.org.store.records(type)) if (!r.deleted) n++;
  return n;
}
