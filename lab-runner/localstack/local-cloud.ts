// `lab up`, `lab down`, `lab status`: make the local cloud answer — LocalStack on an internal loopback port with the
// gate in front of it on the public endpoint — stop only what we started, and say how.
import { createServer } from 'node:net';
import { join } from 'node:path';
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { UserError } from '../errors.js';
import { stopLocalInstancesOn } from '../local-instance/stop.js';
import { isAlive } from '../process-alive.js';
import { parseStrict, type Behaviours } from '../gate/behaviours.js';
import { gateStatus, configureGate, type GateStatus } from '../gate/client.js';
import { spawnGate } from '../gate/spawn.js';
import { localstackEndpoint } from './endpoint.js';
import { dockerEngineAnswers, startContainer, stopContainer } from './docker.js';
import { exposureOf, type Exposure } from './exposure.js';
import { type Health, localstackHealth, waitForHealth } from './health.js';
import { hostPaths, install, isInstalled, startHost, tailOfLog, type HostPaths } from './host.js';
import { LOCALSTACK_VERSION, localstackHome, SERVICES } from './pinned.js';

export type Way = 'reused' | 'docker' | 'host';

interface StartedRecord {
  way: 'docker' | 'host';
  /** The public endpoint: the gate. */
  endpoint: string;
  /** LocalStack itself, on loopback, behind the gate. */
  internal?: string;
  pid?: number;
  gatePid?: number;
  container?: string;
  startedAt: string;
}

export interface UpOptions {
  /** Behaviours to turn on or off, as `--strict` takes them (`consistency,throttling`, `all`, `-billing`). */
  strict?: string;
}

export interface UpResult {
  way: Way;
  endpoint: string;
  version: string;
  ms: number;
  /** True when this call started it, so the caller that wants to clean up knows to call down(). */
  started: boolean;
  /** The gate's state, or undefined when what answers at the endpoint is a LocalStack with no gate. */
  gate?: GateStatus;
  /** Things the student should know: no gate in front, or a local cloud answering beyond loopback. */
  warnings: string[];
}

export interface Progress {
  /** A line that stays, e.g. "installing LocalStack, log: …". */
  note(message: string): void;
  /** A line that replaces itself, e.g. "12/113 packages". */
  update(message: string): void;
}

const silent: Progress = { note: () => {}, update: () => {} };
const START_TIMEOUT_MS = 90_000;
const GATE_TIMEOUT_MS = 20_000;

/** One record per endpoint: two local clouds on two ports are started and stopped independently. */
function recordFile(endpoint: string): string {
  return join(localstackHome(), `started-${portOf(endpoint)}.json`);
}

/** The gate's learnt keys for the LocalStack behind an endpoint: worthless once that LocalStack stops. */
export function gateKeyFile(endpoint: string): string {
  return join(localstackHome(), `gate-keys-${portOf(endpoint)}.json`);
}

function gateLogFile(endpoint: string): string {
  return join(localstackHome(), `gate-${portOf(endpoint)}.log`);
}

function portOf(endpoint: string): string {
  return new URL(endpoint).port || '80';
}

function readRecord(endpoint: string): StartedRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(recordFile(endpoint), 'utf8')) as StartedRecord;
    return record.endpoint === endpoint ? record : undefined;
  } catch {
    return undefined;
  }
}

function writeRecord(record: StartedRecord): void {
  mkdirSync(localstackHome(), { recursive: true });
  writeFileSync(recordFile(record.endpoint), `${JSON.stringify(record, null, 2)}\n`);
}

/** The default endpoint keeps the cache's data folder and log; another port gets its own, so two never mix. */
function pathsFor(endpoint: string): HostPaths {
  const paths = hostPaths();
  const port = portOf(endpoint);
  if (port === '4566') return paths;
  return { ...paths, data: join(paths.home, `data-${port}`), runLog: join(paths.home, `localstack-${port}.log`) };
}

