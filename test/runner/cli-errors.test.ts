// Every way the command can be called wrongly: exit 2, one clear line, never a stack trace.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { localstackEndpoint } from '../../lab-runner/localstack/endpoint.js';
import { runCli } from '../support/cli.js';
import { startRefusingSts } from '../support/refusing-sts.js';
import { localEnv } from '../support/session.js';

const noAws: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: '/nonexistent',
  AWS_CONFIG_FILE: '/nonexistent/config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
  // Never let the credential chain reach for an instance-metadata address from a test.
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/** The processes still running with WORKBOOK_TEST_MARK=`mark` in their environment, as `ps` would list them. */
function processesMarked(mark: string): string[] {
  return readdirSync('/proc').filter((pid) => /^\d+$/.test(pid)).flatMap((pid) => {
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
      return environ.split('\0').includes(`WORKBOOK_TEST_MARK=${mark}`) ? [`${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')}`] : [];
    } catch {
      return [];
    }
  });
}

function expectOneClearLine(stderr: string, pattern: RegExp): void {
  expect(stderr).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
}

describe('lab CLI error paths', () => {
  it('names the known labs when the lab is unknown', async () => {
    const r = await runCli(['run', 'no-such-lab'], localEnv('000000000001'));
    expect(r.code).toBe(2);
    expectOneClearLine(r.stderr, /Unknown lab "no-such-lab"\.\n.*Known labs: .*connect/);
  });

  it('names an endpoint that does not answer and suggests lab up', async () => {
    const r = await runCli(['check', 'connect'], { ...localEnv('000000000001'), AWS_ENDPOINT_URL: 'http://127.0.0.1:1' });
    expect(r.code).toBe(2);
    expectOneClearLine(r.stderr, /Nothing answers at http:\/\/127\.0\.0\.1:1\.\n.*npx lab up/);
  });

  it('leaves no process behind when a run or a check cannot start: a target that does not answer, a missing prerequisite', async () => {
    // `lab run` and `lab check` start the lab's process before they open the session; one that never uses it stops it.
    const mark = `run-${process.pid}-${Date.now()}`;
    const silent = await runCli(['run', 'connect', '--solution'], { ...localEnv('000000000001'), AWS_ENDPOINT_URL: 'http://127.0.0.1:1', WORKBOOK_TEST_MARK: mark });
    expect(silent.code).toBe(2);
    const early = await runCli(['run', 'directory-app', '--solution'], { ...localEnv('000000000002'), WORKBOOK_TEST_MARK: mark });
    expect(early.code, early.stdout + early.stderr).toBe(2);
    expect(early.stderr).toMatch(/vpc/);
    const checked = await runCli(['check', 'all'], { ...localEnv('000000000001'), AWS_ENDPOINT_URL: 'http://127.0.0.1:1', WORKBOOK_TEST_MARK: mark });
    expect(checked.code).toBe(2);
    await expect.poll(() => processesMarked(mark), { timeout: 3_000 }).toEqual([]);
  });

  it('says so when --target aws finds no credentials', async () => {
    const r = await runCli(['check', 'connect', '--target', 'aws', '--region', 'us-east-1'], noAws);
    expect(r.code).toBe(2);
    expectOneClearLine(r.stderr, /No valid AWS credentials from the default credential chain/);
  });

  it('refuses to create on --target aws without a terminal or --yes', async () => {
    // The SDK honours AWS_ENDPOINT_URL, so "AWS" here is the suite's LocalStack standing in for a real account.
    const env = { ...noAws, AWS_ENDPOINT_URL: localstackEndpoint(), AWS_ACCESS_KEY_ID: '000000000001', AWS_SECRET_ACCESS_KEY: 'test' };
    const r = await runCli(['run', 'connect', '--solution', '--target', 'aws', '--region', 'us-east-1'], env);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/account 000000000001, region us-east-1/);
    expect(r.stdout).toMatch(/cost: Free/);
    expectOneClearLine(r.stderr, /Refusing to create resources in AWS account 000000000001 without a confirmation/);
  });

  it('says so when a profile does not exist', async () => {
    const r = await runCli(['check', 'connect', '--target', 'aws', '--profile', 'no-such-profile', '--region', 'us-east-1'], noAws);
    expect(r.code).toBe(2);
    expectOneClearLine(r.stderr, /No valid AWS credentials from profile "no-such-profile"/);
  });

  it('says so when the credentials have expired', async () => {
    const sts = await startRefusingSts('ExpiredToken', 'The security token included in the request is expired');
    try {
      const env = { ...noAws, AWS_ENDPOINT_URL: sts.url, AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'x', AWS_SESSION_TOKEN: 'y' };
      const r = await runCli(['check', 'connect', '--target', 'aws', '--region', 'us-east-1'], env);
      expect(r.code).toBe(2);
      expectOneClearLine(r.stderr, /No valid AWS credentials from the default credential chain: The security token included in the request is expired\n.*Sign in again/);
    } finally {
      await sts.stop();
    }
  });

  it.each([
    [['run', 'connect', '--target', 'gcp'], /Unknown target "gcp"/],
    [['hint', 'no-such-lab'], /Unknown lab "no-such-lab"/],
    [['reset', 'nope', '--yes'], /Unknown lab "nope"/],
    [['check', '../labs', '--json'], /Unknown lab "\.\.\/labs"/],
    [['hint', 'connect', 'two'], /Lab connect has no step "two"/],
    [['run', 'connect', '--bogus'], /unknown option '--bogus'/],
    [['check', 'connect', '--region', 'mars-1'], /Unknown region "mars-1"/],
    [['check', 'connect', '--endpoint', 'localhost'], /"localhost" is not a URL|must start with http/],
    [['hint', 'connect', '9'], /Lab connect has no step "9"/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['run'], /missing required argument 'lab'/],
  ])('answers %j with exit 2 and one clear line', async (args, pattern) => {
    const r = await runCli(args, localEnv('000000000001'));
    expect(r.code).toBe(2);
    expectOneClearLine(r.stderr, pattern);
  });

  it('answers --help on every command and --version', async () => {
    for (const command of ['list', 'up', 'down', 'status', 'run', 'check', 'hint', 'reset']) {
      const r = await runCli([command, '--help']);
      expect(r.code, command).toBe(0);
      expect(r.stdout).toMatch(/^Usage: lab /);
    }
    const v = await runCli(['--version']);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
