// Faults a student meets: the cloud stops answering mid-lab, Ctrl-C, two runs at once, throttling and 5xx,
// a corrupted progress file. Each leaves a clear message and a state the next run continues from.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localstackEndpoint } from '../../lab-runner/localstack/endpoint.js';
import { runCli } from '../support/cli.js';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.js';
import { localEnv } from '../support/session.js';
import { spawnCli } from '../support/spawn-cli.js';

async function taggedCounts(account: string): Promise<{ vpcs: number; subnets: number }> {
  const ec2 = new EC2Client({ region: 'us-east-1', endpoint: localstackEndpoint(), credentials: { accessKeyId: account, secretAccessKey: 'test' } });
  const filter = [{ Name: 'tag:workbook:lab', Values: ['vpc'] }];
  const [{ Vpcs = [] }, { Subnets = [] }] = await Promise.all([
    ec2.send(new DescribeVpcsCommand({ Filters: filter })),
    ec2.send(new DescribeSubnetsCommand({ Filters: filter })),
  ]);
  return { vpcs: Vpcs.length, subnets: Subnets.length };
}

/** A run that failed half-way before leaves resources behind: each test starts from none. */
async function startClean(env: NodeJS.ProcessEnv): Promise<void> {
  const reset = await runCli(['reset', 'vpc', '--yes'], env);
  expect(reset.code, reset.stderr).toBe(0);
}

describe('faults', () => {
  let proxy: FaultProxy;
  beforeAll(async () => {
    proxy = await startFaultProxy();
  });
  afterAll(async () => {
    await proxy.stop();
  });

  it('says clearly when the cloud stops answering mid-lab, and a rerun completes without duplicates', async () => {
    const env = localEnv('000000000601');
    await startClean(env);
    const args = ['run', 'vpc', '--solution', '--endpoint', proxy.url];
    const run = spawnCli(args, env);
    await run.waitFor(/\n3\/\d+ /);
    proxy.cut();
    const stopped = await run.done;
    proxy.restore();
    expect(stopped.code).toBe(2);
    expect(stopped.stderr).toMatch(/http:\/\/127\.0\.0\.1:\d+ stopped answering|Nothing answers at/);
    expect(stopped.stderr).toMatch(/npx lab (up|status)/);
    expect(stopped.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    const rerun = await runCli(args, env);
    expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
    expect(await taggedCounts('000000000601')).toEqual({ vpcs: 1, subnets: 4 });
    await runCli(['reset', 'vpc', '--yes'], env);
  });

  it('leaves a state the next run adopts after Ctrl-C during a step', async () => {
    const env = localEnv('000000000602');
    await startClean(env);
    const at = ['--endpoint', proxy.url];
    // Hold the VPC's creation so Ctrl-C lands while the call is in flight; the cloud still completes it afterwards.
    proxy.delay('Action=CreateVpc', 1, 3000);
    const vpcRequested = proxy.arrived('Action=CreateVpc');
    const run = spawnCli(['run', 'vpc', '--solution', ...at], env);
    await vpcRequested;
    run.child.kill('SIGINT');
    const stopped = await run.done;
    expect(stopped.code).toBe(130);
    expect(stopped.stdout).toMatch(/Stopped during step 2\. What it made is tagged workbook:lab=vpc/);
    await proxy.settled();
    expect(await taggedCounts('000000000602')).toEqual({ vpcs: 1, subnets: 0 });
    const list = await runCli(['list', ...at], env);
    expect(list.stdout).toMatch(/vpc .*\[stopped at step 2 \(interrupted\)\]/);
    const rerun = await runCli(['run', 'vpc', '--solution', ...at], env);
    expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
    expect(await taggedCounts('000000000602')).toEqual({ vpcs: 1, subnets: 4 });
    await runCli(['reset', 'vpc', '--yes', ...at], env);
  });

  it('refuses a second run of the same lab while the first is going', async () => {
    const env = localEnv('000000000603');
    await startClean(env);
    // Hold the first run's VPC creation long enough for the second to start while the first is mid-step.
    proxy.delay('Action=CreateVpc', 1, 8000);
    const first = spawnCli(['run', 'vpc', '--solution', '--endpoint', proxy.url], env);
    await first.waitFor(/\n1\/\d+ /);
    const second = await runCli(['run', 'vpc', '--solution', '--endpoint', proxy.url], env);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/^✗ Lab vpc is busy in account 000000000603, us-east-1: `npx lab` \(process \d+\) is running or resetting it\./);
    const firstDone = await first.done;
    expect(firstDone.code, firstDone.stdout + firstDone.stderr).toBe(0);
    await runCli(['reset', 'vpc', '--yes', '--endpoint', proxy.url], env);
  });

  it('retries throttling and 5xx answers with backoff, and says so', async () => {
    const env = localEnv('000000000604');
    await startClean(env);
    const before = proxy.faults();
    // A throttled request was not carried out: the SDK tries it again, even a create that is otherwise sent only once.
    proxy.throttle('Action=CreateSubnet', 2);
    proxy.throttle('Action=DescribeAvailabilityZones', 2);
    const run = await runCli(['run', 'vpc', '--solution', '--endpoint', proxy.url], env);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(proxy.faults() - before).toBe(4);
    expect(run.stdout).toMatch(/EC2Client CreateSubnetCommand was retried 2× \(the service was busy or throttling\)/);
    expect(run.stdout).toMatch(/EC2Client DescribeAvailabilityZonesCommand was retried (1|2)× \(the service was busy or throttling\)/);
    expect(await taggedCounts('000000000604')).toEqual({ vpcs: 1, subnets: 4 });
    await runCli(['reset', 'vpc', '--yes', '--endpoint', proxy.url], env);
  });

  it('tries a call it sends only once again when it is throttled: a throttled request was not carried out', async () => {
    const env = localEnv('000000000606');
    expect((await runCli(['reset', 'iam-policies', '--yes'], env)).code).toBe(0);
    // IAM's throttling answer (seen in CI: the step's CreateAccessKey, sent once, failed the run on the first one).
    proxy.respond({
      when: (_h, body) => body.includes('Action=CreateAccessKey'),
      status: 400,
      contentType: 'text/xml',
      body: '<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>',
      times: 2,
    });
    const run = await runCli(['run', 'iam-policies', '--solution', '--endpoint', proxy.url], env);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/IAMClient CreateAccessKeyCommand was retried 2× \(the service was busy or throttling\)/);
    await runCli(['reset', 'iam-policies', '--yes'], env);
  });

  it('recovers from a corrupted progress file with a warning, and nothing in the cloud is touched', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'corrupt-state-'));
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(join(stateDir, 'state.json'), '{ this is not json');
    const env = { ...localEnv('000000000605'), WORKBOOK_STATE_DIR: stateDir };
    const list = await runCli(['list'], env);
    expect(list.code).toBe(0);
    expect(list.stderr).toMatch(/The progress file was unreadable or from an older version; kept it as .*state\.json\.old-\d+ and started afresh/);
    const run = await runCli(['run', 'connect', '--solution'], env);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  });
});
