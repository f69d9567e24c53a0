// SNS topics, found by their lab tag, and their subscriptions, which cannot be tagged and belong to the lab of their
// topic. Creating a topic or a subscription converges: an existing one with the same name or endpoint is reused.
import {
  CreateTopicCommand,
  type CreateTopicCommandInput,
  type CreateTopicCommandOutput,
  DeleteTopicCommand,
  ListTagsForResourceCommand,
  paginateListSubscriptionsByTopic,
  paginateListTopics,
  SubscribeCommand,
  type SubscribeCommandInput,
  type SubscribeCommandOutput,
  type Subscription,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import type { Clients } from '../clients.js';
import { convergeNamed } from '../converge/named.js';
import { untagged } from '../converge/problem.js';
import { rule } from '../converge/rule.js';
import { unlessMissing } from '../missing.js';
import { labOf, LAB_TAG } from '../tags.js';
import type { FoundResource, KindContext, ResourceKind } from './kind.js';

/** ListSubscriptionsByTopic names a subscription waiting for its email link this way instead of by an ARN. */
const PENDING = 'PendingConfirmation';

const createTopic = rule<CreateTopicCommandInput>('sns', 'CreateTopicCommand', (call) =>
  convergeNamed<CreateTopicCommandInput, string, CreateTopicCommandOutput>(
    {
      kind: 'sns:topic',
      what: 'SNS topic',
      nameOf: (input) => input.Name ?? '',
      validate(input, { labId }) {
        if (labOf(input.Tags) !== labId) throw untagged('CreateTopic', labId, 'Tags: ctx.tags()');
      },
      find: (c, name) => findTopicArn(c.clients, name),
      idOf: (arn) => arn,
      isOurs: async (c, arn) => (await topicLab(c.clients, arn)) === c.labId,
      adoptOrDelete: (c, arn) => ({
        tag: `aws sns tag-resource --resource-arn ${arn} --tags Key=${LAB_TAG},Value=${c.labId} --region ${c.region}`,
        remove: `aws sns delete-topic --topic-arn ${arn} --region ${c.region}`,
      }),
      differences: async () => [],
      remove: async (c, arn) => void (await c.clients.sns.send(new DeleteTopicCommand({ TopicArn: arn }))),
      create: (c) => c.once.sns.send(new CreateTopicCommand(c.input)),
      answer: async (_c, arn) => ({ TopicArn: arn, $metadata: {} }),
      idInAnswer: (answer) => answer.TopicArn ?? '',
    },
    call,
  ),
);

/** A queue or an address is subscribed once: subscribing it again answers the subscription that exists. */
const subscribe = rule<SubscribeCommandInput>('sns', 'SubscribeCommand', async (call): Promise<SubscribeCommandOutput> => {
  const { TopicArn = '', Protocol = '', Endpoint = '' } = call.input;
  const name = describeSubscription({ TopicArn, Protocol, Endpoint });
  const existing = (await subscriptionsOf(call.clients, TopicArn)).find((s) => s.Protocol === Protocol && s.Endpoint === Endpoint);
  if (existing?.SubscriptionArn) {
    const pending = existing.SubscriptionArn === PENDING;
    call.report('reused', { kind: 'sns:subscription', name, id: existing.SubscriptionArn, detail: pending ? 'still waiting for its confirmation' : 'subscribed already' });
    return { SubscriptionArn: existing.SubscriptionArn, $metadata: {} };
  }
  const answer = (await call.send(call.input)) as SubscribeCommandOutput;
  call.report('created', { kind: 'sns:subscription', name, id: answer.SubscriptionArn ?? '' });
  return answer;
});

const topics: ResourceKind = {
  kind: 'sns:topic',
  global: false,
  order: 30,
  async findTagged(ctx) {
    return (await taggedTopics(ctx)).map(({ arn, lab }) => ({ kind: 'sns:topic', id: arn, name: lastPart(arn), lab }));
  },
  async remove(ctx, topic) {
    // Deleting a topic deletes its subscriptions too, pending ones included.
    await unlessMissing(ctx.clients.sns.send(new DeleteTopicCommand({ TopicArn: topic.id })));
  },
  rules: [createTopic],
};

const subscriptions: ResourceKind = {
  kind: 'sns:subscription',
  global: false,
  order: 20,
  async findTagged(ctx) {
    const perTopic = await Promise.all(
      (await taggedTopics(ctx)).map(async ({ arn, lab }) =>
        (await subscriptionsOf(ctx.clients, arn))
          .filter((s) => s.SubscriptionArn && s.SubscriptionArn !== PENDING)
          .map((s): FoundResource => ({ kind: 'sns:subscription', id: s.SubscriptionArn ?? '', name: describeSubscription(s), lab })),
      ),
    );
    return perTopic.flat();
  },
  async remove(ctx, subscription) {
    await unlessMissing(ctx.clients.sns.send(new UnsubscribeCommand({ SubscriptionArn: subscription.id })));
  },
  rules: [subscribe],
};

export const snsKinds: ResourceKind[] = [subscriptions, topics];

export async function findTopicArn(clients: Clients, name: string): Promise<string | undefined> {
  for await (const page of paginateListTopics({ client: clients.sns }, {})) {
    const found = (page.Topics ?? []).find((t) => t.TopicArn !== undefined && lastPart(t.TopicArn) === name);
    if (found?.TopicArn) return found.TopicArn;
  }
  return undefined;
}

async function topicLab(clients: Clients, arn: string): Promise<string | undefined> {
  const answer = await unlessMissing(clients.sns.send(new ListTagsForResourceCommand({ ResourceArn: arn })));
  return labOf(answer?.Tags);
}

async function taggedTopics(ctx: KindContext): Promise<{ arn: string; lab: string }[]> {
  const arns: string[] = [];
  for await (const page of paginateListTopics({ client: ctx.clients.sns }, {})) arns.push(...(page.Topics ?? []).flatMap((t) => (t.TopicArn ? [t.TopicArn] : [])));
  const labelled = await Promise.all(arns.map(async (arn) => ({ arn, lab: await topicLab(ctx.clients, arn) })));
  return labelled.flatMap(({ arn, lab }) => (lab ? [{ arn, lab }] : []));
}

export async function subscriptionsOf(clients: Clients, topicArn: string): Promise<Subscription[]> {
  const found: Subscription[] = [];
  const pages = paginateListSubscriptionsByTopic({ client: clients.sns }, { TopicArn: topicArn });
  for await (const page of pages) found.push(...(page.Subscriptions ?? []));
  return found;
}

/** e.g. `sqs billing-alerts-inbox → billing-alerts`: what is subscribed, to which topic. */
function describeSubscription(s: Pick<Subscription, 'Protocol' | 'Endpoint' | 'TopicArn'>): string {
  const endpoint = s.Protocol === 'sqs' || s.Protocol === 'lambda' ? lastPart(s.Endpoint ?? '') : (s.Endpoint ?? '');
  return `${s.Protocol} ${endpoint} → ${lastPart(s.TopicArn ?? '')}`;
}

function lastPart(text: string, separator = ':'): string {
  return text.split(separator).pop() ?? text;
}
