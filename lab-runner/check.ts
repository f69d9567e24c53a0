// Runs a lab's acceptance checks against the live target and reports them in the documented shape.
import { describeError, isConnectionError } from './aws-errors.js';
import { createContext } from './context.js';
import { UserError } from './errors.js';
import type { Check, CheckOutcome } from './lab.js';
import { assertKnownLab, loadChecks, loadLab } from './registry.js';
import { targetKey } from './run.js';
import type { Session } from './session.js';
import { recordStatus } from './state.js';

export interface CheckReport {
  id: string;
  title: string;
  passed: boolean;
  detail: string;
}

export interface LabReport {
  lab: string;
  target: string;
  account: string;
  region: string;
  passed: boolean;
  checks: CheckReport[];
}

export async function checkLab(labId: string, session: Session): Promise<LabReport> {
  await assertKnownLab(labId);
  const [lab, checks] = await Promise.all([loadLab(labId), loadChecks(labId)]);
  const ctx = createContext({ target: session.target, lab, account: session.account });
  // Checks only read (or send a test notification), so they can run side by side.
  const outcomes = await Promise.all(checks.map((check) => runCheck(check, () => check.run(ctx))));
  const reports = checks.map((check, i) => ({ id: check.id, title: check.title, ...outcomes[i] }));
  const failed = reports.filter((r) => !r.passed).length;
  recordStatus(targetKey(session), labId, failed === 0 ? { status: 'passed' } : { status: 'failing', failed });
  return { lab: labId, target: session.target.name, account: session.account, region: ctx.region, passed: failed === 0, checks: reports };
}

async function runCheck(check: Check, run: () => Promise<CheckOutcome>): Promise<CheckOutcome> {
  try {
    return await run();
  } catch (error) {
    if (isConnectionError(error)) throw new UserError(`Check ${check.id} could not reach the target.`, 'Start it with `npx lab up`, or check --endpoint.');
    // A resource that is missing answers with an error: for a check that is a plain fail, said in words.
    const info = describeError(error);
    return { passed: false, detail: `${info.code}: ${info.message}` };
  }
}
