// What grading a class finds, as data: class.json holds exactly this, and the CSVs, JUnit and the dashboard render it.
import type { LabEntry } from '../catalogue/schema.js';
import type { LabReport } from '../service/check.js';
import { refusedWrite } from './read-only-guard.js';
import { isReadAction } from './read-only-policy.js';

/**
 * `skipped`: a write test grading did not let write (read-only grading); it neither earns nor costs a point.
 * `unreachable`: the check could not reach the student's cloud, so it says nothing about their work.
 */
export type CheckState = 'passed' | 'failed' | 'unreachable' | 'skipped';
/** `partial`: some checks passed; `error`: the checks could not run at all. */
export type LabState = 'passed' | 'partial' | 'failed' | 'unreachable' | 'error';
/** `unreachable`: nothing answered for this student; `error`: their account refused us (no credentials, no role). */
export type StudentState = 'graded' | 'unreachable' | 'error';

export interface GradedCheck {
  id: string;
  title: string;
  state: CheckState;
  detail: string;
}

export interface GradedLab {
  lab: string;
  region: string;
  state: LabState;
  /** Checks passed, out of `total`: every check but the skipped ones. */
  passed: number;
  total: number;
  checks: GradedCheck[];
  error?: string;
}

export interface StudentResult {
  student: string;
  account: string;
  /** Where this student's cloud answered, e.g. `aws profile alice`. */
  target: string;
  state: StudentState;
  error?: string;
  gradedAt: string;
  passed: number;
  total: number;
  labs: GradedLab[];
}

export interface ClassReport {
  gradedAt: string;
  /** What the grader was pointed at, e.g. `localstack http://127.0.0.1:4566` or `aws (each student's profile)`. */
  target: string;
  /** Whether checks that write ran (--writes). */
  writes: boolean;
  /** `<lab>/<check>` of every write test that was skipped for at least one student. */
  writeTestsSkipped: string[];
  labs: { id: string; title: string; checks: { id: string; title: string }[] }[];
  students: StudentResult[];
}

export interface VerdictOptions {
  /** Whether checks were let write (--writes): a write denied then is a real failure. */
  writes: boolean;
  /** An endpoint the checks were given in place of the student's own (the read-only guard), and that one. */
  renamed?: Record<string, string>;
}

export function gradedLab(report: LabReport, { writes, renamed = {} }: VerdictOptions): GradedLab {
  const named = (detail: string) => Object.entries(renamed).reduce((text, [from, to]) => (from && to ? text.replaceAll(from, to) : text), detail);
  const checks = report.checks.map((c): GradedCheck => {
    const refused = writes ? undefined : (refusedWrite(c.detail) ?? deniedWrite(c.detail));
    if (refused) return { id: c.id, title: c.title, state: 'skipped', detail: `write test skipped: it calls ${refused}, and grading only reads (--writes runs it)` };
    if (c.skipped) return { id: c.id, title: c.title, state: 'skipped', detail: named(c.detail) };
    return { id: c.id, title: c.title, state: c.unreachable ? 'unreachable' : c.passed ? 'passed' : 'failed', detail: named(c.detail) };
  });
  if (report.error) return { ...scored(report.lab, report.region, checks), state: 'error', error: report.error };
  return scored(report.lab, report.region, checks);
}

/** Every check of the lab marked as the student is: unreachable, or refused (their account could not be opened). */
export function ungradedLab(lab: LabEntry, region: string, state: 'unreachable' | 'error', why: string): GradedLab {
  const checks = lab.checks.map((c): GradedCheck => ({ id: c.id, title: c.title, state: 'unreachable', detail: why }));
  return { ...scored(lab.id, region, checks), state };
}

/**
 * A write AWS denied, as IAM says it ("is not authorized to perform: cloudwatch:SetAlarmState"): on AWS a role session
 * is narrowed to reading by grading itself, so that denial says nothing about the student's work.
 */
function deniedWrite(detail: string): string | undefined {
  const action = /^(AccessDenied|AccessDeniedException|UnauthorizedOperation)\b.*not authorized to perform: [a-z0-9-]+:(\w+)/.exec(detail)?.[2];
  return action && !isReadAction(action) ? action : undefined;
}

function scored(lab: string, region: string, checks: GradedCheck[]): GradedLab {
  const counted = checks.filter((c) => c.state !== 'skipped');
  const passed = counted.filter((c) => c.state === 'passed').length;
  const state: LabState = checks.some((c) => c.state === 'unreachable') ? 'unreachable' : counted.length > 0 && passed === counted.length ? 'passed' : passed > 0 ? 'partial' : 'failed';
  return { lab, region, state, passed, total: counted.length, checks };
}

export function studentTotals(labs: GradedLab[]): { passed: number; total: number } {
  return { passed: labs.reduce((n, l) => n + l.passed, 0), total: labs.reduce((n, l) => n + l.total, 0) };
}

/** Graded, and every check answered: nothing to grade again on --resume. */
export function isComplete(student: StudentResult): boolean {
  return student.state === 'graded' && student.labs.every((l) => l.state !== 'unreachable' && l.state !== 'error');
}

export function skippedWriteTests(students: StudentResult[]): string[] {
  const ids = students.flatMap((s) => s.labs.flatMap((l) => l.checks.filter((c) => c.state === 'skipped').map((c) => `${l.lab}/${c.id}`)));
  return [...new Set(ids)].sort();
}

/** Whether the class was graded read-only, and which write tests that skipped: said the same in every report. */
export function writesLine(report: Pick<ClassReport, 'writes' | 'writeTestsSkipped'>): string {
  if (report.writes) return "Writes allowed (--writes): checks that write ran in the students' accounts.";
  if (report.writeTestsSkipped.length === 0) return 'Read-only: no check needed to write.';
  return `Read-only: write tests skipped: ${report.writeTestsSkipped.join(', ')}. --writes runs them.`;
}
