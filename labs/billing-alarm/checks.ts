// Checks for `billing-alarm`: they read the billing metric, the alarm, topic and queue from the cloud; they never read
// the lab's outputs. Only when allowed to write (`lab check --writes`, the default on the local cloud) does the
// notification check send a test notification itself: on AWS that emails every confirmed subscriber. An alarm made in
// the wrong region is still judged on its settings, so a student who picked the wrong region loses only `region`.
import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { type CheckOutcome, defineChecks, expect, fail, type LabContext, pass } from '../../lab-runner/lab.js';
import { type LocatedAlarm, locateAlarm } from './locate.js';
import { billingMetricExists, findQueueUrl, findTopicArn, lastFailedAction, queueAttributes, topicSubscriptions } from './lookups.js';
import { ALARM_NAME, ALARM_SETTINGS, BILLING_METRIC, BILLING_REGION, billingAlertsAdvice, describeDimensions, policyLetsTopicSend, QUEUE_NAME, TOPIC_NAME, topicArnFor } from './spec.js';
import { newTestTag, notificationWaitMs, sendTestNotification, waitForTestNotification } from './test-notification.js';

export default defineChecks([
  {
    id: 'billing-data',
    title: `${BILLING_METRIC} exists in ${BILLING_REGION}: billing alerts are on`,
    async run(ctx) {
      if (await billingMetricExists(ctx.clients.cloudwatch)) return pass(`${BILLING_METRIC} is published in ${BILLING_REGION}: an alarm on it can go off`);
      return fail(`no ${BILLING_METRIC} in ${BILLING_REGION}, so an alarm on it can never go off. ${billingAlertsAdvice(ctx.isLocal)}`);
    },
  },
  {
    id: 'region',
    title: `The alarm ${ALARM_NAME} is in ${BILLING_REGION}, the only region with billing metrics`,
    run: (ctx) =>
      withAlarm(ctx, ({ region }) =>
        expect(region === BILLING_REGION, region === BILLING_REGION ? `${ALARM_NAME} is in ${region}` : `${ALARM_NAME} is in ${region}, but billing metrics exist only in ${BILLING_REGION}`),
      ),
  },
  {
    id: 'metric',
    title: 'It watches the metric AWS/Billing EstimatedCharges for Currency=USD',
    run: (ctx) =>
      withAlarm(ctx, ({ alarm }) => {
        const problems = [
          alarm.Namespace !== ALARM_SETTINGS.Namespace && `namespace is ${alarm.Namespace ?? '(none)'}, expected ${ALARM_SETTINGS.Namespace}`,
          alarm.MetricName !== ALARM_SETTINGS.MetricName && `metric is ${alarm.MetricName ?? '(none)'}, expected ${ALARM_SETTINGS.MetricName}`,
          describeDimensions(alarm) !== 'Currency=USD' && `dimensions are ${describeDimensions(alarm)}, expected only Currency=USD (the account's total)`,
        ].filter((p): p is string => typeof p === 'string');
        return problems.length > 0 ? fail(problems.join('; ')) : pass(`${alarm.Namespace} ${alarm.MetricName}, ${describeDimensions(alarm)}`);
      }),
  },
  {
    id: 'statistic-period',
    title: 'It takes the Maximum over periods of at least 6 hours (21600 s): the charges are published a few times a day',
    run: (ctx) =>
      withAlarm(ctx, ({ alarm }) => {
        const statistic = alarm.ExtendedStatistic ?? alarm.Statistic ?? '(none)';
        const period = alarm.Period ?? 0;
        const problems = [
          statistic !== ALARM_SETTINGS.Statistic && `statistic is ${statistic}, expected ${ALARM_SETTINGS.Statistic}`,
          period < ALARM_SETTINGS.Period && `period is ${period} s, expected at least ${ALARM_SETTINGS.Period} s (6 h)`,
        ].filter((p): p is string => typeof p === 'string');
        return problems.length > 0 ? fail(problems.join('; ')) : pass(`${statistic} over ${period} s`);
      }),
  },
  {
    id: 'threshold',
    title: 'It goes off when the charges are above 10 USD (threshold 10, GreaterThanThreshold)',
    run: (ctx) =>
      withAlarm(ctx, ({ alarm }) => {
        const problems = [
          alarm.Threshold !== ALARM_SETTINGS.Threshold && `threshold is ${alarm.Threshold ?? '(none)'}, expected ${ALARM_SETTINGS.Threshold}`,
          alarm.ComparisonOperator !== ALARM_SETTINGS.ComparisonOperator && `comparison is ${alarm.ComparisonOperator}, expected ${ALARM_SETTINGS.ComparisonOperator}`,
        ].filter((p): p is string => typeof p === 'string');
        return problems.length > 0 ? fail(problems.join('; ')) : pass(`${alarm.ComparisonOperator} ${alarm.Threshold}`);
      }),
  },
  {
    id: 'action',
    title: `Going off notifies the SNS topic ${TOPIC_NAME}`,
    run: (ctx) =>
      withAlarm(ctx, ({ alarm }) => {
        const topicArn = topicArnFor(ctx.account, ctx.partition);
        const actions = alarm.AlarmActions ?? [];
        return expect(actions.includes(topicArn), `alarm actions: ${actions.join(', ') || '(none)'}${actions.includes(topicArn) ? '' : `; expected ${topicArn}`}`);
      }),
  },
  {
    id: 'subscription',
    title: `The topic ${TOPIC_NAME} has a confirmed subscriber that can receive: the queue ${QUEUE_NAME}, with a policy that lets the topic send`,
    run: checkSubscription,
  },
  {
    id: 'notification',
    title: `Going off notifies: the alarm's actions are enabled, and a test notification (SetAlarmState to ALARM) arrives on the queue ${QUEUE_NAME} when checks may write`,
    run: checkNotification,
  },
]);

