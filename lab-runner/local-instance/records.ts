// Where a locally booted instance lives on this computer: `<state>/instances/<instance-id>/` is its disk (program,
// data, console log) and `<state>/instances/<instance-id>.json` says where it answers while it runs.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stateDir } from '../paths.js';

/** A local boot that is (or was) running: enough to reach it and to stop it. */
export interface LocalInstanceRecord {
  instanceId: string;
  /** The program's own address, e.g. `http://127.0.0.1:51234`. */
  url: string;
  /** The supervisor: it runs the metadata service and the program, and leads their process group. */
  pid: number;
  /** The instance's metadata service, e.g. `http://127.0.0.1:51233`. */
  imdsUrl: string;
  /** The local cloud the instance runs in, e.g. `http://127.0.0.1:4566`: when it stops, so does the boot. */
  endpoint?: string;
}

const INSTANCE_ID = /^i-[0-9a-f]{8,32}$/;

/** EC2 instance ids only: the id names files, so nothing else may reach the file system. */
export function assertInstanceId(instanceId: string): void {
  if (!INSTANCE_ID.test(instanceId)) throw new Error(`"${instanceId}" is not an EC2 instance id`);
}

export function instancesDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(stateDir(env), 'instances');
}

/** The instance's disk: its program, its data and its console log. */
export function instanceFolder(instanceId: string, env: NodeJS.ProcessEnv = process.env): string {
  assertInstanceId(instanceId);
  return join(instancesDir(env), instanceId);
}

export function recordFile(instanceId: string, env: NodeJS.ProcessEnv = process.env): string {
  assertInstanceId(instanceId);
  return join(instancesDir(env), `${instanceId}.json`);
}

export function consoleLogFile(instanceId: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(instanceFolder(instanceId, env), 'console.log');
}

export function readRecord(instanceId: string, env: NodeJS.ProcessEnv = process.env): LocalInstanceRecord | undefined {
  const file = recordFile(instanceId, env);
  if (!existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalInstanceRecord>;
    if (parsed.instanceId !== instanceId || typeof parsed.pid !== 'number' || !parsed.url || !parsed.imdsUrl) return undefined;
    return { instanceId, url: parsed.url, pid: parsed.pid, imdsUrl: parsed.imdsUrl, ...(parsed.endpoint ? { endpoint: parsed.endpoint } : {}) };
  } catch {
    return undefined;
  }
}

/** The recorded boots of instances of the local cloud at `endpoint`. */
export function recordsOn(endpoint: string, env: NodeJS.ProcessEnv = process.env): LocalInstanceRecord[] {
  const dir = instancesDir(env);
  if (!existsSync(dir)) return [];
  const ids = readdirSync(dir).filter((name) => name.endsWith('.json')).map((name) => name.slice(0, -'.json'.length)).filter((id) => INSTANCE_ID.test(id));
  return ids.flatMap((id) => readRecord(id, env) ?? []).filter((record) => record.endpoint === endpoint);
}

export function writeRecord(file: string, record: LocalInstanceRecord): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
}

export function removeRecord(instanceId: string, env: NodeJS.ProcessEnv = process.env): void {
  rmSync(recordFile(instanceId, env), { force: true });
}

/** Removes a record only while it still names process `pid`: a newer boot of the same instance keeps its own. */
export function removeRecordOf(file: string, pid: number): void {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalInstanceRecord>;
    if (parsed.pid === pid) rmSync(file, { force: true });
  } catch {
    // Already gone, or not ours to judge.
  }
}
