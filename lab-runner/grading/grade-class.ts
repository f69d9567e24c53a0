// Grading a class: every student's account opened and checked, a few at a time, each student's checks in one process
// (service/check.ts), read-only unless writes are allowed, throttled answers tried again. A student who cannot be
// reached is a row like any other; one check that cannot reach its cloud marks only that check.
import pLimit from 'p-limit';
import type { LabEntry } from '../catalogue/schema.js';
import { prepare } from '../compile/prepare.js';
import { UserError } from '../errors.js';
import type { Caller } from '../service/caller.js';
import { CheckWorkers } from '../execute/check-workers.js';
import { checkLabs } from '../service/check.js';
import type { Session } from '../session.js';
import { type ClassReport, gradedLab, skippedWriteTests, type StudentResult, studentTotals, ungradedLab } from './class-report.js';
import { StudentUnavailable } from './open-student.js';
import { type ReadOnlyGuard, startReadOnlyGuard } from './read-only-guard.js';
import { isThrottledDetail, retryThrottled } from './retry.js';
import type { Student } from './students.js';

export interface GradeClassOptions {
  labs: LabEntry[];
  students: Student[];
  open: (student: Student) => Promise<Session>;
  writes: boolean;
  concurrency: number;
  /** What the grader was pointed at, for the report. */
  target: string;
  /** Results kept from an earlier run (--resume), by student name. */
  kept?: Map<string, StudentResult>;
  /** Processes that check one student after another, the SDK loaded once each. */
  workers?: CheckWorkers;
  /** Told after each student, with the class as graded so far (to save it, to show progress). */
  onStudent?: (report: ClassReport, done: number) => void;
  signal?: AbortSignal;
}

export async function gradeClass(options: GradeClassOptions): Promise<ClassReport> {
  const { labs, students, kept = new Map() } = options;
  // Compiled once, before students are graded side by side: the compile cache is not made for racing writers.
  for (const lab of labs) await prepare(lab, 'checks');
  const guards = new Map<string, Promise<ReadOnlyGuard>>();
  const results: (StudentResult | undefined)[] = students.map((s) => kept.get(s.name));
  const gradedAt = new Date().toISOString();
  const report = (): ClassReport => {
    const done = results.filter((r): r is StudentResult => r !== undefined);
    return {
      gradedAt,
      target: options.target,
      writes: options.writes,
      writeTestsSkipped: skippedWriteTests(done),
      labs: labs.map((l) => ({ id: l.id, title: l.title, checks: l.checks.map((c) => ({ id: c.id, title: c.title })) })),
      students: done,
    };
  };
  const workers = options.workers ?? new CheckWorkers();
  const limit = pLimit(options.concurrency);
  let done = results.filter(Boolean).length;
  try {
    await Promise.all(
      students.map((student, i) =>
        results[i]
          ? undefined
          : limit(async () => {
              results[i] = await gradeStudent(student, { ...options, workers }, (endpoint) => guardFor(guards, endpoint));
              done += 1;
              options.onStudent?.(report(), done);
            }),
      ),
    );
  } finally {
    if (!options.workers) workers.close();
    await Promise.all([...guards.values()].map(async (guard) => (await guard).stop()));
  }
  return report();
}

function guardFor(guards: Map<string, Promise<ReadOnlyGuard>>, endpoint: string): Promise<ReadOnlyGuard> {
  let guard = guards.get(endpoint);
  if (!guard) {
    guard = startReadOnlyGuard(endpoint);
    guards.set(endpoint, guard);
  }
  return guard;
}

async function gradeStudent(student: Student, options: GradeClassOptions, guard: (endpoint: string) => Promise<ReadOnlyGuard>): Promise<StudentResult> {
  const base = { student: student.name, gradedAt: new Date().toISOString() };
  let session: Session;
  try {
    session = await options.open(student);
  } catch (error) {
    if (error instanceof UserError) throw error;
    const state = error instanceof StudentUnavailable ? error.state : 'error';
    const why = (error as Error).message;
    const labs = options.labs.map((lab) => ungradedLab(lab, lab.region === 'target' ? '' : lab.region.fixed, state, why));
    return { ...base, account: 'account' in student ? student.account : '', target: 'profile' in student ? `profile ${student.profile}` : '', state, error: why, ...studentTotals(labs), labs };
  }
  const checked = await checkedSession(session, options.writes, guard);
  const caller: Caller = { session: checked, consent: async () => false, holder: 'grading', ...(options.signal ? { signal: options.signal } : {}) };
  const throttled = (reports: Awaited<ReturnType<typeof checkLabs>>) => reports.some((r) => r.checks.some((c) => isThrottledDetail(c.detail)));
  const check = () => checkLabs(options.labs, caller, { writes: options.writes, record: false, workers: options.workers });
  const reports = await retryThrottled(check, { again: (r) => throttled(r as Awaited<ReturnType<typeof checkLabs>>) });
  const labs = reports.map((report) => gradedLab(report, { writes: options.writes, renamed: { [checked.target.endpoint ?? '']: session.target.endpoint ?? '' } }));
  return { ...base, account: session.account, target: session.target.label, state: 'graded', ...studentTotals(labs), labs };
}

/** Read-only grading on a target with an endpoint goes through the local guard, which lets only reads through. */
async function checkedSession(session: Session, writes: boolean, guard: (endpoint: string) => Promise<ReadOnlyGuard>): Promise<Session> {
  if (writes || !session.target.endpoint) return session;
  const { endpoint } = await guard(session.target.endpoint);
  return { ...session, target: { ...session.target, endpoint } };
}
