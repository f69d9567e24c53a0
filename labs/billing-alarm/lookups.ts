// Finding the billing-alarm lab's topic, queue and alarm by name, as every run and every check must (never by an id
// remembered from an earlier run).
import { CloudWatchClient, DescribeAlarmsCommand, ListTagsForResourceCommand as ListAlarmTagsCommand, type MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { ListTagsForResourceCommand, paginateListSubscriptionsByTopic, paginateListTopics, type Subscription } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, GetQueueUrlCommand, ListQueueTagsCommand, QueueDoesNotExist } from '@aws-sdk/client-sqs';
import type { LabContext } from '../../lab-runner/lab.js';
import { hasLabTag, LAB_TAG } from '../../lab-runner/tags.js';
import { ALARM_NAME, BILLING_REGION } from './spec.js';

export async function findTopicArn(ctx: LabContext, name: string): Promise<string | undefined> {
  for await (const page of paginateListTopics({ client: ctx.clients.sns }, {})) {
    const found = (page.Topics ?? []).find((t) => t.TopicArn?.split(':').pop() === name);
    if (found?.TopicArn) return found.TopicArn;
  }
  return undefined;
}

export async function topicIsTagged(ctx: LabContext, topicArn: string): Promise<boolean> {
  const { Tags } = await ctx.clients.sns.send(new ListTagsForResourceCommand({ ResourceArn: topicArn }));
  return hasLabTag(Tags, ctx.labId);
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

export async function queueIsTagged(ctx: LabContext, queueUrl: string): Promise<boolean> {
  const { Tags = {} } = await ctx.clients.sqs.send(new ListQueueTagsCommand({ QueueUrl: queueUrl }));
  return Tags[LAB_TAG] === ctx.labId;
}

export async function queueAttributes(ctx: LabContext, queueUrl: string): Promise<{ arn: string; policy?: string }> {
  const { Attributes = {} } = await ctx.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn', 'Policy'] }));
  return { arn: Attributes.QueueArn ?? '', policy: Attributes.Policy };
}

export async function findAlarm(client: CloudWatchClient, name = ALARM_NAME): Promise<MetricAlarm | undefined> {
  const { MetricAlarms = [] } = await client.send(new DescribeAlarmsCommand({ AlarmNames: [name] }));
  return MetricAlarms[0];
}

export async function alarmIsTagged(ctx: LabContext, alarm: MetricAlarm): Promise<boolean> {
  const { Tags } = await ctx.clients.cloudwatch.send(new ListAlarmTagsCommand({ ResourceARN: alarm.AlarmArn }));
  return hasLabTag(Tags, ctx.labId);
}

export interface LocatedAlarm {
  alarm: MetricAlarm;
  region: string;
  /** A client in the alarm's own region, to act on it there. */
  client: CloudWatchClient;
}

const located = new WeakMap<LabContext, Promise<LocatedAlarm | undefined>>();

/**
 * The lab's alarm in us-east-1, or else wherever a student may have made it by mistake (their default region first,
 * then every region the account can use), so that a grader can say "it is in eu-west-1" and still judge the rest.
 * Checks of one run share the answer.
 */
export function locateAlarm(ctx: LabContext): Promise<LocatedAlarm | undefined> {
  let answer = located.get(ctx);
  if (!answer) {
    answer = searchRegions(ctx);
    located.set(ctx, answer);
  }
  return answer;
}

async function searchRegions(ctx: LabContext): Promise<LocatedAlarm | undefined> {
  const home = await findAlarm(ctx.clients.cloudwatch);
  if (home) return { alarm: home, region: BILLING_REGION, client: ctx.clients.cloudwatch };
  const regions = [...new Set([ctx.target.region, ...(await accountRegions(ctx))])].filter((r) => r !== BILLING_REGION);
  const found = await Promise.all(
    regions.map(async (region) => {
      const client = new CloudWatchClient({ ...ctx.clientConfig, region });
      try {
        const alarm = await findAlarm(client);
        return alarm ? { alarm, region, client } : undefined;
      } catch {
        return undefined; // a region the account cannot use answers with an error: nothing there
      }
    }),
  );
  return found.find((f) => f !== undefined);
}

async function accountRegions(ctx: LabContext): Promise<string[]> {
  try {
    const { Regions = [] } = await ctx.clients.ec2.send(new DescribeRegionsCommand({}));
    return Regions.map((r) => r.RegionName ?? '').filter(Boolean);
  } catch {
    return [];
  }
}
