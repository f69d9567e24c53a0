// Whether a process a test started (or made start) still runs, as `ps` shows it.
import { spawnSync } from 'node:child_process';

/** Whether the process runs; one that exited and waits for its parent to collect it (a zombie) does not. */
export function isRunning(pid: number): boolean {
  const state = spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim();
  return state !== '' && !state.startsWith('Z');
}
