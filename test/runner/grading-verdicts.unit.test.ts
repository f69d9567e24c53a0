// How a check's answer becomes its state in the class report: a write the grader refused or was denied is a skipped
// write test, never a point lost; anything else keeps its verdict and its detail.
import { describe, expect, it } from 'vitest';
import { gradedLab } from '../../lab-runner/grading/class-report.js';
import type { LabReport } from '../../lab-runner/service/check.js';

function report(detail: string, passed = false): LabReport {
  return { lab: 'billing-alarm', target: 'aws', account: '111111111111', region: 'us-east-1', passed, checks: [{ id: 'notification', title: 'A test notification arrives', passed, detail }] };
}

describe('check verdicts in a class report', () => {
  it("makes a write the local guard refused a skipped write test", () => {
    const [check] = gradedLab(report('ReadOnlyGrading: grading only reads: SetAlarmState was not sent'), { writes: false }).checks;
    expect(check).toMatchObject({ state: 'skipped', detail: 'write test skipped: it calls SetAlarmState, and grading only reads (--writes runs it)' });
  });

  it("makes a write AWS denied to the read-only role session a skipped write test", () => {
    const denied =
      'AccessDenied: User: arn:aws:sts::111111111111:assumed-role/WorkbookGrader/workbook-grading is not authorized to perform: cloudwatch:SetAlarmState on resource: arn:aws:cloudwatch:us-east-1:111111111111:alarm:billing-over-10-usd because no session policy allows the cloudwatch:SetAlarmState action';
    expect(gradedLab(report(denied), { writes: false }).checks[0]).toMatchObject({ state: 'skipped', detail: expect.stringMatching(/^write test skipped: it calls SetAlarmState/) });
    expect(gradedLab(report(denied), { writes: true }).checks[0]).toMatchObject({ state: 'failed', detail: denied });
  });

  it('keeps a denied read as a failure the instructor can see, with its detail', () => {
    const denied = 'AccessDenied: User: arn:aws:sts::111111111111:assumed-role/WorkbookGrader/workbook-grading is not authorized to perform: cloudwatch:DescribeAlarms';
    expect(gradedLab(report(denied), { writes: false }).checks[0]).toMatchObject({ state: 'failed', detail: denied });
  });

  it('counts skipped checks in neither the passed nor the total', () => {
    const lab = gradedLab(
      { ...report(''), checks: [{ id: 'a', title: 'A', passed: true, detail: 'ok' }, { id: 'b', title: 'B', passed: false, detail: 'ReadOnlyGrading: grading only reads: SetAlarmState was not sent' }] },
      { writes: false },
    );
    expect(lab).toMatchObject({ state: 'passed', passed: 1, total: 1 });
  });
});
