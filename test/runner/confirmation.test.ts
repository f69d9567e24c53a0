// Nothing is created on a real account, and nothing removed, without the person at the terminal saying so.
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { localstackEndpoint } from '../../lab-runner/localstack/endpoint.js';
import { runCli } from '../support/cli.js';
import { localEnv } from '../support/session.js';
import { runOnTerminal } from '../support/terminal.js';

async function labVpcs(account: string): Promise<number> {
  const ec2 = new EC2Client({ region: 'us-east-1', endpoint: localstackEndpoint(), credentials: { accessKeyId: account, secretAccessKey: 'test' } });
  const { Vpcs = [] } = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:workbook:lab', Values: ['vpc'] }] }));
  return Vpcs.length;
}

describe('confirmation on a terminal', () => {
  it('lists what reset will remove and removes nothing unless told yes', async () => {
    const account = '000000000971';
    const env = localEnv(account);
    expect((await runCli(['run', 'vpc', '--solution'], env)).code).toBe(0);
    const no = await runOnTerminal(['reset', 'vpc'], env, /Remove these\? \[y\/N\]/, 'n');
    expect(no.code).toBe(2);
    expect(no.stdout).toMatch(/vpc: will remove from account 000000000971, region us-east-1:[\s\S]*- ec2:vpc app-vpc/);
    expect(no.stdout).toMatch(/Not confirmed; nothing of vpc was removed\./);
    expect(await labVpcs(account)).toBe(1);
    const yes = await runOnTerminal(['reset', 'vpc'], env, /Remove these\? \[y\/N\]/, 'y');
    expect(yes.code, yes.stdout).toBe(0);
    expect(yes.stdout).toMatch(/✓ vpc: removed 8/);
    expect(await labVpcs(account)).toBe(0);
  });

  it('on --target aws shows account, region and cost, and creates nothing until the account id is typed', async () => {
    // The SDK honours AWS_ENDPOINT_URL, so "AWS" here is the suite's LocalStack standing in for a real account.
    const account = '000000000972';
    const env = { ...localEnv(account), AWS_ENDPOINT_URL: localstackEndpoint(), AWS_EC2_METADATA_DISABLED: 'true' };
    const args = ['run', 'vpc', '--solution', '--target', 'aws', '--region', 'us-east-1'];
    const prompt = /Type the account id \(000000000972\) to go ahead: /;
    const wrong = await runOnTerminal(args, env, prompt, '123456789012');
    expect(wrong.code).toBe(2);
    expect(wrong.stdout).toMatch(/This creates real resources in AWS account 000000000972, region us-east-1\./);
    expect(wrong.stdout).toMatch(/cost: Free/);
    expect(wrong.stdout + wrong.stderr).toMatch(/Not confirmed; nothing was created in account 000000000972\./);
    expect(await labVpcs(account)).toBe(0);
    const right = await runOnTerminal(args, env, prompt, account);
    expect(right.code, right.stdout).toBe(0);
    expect(await labVpcs(account)).toBe(1);
    // Removing from a real account needs the account id typed too.
    const resetArgs = ['reset', 'vpc', '--target', 'aws', '--region', 'us-east-1'];
    const notTyped = await runOnTerminal(resetArgs, env, prompt, 'yes');
    expect(notTyped.code).toBe(2);
    expect(notTyped.stdout).toMatch(/vpc: will remove from account 000000000972, region us-east-1:[\s\S]*- ec2:vpc app-vpc/);
    expect(await labVpcs(account)).toBe(1);
    const typed = await runOnTerminal(resetArgs, env, prompt, account);
    expect(typed.code, typed.stdout).toBe(0);
    expect(await labVpcs(account)).toBe(0);
  });
});
