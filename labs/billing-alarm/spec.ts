// What the billing-alarm lab builds, in one place: the names (a contract, see DESIGN.md), the alarm's settings,
// and the queue policy that lets the topic deliver. The lab, its solution and its checks all read from here.
import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';

export const TOPIC_NAME = 'billing-alerts';
export const QUEUE_NAME = 'billing-alerts-inbox';
export const ALARM_NAME = 'billing-over-10-usd';
/** Billing metrics are published only here, for the whole account's worldwide charges. */
export const BILLING_REGION = 'us-east-1';

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

export function topicArnFor(account: string, region = BILLING_REGION): string {
  return `arn:aws:sns:${region}:${account}:${TOPIC_NAME}`;
}

/** Each way an existing alarm differs from the lab's settings, in words; empty when it matches. */
export function alarmDifferences(alarm: MetricAlarm, topicArn: string): string[] {
  const differences: string[] = [];
  const want = ALARM_SETTINGS;
  if (alarm.Namespace !== want.Namespace) differences.push(`namespace is ${alarm.Namespace}, expected ${want.Namespace}`);
  if (alarm.MetricName !== want.MetricName) differences.push(`metric is ${alarm.MetricName}, expected ${want.MetricName}`);
  if (describeDimensions(alarm) !== 'Currency=USD') differences.push(`dimensions are ${describeDimensions(alarm)}, expected Currency=USD`);
  if (alarm.Statistic !== want.Statistic) differences.push(`statistic is ${alarm.ExtendedStatistic ?? alarm.Statistic}, expected ${want.Statistic}`);
  if (alarm.Period !== want.Period) differences.push(`period is ${alarm.Period} s, expected ${want.Period} s`);
  if (alarm.EvaluationPeriods !== want.EvaluationPeriods) differences.push(`evaluation periods are ${alarm.EvaluationPeriods}, expected ${want.EvaluationPeriods}`);
  if (alarm.Threshold !== want.Threshold) differences.push(`threshold is ${alarm.Threshold}, expected ${want.Threshold}`);
  if (alarm.ComparisonOperator !== want.ComparisonOperator) differences.push(`comparison is ${alarm.ComparisonOperator}, expected ${want.ComparisonOperator}`);
  if (alarm.ActionsEnabled === false) differences.push('actions are disabled, expected enabled');
  const actions = alarm.AlarmActions ?? [];
  if (actions.length !== 1 || actions[0] !== topicArn) differences.push(`alarm actions are ${actions.join(', ') || '(none)'}, expected ${topicArn}`);
  return differences;
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
