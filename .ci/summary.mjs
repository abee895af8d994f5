// Prints "Tests: N passed, N failed[, N skipped]" from vitest's JSON report, so a run that
// executed nothing (or crashed before reporting) is visible. Exits 1 when the report is missing,
// has failures, or counts no test at all.
import { readFileSync } from 'node:fs';

const path = process.argv[2];
let report;
try {
  report = JSON.parse(readFileSync(path, 'utf8'));
} catch (err) {
  console.log(`Tests: no report (${err.message})`);
  process.exit(1);
}
const passed = report.numPassedTests ?? 0;
const failed = report.numFailedTests ?? 0;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
// numFailedTestSuites also counts describe blocks holding a failed test; a file that failed to
// run is one that reports failure without any failed test of its own (an import or syntax error)
const suitesFailed = (report.testResults ?? []).filter(
  (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((t) => t.status === 'failed'),
).length;
let line = `Tests: ${passed} passed, ${failed} failed`;
if (skipped > 0) line += `, ${skipped} skipped`;
if (suitesFailed > 0) line += ` (${suitesFailed} test file(s) failed to run)`;
console.log(line);
process.exit(failed > 0 || suitesFailed > 0 || passed === 0 ? 1 : 0);
