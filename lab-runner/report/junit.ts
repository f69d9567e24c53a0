// Check reports as JUnit XML, which CI servers read: a test suite per lab, a test case per check.
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
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n${suites.join('\n')}\n</testsuites>\n`;
}

function xml(text: string): string {
  return text.replace(/[<>&"']/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[ch] ?? ch);
}
