// The embedded Salesforce sandbox org in its own process (the bulk bench's Salesforce).
import { startSandbox } from '../dist/connectors/salesforce/sandbox/index.js';
import { announceFailure, announceReady } from './children.js';

try {
  const sandbox = await startSandbox({ port: 0 });
  announceReady(sandbox.url);
} catch (err) {
  announceFailure(err);
}
