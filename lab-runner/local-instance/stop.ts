// Stops a local boot: the supervisor and the program it runs, which share a process group led by the supervisor.
// Only processes proven to be that boot's are signalled: the one whose metadata service answers the instance's id,
// or, when it no longer answers, processes of its group that run from the instance's folder.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { metadataInstanceId } from './probe.js';
import { instanceFolder, readRecord, recordsOn, removeRecord } from './records.js';

const GRACE_MS = 8000;

export interface StopOptions {
  /** Also delete the instance's disk (program, data, console log), as terminating an instance deletes its volume. */
  discardDisk?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** Stops the local boot of `instanceId` if one is recorded; answers whether a process was stopped. */
export async function stopLocalInstance(instanceId: string, { discardDisk = false, env = process.env }: StopOptions = {}): Promise<boolean> {
  const record = readRecord(instanceId, env);
  const folder = instanceFolder(instanceId, env);
  let stopped = false;
  if (record) {
    const confirmed = (await metadataInstanceId(record.imdsUrl)) === instanceId;
    const pids = confirmed ? [record.pid] : process.platform === 'win32' ? [] : leftovers(record.pid, folder);
    stopped = pids.length > 0;
    await stopProcesses(pids, confirmed);
    removeRecord(instanceId, env);
  }
  if (discardDisk) rmSync(folder, { recursive: true, force: true });
  return stopped;
}

/**
 * Stops every boot of an instance of the local cloud at `endpoint`, and deletes its disk: a local cloud that stops
 * forgets its instances, as if they were terminated. Answers the ids of the instances stopped.
 */
export async function stopLocalInstancesOn(endpoint: string, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const stopped: string[] = [];
  for (const { instanceId } of recordsOn(endpoint, env)) if (await stopLocalInstance(instanceId, { discardDisk: true, env })) stopped.push(instanceId);
  return stopped;
}

/** Processes of the boot's group that still run from its folder, e.g. a program whose supervisor was killed. */
function leftovers(groupId: number, folder: string): number[] {
  return (processTable() ?? []).filter((p) => p.pgid === groupId && p.args.includes(folder) && !p.zombie).map((p) => p.pid);
}

/** SIGTERM first (the supervisor then stops its program), SIGKILL for whatever is still there after the grace time. */
async function stopProcesses(pids: number[], wholeGroup: boolean): Promise<void> {
  if (pids.length === 0) return;
  if (process.platform === 'win32') {
    for (const pid of pids) spawnSync('taskkill', ['/pid', String(pid), '/T', '/F']);
    return;
  }
  const targets = wholeGroup ? pids.map((pid) => -pid) : pids;
  const running = () => stillRunning(pids, wholeGroup);
  for (const target of targets) signal(target, 'SIGTERM');
  const deadline = Date.now() + GRACE_MS;
  while (running() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  if (running()) for (const target of targets) signal(target, 'SIGKILL');
}

function signal(target: number, name: NodeJS.Signals): void {
  try {
    process.kill(target, name);
  } catch {
    // Gone already.
  }
}

interface ProcessEntry {
  pid: number;
  pgid: number;
  /** Exited, waiting for its parent to collect it: as good as gone. */
  zombie: boolean;
  args: string;
}

/** Whether any of the processes (or of their groups) still runs; an exited one whose parent has not reaped it yet does not. */
function stillRunning(pids: number[], wholeGroup: boolean): boolean {
  const table = processTable();
  if (!table) return pids.some((pid) => exists(wholeGroup ? -pid : pid));
  return table.some((p) => !p.zombie && pids.includes(wholeGroup ? p.pgid : p.pid));
}

function processTable(): ProcessEntry[] | undefined {
  const listing = spawnSync('ps', ['-eo', 'pid=,pgid=,stat=,args='], { encoding: 'utf8' });
  if (listing.status !== 0) return undefined;
  return listing.stdout.split('\n').flatMap((line) => {
    const m = /^\s*(\d+)\s+(\d+)\s+(\S+)\s*(.*)$/.exec(line);
    if (!m) return [];
    const [, pid = '', pgid = '', stat = '', args = ''] = m;
    return [{ pid: Number(pid), pgid: Number(pgid), zombie: stat.startsWith('Z'), args }];
  });
}

function exists(target: number): boolean {
  try {
    process.kill(target, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
