// The class as two CSV files: class.csv, a row per student and a column per check (PASS, FAIL, UNREACHABLE, SKIPPED),
// and class-details.csv, a row per student and check with the check's detail: why it passed or failed.
import type { ClassReport } from '../grading/class-report.js';
import { csvText } from './csv.js';

export function classCsv(report: ClassReport): string {
  const columns = report.labs.flatMap((lab) => lab.checks.map((c) => `${lab.id}/${c.id}`));
  const rows = report.students.map((s) => {
    const states = new Map(s.labs.flatMap((l) => l.checks.map((c) => [`${l.lab}/${c.id}`, c.state.toUpperCase()])));
    const cells = columns.map((col) => (states.get(col) ?? '').replace('PASSED', 'PASS').replace('FAILED', 'FAIL'));
    return [s.student, s.account, s.state, String(s.passed), String(s.total), ...cells, s.error ?? ''];
  });
  return csvText([['student', 'account', 'state', 'passed', 'total', ...columns, 'error'], ...rows]);
}

export function classDetailsCsv(report: ClassReport): string {
  const rows = report.students.flatMap((s) => s.labs.flatMap((l) => l.checks.map((c) => [s.student, s.account, l.lab, c.id, c.state, c.detail])));
  return csvText([['student', 'account', 'lab', 'check', 'state', 'detail'], ...rows]);
}
