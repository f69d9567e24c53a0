// SNS may deliver to an SQS queue only where the queue's policy lets sns.amazonaws.com send for that topic:
// https://docs.aws.amazon.com/sns/latest/dg/subscribe-sqs-queue-to-sns-topic.html
// LocalStack delivers regardless, inside itself, past the gate. The gate therefore judges each notification when the
// queue is read: one the queue's policy would not have let in is removed from the queue and from the answer.
import { DeleteMessageCommand } from '@aws-sdk/client-sqs';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { queueArnFromUrl } from './actions.js';
import type { IdentityStore } from './identity.js';
import type { GateRequest } from './request.js';

interface Message {
  receiptHandle: string;
  body: string;
}

function topicOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { Type?: string; TopicArn?: string };
    return parsed.Type === 'Notification' ? parsed.TopicArn : undefined;
  } catch {
    return undefined;
  }
}

async function deliveryAllowed(policy: unknown, queueArn: string, topicArn: string): Promise<boolean> {
  if (!policy) return false;
  const result = await runSimulation(
    {
      request: {
        principal: 'sns.amazonaws.com',
        action: 'sqs:SendMessage',
        resource: { resource: queueArn, accountId: queueArn.split(':')[4] ?? '' },
        contextVariables: { 'aws:SourceArn': topicArn, 'aws:SourceAccount': topicArn.split(':')[4] ?? '' },
      },
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: policy,
    },
    {},
  );
  return result.resultType !== 'error' && result.overallResult === 'Allowed';
}

function unescapeXml(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#xD;/g, '\r').replace(/&amp;/g, '&');
}

/** ReceiveMessage answers in JSON (the SDK) or XML (older CLIs); both are filtered. */
export async function filterUndeliverable(store: IdentityStore, request: GateRequest, account: string, answer: string): Promise<string> {
  const queueUrl = request.params.QueueUrl;
  const queueArn = queueUrl ? queueArnFromUrl(queueUrl, request.region) : undefined;
  if (!queueUrl || !queueArn) return answer;
  const refused = async (m: Message): Promise<boolean> => {
    const topic = topicOf(m.body);
    if (!topic) return false;
    if (await deliveryAllowed(await store.queuePolicy(account, request.region, queueUrl), queueArn, topic)) return false;
    await store.rootClients(account, request.region).sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.receiptHandle })).catch(() => undefined);
    return true;
  };
  if (request.protocol === 'json') {
    const parsed = JSON.parse(answer) as { Messages?: { ReceiptHandle?: string; Body?: string }[] };
    if (!parsed.Messages?.length) return answer;
    const keep = [];
    for (const m of parsed.Messages) if (!(await refused({ receiptHandle: m.ReceiptHandle ?? '', body: m.Body ?? '' }))) keep.push(m);
    if (keep.length === parsed.Messages.length) return answer;
    return JSON.stringify({ ...parsed, Messages: keep });
  }
  let filtered = answer;
  for (const block of answer.match(/<Message>[\s\S]*?<\/Message>/g) ?? []) {
    const receiptHandle = unescapeXml(/<ReceiptHandle>([^<]*)<\/ReceiptHandle>/.exec(block)?.[1] ?? '');
    const body = unescapeXml(/<Body>([^<]*)<\/Body>/.exec(block)?.[1] ?? '');
    if (await refused({ receiptHandle, body })) filtered = filtered.replace(block, '');
  }
  return filtered;
}
