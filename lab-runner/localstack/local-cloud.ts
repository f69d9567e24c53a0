// `lab up`, `lab down`, `lab status`: make LocalStack answer, stop only what we started, and say how.
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { localstackEndpoint } from './endpoint.js';
import { dockerEngineAnswers, startContainer, stopContainer } from './docker.js';
import { type Health, localstackHealth, waitForHealth } from './health.js';
import { hostPaths, install, isInstalled, startHost, tailOfLog } from './host.js';
import { LOCALSTACK_VERSION, localstackHome, SERVICES } from './pinned.js';

export type Way = 'reused' | 'docker' | 'host';

interface StartedRecord {
  way: 'docker' | 'host';
  endpoint: string;
  pid?: number;
  container?: string;
  startedAt: string;
}

export interface UpResult {
  way: Way;
  endpoint: string;
  version: string;
  ms: number;
  /** True when this call started it, so the caller that wants to clean up knows to call down(). */
  started: boolean;
}

export interface Progress {
  /** A line that stays, e.g. "installing LocalStack, log: …". */
  note(message: string): void;
  /** A line that replaces itself, e.g. "12/113 packages". */
  update(message: string): void;
}

const silent: Progress = { note: () => {}, update: () => {} };
const START_TIMEOUT_MS = 90_000;

/** One record per endpoint: two LocalStacks on two ports are started and stopped independently. */
function recordFile(endpoint: string): string {
  return join(localstackHome(), `started-${new URL(endpoint).port || '80'}.json`);
}

function readRecord(endpoint: string): StartedRecord | undefined {
  try {
    return JSON.parse(readFileSync(recordFile(endpoint), 'utf8')) as StartedRecord;
  } catch {
    return undefined;
  }
}

function writeRecord(record: StartedRecord): void {
  mkdirSync(localstackHome(), { recursive: true });
  writeFileSync(recordFile(record.endpoint), `${JSON.stringify(record, null, 2)}\n`);
}

export async function up(progress: Progress = silent, endpoint = localstackEndpoint()): Promise<UpResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const healthy = await localstackHealth(endpoint);
  if (healthy) return { way: 'reused', endpoint, version: healthy.version, ms: elapsed(), started: false };
  const url = new URL(endpoint);
  if (!['127.0.0.1', 'localhost'].includes(url.hostname)) {
    throw new UserError(`Nothing answers at ${endpoint}, and lab up only starts LocalStack on this computer.`, 'Start it there, or unset AWS_ENDPOINT_URL.');
  }
  if (dockerEngineAnswers()) {
    progress.note(`Starting ${LOCALSTACK_VERSION} in Docker…`);
    const container = startContainer(url);
    writeRecord({ way: 'docker', endpoint, container, startedAt: new Date().toISOString() });
    const health = await waitForHealth(endpoint, START_TIMEOUT_MS, () => true);
    if (!health) throw new UserError(`LocalStack in Docker did not become healthy at ${endpoint}.`, `See \`docker logs ${container}\`.`);
    return { way: 'docker', endpoint, version: health.version, ms: elapsed(), started: true };
  }
  return upOnHost(url, endpoint, progress, elapsed);
}

async function upOnHost(url: URL, endpoint: string, progress: Progress, elapsed: () => number): Promise<UpResult> {
  const paths = hostPaths();
  if (!isInstalled(paths)) {
    progress.note(`Installing LocalStack ${LOCALSTACK_VERSION} into ${paths.venv} (once; a few minutes). Log: ${paths.installLog}`);
    await install(paths, (done, total) => progress.update(`installing LocalStack: ${done}/${total} packages`));
  }
  progress.update(`starting LocalStack ${LOCALSTACK_VERSION}…`);
  const pid = startHost(paths, url);
  writeRecord({ way: 'host', endpoint, pid, startedAt: new Date().toISOString() });
  const health = await waitForHealth(endpoint, START_TIMEOUT_MS, () => isAlive(pid));
  if (!health) {
    stopProcess(pid);
    rmSync(recordFile(endpoint), { force: true });
    throw new UserError(`LocalStack did not start at ${endpoint}: ${tailOfLog(paths.runLog, 1) || 'no output'}`, `The full log is ${paths.runLog}.`);
  }
  return { way: 'host', endpoint, version: health.version, ms: elapsed(), started: true };
}

export interface DownResult {
  stopped: boolean;
  message: string;
}

export async function down(endpoint = localstackEndpoint()): Promise<DownResult> {
  const record = readRecord(endpoint);
  if (!record || record.endpoint !== endpoint) {
    const running = await localstackHealth(endpoint);
    return {
      stopped: false,
      message: running ? `LocalStack at ${endpoint} was not started by \`lab up\`; left running.` : `Nothing runs at ${endpoint}.`,
    };
  }
  if (record.way === 'docker' && record.container) stopContainer(record.container);
  if (record.way === 'host' && record.pid) await stopProcessAndWait(record.pid);
  rmSync(recordFile(endpoint), { force: true });
  return { stopped: true, message: `Stopped LocalStack at ${endpoint} (${record.way}).` };
}

export interface StatusResult {
  endpoint: string;
  running: boolean;
  way: Way | 'external' | 'stopped';
  version?: string;
  services: Record<string, string>;
  installed: boolean;
}

export async function status(endpoint = localstackEndpoint()): Promise<StatusResult> {
  const health: Health | undefined = await localstackHealth(endpoint);
  const record = readRecord(endpoint);
  const ours = record?.endpoint === endpoint;
  const services = Object.fromEntries(SERVICES.map((s) => [s, health?.services[s] ?? 'not running']));
  return {
    endpoint,
    running: Boolean(health),
    way: health ? (ours ? record.way : 'external') : 'stopped',
    version: health?.version,
    services,
    installed: existsSync(hostPaths().python) && isInstalled(hostPaths()),
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** LocalStack was started as the leader of its own process group; stopping the group takes its helpers too. */
function stopProcess(pid: number, signal: NodeJS.Signals = 'SIGTERM'): void {
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, signal);
      return;
    } catch {
      /* try the next, or it is already gone */
    }
  }
}

async function stopProcessAndWait(pid: number): Promise<void> {
  stopProcess(pid);
  const deadline = Date.now() + 15_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) stopProcess(pid, 'SIGKILL');
}
