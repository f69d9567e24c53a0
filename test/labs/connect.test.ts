// The connect lab through the whole cycle against LocalStack. Its last step leaves what the student's calls found (account,
// region, zones) in their account as the SSM parameter /workbook/connect/summary, which the checks read: a student who
// did nothing scores nothing. Then the ssm:parameter converge rule the step's PutParameter goes through.
import { DescribeAvailabilityZonesCommand } from '@aws-sdk/client-ec2';
import { DeleteParameterCommand, GetParameterCommand, PutParameterCommand } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { createContext, type LabContext } from '../../lab-runner/context.js';
import { labEntry } from '../../lab-runner/catalogue/read.js';
import { SUMMARY_PARAMETER } from '../../labs/connect/summary.js';
import { runCli } from '../support/cli.js';
import { describeLabCycle } from '../support/lab-cycle.js';
import { startOneZoneCloud } from '../support/one-zone-cloud.js';
import { copyProject } from '../support/project-copy.js';
import { localEnv, localSession } from '../support/session.js';

const account = '000000002400';
const SUM_UP = 'aws sts get-caller-identity --query Account --output text && aws ec2 describe-availability-zones --query "AvailabilityZones[].[RegionName, ZoneName, ZoneId]" --output table';

async function contextFor(accountId: string): Promise<LabContext> {
  const session = await localSession(accountId);
  return createContext({ target: session.target, lab: labEntry('connect'), account: session.account });
}

async function summaryOf(ctx: LabContext): Promise<Record<string, unknown>> {
  const { Parameter } = await ctx.clients.ssm.send(new GetParameterCommand({ Name: SUMMARY_PARAMETER }));
  return JSON.parse(Parameter?.Value ?? '{}') as Record<string, unknown>;
}

/** The solution's summary with some fields changed, written over it as another program might. */
async function rewriteSummary(ctx: LabContext, change: (summary: Record<string, unknown>) => Record<string, unknown>): Promise<void> {
  const changed = change(await summaryOf(ctx));
  await ctx.clients.ssm.send(new PutParameterCommand({ Name: SUMMARY_PARAMETER, Value: JSON.stringify(changed), Type: 'String', Overwrite: true }));
}

async function removeSummary(ctx: LabContext): Promise<void> {
  await ctx.clients.ssm.send(new DeleteParameterCommand({ Name: SUMMARY_PARAMETER })).catch(() => undefined);
}

describeLabCycle({
  labId: 'connect',
  account,
  breakers: {
    async credentials(ctx) {
      // A summary copied from someone else's account: well formed, right region and zones, wrong account.
      await rewriteSummary(ctx, (s) => ({ ...s, account: '111122223333', arn: 'arn:aws:iam::111122223333:user/someone-else' }));
    },
    async summary(ctx) {
      // Zone letters and ZoneIds mixed up: the zones do not match the region's.
      await rewriteSummary(ctx, (s) => {
        const zones = s.zones as { name: string; id: string }[];
        const ids = zones.map((z) => z.id);
        return { ...s, zones: zones.map((z, i) => ({ name: z.name, id: ids[(i + 1) % ids.length] })) };
      });
    },
  },
  async control(ctx) {
    await ctx.clients.ssm.send(new PutParameterCommand({ Name: '/workbook/connect/my-notes', Value: 'mine, untagged', Type: 'String', Overwrite: true }));
    return async () => {
      const { Parameter } = await ctx.clients.ssm.send(new GetParameterCommand({ Name: '/workbook/connect/my-notes' }));
      return Parameter?.Value === 'mine, untagged';
    };
  },
});

describe('connect: every point is earned in the student\'s account', () => {
  it('fails every check of an account where the lab never ran, saying so', async () => {
    const fresh = '000000002401';
    await removeSummary(await contextFor(fresh));
    const check = await runCli(['check', 'connect', '--json'], localEnv(fresh));
    expect(check.code, check.stderr).toBe(1);
    const report = JSON.parse(check.stdout) as { checks: { id: string; passed: boolean; detail: string }[] };
    expect(report.checks.map((c) => [c.id, c.passed])).toEqual([
      ['credentials', false],
      ['summary', false],
    ]);
    for (const c of report.checks) expect(c.detail).toContain(`no SSM parameter ${SUMMARY_PARAMETER} in us-east-1`);
    expect(report.checks[0]?.detail).toMatch(new RegExp(`^your credentials are valid \\(account ${fresh}, arn:aws:iam::${fresh}:root\\)`));
  });

  it('fails the credentials check on an identity without a 12-digit account', async () => {
    const cloud = await startOneZoneCloud();
    try {
      const check = await runCli(['check', 'connect', '--json', '--endpoint', cloud.url], localEnv('000000002401'));
      expect(check.code, check.stderr).toBe(1);
      const report = JSON.parse(check.stdout) as { checks: { id: string; passed: boolean; detail: string }[] };
      expect(report.checks.map((c) => [c.id, c.passed])).toEqual([
        ['credentials', false],
        ['summary', false],
      ]);
      expect(report.checks[0]?.detail).toContain('account acct');
    } finally {
      await cloud.stop();
    }
  });
});

