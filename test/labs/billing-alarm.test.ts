// The billing-alarm lab through the whole cycle against the gated local cloud, each check seen failing on its own
// mistake, a wrong value fixed and run again converging, the checks reading only (as grading does) or allowed to send a
// test notification (as `lab check` does locally), plus the pieces the checks rely on: a queue policy, a notification.
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  DisableAlarmActionsCommand,
  type MetricAlarm,
  PutMetricAlarmCommand,
  type PutMetricAlarmCommandInput,
  TagResourceCommand,
} from '@aws-sdk/client-cloudwatch';
import { CreateTopicCommand, GetTopicAttributesCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labEntry } from '../../lab-runner/catalogue/read.js';
import { createContext, type LabContext } from '../../lab-runner/context.js';
import { turnOffBillingAlerts } from '../../lab-runner/gate/client.js';
import { localstackEndpoint } from '../../lab-runner/localstack/endpoint.js';
import { checkLab, type CheckOptions, type LabReport } from '../../lab-runner/service/check.js';
import type { Session } from '../../lab-runner/session.js';
import { ALARM_NAME, policyLetsTopicSend, QUEUE_NAME, queuePolicy, topicArnFor } from '../../labs/billing-alarm/spec.js';
import { parseAlarmNotification, testReason } from '../../labs/billing-alarm/test-notification.js';
import { billingAlertsOn } from '../support/billing-alerts.js';
import { runCli } from '../support/cli.js';
import { describeLabCycle, failingChecks, resetLab, solve, testCaller } from '../support/lab-cycle.js';
import { copyProject } from '../support/project-copy.js';
import { localEnv, localSession } from '../support/session.js';

const account = '000000000101';
const convergeAccount = '000000001101';

const elsewhere = 'eu-west-1';

async function currentAlarm(ctx: LabContext): Promise<MetricAlarm> {
  const { MetricAlarms: [alarm] = [] } = await ctx.clients.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [ALARM_NAME] }));
  if (!alarm) throw new Error(`no alarm named ${ALARM_NAME}: a breaker starts from the solution's alarm`);
  return alarm;
}

/** The solution's alarm, put again with some settings changed: the mistake a student would make. */
async function putAlarmWith(ctx: LabContext, changes: Partial<PutMetricAlarmCommandInput>, client = ctx.clients.cloudwatch): Promise<void> {
  const alarm = await currentAlarm(ctx);
  await client.send(
    new PutMetricAlarmCommand({
      AlarmName: ALARM_NAME,
      Namespace: alarm.Namespace,
      MetricName: alarm.MetricName,
      Dimensions: alarm.Dimensions,
      Statistic: alarm.Statistic,
      Period: alarm.Period,
      EvaluationPeriods: alarm.EvaluationPeriods,
      Threshold: alarm.Threshold,
      ComparisonOperator: alarm.ComparisonOperator,
      AlarmActions: alarm.AlarmActions,
      ...changes,
    }),
  );
}

async function queueUrl(ctx: LabContext): Promise<string> {
  return (await ctx.clients.sqs.send(new GetQueueUrlCommand({ QueueName: QUEUE_NAME }))).QueueUrl ?? '';
}

function elsewhereClient(ctx: LabContext): CloudWatchClient {
  return new CloudWatchClient({ ...ctx.clientConfig, region: elsewhere });
}

async function removeMisplacedAlarm(): Promise<void> {
  const session = await localSession(account);
  const client = new CloudWatchClient({ region: elsewhere, endpoint: session.target.endpoint, credentials: session.target.credentials });
  await client.send(new DeleteAlarmsCommand({ AlarmNames: [ALARM_NAME] }));
}

// The `region` breaker leaves an alarm in another region, where reset (rightly) does not look.
beforeAll(removeMisplacedAlarm);
afterAll(removeMisplacedAlarm);

