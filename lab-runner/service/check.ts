// Checks a lab against the live target, in a process of its own running the checks as they are on disk now, and
// keeps the verdict as the lab's progress for this target, account and region.
import type { LabEntry } from '../catalogue/schema.js';
import { labRegion } from '../context.js';
import { execute } from '../execute/executor.js';
import type { CheckReport } from '../execute/protocol.js';
import { prepare } from '../compile/prepare.js';
import { sessionData } from '../session.js';
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
}

export async function checkLab(lab: LabEntry, caller: Caller, { writes = false }: CheckOptions = {}): Promise<LabReport> {
  const { session } = caller;
  const base = { lab: lab.id, target: session.target.name, account: session.account, region: labRegion(lab, session.target) };
  const prepared = await prepare(lab, 'checks');
  if (!('module' in prepared)) {
    const first = prepared.problems[0];
    return { ...base, passed: false, checks: [], error: `labs/${lab.id}/checks.ts cannot run: ${first ? `${first.at.file}:${first.at.line}:${first.at.column} ${first.message}` : 'it does not compile'}` };
  }
  const outcome = await execute({ kind: 'check', lab, module: prepared.module, session: await sessionData(session), writes }, { signal: caller.signal });
  if (outcome.type !== 'checked') {
    const error = outcome.type === 'broken' ? `${outcome.error.code}: ${outcome.error.message}` : 'the checks did not answer';
    return { ...base, passed: false, checks: [], error };
  }
  const failed = outcome.checks.filter((c) => !c.passed).length;
  const key = progressKey(session, lab);
  // An unreachable target says nothing about the work: progress is left as it was.
  if (!outcome.checks.some((c) => c.unreachable)) {
    const by = lastBuilder(key, lab.id);
    recordProgress(key, lab.id, failed === 0 ? { status: 'passed', ...(by ? { by } : {}) } : { status: 'failing', failed, ...(by ? { by } : {}) });
  }
  return { ...base, passed: failed === 0 && outcome.checks.length > 0, checks: outcome.checks };
}
