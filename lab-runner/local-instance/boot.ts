// Boots "an instance" on this computer where the target's EC2 instances are only records (LocalStack): the instance's
// program (one JavaScript file) runs under `node` with the environment its user data would give it, next to a
// metadata service that answers the instance's id, zone and region, and its role's credentials, over IMDSv2.
// A detached supervisor keeps both running after the lab's process exits; a rerun reuses a boot that still answers.
// The runner knows no lab: a lab says what to run and with which environment.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { basename, join } from 'node:path';
import { DescribeInstancesCommand, type Instance } from '@aws-sdk/client-ec2';
import type { LabContext } from '../context.js';
import { runnerProgram } from '../paths.js';
import { answersHttp, metadataInstanceId } from './probe.js';
import type { SupervisorConfig, SupervisorMessage } from './protocol.js';
import { consoleLogFile, instanceFolder, type LocalInstanceRecord, readRecord, recordFile } from './records.js';
import { stopLocalInstance } from './stop.js';

const BOOT_TIMEOUT_MS = 60_000;
const LOCAL_HOST = '127.0.0.1';
/** An instance's program gets credentials from its role, through the metadata service, never from its environment. */
const KEY_VARIABLES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'];

/** Where the program runs on this computer, for the lab to adapt the environment its user data sets. */
export interface LocalPlacement {
  /** A free port on this computer, for the program to listen on instead of the instance's. */
  port: number;
  host: string;
  /** The instance's disk: a folder of its own for the program's data. */
  folder: string;
}

export interface LocalInstanceSpec {
  instanceId: string;
  /** The program as the user data would fetch it: a file name and its bytes. */
  program: { fileName: string; bytes: Uint8Array };
  environment(placement: LocalPlacement): Record<string, string>;
}

export interface LocalInstance extends LocalInstanceRecord {
  /** True when a boot that still answered was kept. */
  reused: boolean;
  /** The instance's console: the supervisor's and the program's output. */
  consoleLog: string;
}

export async function bootLocalInstance(ctx: LabContext, spec: LocalInstanceSpec): Promise<LocalInstance> {
  const { instanceId } = spec;
  if (!ctx.isLocal || !ctx.clientConfig.endpoint) throw new Error('Only an instance on LocalStack (or another local endpoint) is booted on this computer');
  const consoleLog = consoleLogFile(instanceId);
  const live = await liveLocalInstance(instanceId);
  if (live) return { ...live, reused: true, consoleLog };
  // A record whose boot no longer answers: clear whatever is left of it first.
  await stopLocalInstance(instanceId);

  const instance = await runningInstance(ctx, instanceId);
  const folder = instanceFolder(instanceId);
  mkdirSync(folder, { recursive: true });
  const program = join(folder, basename(spec.program.fileName));
  writeFileSync(program, spec.program.bytes, { mode: 0o644 });
  const port = await freePort();
  const config: SupervisorConfig = {
    instanceId,
    region: ctx.region,
    endpoint: ctx.clientConfig.endpoint,
    credentials: await plainCredentials(ctx),
    metadata: metadataOf(instance, ctx.region),
    tokensRequired: instance.MetadataOptions?.HttpTokens !== 'optional',
    program,
    env: programEnvironment(spec.environment({ port, host: LOCAL_HOST, folder }), folder, ctx.clientConfig.endpoint),
    port,
    host: LOCAL_HOST,
    folder,
    recordFile: recordFile(instanceId),
  };
  const record = await startSupervisor(config, consoleLog);
  return { ...record, reused: false, consoleLog };
}

/** The recorded boot of `instanceId` if its metadata service answers as that instance and its program answers. */
export async function liveLocalInstance(instanceId: string, env: NodeJS.ProcessEnv = process.env): Promise<LocalInstanceRecord | undefined> {
  const record = readRecord(instanceId, env);
  if (!record) return undefined;
  if ((await metadataInstanceId(record.imdsUrl)) !== instanceId) return undefined;
  return (await answersHttp(record.url)) ? record : undefined;
}

