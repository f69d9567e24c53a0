// One run or reset of a lab at a time per account and region: a second would race the first over the same resources.
// The key is what the cloud sees (account, region, lab), not how the endpoint was spelled.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { stateDir } from '../paths.js';
import { isAlive } from '../process-alive.js';

export interface LockKey {
  lab: string;
  account: string;
  region: string;
}

/** Takes the lab's lock or refuses, naming who holds it; the answer releases it. */
export function acquireLabLock({ lab, account, region }: LockKey, holder = `process ${process.pid}`): () => void {
  const dir = join(stateDir(), 'locks');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${lab}-${createHash('sha256').update(`${account}:${region}`).digest('hex').slice(0, 12)}.lock`);
  const record = JSON.stringify({ pid: process.pid, holder });
  try {
    writeFileSync(file, record, { flag: 'wx' });
  } catch {
    const held = readHolder(file);
    if (held && isAlive(held.pid) && held.pid !== process.pid) {
      throw new UserError(`Lab ${lab} is busy in account ${account}, ${region}: ${held.holder} is running or resetting it.`, 'Wait for it to finish, or stop it (Ctrl-C there, or Stop on the page).');
    }
    if (held && held.pid === process.pid) {
      throw new UserError(`Lab ${lab} is already running in account ${account}, ${region} (${held.holder}).`, 'Wait for it to finish, or stop it first.');
    }
    // The holder died without cleaning up (killed, crashed): its lock means nothing now.
    writeFileSync(file, record);
  }
  return () => rmSync(file, { force: true });
}

function readHolder(file: string): { pid: number; holder: string } | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown; holder?: unknown };
    return typeof parsed.pid === 'number' ? { pid: parsed.pid, holder: String(parsed.holder ?? `process ${parsed.pid}`) } : undefined;
  } catch {
    return undefined;
  }
}
