// `lab up`, `lab status`, `lab down` on ports of this test's own: up starts LocalStack behind the gate, both on
// loopback only (checked with `ss` and by connecting to this machine's other address), hands LocalStack none of the
// caller's credentials, reports the gate's behaviours, reuses, and down stops only what up started, with the
// instances of that cloud booted on this computer.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { connect, type AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { afterAll, describe, expect, it } from 'vitest';
import { hostEnvironment, hostPaths } from '../../lab-runner/localstack/host.js';
import { exposureIn } from '../../lab-runner/localstack/exposure.js';
import { localstackHome } from '../../lab-runner/localstack/pinned.js';
import { DescribeInstancesCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { loadServices } from '../../lab-runner/clients.js';
import { createContext } from '../../lab-runner/context.js';
import { bootLocalInstance, readLocalInstance } from '../../lab-runner/local-instance/index.js';
import { answersHttp } from '../../lab-runner/local-instance/probe.js';
import { instanceFolder } from '../../lab-runner/local-instance/records.js';
import { openSession } from '../../lab-runner/session.js';
import { eventually } from '../support/eventually.js';
import { runCli } from '../support/cli.js';
import { isRunning } from '../support/processes.js';

const PORT = 4640;
const endpoint = `http://127.0.0.1:${PORT}`;
// Credentials of a real account in the caller's environment must not reach LocalStack.
const FAKE_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYFAKESECRET';
const env = { ...process.env, AWS_ENDPOINT_URL: endpoint, AWS_SECRET_ACCESS_KEY: FAKE_SECRET, AWS_SESSION_TOKEN: 'FAKE-SESSION-TOKEN', WORKBOOK_STRICT: '' };

/** A non-loopback IPv4 address of this machine, if it has one. */
function otherAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
}

/** One connection attempt: 'refused', or 'open' if something answered. */
function tryConnect(host: string, port: number): Promise<'open' | 'refused' | 'other'> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2000 });
    socket.on('connect', () => (socket.destroy(), resolve('open')));
    socket.on('timeout', () => (socket.destroy(), resolve('other')));
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED' ? 'refused' : 'other'));
  });
}

function listening(port: number): string[] {
  const ss = spawnSync('ss', ['-ltnH', `sport = :${port}`], { encoding: 'utf8' });
  return ss.stdout.trim().split('\n').filter(Boolean).map((line) => line.trim().split(/\s+/)[3] ?? '');
}

