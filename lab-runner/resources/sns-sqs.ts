// SNS topics with their subscriptions, and SQS queues; topics and queues are found by their lab tag, subscriptions
// (which cannot be tagged) by the tagged topic they belong to.
import {
  DeleteTopicCommand,
  ListTagsForResourceCommand,
  paginateListSubscriptionsByTopic,
  paginateListTopics,
  type Subscription,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { DeleteQueueCommand, ListQueueTagsCommand, paginateListQueues } from '@aws-sdk/client-sqs';
import type { LabContext } from '../context.js';
import { hasLabTag, LAB_TAG } from '../tags.js';
import type { FoundResource, ResourceKind } from './kind.js';
import { unlessMissing } from '../missing.js';

/** ListSubscriptionsByTopic names a subscription waiting for its email link this way instead of by an ARN. */
const PENDING = 'PendingConfirmation';

const subscriptions: ResourceKind = {
  kind: 'sns:subscription',
  order: 20,
  async find(ctx) {
    const topics = await taggedTopics(ctx);
    const perTopic = await Promise.all(topics.map(async (topicArn) => (await subscriptionsOf(ctx, topicArn)).filter((s) => s.SubscriptionArn !== PENDING)));
    return perTopic.flat().map((s) => ({ kind: 'sns:subscription', id: s.SubscriptionArn ?? '', name: describeSubscription(s) }));
  },
  async remove(ctx, subscription) {
    await unlessMissing(ctx.clients.sns.send(new UnsubscribeCommand({ SubscriptionArn: subscription.id })));
  },
};

const topics: ResourceKind = {
  kind: 'sns:topic',
  order: 30,
  async find(ctx) {
    return (await taggedTopics(ctx)).map((arn) => ({ kind: 'sns:topic', id: arn, name: lastPart(arn) }));
  },
  async remove(ctx, topic) {
    // Deleting a topic deletes its subscriptions too, pending ones included.
    await unlessMissing(ctx.clients.sns.send(new DeleteTopicCommand({ TopicArn: topic.id })));
  },
};

const queues: ResourceKind = {
  kind: 'sqs:queue',
  order: 30,
  async find(ctx) {
    const urls: string[] = [];
    for await (const page of paginateListQueues({ client: ctx.clients.sqs }, { MaxResults: 1000 })) urls.push(...(page.QueueUrls ?? []));
    const tagged = await Promise.all(
      urls.map(async (url): Promise<FoundResource | undefined> => {
        const { Tags = {} } = await ctx.clients.sqs.send(new ListQueueTagsCommand({ QueueUrl: url }));
        return Tags[LAB_TAG] === ctx.labId ? { kind: 'sqs:queue', id: url, name: lastPart(url, '/') } : undefined;
      }),
    );
    return tagged.filter((r): r is FoundResource => r !== undefined);
  },
  async remove(ctx, queue) {
    // The queue's policy and its messages go with it.
    await unlessMissing(ctx.clients.sqs.send(new DeleteQueueCommand({ QueueUrl: queue.id })));
  },
};

async function taggedTopics(ctx: LabContext): Promise<string[]> {
  const arns: string[] = [];
  for await (const page of paginateListTopics({ client: ctx.clients.sns }, {})) arns.push(...(page.Topics ?? []).map((t) => t.TopicArn ?? ''));
  const tagged = await Promise.all(
    arns.filter(Boolean).map(async (arn) => {
      const { Tags } = await ctx.clients.sns.send(new ListTagsForResourceCommand({ ResourceArn: arn }));
      return hasLabTag(Tags, ctx.labId) ? arn : undefined;
    }),
  );
  return tagged.filter((arn): arn is string => arn !== undefined);
}

async function subscriptionsOf(ctx: LabContext, topicArn: string): Promise<Subscription[]> {
  const found: Subscription[] = [];
  for await (const page of paginateListSubscriptionsByTopic({ client: ctx.clients.sns }, { TopicArn: topicArn })) found.push(...(page.Subscriptions ?? []));
  return found;
}

/** e.g. `sqs billing-alerts-inbox → billing-alerts`: what is subscribed, to which topic. */
function describeSubscription(s: Subscription): string {
  const endpoint = s.Protocol === 'sqs' || s.Protocol === 'lambda' ? lastPart(s.Endpoint ?? '') : (s.Endpoint ?? '');
  return `${s.Protocol} ${endpoint} → ${lastPart(s.TopicArn ?? '')}`;
}

function lastPart(text: string, separator = ':'): string {
  return text.split(separator).pop() ?? text;
}

export const snsSqsKinds: ResourceKind[] = [subscriptions, topics, queues];
