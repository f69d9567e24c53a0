// One run of a lab at a time per clone: a second run would race the first to create the same resources.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from './errors.js';
import { stateDir } from './paths.js';

/** `scope` names the target and account: the same lab may run at once against two different accounts. */
export function acquireLabLock(labId: string, scope: string): () => void {
  const dir = join(stateDir(), 'locks');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${labId}-${createHash('sha256').update(scope).digest('hex').slice(0, 12)}.lock`);
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
  } catch {
    const holder = Number(readFileSync(file, 'utf8'));
    if (isAlive(holder)) {
      throw new UserError(`Lab ${labId} is already running (process ${holder}).`, 'Wait for it to finish, or stop it with Ctrl-C.');
    }
    // The holder died without cleaning up (killed, crashed): its lock means nothing now.
    writeFileSync(file, String(process.pid));
  }
  return () => rmSync(file, { force: true });
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
