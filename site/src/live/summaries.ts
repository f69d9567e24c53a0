// The one-line summaries the status line announces and the tables end with.
import type { LabReport, ResetResult } from './types.js';

/** "7 of 7 checks passed". */
export function checksSummary(report: LabReport): string {
  const passed = report.checks.filter((c) => c.passed).length;
  return `${passed} of ${report.checks.length} check${report.checks.length === 1 ? '' : 's'} passed`;
}

/** "Reset removed 5 resources", and what could not be removed. */
export function resetSummary(results: ResetResult[]): string {
  const count = (what: 'removed' | 'failed') => results.reduce((n, r) => n + r[what].length, 0);
  const failed = count('failed');
  return `Reset removed ${count('removed')} resource${count('removed') === 1 ? '' : 's'}${failed ? `; ${failed} could not be removed` : ''}.`;
}
