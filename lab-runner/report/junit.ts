// Check reports as JUnit XML, which CI servers read: a test suite per lab (per student and lab for a class), a test
// case per check; a check that could not reach its cloud is an <error>, a write test grading skipped is <skipped>.
import type { ClassReport } from '../grading/class-report.js';
import type { LabReport } from '../service/check.js';

export function junitXml(reports: LabReport[]): string {
  const suites = reports.map((report) => {
    const failures = report.checks.filter((c) => !c.passed).length;
    const cases = report.checks.map((check) => {
      const open = `    <testcase classname="${xml(report.lab)}" name="${xml(check.id)}: ${xml(check.title)}">`;
      const failure = check.passed ? '' : `\n      <failure message="${xml(check.detail)}">${xml(check.detail)}</failure>\n    `;
      return `${open}${failure}</testcase>`;
    });
    const name = `${report.lab} (${report.target}, account ${report.account}, ${report.region})`;
    return `  <testsuite name="${xml(name)}" tests="${report.checks.length}" failures="${failures}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return document(suites);
}

const OUTCOME = { passed: '', failed: 'failure', unreachable: 'error', skipped: 'skipped' } as const;

export function classJunitXml(report: ClassReport): string {
  const suites = report.students.flatMap((student) =>
    student.labs.map((lab) => {
      const count = (state: keyof typeof OUTCOME) => lab.checks.filter((c) => c.state === state).length;
      const cases = lab.checks.map((check) => {
        const open = `    <testcase classname="${xml(`${student.student}.${lab.lab}`)}" name="${xml(check.id)}: ${xml(check.title)}">`;
        const element = OUTCOME[check.state];
        if (!element) return `${open}</testcase>`;
        const body = element === 'skipped' ? '' : xml(check.detail);
        return `${open}\n      <${element} message="${xml(check.detail)}">${body}</${element}>\n    </testcase>`;
      });
      const where = student.account ? ` (account ${student.account}, ${lab.region})` : '';
      const counts = `tests="${lab.checks.length}" failures="${count('failed')}" errors="${count('unreachable')}" skipped="${count('skipped')}"`;
      return `  <testsuite name="${xml(`${student.student} · ${lab.lab}${where}`)}" ${counts} timestamp="${xml(student.gradedAt)}">\n${cases.join('\n')}\n  </testsuite>`;
    }),
  );
  return document(suites);
}

function document(suites: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n${suites.join('\n')}\n</testsuites>\n`;
}

/** Escaped for an attribute or text, without the control characters XML 1.0 cannot carry at all. */
function xml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/[<>&"']/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[ch] ?? ch);
}
