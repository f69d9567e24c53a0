// Runs labs: asks first on a real account, checks what each builds on, takes the lab's lock, gets the code ready
// (compiled, type-checked), runs it in a process of its own and keeps the outcome as progress.
import type { LabEntry } from '../catalogue/schema.js';
import { readCatalogue, labsFor } from '../catalogue/read.js';
import { prepare } from '../compile/prepare.js';
import { labRegion } from '../context.js';
import { UserError } from '../errors.js';
import { execute } from '../execute/executor.js';
import type { SpareChild } from '../execute/spare-child.js';
import type { RunResult } from '../execute/protocol.js';
import { sessionData } from '../session.js';
import { type Caller, progressKey } from './caller.js';
import { needsConsent } from './consent.js';
import { acquireLabLock } from './lock.js';
import { assertPrerequisites } from './prerequisites.js';
import { type Builder, type LabStatus, recordProgress } from './progress.js';

export interface RunRequest {
  /** A lab id, or `all`. */
  which: string;
  solution: boolean;
  /** Lab options, e.g. `email` for the billing alarm on a real account. */
  options?: Record<string, string>;
  /** Off only with --no-typecheck: a starter with type errors does not run. */
  typecheck?: boolean;
}

export interface LabRun {
  lab: string;
  result: RunResult;
}

/**
 * Runs each lab in teaching order and stops at the first that does not complete. `spare`: a process started for the
 * first lab ahead of time (see SpareChild); the caller disposes of it.
 */
export async function runLabs(request: RunRequest, caller: Caller, spare?: SpareChild): Promise<LabRun[]> {
  const catalogue = readCatalogue();
  const labs = labsFor(request.which, catalogue);
  await askToCreate(labs, caller);
  const done = new Set<string>();
  const runs: LabRun[] = [];
  for (const lab of labs) {
    await assertPrerequisites(lab, catalogue.labs, caller, done);
    const result = await runLab(lab, request, caller, spare);
    runs.push({ lab: lab.id, result });
    if (result.outcome !== 'completed') break;
    done.add(lab.id);
  }
  return runs;
}

async function runLab(lab: LabEntry, request: RunRequest, caller: Caller, spare?: SpareChild): Promise<RunResult> {
  const { session } = caller;
  const by: Builder = request.solution ? 'solution' : 'student';
  const key = progressKey(session, lab);
  const release = acquireLabLock({ lab: lab.id, account: session.account, region: key.region }, caller.holder);
  try {
    const prepared = await prepare(lab, request.solution ? 'solution' : 'starter', { typecheck: !request.solution && request.typecheck !== false });
    if (!('module' in prepared)) {
      recordProgress(key, lab.id, { status: 'stopped', step: 0, reason: 'invalid', by });
      return { outcome: 'invalid', stage: prepared.stage, problems: prepared.problems };
    }
    const job = { kind: 'run', lab, module: prepared.module, solution: request.solution, session: await sessionData(session), options: request.options ?? {} } as const;
    const outcome = await execute(job, { sink: caller.sink, signal: caller.signal, child: spare?.take() });
    if (outcome.type === 'broken') {
      caller.sink?.({ type: 'fail', lab: lab.id, step: 0, title: lab.title, ms: 0, error: outcome.error, ...(outcome.at ? { at: outcome.at } : {}) });
      recordProgress(key, lab.id, { status: 'stopped', step: 0, reason: 'failed', by });
      return { outcome: 'failed', step: 0, error: outcome.error, ...(outcome.at ? { at: outcome.at } : {}) };
    }
    if (outcome.type !== 'ran') throw new Error('A run answered with check results.');
    recordProgress(key, lab.id, statusAfter(outcome.result, by));
    return outcome.result;
  } finally {
    release();
  }
}

function statusAfter(result: RunResult, by: Builder): LabStatus {
  switch (result.outcome) {
    case 'completed':
      return { status: 'completed', by };
    case 'todo':
      return { status: 'stopped', step: result.step, reason: 'todo', by };
    case 'failed':
      return { status: 'stopped', step: result.step, reason: 'failed', by };
    case 'stopped':
      return { status: 'stopped', step: result.step, reason: result.reason === 'timeout' ? 'timeout' : 'interrupted', by };
    case 'invalid':
      return { status: 'stopped', step: 0, reason: 'invalid', by };
  }
}

/** On a real account nothing is created before the student has seen account, region, identity and cost, and said yes. */
async function askToCreate(labs: LabEntry[], { session, consent }: Caller): Promise<void> {
  const request = {
    action: 'create' as const,
    target: session.target.name,
    account: session.account,
    regions: [...new Set(labs.map((lab) => labRegion(lab, session.target)))],
    identity: session.arn,
    labs: labs.map(({ id, title, cost }) => ({ id, title, cost })),
    undo: `npx lab reset ${labs.length === 1 ? (labs[0]?.id ?? '') : 'all'} --target aws`,
  };
  if (!needsConsent(request)) return;
  if (!(await consent(request))) throw new UserError(`Not confirmed; nothing was created in account ${session.account}.`);
}
