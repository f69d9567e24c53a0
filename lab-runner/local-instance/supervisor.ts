// The process that stands in for an EC2 instance on this computer. Started detached by `bootLocalInstance`, it gets
// its settings over IPC, runs the instance's metadata service, runs the program like the instance's systemd unit
// would (restarting it when it stops), and ends when the instance stops or is terminated, or on SIGTERM.
// Its standard output is the instance's console log: paths, states and exit codes, never a credential.
import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { DescribeInstancesCommand, EC2Client, type Instance } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { type MetadataService, startMetadataService } from './imds.js';
import type { SupervisorConfig, SupervisorMessage } from './protocol.js';
import { removeRecordOf, writeRecord } from './records.js';
import { instanceRoleReader } from './role-credentials.js';

const WATCH_EVERY_MS = 5000;
const START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5000;
// Like systemd's Restart=always with its default start limit: give up after 5 restarts within 10 s.
const RESTART_DELAY_MS = 1000;
const RESTART_LIMIT = 5;
const RESTART_WINDOW_MS = 10_000;
const GONE_STATES = new Set(['shutting-down', 'terminated', 'stopping', 'stopped']);

function log(line: string): void {
  process.stdout.write(`${new Date().toISOString()} ${line}\n`);
}

class LocalInstance {
  private program?: ChildProcess;
  private imds?: MetadataService;
  private watcher?: NodeJS.Timeout;
  private stopping = false;
  private restarts: number[] = [];
  private tokensRequired: boolean;
  private readonly metadata: Record<string, string>;
  private readonly ec2: EC2Client;
  private readonly readRole: ReturnType<typeof instanceRoleReader>;

  constructor(private readonly config: SupervisorConfig) {
    this.tokensRequired = config.tokensRequired;
    this.metadata = { ...config.metadata };
    const client = { region: config.region, endpoint: config.endpoint, credentials: config.credentials, maxAttempts: 3 };
    this.ec2 = new EC2Client(client);
    this.readRole = instanceRoleReader({ ec2: this.ec2, iam: new IAMClient(client), sts: new STSClient(client), instanceId: config.instanceId, log });
  }

  async boot(): Promise<SupervisorMessage> {
    const { instanceId, port, host } = this.config;
    this.imds = await startMetadataService(
      { values: () => this.metadata, tokensRequired: () => this.tokensRequired, instanceRole: () => this.readRole() },
      log,
    );
    log(`instance ${instanceId}: metadata service at ${this.imds.url}`);
    const started = await this.startProgram();
    if (!started.ok) return { type: 'failed', message: started.message };
    const record = { instanceId, url: `http://${host}:${port}`, pid: process.pid, imdsUrl: this.imds.url, endpoint: this.config.endpoint };
    writeRecord(this.config.recordFile, record);
    this.watcher = setInterval(() => void this.watchInstance(), WATCH_EVERY_MS);
    log(`instance ${instanceId}: program answers at ${record.url}`);
    return { type: 'ready', record };
  }

  private async startProgram(): Promise<{ ok: true } | { ok: false; message: string }> {
    const env = { ...this.config.env, AWS_EC2_METADATA_SERVICE_ENDPOINT: this.imds?.url ?? '' };
    const child = spawn(process.execPath, [this.config.program], { cwd: this.config.folder, env, stdio: ['ignore', 'inherit', 'inherit'] });
    this.program = child;
    log(`program started: node ${this.config.program} (pid ${child.pid})`);
    const outcome = await listening(this.config.port, child);
    if (outcome !== 'listening') {
      child.kill('SIGKILL');
      return { ok: false, message: outcome };
    }
    child.once('exit', (code, signal) => void this.programExited(code, signal));
    return { ok: true };
  }

  private async programExited(code: number | null, signal: NodeJS.Signals | null): Promise<void> {
    if (this.stopping) return;
    const now = Date.now();
    this.restarts = [...this.restarts.filter((t) => now - t < RESTART_WINDOW_MS), now];
    if (this.restarts.length > RESTART_LIMIT) return this.shutdown(`the program keeps exiting (last: ${code ?? signal}); giving up`);
    log(`program exited (${code ?? signal}); restarting in ${RESTART_DELAY_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, RESTART_DELAY_MS));
    if (this.stopping) return;
    const started = await this.startProgram();
    if (!started.ok) await this.shutdown(`the program did not start again: ${started.message}`);
  }

  /** Follows the instance as EC2 would: its HttpTokens setting, its type, and whether it still runs at all. */
  private async watchInstance(): Promise<void> {
    let instance: Instance | undefined;
    try {
      const { Reservations = [] } = await this.ec2.send(new DescribeInstancesCommand({ InstanceIds: [this.config.instanceId] }));
      instance = Reservations.flatMap((r) => r.Instances ?? [])[0];
    } catch (error) {
      // The target may be down for a moment; only an instance that is known to be gone ends this one.
      if (error instanceof Error && error.name === 'InvalidInstanceID.NotFound') return this.shutdown('the instance no longer exists');
      return;
    }
    const state = instance?.State?.Name ?? 'terminated';
    if (GONE_STATES.has(state)) return this.shutdown(`the instance is ${state}`);
    this.tokensRequired = instance?.MetadataOptions?.HttpTokens !== 'optional';
    if (instance?.InstanceType) this.metadata['instance-type'] = instance.InstanceType;
  }

  async shutdown(reason: string): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    log(`stopping: ${reason}`);
    clearInterval(this.watcher);
    await stopChild(this.program);
    await this.imds?.close();
    removeRecordOf(this.config.recordFile, process.pid);
    log('stopped');
    process.exit(0);
  }
}

/** Waits until something accepts connections on the port, the program exits, or time runs out. */
async function listening(port: number, child: ChildProcess): Promise<'listening' | string> {
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `the program exited (${code ?? signal}) before it listened on port ${port}`));
  child.once('error', (error) => (exited = `the program could not start: ${error.message}`));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited) return exited;
    if (await accepts(port)) return 'listening';
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return `the program did not listen on port ${port} within ${START_TIMEOUT_MS / 1000} s`;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

function main(): void {
  const noConfig = setTimeout(() => {
    log('no settings arrived from the lab; exiting');
    process.exit(1);
  }, 10_000);
  process.once('message', (message) => {
    clearTimeout(noConfig);
    const instance = new LocalInstance(message as SupervisorConfig);
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(signal, () => void instance.shutdown(`${signal} received`));
    process.on('uncaughtException', (error) => void instance.shutdown(`unexpected error: ${error.message}`));
    const answer = (reply: SupervisorMessage): void => {
      // Stop only once the answer is on its way: exiting at once could lose it.
      process.send?.(reply, undefined, undefined, () => {
        if (reply.type === 'failed') void instance.shutdown(reply.message);
      });
    };
    instance.boot().then(answer, (error: unknown) => answer({ type: 'failed', message: error instanceof Error ? error.message : String(error) }));
  });
}

main();