async function withAlarm(ctx: LabContext, judge: (located: LocatedAlarm) => CheckOutcome): Promise<CheckOutcome> {
  const located = await locateAlarm(ctx);
  return located ? judge(located) : fail(`no alarm named ${ALARM_NAME} in ${BILLING_REGION} (nor in any other region)`);
}

async function checkSubscription(ctx: LabContext): Promise<CheckOutcome> {
  const topicArn = await findTopicArn(ctx, TOPIC_NAME);
  if (!topicArn) return fail(`no SNS topic named ${TOPIC_NAME} in ${ctx.region}`);
  const queueUrl = await findQueueUrl(ctx, QUEUE_NAME);
  if (!queueUrl) return fail(`no SQS queue named ${QUEUE_NAME} in ${ctx.region}`);
  const [queue, subscriptions] = await Promise.all([queueAttributes(ctx, queueUrl), topicSubscriptions(ctx, topicArn)]);
  const queueSubscription = subscriptions.find((s) => s.Protocol === 'sqs' && s.Endpoint === queue.arn);
  if (!queueSubscription) {
    const others = subscriptions.map((s) => `${s.Protocol} ${s.Endpoint}`).join(', ') || 'none';
    return fail(`${TOPIC_NAME} has no subscription for the queue ${QUEUE_NAME} (its subscriptions: ${others})`);
  }
  if (queueSubscription.SubscriptionArn === 'PendingConfirmation') return fail(`the subscription of ${QUEUE_NAME} is still pending confirmation`);
  if (!policyLetsTopicSend(queue.policy, topicArn)) {
    const local = ctx.isLocal ? ' (LocalStack delivers anyway; AWS does not)' : '';
    return fail(`${QUEUE_NAME} is subscribed, but its policy does not allow sns.amazonaws.com to sqs:SendMessage from ${TOPIC_NAME}, so AWS drops the notifications${local}`);
  }
  const emails = subscriptions.filter((s) => s.Protocol === 'email');
  const pending = emails.filter((s) => s.SubscriptionArn === 'PendingConfirmation');
  if (!ctx.isLocal && pending.length > 0) {
    return fail(`${QUEUE_NAME} can receive, but the email subscription for ${pending.map((s) => s.Endpoint).join(', ')} is not confirmed: open the email from AWS Notifications and choose "Confirm subscription"`);
  }
  const confirmedEmails = emails.filter((s) => s.SubscriptionArn !== 'PendingConfirmation').map((s) => s.Endpoint);
  return pass(`${QUEUE_NAME} is subscribed and confirmed, and its policy lets the topic send${confirmedEmails.length > 0 ? `; email ${confirmedEmails.join(', ')} confirmed` : ''}`);
}

async function checkNotification(ctx: LabContext): Promise<CheckOutcome> {
  const located = await locateAlarm(ctx);
  if (!located) return fail(`no alarm named ${ALARM_NAME} to test`);
  if (ctx.options.writes !== 'yes') return judgeWithoutWriting(located);
  const queueUrl = await findQueueUrl(ctx, QUEUE_NAME);
  if (!queueUrl) return fail(`no SQS queue named ${QUEUE_NAME} to receive the test notification`);
  const tag = newTestTag();
  await sendTestNotification(located.client, ALARM_NAME, tag);
  const waitMs = notificationWaitMs(ctx);
  const tookMs = await waitForTestNotification(ctx, queueUrl, ALARM_NAME, tag, waitMs);
  if (tookMs !== undefined) return pass(`the test notification arrived on ${QUEUE_NAME} after ${(tookMs / 1000).toFixed(1)} s`);
  return fail(`no test notification arrived on ${QUEUE_NAME} within ${waitMs / 1000} s${likelyCause(located.alarm)}`);
}

/**
 * What can be told by reading alone: whether the alarm would run its actions at all, and, on AWS, whether the last
 * action it ran failed (its history says so). Sending the test notification is left out: on AWS it emails every
 * confirmed subscriber.
 */
async function judgeWithoutWriting({ alarm, client }: LocatedAlarm): Promise<CheckOutcome> {
  if (alarm.ActionsEnabled === false) return fail(`the alarm's actions are disabled, so going off notifies no one: aws cloudwatch enable-alarm-actions --alarm-names ${ALARM_NAME}`);
  const failed = await lastFailedAction(client, ALARM_NAME);
  if (failed) return fail(`the last time it went off, its action failed: ${failed}`);
  const since = alarm.StateUpdatedTimestamp ? ` since ${alarm.StateUpdatedTimestamp.toISOString()}` : '';
  return pass(
    `actions enabled; state ${alarm.StateValue ?? 'unknown'}${since} ("${alarm.StateReason ?? ''}"). The live test was skipped: checks only read ` +
      `unless allowed to write (npx lab check billing-alarm --writes sends a test notification, which emails every confirmed subscriber on AWS)`,
  );
}

function likelyCause(alarm: MetricAlarm): string {
  if (alarm.ActionsEnabled === false) return `: the alarm's actions are disabled (aws cloudwatch enable-alarm-actions --alarm-names ${ALARM_NAME})`;
  if ((alarm.AlarmActions ?? []).length === 0) return ': the alarm has no action to run when it goes off';
  return ': check the alarm action, the subscription and the queue policy';
}
