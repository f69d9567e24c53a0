// The one-line summaries the status line announces and the tables end with.
import type { LabReport, ResetResult } from './types.js';

/** "7 of 7 checks passed". */
export function checksSummary(report: LabReport): string {
  const passed = report.checks.filter((c) => c.passed).length;
  return `${passed} of ${report.checks.length} check${report.checks.length === 1 ? '' : 's'} passed`;
}

/** "Reset removed 5 resources", and what could not be removed. */
export function resetSummary(results: ResetResult[]): string {
  const removed = results.reduce((n, r) => n + r.removed.length, 0);
  const failed = results.reduce((n, r) => n + r.failed.length, 0);
  const said = removed === 0 ? 'Reset: this lab had nothing left to remove' : `Reset removed ${removed} resource${removed === 1 ? '' : 's'}`;
  return failed === 0 ? `${said}.` : `${said}; ${failed} could not be removed.`;
}