describe('connect: Sum it up', () => {
  const summed = '000000002402';

  it('runs the aws commands that show account and zones, shows account, region and each zone with its ZoneId, and records them', async () => {
    const ctx = await contextFor(summed);
    await removeSummary(ctx);
    const run = await runCli(['run', 'connect', '--solution'], localEnv(summed));
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain(`$ ${SUM_UP}`);
    const { AvailabilityZones = [] } = await ctx.clients.ec2.send(new DescribeAvailabilityZonesCommand({}));
    expect(AvailabilityZones.length).toBeGreaterThan(1);
    expect(run.stdout).toContain(`account ${summed} (arn:aws:iam::${summed}:root)`);
    expect(run.stdout).toMatch(new RegExp(`region us-east-1, one of \\d+ your account can use, with ${AvailabilityZones.length} availability zones`));
    for (const zone of AvailabilityZones) expect(run.stdout).toMatch(new RegExp(`${zone.ZoneName}\\s+${zone.ZoneId}`));
    expect(run.stdout).toMatch(/\+ created ssm:parameter \/workbook\/connect\/summary/);
    expect(await summaryOf(ctx)).toEqual({
      account: summed,
      arn: `arn:aws:iam::${summed}:root`,
      region: 'us-east-1',
      regions: expect.any(Number),
      zones: AvailabilityZones.map((z) => ({ name: z.ZoneName, id: z.ZoneId })),
    });
  });

  it('overwrites a summary that differs from what the run found, and says what changed', async () => {
    const ctx = await contextFor(summed);
    await rewriteSummary(ctx, (s) => ({ ...s, account: '111122223333' }));
    const run = await runCli(['run', 'connect', '--solution'], localEnv(summed));
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/~ updated ssm:parameter \/workbook\/connect\/summary \(.+\): value's account "111122223333" → "000000002402"/);
    expect((await summaryOf(ctx)).account).toBe(summed);
    const again = await runCli(['run', 'connect', '--solution'], localEnv(summed));
    expect(again.stdout).toMatch(/= reused ssm:parameter \/workbook\/connect\/summary \(.+\): it matches the request/);
  });
});

describe('connect: the ssm:parameter converge rule', () => {
  it('refuses a summary parameter the lab did not make, and says how to adopt or delete it', async () => {
    const other = '000000002403';
    const ctx = await contextFor(other);
    await removeSummary(ctx);
    await ctx.clients.ssm.send(new PutParameterCommand({ Name: SUMMARY_PARAMETER, Value: 'my own notes', Type: 'String' }));
    try {
      const run = await runCli(['run', 'connect', '--solution'], localEnv(other));
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(`SSM parameter ${SUMMARY_PARAMETER}`);
      expect(run.stdout).toContain('is not tagged workbook:lab=connect');
      expect(run.stdout).toContain(`aws ssm add-tags-to-resource --resource-type Parameter --resource-id ${SUMMARY_PARAMETER} --tags Key=workbook:lab,Value=connect --region us-east-1`);
      expect(run.stdout).toContain(`aws ssm delete-parameter --name ${SUMMARY_PARAMETER} --region us-east-1`);
      const { Parameter } = await ctx.clients.ssm.send(new GetParameterCommand({ Name: SUMMARY_PARAMETER }));
      expect(Parameter?.Value).toBe('my own notes');
    } finally {
      await removeSummary(ctx);
    }
  });

  it('refuses a PutParameter without the lab tag, before sending it', async () => {
    const untagged = '000000002404';
    const ctx = await contextFor(untagged);
    await removeSummary(ctx);
    const copy = copyProject();
    try {
      const solution = copy.read('solutions/connect/lab.ts');
      expect(solution).toContain('Tags: ctx.tags()');
      copy.write('labs/connect/lab.ts', solution.replace('Tags: ctx.tags()', 'Tags: []'));
      const run = await copy.lab(['run', 'connect'], localEnv(untagged));
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('MissingLabTag');
      expect(run.stdout).toContain('PutParameter was sent without the tag workbook:lab=connect');
      await expect(ctx.clients.ssm.send(new GetParameterCommand({ Name: SUMMARY_PARAMETER }))).rejects.toThrow(/ParameterNotFound|not found/);
    } finally {
      copy.remove();
    }
  });
});