describeLabCycle({
  labId: 'billing-alarm',
  account,
  prepare: () => billingAlertsOn(account),
  breakers: {
    async 'billing-data'(ctx) {
      // An account that never turned billing alerts on. AWS cannot turn them off again; the gate can, for a test.
      await turnOffBillingAlerts(localstackEndpoint(), ctx.account);
      return () => billingAlertsOn(ctx.account);
    },
    async region(ctx) {
      // Made in the student's default region instead: same settings, wrong place.
      const alarm = await currentAlarm(ctx);
      await putAlarmWith(ctx, {}, elsewhereClient(ctx));
      await ctx.clients.cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: [ALARM_NAME] }));
      const moved = alarm.AlarmArn?.replace(':us-east-1:', `:${elsewhere}:`);
      await elsewhereClient(ctx).send(new TagResourceCommand({ ResourceARN: moved, Tags: ctx.tags() }));
    },
    async metric(ctx) {
      // A per-service alarm watches only EC2's share of the bill.
      await putAlarmWith(ctx, { Dimensions: [{ Name: 'Currency', Value: 'USD' }, { Name: 'ServiceName', Value: 'AmazonEC2' }] });
    },
    async 'statistic-period'(ctx) {
      await putAlarmWith(ctx, { Statistic: 'Average', Period: 300 });
    },
    async threshold(ctx) {
      await putAlarmWith(ctx, { Threshold: 100 });
    },
    action: notifyAnOlderTopic,
    async subscription(ctx) {
      // The classic SNS-to-SQS mistake: no queue policy. AWS drops the messages; LocalStack delivers them anyway.
      await ctx.clients.sqs.send(new SetQueueAttributesCommand({ QueueUrl: await queueUrl(ctx), Attributes: { Policy: '' } }));
    },
    async notification(ctx) {
      await ctx.clients.cloudwatch.send(new DisableAlarmActionsCommand({ AlarmNames: [ALARM_NAME] }));
    },
  },
  async control(ctx) {
    const { TopicArn } = await ctx.clients.sns.send(new CreateTopicCommand({ Name: 'billing-alerts-personal' }));
    const { QueueUrl } = await ctx.clients.sqs.send(new CreateQueueCommand({ QueueName: 'my-inbox' }));
    await ctx.clients.cloudwatch.send(
      new PutMetricAlarmCommand({
        AlarmName: 'my-own-billing-alarm',
        Namespace: 'AWS/Billing',
        MetricName: 'EstimatedCharges',
        Dimensions: [{ Name: 'Currency', Value: 'USD' }],
        Statistic: 'Maximum',
        Period: 21_600,
        EvaluationPeriods: 1,
        Threshold: 50,
        ComparisonOperator: 'GreaterThanThreshold',
      }),
    );
    return async () => {
      const [topic, queue, alarms] = await Promise.all([
        ctx.clients.sns.send(new GetTopicAttributesCommand({ TopicArn })),
        ctx.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] })),
        ctx.clients.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: ['my-own-billing-alarm'] })),
      ]);
      return Boolean(topic.Attributes?.TopicArn && queue.Attributes?.QueueArn && alarms.MetricAlarms?.length === 1);
    };
  },
});

/**
 * The alarm notifies an older topic that also feeds the inbox, and the queue's policy lets both topics send: every
 * notification still arrives (AWS delivers it), but not through billing-alerts.
 */
async function notifyAnOlderTopic(ctx: LabContext): Promise<void> {
  const { TopicArn = '' } = await ctx.clients.sns.send(new CreateTopicCommand({ Name: 'billing-alerts-old', Tags: ctx.tags() }));
  const QueueUrl = await queueUrl(ctx);
  const { Attributes = {} } = await ctx.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  const queueArn = Attributes.QueueArn ?? '';
  const bothTopics = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: queueArn,
        Condition: { ArnEquals: { 'aws:SourceArn': [topicArnFor(ctx.account), TopicArn] } },
      },
    ],
  };
  await ctx.clients.sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { Policy: JSON.stringify(bothTopics) } }));
  await ctx.clients.sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queueArn }));
  await putAlarmWith(ctx, { AlarmActions: [TopicArn] });
}

describe('billing-alarm, run again after a fix', () => {
  it('updates the alarm in place when the student fixes a wrong threshold, and says what changed', async () => {
    const copy = copyProject();
    const env = localEnv(convergeAccount);
    try {
      await billingAlertsOn(convergeAccount);
      await copy.lab(['reset', 'billing-alarm', '--yes'], env);
      const solution = copy.read('solutions/billing-alarm/lab.ts');
      copy.write('labs/billing-alarm/lab.ts', solution.replace('Threshold: 10,', 'Threshold: 100,'));
      const wrong = await copy.lab(['run', 'billing-alarm'], env);
      expect(wrong.code, wrong.stdout).toBe(0);
      const checked = JSON.parse((await copy.lab(['check', 'billing-alarm', '--json'], env)).stdout) as { checks: { id: string; passed: boolean }[] };
      expect(checked.checks.filter((c) => !c.passed).map((c) => c.id)).toEqual(['threshold']);
      copy.write('labs/billing-alarm/lab.ts', solution);
      const fixed = await copy.lab(['run', 'billing-alarm'], env);
      expect(fixed.code, fixed.stdout).toBe(0);
      expect(fixed.stdout).toMatch(/~ updated cloudwatch:alarm billing-over-10-usd \(.+\): threshold 100 → 10/);
      expect(fixed.stdout).toMatch(/= reused sns:topic billing-alerts \(.+\): it matches the request/);
      const again = await copy.lab(['check', 'billing-alarm', '--json'], env);
      expect(again.code, again.stdout).toBe(0);
    } finally {
      copy.remove();
    }
  });
});

