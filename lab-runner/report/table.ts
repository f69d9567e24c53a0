// Check reports as a table on the terminal.
import type { LabReport } from '../service/check.js';
import { colour as c } from './style.js';

export function checkTable(report: LabReport): string {
  const head = `${c.bold(report.lab)} ${c.dim(`· ${report.target} · account ${report.account} · ${report.region}`)}`;
  const width = Math.max(...report.checks.map((r) => r.id.length), 5);
  const rows = report.checks.map((r) => {
    const mark = r.passed ? c.green('PASS') : c.red('FAIL');
    return `  ${mark}  ${r.id.padEnd(width)}  ${r.title}${r.detail ? c.dim(`\n        ${' '.repeat(width)}  ${r.detail}`) : ''}`;
  });
  const passed = report.checks.filter((r) => r.passed).length;
  const summary = `  ${passed}/${report.checks.length} checks passed`;
  return [head, ...rows, report.passed ? c.green(summary) : c.red(summary)].join('\n');
}