export async function up(progress: Progress = silent, endpoint = localstackEndpoint(), options: UpOptions = {}): Promise<UpResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const strict = options.strict ?? process.env.WORKBOOK_STRICT;
  const healthy = await localstackHealth(endpoint);
  if (healthy) {
    let gate = await gateStatus(endpoint);
    if (gate && strict) gate = await configureGate(endpoint, parseStrict(strict, gate.behaviours));
    return { way: 'reused', endpoint, version: healthy.version, ms: elapsed(), started: false, gate, warnings: warningsFor(endpoint, gate) };
  }
  const url = new URL(endpoint);
  if (!['127.0.0.1', 'localhost'].includes(url.hostname)) {
    throw new UserError(`Nothing answers at ${endpoint}, and lab up only starts LocalStack on this computer.`, 'Start it there, or unset AWS_ENDPOINT_URL.');
  }
  const behaviours = parseStrict(strict);
  const record = readRecord(endpoint);
  const behind = record?.internal ? await localstackHealth(record.internal) : undefined;
  if (record?.internal && behind) {
    // LocalStack still runs but its gate is gone: put a new gate in front, which finds the keys it had learnt.
    progress.note(`The gate in front of LocalStack (${record.internal}) was not running; starting it again.`);
    const gate = await startGateProcess(record, behaviours);
    return { way: 'reused', endpoint, version: behind.version, ms: elapsed(), started: false, gate, warnings: warningsFor(endpoint, gate) };
  }
  const internal = `http://127.0.0.1:${await internalPort(Number(url.port || '4566'))}`;
  const { way, health, pid, container } = dockerEngineAnswers()
    ? await upInDocker(internal, url, progress)
    : await upOnHost(internal, url, endpoint, progress);
  rmSync(gateKeyFile(endpoint), { force: true });
  const fresh: StartedRecord = { way, endpoint, internal, pid, container, startedAt: new Date().toISOString() };
  writeRecord(fresh);
  const gate = await startGateProcess(fresh, behaviours);
  return { way, endpoint, version: health.version, ms: elapsed(), started: true, gate, warnings: warningsFor(endpoint, gate) };
}

interface Started {
  way: 'docker' | 'host';
  health: Health;
  pid?: number;
  container?: string;
}

async function upInDocker(internal: string, url: URL, progress: Progress): Promise<Started> {
  progress.note(`Starting ${LOCALSTACK_VERSION} in Docker…`);
  const container = startContainer(new URL(internal), url);
  const health = await waitForHealth(internal, START_TIMEOUT_MS, () => true);
  if (!health) {
    stopContainer(container);
    throw new UserError(`LocalStack in Docker did not become healthy at ${internal}.`, `See \`docker logs ${container}\`.`);
  }
  return { way: 'docker', health, container };
}

async function upOnHost(internal: string, url: URL, endpoint: string, progress: Progress): Promise<Started> {
  const paths = pathsFor(endpoint);
  if (!isInstalled(paths)) {
    progress.note(`Installing LocalStack ${LOCALSTACK_VERSION} into ${paths.venv} (once; a few minutes). Log: ${paths.installLog}`);
    await install(paths, (done, total) => progress.update(`installing LocalStack: ${done}/${total} packages`));
  }
  progress.update(`starting LocalStack ${LOCALSTACK_VERSION}…`);
  const pid = startHost(paths, new URL(internal), url);
  const health = await waitForHealth(internal, START_TIMEOUT_MS, () => isAlive(pid));
  if (!health) {
    await stopProcessAndWait(pid);
    throw new UserError(`LocalStack did not start at ${internal}: ${tailOfLog(paths.runLog, 1) || 'no output'}`, `The full log is ${paths.runLog}.`);
  }
  return { way: 'host', health, pid };
}

