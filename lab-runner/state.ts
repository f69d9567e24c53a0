// Each lab's progress per target, in a small file a student can delete without losing anything in the cloud.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stateDir } from './paths.js';

export type LabStatus =
  | { status: 'stopped'; step: number; reason: 'todo' | 'failed' | 'interrupted' }
  | { status: 'completed' }
  | { status: 'passed' }
  | { status: 'failing'; failed: number }
  | { status: 'reset' };

type StateFile = { version: 1; targets: Record<string, Record<string, LabStatus & { at: string }>> };

function stateFile(): string {
  return join(stateDir(), 'state.json');
}

function emptyState(): StateFile {
  return { version: 1, targets: {} };
}

/** A corrupted file is set aside with a warning: it only ever held progress, never anything the cloud needs. */
export function readState(warn: (message: string) => void = () => {}): StateFile {
  let text: string;
  try {
    text = readFileSync(stateFile(), 'utf8');
  } catch {
    return emptyState();
  }
  try {
    const parsed = JSON.parse(text) as StateFile;
    if (parsed?.version === 1 && typeof parsed.targets === 'object' && parsed.targets !== null) return parsed;
    throw new Error('unexpected shape');
  } catch {
    const aside = `${stateFile()}.corrupt-${Date.now()}`;
    renameSync(stateFile(), aside);
    warn(`The progress file was unreadable; kept it as ${aside} and started afresh. Nothing in the cloud is affected.`);
    return emptyState();
  }
}

export function labStatuses(targetKey: string): Record<string, LabStatus & { at: string }> {
  return readState().targets[targetKey] ?? {};
}

export function recordStatus(targetKey: string, lab: string, status: LabStatus): void {
  const state = readState();
  state.targets[targetKey] = { ...state.targets[targetKey], [lab]: { ...status, at: new Date().toISOString() } };
  mkdirSync(stateDir(), { recursive: true });
  const temp = `${stateFile()}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(temp, stateFile());
}

export function describeStatus(status: LabStatus | undefined): string {
  if (!status) return 'not started';
  switch (status.status) {
    case 'stopped':
      return `stopped at step ${status.step} (${{ todo: 'your TODO', failed: 'failed', interrupted: 'interrupted' }[status.reason]})`;
    case 'completed':
      return 'ran to the end, not checked yet';
    case 'passed':
      return 'passed';
    case 'failing':
      return `${status.failed} check${status.failed === 1 ? '' : 's'} failing`;
    case 'reset':
      return 'reset';
  }
}
