// The step runner: a lab's steps in order, each announced, timed and reported; stops at a TODO or an error.
import { relative } from 'node:path';
import { describeError, isConnectionError } from './aws-errors.js';
import { createContext } from './context.js';
import { UserError } from './errors.js';
import type { EventSink } from './events.js';
import { TodoError } from './lab.js';
import { acquireLabLock } from './lock.js';
import { projectRoot } from './paths.js';
import { assertKnownLab, loadLab } from './registry.js';
import type { Session } from './session.js';
import { recordStatus } from './state.js';

export interface RunOptions {
  labId: string;
  session: Session;
  solution?: boolean;
  sink?: EventSink;
  /** Lab options from the command line, e.g. `email`. */
  options?: Record<string, string>;
}

export type RunResult =
  | { outcome: 'completed'; outputs: Record<string, string> }
  | { outcome: 'todo'; step: number; file: string; line: number; text: string }
  | { outcome: 'failed'; step: number; code: string; message: string; advice: string };

export function targetKey(session: Session): string {
  return `${session.target.label} account ${session.account}`;
}

export async function runLab({ labId, session, solution = false, sink = () => {}, options = {} }: RunOptions): Promise<RunResult> {
  await assertKnownLab(labId);
  const lab = await loadLab(labId, solution);
  const release = acquireLabLock(labId, targetKey(session));
  try {
    let current = 0;
    const ctx = createContext({ target: session.target, lab, account: session.account, sink, options, currentStep: () => current });
    sink({ type: 'lab-start', lab: lab.id, title: lab.title, target: session.target.label, account: session.account, region: ctx.region, steps: lab.steps.length, solution });
    for (const [index, step] of lab.steps.entries()) {
      current = index + 1;
      sink({ type: 'start', lab: lab.id, step: current, title: step.title, command: step.command });
      const started = performance.now();
      try {
        await step.run(ctx);
      } catch (error) {
        const ms = Math.round(performance.now() - started);
        sink({ type: 'lab-end', lab: lab.id, completed: false });
        return stopped(session, lab.id, current, step.title, ms, error, sink);
      }
      sink({ type: 'ok', lab: lab.id, step: current, title: step.title, ms: Math.round(performance.now() - started) });
    }
    sink({ type: 'lab-end', lab: lab.id, completed: true });
    recordStatus(targetKey(session), lab.id, { status: 'completed' });
    return { outcome: 'completed', outputs: ctx.outputs };
  } finally {
    release();
  }
}

function stopped(session: Session, labId: string, step: number, title: string, ms: number, error: unknown, sink: EventSink): RunResult {
  if (error instanceof TodoError) {
    const file = relative(projectRoot, error.file);
    sink({ type: 'todo', lab: labId, step, title, file, line: error.line, text: error.text });
    recordStatus(targetKey(session), labId, { status: 'stopped', step, reason: 'todo' });
    return { outcome: 'todo', step, file, line: error.line, text: error.text };
  }
  if (error instanceof UserError) throw error;
  const info = describeError(error);
  sink({ type: 'fail', lab: labId, step, title, ms, error: info });
  recordStatus(targetKey(session), labId, { status: 'stopped', step, reason: 'failed' });
  if (isConnectionError(error)) {
    throw new UserError(`Step ${step} lost the target: ${session.target.endpoint ?? 'AWS'} stopped answering.`, 'Start it again (`npx lab up`) and rerun the lab: what was made is reused.');
  }
  return { outcome: 'failed', step, ...info };
}