async function startGateProcess(record: StartedRecord, behaviours: Behaviours): Promise<GateStatus> {
  const strict = Object.entries(behaviours).map(([name, on]) => (on ? name : `-${name}`)).join(',');
  const gatePid = spawnGate({ port: Number(portOf(record.endpoint)), upstream: record.internal ?? '', strict, keyFile: gateKeyFile(record.endpoint), logFile: gateLogFile(record.endpoint) });
  writeRecord({ ...record, gatePid });
  const deadline = Date.now() + GATE_TIMEOUT_MS;
  while (Date.now() < deadline && isAlive(gatePid)) {
    const gate = await gateStatus(record.endpoint);
    if (gate) return gate;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new UserError(`The gate did not start at ${record.endpoint}: ${tailOfLog(gateLogFile(record.endpoint), 1) || 'no output'}`, `The full log is ${gateLogFile(record.endpoint)}.`);
}

/** LocalStack's port behind the gate: the one after the public port (4567 for 4566), else any free one. */
async function internalPort(publicPort: number): Promise<number> {
  return (await freePort(publicPort + 1).catch(() => undefined)) ?? freePort(0);
}

function freePort(wanted: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(wanted, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function warningsFor(endpoint: string, gate: GateStatus | undefined): string[] {
  const warnings: string[] = [];
  if (!gate) warnings.push(`No gate in front of the LocalStack at ${endpoint}: IAM is not enforced there. Stop it, then run \`npx lab up\` to start the local cloud with its gate.`);
  const ports = [Number(portOf(endpoint)), ...(gate ? [Number(portOf(gate.upstream))] : [])];
  for (const port of ports) {
    if (exposureOf(port) === 'exposed') warnings.push(`Port ${port} answers beyond loopback: anyone on your network can reach every local account. Stop what listens there, then run \`npx lab up\`.`);
  }
  return warnings;
}

export interface DownResult {
  stopped: boolean;
  message: string;
}

export async function down(endpoint = localstackEndpoint()): Promise<DownResult> {
  const record = readRecord(endpoint);
  if (!record) {
    const running = await localstackHealth(endpoint);
    return {
      stopped: false,
      message: running ? `LocalStack at ${endpoint} was not started by \`lab up\`; left running.` : `Nothing runs at ${endpoint}.`,
    };
  }
  // Its instances go with it: LocalStack keeps no state between runs, so they are gone from the cloud as well.
  const instances = await stopLocalInstancesOn(endpoint);
  if (record.gatePid) await stopProcessAndWait(record.gatePid);
  if (record.way === 'docker' && record.container) stopContainer(record.container);
  if (record.way === 'host' && record.pid) await stopProcessAndWait(record.pid);
  rmSync(recordFile(endpoint), { force: true });
  rmSync(gateKeyFile(endpoint), { force: true });
  const booted = instances.length === 0 ? '' : `, and ${instances.length === 1 ? 'the instance' : `the ${instances.length} instances`} it ran on this computer (${instances.join(', ')})`;
  return { stopped: true, message: `Stopped the local cloud at ${endpoint} (gate and LocalStack, ${record.way})${booted}.` };
}

export interface StatusResult {
  endpoint: string;
  running: boolean;
  way: Way | 'external' | 'stopped';
  version?: string;
  services: Record<string, string>;
  installed: boolean;
  /** The gate's behaviours, or undefined when no gate answers. */
  gate?: GateStatus;
  /** Whether the endpoint, and LocalStack behind the gate, listen on loopback only. */
  exposure: Exposure;
  warnings: string[];
}

export async function status(endpoint = localstackEndpoint()): Promise<StatusResult> {
  const [health, gate] = await Promise.all([localstackHealth(endpoint), gateStatus(endpoint)]);
  const record = readRecord(endpoint);
  const services = Object.fromEntries(SERVICES.map((s) => [s, health?.services[s] ?? 'not running']));
  const ports = [Number(portOf(endpoint)), ...(gate ? [Number(portOf(gate.upstream))] : [])].map(exposureOf);
  return {
    endpoint,
    running: Boolean(health),
    way: health ? (record ? record.way : 'external') : 'stopped',
    version: health?.version,
    services,
    installed: existsSync(hostPaths().python) && isInstalled(hostPaths()),
    gate,
    exposure: ports.includes('exposed') ? 'exposed' : ports.every((p) => p === 'loopback') ? 'loopback' : 'unknown',
    warnings: health ? warningsFor(endpoint, gate) : [],
  };
}


/** Each process was started as the leader of its own process group; stopping the group takes its helpers too. */
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
