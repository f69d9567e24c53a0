// The first lab end to end against LocalStack: the solution passes, the starter stops at its first TODO,
// and reset leaves nothing tagged (connect creates nothing).
import { describe, expect, it } from 'vitest';
import { planReset } from '../../lab-runner/reset.js';
import { runCli } from '../support/cli.js';
import { startOneZoneCloud } from '../support/one-zone-cloud.js';
import { localEnv, localSession } from '../support/session.js';

const account = '000000000011';
const env = localEnv(account);

describe('lab connect against LocalStack', () => {
  it('runs the solution and passes every check', async () => {
    const run = await runCli(['run', 'connect', '--solution'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('1/4 Ask STS who you are');
    expect(run.stdout).toContain('$ aws sts get-caller-identity');
    expect(run.stdout).toContain(`account: ${account}`);
    expect(run.stdout).toMatch(/✓ done in \d+ ms/);
    const check = await runCli(['check', 'connect', '--json'], env);
    expect(check.code, check.stderr).toBe(0);
    expect(JSON.parse(check.stdout)).toEqual({
      lab: 'connect',
      target: 'localstack',
      account,
      region: 'us-east-1',
      passed: true,
      checks: [
        { id: 'credentials', title: expect.any(String), passed: true, detail: expect.stringContaining(account) },
        { id: 'two-zones', title: expect.any(String), passed: true, detail: expect.stringMatching(/us-east-1 has \d+ available zones/) },
      ],
    });
  });

  it('stops the starter at its first TODO with file and line', async () => {
    const run = await runCli(['run', 'connect'], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/Step 1 is yours to write: labs\/connect\/lab\.ts:\d+ — send a GetCallerIdentityCommand/);
    const list = await runCli(['list'], env);
    expect(list.stdout).toMatch(/connect .*\[stopped at step 1 \(your TODO\)\]/);
  });

  it('fails both checks on an endpoint whose account is not 12 digits and whose region has one zone', async () => {
    const cloud = await startOneZoneCloud();
    try {
      const check = await runCli(['check', 'connect', '--json', '--endpoint', cloud.url], env);
      expect(check.code, check.stderr).toBe(1);
      const report = JSON.parse(check.stdout) as { checks: { id: string; passed: boolean; detail: string }[] };
      expect(report.checks).toEqual([
        { id: 'credentials', title: expect.any(String), passed: false, detail: expect.stringContaining('account acct') },
        { id: 'two-zones', title: expect.any(String), passed: false, detail: 'us-east-1 has 1 available zones' },
      ]);
    } finally {
      await cloud.stop();
    }
  });

  it('resets to nothing tagged', async () => {
    const reset = await runCli(['reset', 'connect', '--yes'], env);
    expect(reset.code, reset.stderr).toBe(0);
    const session = await localSession(account);
    expect((await planReset('connect', session)).resources).toEqual([]);
  });
});
