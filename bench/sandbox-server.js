// The embedded Salesforce sandbox org alone, in its own process: the bulk bench's Salesforce.
// Bulk uploads are spooled under os.tmpdir(); the bench points TMPDIR at a folder of its own and
// removes it, since a killed sandbox cannot remove its spool itself.
import { startSandbox } from '../dist/connectors/salesforce/sandbox/index.js';
import { BULK_TIMING } from '../dist/connectors/salesforce/sandbox/bulk/index.js';
import { announceFailure, announceReady } from './children.js';

const QUEUED_MS = BULK_TIMING.queuedMs;
/** Long enough that a held job never starts within a bench run (the process is gone first). */
const HELD_MS = 24 * 3600 * 1000;

/**
 * `{holdJobs: true}` from the bench: jobs closed from now on stay queued (UploadComplete) instead
 * of being processed 50 ms later. A real org processes jobs on its own machines; here processing
 * would take one of the bench machine's cores in the middle of the upload being measured. An
 * admin reset discards held jobs like any other. `{holdJobs: false}` processes again.
 * BULK_TIMING is read at each close, so this changes the jobs closed afterwards only.
 */
process.on('message', (msg) => {
  if (typeof msg?.holdJobs !== 'boolean') return;
  BULK_TIMING.queuedMs = msg.holdJobs ? HELD_MS : QUEUED_MS;
  process.send({ holdJobs: msg.holdJobs });
});

try {
  const sandbox = await startSandbox({ port: 0, host: '127.0.0.1' });
  announceReady(sandbox.url);
} catch (err) {
  announceFailure(err);
}