async function runningInstance(ctx: LabContext, instanceId: string): Promise<Instance> {
  const { Reservations = [] } = await ctx.clients.ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  const instance = Reservations.flatMap((r) => r.Instances ?? [])[0];
  const state = instance?.State?.Name ?? 'missing';
  if (!instance || state !== 'running') throw new Error(`Instance ${instanceId} is ${state}: only a running instance is booted`);
  return instance;
}

function metadataOf(instance: Instance, region: string): Record<string, string> {
  const values: Record<string, string | undefined> = {
    'instance-id': instance.InstanceId,
    'ami-id': instance.ImageId,
    'instance-type': instance.InstanceType,
    'local-ipv4': instance.PrivateIpAddress,
    'public-ipv4': instance.PublicIpAddress,
    'placement/availability-zone': instance.Placement?.AvailabilityZone,
    'placement/region': region,
  };
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => Boolean(e[1])));
}

/**
 * The program's whole environment: what the lab gives, the target's endpoint, and nothing of this computer's own
 * AWS setup. HOME is the instance's folder, so the SDK finds no ~/.aws of the student's and, as on EC2, its
 * credential chain ends at the metadata service.
 */
function programEnvironment(fromLab: Record<string, string>, folder: string, endpoint: string): Record<string, string> {
  const keys = Object.keys(fromLab).filter((name) => KEY_VARIABLES.includes(name));
  if (keys.length > 0) throw new Error(`An instance gets its credentials from its role; remove ${keys.join(', ')} from its environment`);
  return {
    PATH: process.env.PATH ?? '',
    HOME: folder,
    ...(process.platform === 'win32' ? { SystemRoot: process.env.SystemRoot ?? '', USERPROFILE: folder } : {}),
    ...fromLab,
    AWS_ENDPOINT_URL: endpoint,
  };
}

async function plainCredentials(ctx: LabContext): Promise<SupervisorConfig['credentials']> {
  const { accessKeyId, secretAccessKey, sessionToken } = await ctx.credentials();
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

async function startSupervisor(config: SupervisorConfig, consoleLog: string): Promise<LocalInstanceRecord> {
  // The supervisor is part of the built runner (dist/runner/supervisor.js): nothing is compiled when an instance boots.
  const supervisor = runnerProgram('supervisor');
  const built = supervisor.args.at(-1) ?? '';
  if (!existsSync(built)) throw new Error(`The runner is not built (${built} is missing): run \`node bin/build-runner.js\`, or any \`npx lab\` command, which builds it`);
  const log = openSync(consoleLog, 'a');
  const child = spawn(supervisor.command, [...supervisor.args, config.instanceId, config.folder], {
    cwd: config.folder,
    detached: true,
    windowsHide: true,
    stdio: ['ignore', log, log, 'ipc'],
    env: supervisorEnvironment(),
  });
  closeSync(log);
  try {
    const answer = await new Promise<SupervisorMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`it did not answer within ${BOOT_TIMEOUT_MS / 1000} s`)), BOOT_TIMEOUT_MS);
      child.once('message', (message) => {
        clearTimeout(timer);
        resolve(message as SupervisorMessage);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`it exited (${code}) before it answered`));
      });
      child.once('error', reject);
      child.send(config);
    });
    if (answer.type === 'failed') throw new Error(answer.message);
    return answer.record;
  } catch (error) {
    if (child.exitCode === null && child.pid) killGroup(child.pid);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Instance ${config.instanceId} did not boot on this computer: ${reason}. Its console log (${consoleLog}) ends:\n${tail(consoleLog)}`);
  } finally {
    // Let the lab's process exit while the instance runs on.
    child.removeAllListeners();
    if (child.connected) child.disconnect();
    child.unref();
  }
}

/** The supervisor leads a process group with its program; a boot that went wrong takes both down. */
function killGroup(pid: number): void {
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, 'SIGKILL');
  } catch {
    // Gone already.
  }
}

function supervisorEnvironment(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    ...(process.platform === 'win32' ? { SystemRoot: process.env.SystemRoot ?? '' } : {}),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, LOCAL_HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function tail(file: string, lines = 12): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).map((line) => `  ${line}`).join('\n');
  } catch {
    return '  (no console log)';
  }
}
