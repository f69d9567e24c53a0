// Finding the billing-alarm lab's topic, queue and alarm by name, as every run and every check must (never by an id
// remembered from an earlier run).
import { type CloudWatchClient, DescribeAlarmHistoryCommand, DescribeAlarmsCommand, ListMetricsCommand, type MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { paginateListSubscriptionsByTopic, paginateListTopics, SubscribeCommand, type Subscription } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, GetQueueUrlCommand, QueueDoesNotExist } from '@aws-sdk/client-sqs';
import type { LabContext } from '../../lab-runner/lab.js';
import { ALARM_NAME } from './spec.js';

export async function findTopicArn(ctx: LabContext, name: string): Promise<string | undefined> {
  for await (const page of paginateListTopics({ client: ctx.clients.sns }, {})) {
    const found = (page.Topics ?? []).find((t) => t.TopicArn?.split(':').pop() === name);
    if (found?.TopicArn) return found.TopicArn;
  }
  return undefined;
}

export async function topicSubscriptions(ctx: LabContext, topicArn: string): Promise<Subscription[]> {
  const subscriptions: Subscription[] = [];
  for await (const page of paginateListSubscriptionsByTopic({ client: ctx.clients.sns }, { TopicArn: topicArn })) {
    subscriptions.push(...(page.Subscriptions ?? []));
  }
  return subscriptions;
}

export async function findQueueUrl(ctx: LabContext, name: string): Promise<string | undefined> {
  try {
    return (await ctx.clients.sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl;
  } catch (error) {
    if (error instanceof QueueDoesNotExist) return undefined;
    throw error;
  }
}

export async function queueAttributes(ctx: LabContext, queueUrl: string): Promise<{ arn: string; policy?: string }> {
  const { Attributes = {} } = await ctx.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn', 'Policy'] }));
  return { arn: Attributes.QueueArn ?? '', policy: Attributes.Policy };
}

export async function findAlarm(client: CloudWatchClient, name = ALARM_NAME): Promise<MetricAlarm | undefined> {
  const { MetricAlarms = [] } = await client.send(new DescribeAlarmsCommand({ AlarmNames: [name] }));
  return MetricAlarms[0];
}

/** Whether AWS/Billing EstimatedCharges for Currency=USD exists (billing alerts are on), asked of a us-east-1 client. */
export async function billingMetricExists(client: CloudWatchClient): Promise<boolean> {
  const { Metrics = [] } = await client.send(
    new ListMetricsCommand({ Namespace: 'AWS/Billing', MetricName: 'EstimatedCharges', Dimensions: [{ Name: 'Currency', Value: 'USD' }] }),
  );
  return Metrics.length > 0;
}

/**
 * The summary of the alarm's last action, when it failed ("Failed to execute action arn:aws:sns:…. Received error: …"),
 * read from the alarm's history; undefined when it succeeded or none ran (LocalStack keeps no action history).
 * https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger
 */
export async function lastFailedAction(client: CloudWatchClient, name = ALARM_NAME): Promise<string | undefined> {
  const { AlarmHistoryItems = [] } = await client.send(new DescribeAlarmHistoryCommand({ AlarmName: name, HistoryItemType: 'Action', ScanBy: 'TimestampDescending', MaxRecords: 10 }));
  const last = AlarmHistoryItems.filter((item) => item.HistoryItemType === 'Action').sort((a, b) => (b.Timestamp?.getTime() ?? 0) - (a.Timestamp?.getTime() ?? 0))[0];
  return last?.HistorySummary?.startsWith('Failed') ? last.HistorySummary : undefined;
}

/** The queue's ARN, which a subscription and a queue policy name (its URL is only for sending and receiving). */
export async function queueArnOf(ctx: LabContext, queueUrl: string): Promise<string> {
  return (await queueAttributes(ctx, queueUrl)).arn;
}

/** The alarm's state and why, in a line; and on LocalStack, why it will not change by itself. */
export async function alarmState(ctx: LabContext): Promise<string> {
  const alarm = await findAlarm(ctx.clients.cloudwatch);
  const state = `state ${alarm?.StateValue ?? 'unknown'}: ${alarm?.StateReason ?? ''}`;
  return ctx.isLocal ? `${state} (the local cloud has no charges, so only the next step changes it)` : state;
}

/**
 * With --email on AWS, the address is subscribed too; AWS emails it a link to confirm, and until then sends it nothing.
 * LocalStack delivers no email, so there it is only said.
 */
export async function subscribeEmail(ctx: LabContext, topicArn: string): Promise<void> {
  const email = ctx.options.email;
  if (!email) {
    if (!ctx.isLocal) ctx.say('to be emailed as well, run the lab again with --email you@example.com');
    return;
  }
  if (ctx.isLocal) {
    ctx.say(`LocalStack delivers no email, so ${email} is not subscribed here; on AWS, --email subscribes it`);
    return;
  }
  const existing = (await topicSubscriptions(ctx, topicArn)).find((s) => s.Protocol === 'email' && s.Endpoint === email);
  if (existing && existing.SubscriptionArn !== 'PendingConfirmation') {
    ctx.say(`${email} is subscribed and confirmed already`);
    return;
  }
  if (!existing) await ctx.clients.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'email', Endpoint: email }));
  ctx.say(`AWS sent a confirmation email to ${email}: open it and choose "Confirm subscription"; until then nothing is emailed`);
}
