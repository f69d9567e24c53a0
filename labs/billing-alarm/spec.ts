// What the billing-alarm lab builds, in one place: the names (a contract, see DESIGN.md), the alarm's settings,
// and the queue policy that lets the topic deliver. The lab, its solution and its checks all read from here.
import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';

export const TOPIC_NAME = 'billing-alerts';
export const QUEUE_NAME = 'billing-alerts-inbox';
export const ALARM_NAME = 'billing-over-10-usd';
/** Billing metrics are published only here, for the whole account's worldwide charges. */
export const BILLING_REGION = 'us-east-1';

/** The metric the alarm watches, as the checks and messages name it. */
export const BILLING_METRIC = 'AWS/Billing EstimatedCharges (Currency=USD)';

/** Six hours: AWS publishes estimated charges a few times a day, so a shorter period only sees gaps. */
export const BILLING_PERIOD_SECONDS = 21_600;

export const ALARM_SETTINGS = {
  Namespace: 'AWS/Billing',
  MetricName: 'EstimatedCharges',
  Dimensions: [{ Name: 'Currency', Value: 'USD' }],
  Statistic: 'Maximum',
  Period: BILLING_PERIOD_SECONDS,
  EvaluationPeriods: 1,
  Threshold: 10,
  ComparisonOperator: 'GreaterThanThreshold',
} as const;

export function topicArnFor(account: string, partition = 'aws', region = BILLING_REGION): string {
  return `arn:${partition}:sns:${region}:${account}:${TOPIC_NAME}`;
}

/** What to do when the account publishes no billing metrics, on the local cloud or on AWS. */
export function billingAlertsAdvice(isLocal: boolean): string {
  if (isLocal) return 'Switch billing alerts on for this local account with `npx lab billing-alerts on`, as you would in the Billing console on AWS.';
  return (
    'Switch them on: Billing and Cost Management console → Billing preferences → Alert preferences → "Receive CloudWatch billing alerts" ' +
    "(in an AWS Organization the management account's setting decides). The metric appears within a few hours."
  );
}

export function describeDimensions(alarm: MetricAlarm): string {
  const dimensions = alarm.Dimensions ?? [];
  return dimensions.length === 0 ? '(none)' : dimensions.map((d) => `${d.Name}=${d.Value}`).join(', ');
}

/**
 * SQS refuses messages from other services unless the queue's policy allows them. This allows the one topic, and
 * nothing else, to send: without the condition any SNS topic of any account could write into the inbox.
 */
export function queuePolicy(queueArn: string, topicArn: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowBillingAlertsTopic',
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: queueArn,
        Condition: { ArnEquals: { 'aws:SourceArn': topicArn } },
      },
    ],
  });
}

interface PolicyStatement {
  Effect?: string;
  Principal?: unknown;
  Action?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** Whether a queue policy (as SQS returns it) has an Allow statement letting SNS send from `topicArn`. */
export function policyLetsTopicSend(policy: string | undefined, topicArn: string): boolean {
  if (!policy) return false;
  let statements: PolicyStatement[];
  try {
    const parsed = JSON.parse(policy) as { Statement?: PolicyStatement | PolicyStatement[] };
    statements = ([] as PolicyStatement[]).concat(parsed.Statement ?? []);
  } catch {
    return false;
  }
  return statements.some((s) => s.Effect === 'Allow' && allowsSns(s.Principal) && allowsSendMessage(s.Action) && conditionAdmits(s.Condition, topicArn));
}

function allowsSns(principal: unknown): boolean {
  if (principal === '*') return true;
  const service = (principal as { Service?: string | string[]; AWS?: string | string[] } | undefined)?.Service;
  const aws = (principal as { AWS?: string | string[] } | undefined)?.AWS;
  return ([] as string[]).concat(service ?? []).includes('sns.amazonaws.com') || ([] as string[]).concat(aws ?? []).includes('*');
}

function allowsSendMessage(action: string | string[] | undefined): boolean {
  return ([] as string[]).concat(action ?? []).some((a) => ['sqs:SendMessage', 'sqs:*', '*'].includes(a));
}

/** No condition admits every sender; an aws:SourceArn (or aws:SourceArn-like) condition must name the topic. */
function conditionAdmits(condition: PolicyStatement['Condition'], topicArn: string): boolean {
  if (!condition) return true;
  return Object.values(condition).every((test) =>
    Object.entries(test).every(([key, value]) => key.toLowerCase() !== 'aws:sourcearn' || ([] as string[]).concat(value).some((v) => arnMatches(v, topicArn))),
  );
}

function arnMatches(pattern: string, arn: string): boolean {
  const regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return regex.test(arn);
}
