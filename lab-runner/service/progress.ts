// Each lab's progress per target, account and region, in a small file a student can delete without losing anything in
// the cloud. `lab list`, the page's sidebar and the lab panel all show this one record.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stateDir } from '../paths.js';

/** Whose code built what a lab has: the student's steps, or the reference solution's. */
export type Builder = 'student' | 'solution';

export type LabStatus =
  | { status: 'stopped'; step: number; reason: 'todo' | 'failed' | 'interrupted' | 'timeout' | 'invalid'; by: Builder }
  | { status: 'completed'; by: Builder }
  | { status: 'passed'; by?: Builder }
  | { status: 'failing'; failed: number; by?: Builder }
  | { status: 'reset' };

/** `builtBy`: whose code last built what the lab has: a completed run's, or the solution's if it ran since at all. */
export type Progress = LabStatus & { at: string; builtBy?: Builder };

/** Where progress is kept apart: a check in another region or account says nothing about this one. */
export interface ProgressKey {
  target: string;
  account: string;
  region: string;
}

type StateFile = { version: 2; progress: Record<string, Record<string, Progress>> };

function stateFile(): string {
  return join(stateDir(), 'state.json');
}

function keyText({ target, account, region }: ProgressKey): string {
  return `${target}|${account}|${region}`;
}

/** A file in another shape is set aside with a warning: it only ever held progress, never anything the cloud needs. */
export function readState(warn: (message: string) => void = () => {}): StateFile {
  let text: string;
  try {
    text = readFileSync(stateFile(), 'utf8');
  } catch {
    return { version: 2, progress: {} };
  }
  try {
    const parsed = JSON.parse(text) as StateFile;
    if (parsed?.version === 2 && typeof parsed.progress === 'object' && parsed.progress !== null) return parsed;
    throw new Error('unexpected shape');
  } catch {
    const aside = `${stateFile()}.old-${Date.now()}`;
    renameSync(stateFile(), aside);
    warn(`The progress file was unreadable or from an older version; kept it as ${aside} and started afresh. Nothing in the cloud is affected.`);
    return { version: 2, progress: {} };
  }
}

export function progressOf(key: ProgressKey, lab: string): Progress | undefined {
  return readState().progress[keyText(key)]?.[lab];
}

export function recordProgress(key: ProgressKey, lab: string, status: LabStatus): void {
  const state = readState();
  const text = keyText(key);
  const builtBy = builderAfter(state.progress[text]?.[lab]?.builtBy, status);
  state.progress[text] = { ...state.progress[text], [lab]: { ...status, at: new Date().toISOString(), ...(builtBy ? { builtBy } : {}) } };
  mkdirSync(stateDir(), { recursive: true });
  const temp = `${stateFile()}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(temp, stateFile());
}

/**
 * A student's run that stops at a TODO built nothing the checks could credit them for: what is there is still the
 * last completed run's (or the solution's, if any solution run touched it since).
 */
function builderAfter(before: Builder | undefined, status: LabStatus): Builder | undefined {
  switch (status.status) {
    case 'reset':
      return undefined;
    case 'completed':
      return status.by;
    case 'stopped':
      return status.by === 'solution' ? 'solution' : before;
    default:
      return before;
  }
}

/** Whose code built what the lab has, to say whether a pass is the student's own. */
export function lastBuilder(key: ProgressKey, lab: string): Builder | undefined {
  return progressOf(key, lab)?.builtBy;
}

/** Every region of this target and account where the lab has ever run: `lab reset` looks in each. */
export function regionsUsed(target: string, account: string, lab: string): string[] {
  const prefix = `${target}|${account}|`;
  return Object.entries(readState().progress)
    .filter(([key, labs]) => key.startsWith(prefix) && lab in labs)
    .map(([key]) => key.slice(prefix.length));
}

export function describeStatus(status: LabStatus | undefined): string {
  if (!status) return 'not started';
  const whose = (by: Builder | undefined) => (by === 'solution' ? ' (by the solution)' : '');
  switch (status.status) {
    case 'stopped':
      return `stopped at step ${status.step} (${{ todo: 'your TODO', failed: 'failed', interrupted: 'interrupted', timeout: 'timed out', invalid: 'code does not compile' }[status.reason]})`;
    case 'completed':
      return `ran to the end${whose(status.by)}, not checked yet`;
    case 'passed':
      return `passed${whose(status.by)}`;
    case 'failing':
      return `${status.failed} check${status.failed === 1 ? '' : 's'} failing`;
    case 'reset':
      return 'reset';
  }
}
