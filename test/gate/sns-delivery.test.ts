// SNS delivers to an SQS queue only where the queue's policy lets sns.amazonaws.com send for that topic
// (https://docs.aws.amazon.com/sns/latest/dg/subscribe-sqs-queue-to-sns-topic.html). LocalStack delivers regardless;
// the gate withholds what the policy would not have let in.
import { CreateTopicCommand, PublishCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientsAt, rootKeys, startTestGate, type TestClients, type TestGate } from './helpers.js';

const ACCOUNT = '000000005300';
const run = Date.now().toString(36);
let gate: TestGate;
let root: TestClients;

beforeAll(async () => {
  gate = await startTestGate(4622);
  root = clientsAt(gate.url, rootKeys(ACCOUNT));
});

afterAll(async () => {
  await gate.close();
});

async function topicAndQueue(name: string): Promise<{ topicArn: string; queueUrl: string; queueArn: string }> {
  const topicArn = (await root.sns.send(new CreateTopicCommand({ Name: name }))).TopicArn ?? '';
  const queueUrl = (await root.sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl ?? '';
  const queueArn = (await root.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn ?? '';
  await root.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: queueArn }));
  return { topicArn, queueUrl, queueArn };
}

async function published(topicArn: string, queueUrl: string, text: string): Promise<string[]> {
  await root.sns.send(new PublishCommand({ TopicArn: topicArn, Message: text }));
  const got = await root.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 2, MaxNumberOfMessages: 10 }));
  return (got.Messages ?? []).map((m) => (JSON.parse(m.Body ?? '{}') as { Message?: string }).Message ?? '');
}

describe('SNS to SQS through the gate', () => {
  it('LocalStack alone delivers to a queue without a policy (the naive view)', async () => {
    gate.configure({ behaviours: { iam: false } });
    try {
      const { topicArn, queueUrl } = await topicAndQueue(`naive-${run}`);
      expect(await published(topicArn, queueUrl, 'hello')).toEqual(['hello']);
    } finally {
      gate.configure({ behaviours: { iam: true } });
    }
  });

  it('a queue without a policy for SNS receives nothing; with one allowing the topic, it does', async () => {
    const { topicArn, queueUrl, queueArn } = await topicAndQueue(`gated-${run}`);
    expect(await published(topicArn, queueUrl, 'not delivered')).toEqual([]);
    const policy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: queueArn, Condition: { ArnEquals: { 'aws:SourceArn': topicArn } } }],
    };
    await root.sqs.send(new SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes: { Policy: JSON.stringify(policy) } }));
    expect(await published(topicArn, queueUrl, 'delivered')).toEqual(['delivered']);
  });
});
