// SQS queues, found by their lab tag. Creating a queue converges: one with the same name is reused, and attributes the
// request names are set on it when they differ.
import {
  CreateQueueCommand,
  type CreateQueueCommandInput,
  type CreateQueueCommandOutput,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueueTagsCommand,
  paginateListQueues,
  type QueueAttributeName,
  SetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import type { Clients } from '../clients.js';
import { convergeNamed, type Difference } from '../converge/named.js';
import { StepProblem, untagged } from '../converge/problem.js';
import { rule } from '../converge/rule.js';
import { unlessMissing } from '../missing.js';
import { LAB_TAG } from '../tags.js';
import type { FoundResource, ResourceKind } from './kind.js';

const createQueue = rule<CreateQueueCommandInput>('sqs', 'CreateQueueCommand', (call) =>
  convergeNamed<CreateQueueCommandInput, string, CreateQueueCommandOutput>(
    {
      kind: 'sqs:queue',
      what: 'SQS queue',
      nameOf: (input) => input.QueueName ?? '',
      validate(input, { labId }) {
        if (input.tags?.[LAB_TAG] !== labId) throw untagged('CreateQueue', labId, `tags: { '${LAB_TAG}': ctx.labId } (SQS takes tags as an object)`);
      },
      find: (c, name) => findQueueUrl(c.clients, name),
      idOf: (url) => url,
      isOurs: async (c, url) => (await queueLab(c.clients, url)) === c.labId,
      adoptOrDelete: (c, url) => ({
        tag: `aws sqs tag-queue --queue-url ${url} --tags ${LAB_TAG}=${c.labId} --region ${c.region}`,
        remove: `aws sqs delete-queue --queue-url ${url} --region ${c.region}`,
      }),
      differences: (c, url) => attributeDifferences(c.clients, url, c.input.Attributes ?? {}),
      update: async (c, url) => void (await c.clients.sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: c.input.Attributes ?? {} }))),
      remove: async (c, url) => void (await c.clients.sqs.send(new DeleteQueueCommand({ QueueUrl: url }))),
      create: async (c) => {
        try {
          return await c.once.sqs.send(new CreateQueueCommand(c.input));
        } catch (error) {
          if (error instanceof Error && error.name === 'QueueDeletedRecently') throw deletedRecently(c.input.QueueName ?? '');
          throw error;
        }
      },
      answer: async (_c, url) => ({ QueueUrl: url, $metadata: {} }),
      idInAnswer: (answer) => answer.QueueUrl ?? '',
    },
    call,
  ),
);

const queues: ResourceKind = {
  kind: 'sqs:queue',
  global: false,
  order: 30,
  async findTagged(ctx) {
    const urls: string[] = [];
    for await (const page of paginateListQueues({ client: ctx.clients.sqs }, { MaxResults: 1000 })) urls.push(...(page.QueueUrls ?? []));
    const labelled = await Promise.all(urls.map(async (url) => ({ url, lab: await queueLab(ctx.clients, url) })));
    return labelled.flatMap(({ url, lab }): FoundResource[] => (lab ? [{ kind: 'sqs:queue', id: url, name: url.split('/').pop() ?? url, lab }] : []));
  },
  async remove(ctx, queue) {
    // The queue's policy and its messages go with it.
    await unlessMissing(ctx.clients.sqs.send(new DeleteQueueCommand({ QueueUrl: queue.id })));
  },
  rules: [createQueue],
};

export const sqsKinds: ResourceKind[] = [queues];

export async function findQueueUrl(clients: Clients, name: string): Promise<string | undefined> {
  return (await unlessMissing(clients.sqs.send(new GetQueueUrlCommand({ QueueName: name }))))?.QueueUrl;
}

async function queueLab(clients: Clients, url: string): Promise<string | undefined> {
  return (await unlessMissing(clients.sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))))?.Tags?.[LAB_TAG];
}

async function attributeDifferences(clients: Clients, url: string, wanted: Partial<Record<QueueAttributeName, string>>): Promise<Difference[]> {
  const names = Object.keys(wanted) as QueueAttributeName[];
  if (names.length === 0) return [];
  const { Attributes = {} } = await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: names }));
  return names
    .filter((name) => Attributes[name] !== wanted[name])
    .map((name) => ({ what: name, have: Attributes[name] ?? '(unset)', want: wanted[name] ?? '', inPlace: true }));
}

function deletedRecently(name: string): StepProblem {
  return new StepProblem(
    'QueueDeletedRecently',
    `${name} was deleted less than a minute ago (a reset?), and SQS reuses a queue name only 60 seconds after a delete.`,
    'Wait a minute and run the lab again.',
  );
}