describe('billing-alarm checks, reading only or allowed to write', () => {
  const writingAccount = '000000004101';
  let session: Session;
  let ctx: LabContext;
  const lab = labEntry('billing-alarm');
  const notification = async (options: CheckOptions) => (await checkLab(lab, testCaller(session), options)).checks.find((c) => c.id === 'notification');

  beforeAll(async () => {
    session = await localSession(writingAccount);
    ctx = createContext({ target: session.target, lab, account: session.account });
    await billingAlertsOn(writingAccount);
  });

  async function solved(): Promise<void> {
    await resetLab(session, 'billing-alarm');
    await solve(session, 'billing-alarm');
  }

  it('reads only by default, saying the live test was skipped; allowed to write, sees a test notification arrive', async () => {
    await solved();
    // The lab's last step sets the alarm to ALARM by hand, but a new alarm is also evaluated at once, in the background
    // (LocalStack's alarm scheduler, as CloudWatch does), and that may land after it: either state may be read (seen in
    // CI: OK, "Threshold Crossed").
    expect(await notification({})).toMatchObject({ passed: true, detail: expect.stringMatching(/^actions enabled; state (ALARM|OK|INSUFFICIENT_DATA) since .+ The live test was skipped: checks only read unless allowed to write/) });
    expect(await notification({ writes: true })).toMatchObject({ passed: true, detail: expect.stringMatching(/^the test notification arrived on billing-alerts-inbox after \d+\.\d s$/) });
  });

  it('fails only `action` when the alarm notifies an older topic that still feeds the inbox, reading or writing', async () => {
    await solved();
    await notifyAnOlderTopic(ctx);
    expect(await failingChecks(session, lab)).toEqual(['action']);
    expect(await failingChecks(session, lab, { writes: true })).toEqual(['action']);
  });

  it('fails only `notification` when the actions of the alarm are disabled, reading or writing', async () => {
    await solved();
    await ctx.clients.cloudwatch.send(new DisableAlarmActionsCommand({ AlarmNames: [ALARM_NAME] }));
    expect(await failingChecks(session, lab)).toEqual(['notification']);
    expect(await failingChecks(session, lab, { writes: true })).toEqual(['notification']);
  });

  it('allowed to write, sees no notification arrive where the queue policy does not let the topic send, as on AWS', async () => {
    await solved();
    await ctx.clients.sqs.send(new SetQueueAttributesCommand({ QueueUrl: await queueUrl(ctx), Attributes: { Policy: '' } }));
    expect(await failingChecks(session, lab)).toEqual(['subscription']);
    expect(await failingChecks(session, lab, { writes: true })).toEqual(['subscription', 'notification']);
  });

  it('`lab check` on the local cloud writes unless told not to', async () => {
    await solved();
    const env = localEnv(writingAccount);
    const detail = async (args: string[]) => {
      const cli = await runCli(['check', 'billing-alarm', '--json', ...args], env);
      expect(cli.code, cli.stderr).toBe(0);
      return (JSON.parse(cli.stdout) as LabReport).checks.find((c) => c.id === 'notification')?.detail;
    };
    expect(await detail([])).toMatch(/^the test notification arrived/);
    expect(await detail(['--writes'])).toMatch(/^the test notification arrived/);
    expect(await detail(['--no-writes'])).toMatch(/The live test was skipped/);
  });
});

describe('billing-alarm pieces', () => {
  const topicArn = topicArnFor('123456789012');
  const queueArn = 'arn:aws:sqs:us-east-1:123456789012:billing-alerts-inbox';

  it('reads a queue policy the way SQS applies it', () => {
    expect(policyLetsTopicSend(queuePolicy(queueArn, topicArn), topicArn)).toBe(true);
    expect(policyLetsTopicSend(undefined, topicArn)).toBe(false);
    expect(policyLetsTopicSend(queuePolicy(queueArn, topicArnFor('210987654321')), topicArn)).toBe(false);
    const wildcard = JSON.stringify({
      Statement: { Effect: 'Allow', Principal: '*', Action: ['sqs:*'], Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:123456789012:*' } } },
    });
    expect(policyLetsTopicSend(wildcard, topicArn)).toBe(true);
    const denyOnly = JSON.stringify({ Statement: [{ Effect: 'Deny', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage' }] });
    expect(policyLetsTopicSend(denyOnly, topicArn)).toBe(false);
    expect(policyLetsTopicSend('not json', topicArn)).toBe(false);
  });

  it('reads an alarm notification wrapped by SNS, or raw', () => {
    const alarm = { AlarmName: ALARM_NAME, NewStateValue: 'ALARM', NewStateReason: testReason('abc123') };
    const wrapped = JSON.stringify({ Type: 'Notification', TopicArn: topicArn, Message: JSON.stringify(alarm) });
    expect(parseAlarmNotification(wrapped)).toEqual({ alarmName: ALARM_NAME, newState: 'ALARM', reason: testReason('abc123') });
    expect(parseAlarmNotification(JSON.stringify(alarm))).toEqual({ alarmName: ALARM_NAME, newState: 'ALARM', reason: testReason('abc123') });
    expect(parseAlarmNotification('hello')).toBeUndefined();
    expect(parseAlarmNotification(JSON.stringify({ Type: 'Notification', Message: 'plain text' }))).toBeUndefined();
  });
});