/** Launches an instance in the test's cloud and boots it here, with a program that answers HTTP. */
async function bootAnInstance(): Promise<{ instanceId: string; pid: number; url: string; folder: string }> {
  const account = '000000005052';
  const session = await openSession({}, { ...env, AWS_ACCESS_KEY_ID: account, AWS_SECRET_ACCESS_KEY: 'test', AWS_SESSION_TOKEN: '', AWS_REGION: 'us-east-1' });
  await loadServices(['ec2', 'ssm', 'iam', 'sts']);
  const ctx = createContext({ target: session.target, lab: { id: 'directory-app', region: 'target' }, account: session.account });
  const { Parameter } = await ctx.clients.ssm.send(new GetParameterCommand({ Name: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64' }));
  const { Instances = [] } = await ctx.clients.ec2.send(
    new RunInstancesCommand({ ImageId: Parameter?.Value, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, Placement: { AvailabilityZone: 'us-east-1a' } }),
  );
  const instanceId = Instances[0]?.InstanceId ?? '';
  await eventually(async () => {
    const { Reservations = [] } = await ctx.clients.ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    if (Reservations[0]?.Instances?.[0]?.State?.Name !== 'running') throw Object.assign(new Error('pending'), { name: 'InstanceNotFound' });
  });
  const instance = await bootLocalInstance(ctx, {
    instanceId,
    program: { fileName: 'hello.mjs', bytes: new TextEncoder().encode("import { createServer } from 'node:http';\ncreateServer((q, s) => s.end('hello')).listen(Number(process.env.PORT), process.env.HOST);\n") },
    environment: ({ port, host }) => ({ PORT: String(port), HOST: host }),
  });
  return { instanceId, pid: instance.pid, url: instance.url, folder: instanceFolder(instanceId) };
}

describe('the local cloud', () => {
  // Whatever happens in the test, the local cloud it started does not outlive it.
  afterAll(async () => {
    await runCli(['down'], env);
  });

  it('starts LocalStack behind the gate on loopback only, reports, reuses and stops it', async () => {
    const before = await runCli(['status'], env);
    expect(before.code).toBe(1);
    expect(before.stdout).toMatch(/running\s+no/);

    const up = await runCli(['up'], env);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toMatch(new RegExp(`✓ LocalStack 4\\.13\\.1 at ${endpoint}: started in (host mode|Docker) \\(\\d+ ms\\)`));
    expect(up.stdout).toMatch(/gate: iam, validation, offerings, billing on; consistency, throttling off/);

    const record = JSON.parse(readFileSync(join(localstackHome(), `started-${PORT}.json`), 'utf8')) as { internal: string; pid?: number; way: string };
    const internal = Number(new URL(record.internal).port);
    expect(internal).toBe(PORT + 1);
    expect(listening(PORT)).toEqual([`127.0.0.1:${PORT}`]);
    expect(listening(internal)).toEqual([`127.0.0.1:${internal}`]);
    const other = otherAddress();
    if (other) {
      expect(await tryConnect(other, PORT)).toBe('refused');
      expect(await tryConnect(other, internal)).toBe('refused');
    }
    if (record.way === 'host' && record.pid) {
      const environ = readFileSync(`/proc/${record.pid}/environ`, 'utf8');
      expect(environ).not.toContain(FAKE_SECRET);
      expect(environ).not.toContain('FAKE-SESSION-TOKEN');
      expect(environ).toContain('GATEWAY_SERVER=hypercorn');
    }

    // A key made through the gate, then the gate stopped and brought back by `lab up`: it still knows the key.
    const root = new IAMClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: '000000005050', secretAccessKey: 'test' } });
    await root.send(new CreateUserCommand({ UserName: 'kept' }));
    const key = (await root.send(new CreateAccessKeyCommand({ UserName: 'kept' }))).AccessKey;
    const record2 = JSON.parse(readFileSync(join(localstackHome(), `started-${PORT}.json`), 'utf8')) as { gatePid: number };
    process.kill(record2.gatePid, 'SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const restarted = await runCli(['up'], env);
    expect(restarted.stdout).toMatch(/was not running; starting it again[\s\S]*already running, reused/);
    const wrong = new IAMClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: 'not-the-secret' }, maxAttempts: 1 });
    await expect(wrong.send(new ListUsersCommand({}))).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
    const gateLog = readFileSync(join(localstackHome(), `gate-${PORT}.log`), 'utf8');
    expect(gateLog).not.toContain(key?.SecretAccessKey ?? 'no secret');
    const keyFile = join(localstackHome(), `gate-keys-${PORT}.json`);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);

    const again = await runCli(['up', '--strict', 'consistency,throttling'], env);
    expect(again.stdout).toMatch(/already running, reused/);
    expect(again.stdout).toMatch(/gate: iam, validation, offerings, billing, consistency, throttling \(all on\)/);

    const status = await runCli(['status', '--json'], env);
    expect(status.code).toBe(0);
    const report = JSON.parse(status.stdout) as { running: boolean; way: string; version: string; services: Record<string, string>; gate: { behaviours: Record<string, boolean> }; exposure: string; warnings: string[] };
    expect(report).toMatchObject({ running: true, version: '4.13.1', exposure: 'loopback', warnings: [] });
    expect(report.gate.behaviours).toMatchObject({ iam: true, consistency: true, throttling: true });
    for (const service of ['iam', 'sts', 'ec2', 'cloudwatch', 'sns', 'sqs', 's3', 'ssm']) expect(report.services[service]).toBe('running');
    expect((await runCli(['status'], env)).stdout).toMatch(/listens\s+loopback only/);

    // An instance of this cloud booted on this computer (as the directory-app lab does) stops with the cloud.
    const booted = await bootAnInstance();
    expect(isRunning(booted.pid)).toBe(true);

    const down = await runCli(['down'], env);
    expect(down.stdout).toMatch(new RegExp(`Stopped the local cloud at ${endpoint} \\(gate and LocalStack, (host|docker)\\), and the instance it ran on this computer \\(${booted.instanceId}\\)\\.`));
    expect(isRunning(booted.pid)).toBe(false);
    expect(readLocalInstance(booted.instanceId)).toBeUndefined();
    expect(existsSync(booted.folder)).toBe(false);
    expect(await answersHttp(booted.url)).toBe(false);
    expect((await runCli(['status'], env)).stdout).toMatch(/running\s+no/);
    expect(listening(PORT)).toEqual([]);
    expect(listening(internal)).toEqual([]);
    expect(existsSync(keyFile)).toBe(false);
  });

  it('leaves running a LocalStack that lab up did not start, and warns that no gate guards it', async () => {
    const other = createServer((_req, res) => res.end(JSON.stringify({ version: '4.13.1', services: { sts: 'running', iam: 'running', ec2: 'running' } })));
    await new Promise<void>((resolve) => other.listen(4642, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    try {
      const up = await runCli(['up'], { ...process.env, AWS_ENDPOINT_URL: url });
      expect(up.stdout).toMatch(/already running, reused/);
      expect(up.stdout).toMatch(/No gate in front of the LocalStack at .*: IAM is not enforced there/);
      const down = await runCli(['down'], { ...process.env, AWS_ENDPOINT_URL: url });
      expect(down.stdout).toMatch(/was not started by `lab up`; left running\./);
      expect(other.listening).toBe(true);
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('tells a listener on every interface from one on loopback, from the kernel’s table', () => {
    const header = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
    const row = (address: string) => `   0: ${address}:11D6 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5901 1 0 100 0 0 10 0`;
    expect(exposureIn([`${header}\n${row('0100007F')}`], 4566)).toBe('loopback');
    expect(exposureIn([`${header}\n${row('00000000')}`], 4566)).toBe('exposed');
    expect(exposureIn([`${header}\n${row('00000000000000000000000001000000')}`], 4566)).toBe('loopback');
    expect(exposureIn([`${header}\n${row('00000000000000000000000000000000')}`], 4566)).toBe('exposed');
    expect(exposureIn([`${header}\n${row('0100007F')}`], 4567)).toBe('unknown');
  });

  it('hands host-mode LocalStack only the environment it needs', () => {
    const given = { PATH: '/usr/bin', HOME: '/home/s', AWS_ACCESS_KEY_ID: 'AKIAREAL', AWS_SECRET_ACCESS_KEY: FAKE_SECRET, AWS_PROFILE: 'prod', GITHUB_TOKEN: 'ghp_x' };
    const passed = hostEnvironment(hostPaths(), new URL('http://127.0.0.1:4567'), new URL('http://127.0.0.1:4566'), given);
    expect(passed).toMatchObject({ PATH: '/usr/bin', HOME: '/home/s', GATEWAY_SERVER: 'hypercorn', GATEWAY_LISTEN: '127.0.0.1:4567', LOCALSTACK_HOST: 'localhost:4566' });
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_PROFILE', 'GITHUB_TOKEN']) expect(passed[name]).toBeUndefined();
  });
});
