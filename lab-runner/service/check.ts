// Checks labs against the live target, in a process of their own running the checks as they are on disk now, and
// keeps each verdict as the lab's progress for this target, account and region.
import type { LabEntry } from '../catalogue/schema.js';
import { prepare } from '../compile/prepare.js';
import { labRegion } from '../context.js';
import type { CheckWorkers } from '../execute/check-workers.js';
import { execute } from '../execute/executor.js';
import type { SpareChild } from '../execute/spare-child.js';
import type { CheckReport } from '../execute/protocol.js';
import { sessionData } from '../session.js';
import type { Target } from '../target.js';
import { type Caller, progressKey } from './caller.js';
import { lastBuilder, recordProgress } from './progress.js';

export interface LabReport {
  lab: string;
  target: string;
  account: string;
  region: string;
  passed: boolean;
  checks: CheckReport[];
  /** Set when the checks could not run at all (their code does not compile, the process ended). */
  error?: string;
}

export interface CheckOptions {
  /** Let checks that write (send a test notification, upload a photo) do so; grading leaves them out. */
  writes?: boolean;
  /** Keep the verdict as this clone's progress (not when grading someone else's account). */
  record?: boolean;
  /** Processes that stay between accounts (grading a class); otherwise one process for this call. */
  workers?: CheckWorkers;
  /** The process for this call, started ahead of it (see spare-child.ts); the caller disposes of it. */
  spare?: SpareChild;
}

/**
 * Whether checks may write (send the billing alarm's test notification) when nobody said: yes on the local cloud, where
 * a student checks to see the whole path work and nothing is emailed; no on AWS, where the test emails every confirmed
 * subscriber. Grading a class writes only with --writes.
 */
export function checksMayWrite(asked: boolean | undefined, target: Pick<Target, 'name'>): boolean {
  return asked ?? target.name !== 'aws';
}

export async function checkLab(lab: LabEntry, caller: Caller, options: CheckOptions = {}): Promise<LabReport> {
  const [report] = await checkLabs([lab], caller, options);
  if (!report) throw new Error(`No report for ${lab.id}.`);
  return report;
}

/** One process checks every lab given; a lab whose checks do not compile is reported, the others still run. */
export async function checkLabs(labs: LabEntry[], caller: Caller, { writes = false, record = true, workers, spare }: CheckOptions = {}): Promise<LabReport[]> {
  const { session } = caller;
  const base = (lab: LabEntry) => ({ lab: lab.id, target: session.target.name, account: session.account, region: labRegion(lab, session.target) });
  const prepared = await Promise.all(labs.map(async (lab) => ({ lab, prepared: await prepare(lab, 'checks') })));
  const reports = new Map<string, LabReport>();
  const runnable: { lab: LabEntry; module: string }[] = [];
  for (const { lab, prepared: p } of prepared) {
    if ('module' in p) runnable.push({ lab, module: p.module });
    else {
      const first = p.problems[0];
      const where = first ? `${first.at.file}:${first.at.line}:${first.at.column} ${first.message}` : 'it does not compile';
      reports.set(lab.id, { ...base(lab), passed: false, checks: [], error: `labs/${lab.id}/checks.ts cannot run: ${where}` });
    }
  }
  const first = runnable[0];
  if (first) {
    const job = { kind: 'check', lab: first.lab, labs: runnable, session: await sessionData(session), writes } as const;
    const outcome = workers ? await workers.check(job) : await execute(job, { signal: caller.signal, child: spare?.take() });
    for (const { lab } of runnable) {
      const checked = outcome.type === 'checked' ? outcome.labs.find((l) => l.lab === lab.id) : undefined;
      if (checked) reports.set(lab.id, judged(lab, checked.checks, caller, base(lab), record));
      else {
        const error = outcome.type === 'broken' ? `${outcome.error.code}: ${outcome.error.message}` : 'the checks did not answer';
        reports.set(lab.id, { ...base(lab), passed: false, checks: [], error });
      }
    }
  }
  return labs.flatMap((lab) => reports.get(lab.id) ?? []);
}

function judged(lab: LabEntry, checks: CheckReport[], { session }: Caller, base: Omit<LabReport, 'passed' | 'checks'>, record: boolean): LabReport {
  const failed = checks.filter((c) => !c.passed && !c.skipped).length;
  const key = progressKey(session, lab);
  // An unreachable target says nothing about the work: progress is left as it was.
  if (record && !checks.some((c) => c.unreachable)) {
    const by = lastBuilder(key, lab.id);
    recordProgress(key, lab.id, failed === 0 ? { status: 'passed', ...(by ? { by } : {}) } : { status: 'failing', failed, ...(by ? { by } : {}) });
  }
  return { ...base, passed: failed === 0 && checks.some((c) => c.passed), checks };
}
