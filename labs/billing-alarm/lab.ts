// Yours to write: the code at each todo(). Made from solutions/billing-alarm/lab.ts, where it is all written, by `npx lab dev gen`.
// Lab `billing-alarm`: an SNS topic `billing-alerts`, an SQS queue `billing-alerts-inbox` subscribed to it, a CloudWatch
// alarm `billing-over-10-usd` on the month-to-date estimated charges that notifies the topic above 10 USD (in us-east-1,
// the only region with billing metrics), and a test that sets the alarm off and sees the notification arrive.
// Run it with `npx lab run billing-alarm`; stuck at a step? `npx lab hint billing-alarm <step>`. Running it again is
// safe: what exists and matches is reused, what differs from your code is updated.
// On a real account: `npx lab run billing-alarm --target aws --email you@example.com` also emails you.
import { ListMetricsCommand, PutMetricAlarmCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { CreateTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, ReceiveMessageCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { defineLab, LabProblem, todo } from '../../lab-runner/lab.js';
import { alarmState, queueArnOf, subscribeEmail } from '../../labs/billing-alarm/lookups.js';
import { ALARM_NAME, BILLING_REGION, billingAlertsAdvice, QUEUE_NAME, queuePolicy, TOPIC_NAME } from '../../labs/billing-alarm/spec.js';
import { newTestTag, notificationWaitMs, takeTestNotification, testReason } from '../../labs/billing-alarm/test-notification.js';

/** What the steps hand each other. */
interface Outputs {
  topicArn: string;
  queueUrl: string;
  queueArn: string;
}

export default defineLab<Outputs>({
  id: 'billing-alarm',
  title: 'Billing alarm: hear about charges before the bill does',
  lessons: ['05-billing-alarm'],
  goal:
    'Make AWS tell you when your month-to-date charges pass 10 USD. Check that billing data reaches CloudWatch, create an SNS ' +
    'topic, an SQS queue subscribed to it (and your email address on a real account), and a CloudWatch alarm on the ' +
    'AWS/Billing EstimatedCharges metric that notifies the topic. Then set the alarm off on purpose and watch its notification ' +
    'arrive in the queue. Billing metrics exist only in us-east-1, so this lab always works there, whatever your default region. ' +
    'EstimatedCharges is the total so far this month, not a daily figure: for a daily or forecast limit, use AWS Budgets.',
  region: { fixed: BILLING_REGION },
  requires: [],
  cost: 'Free within the AWS Free Tier (10 CloudWatch alarms, 1,000 SNS emails and 1 million SQS requests a month); beyond it about 0.10 USD a month for the alarm, in us-east-1.',
  localNote:
    'LocalStack sends no email, and the alarm never goes off by itself (only the test step sets it off). ' +
    'The local cloud publishes EstimatedCharges only once billing alerts are switched on for the account, as AWS does.',
  services: ['cloudwatch', 'sns', 'sqs', 'ec2'],
  resources: ['cloudwatch:alarm', 'sns:topic', 'sns:subscription', 'sqs:queue'],
  steps: [
    {
      id: 'billing-data',
      title: 'See that billing data reaches CloudWatch',
      command: 'aws cloudwatch list-metrics --namespace AWS/Billing --metric-name EstimatedCharges --dimensions Name=Currency,Value=USD --region us-east-1',
      hint:
        'ListMetricsCommand on ctx.clients.cloudwatch with Namespace "AWS/Billing", MetricName "EstimatedCharges" and Dimensions [{ Name: "Currency", Value: "USD" }]. ' +
        'The metric exists only once billing alerts are on: Billing and Cost Management → Billing preferences → Alert preferences → "Receive CloudWatch billing alerts".',
      async run(ctx) {
        const { Metrics = [] } = todo('send a ListMetricsCommand with ctx.clients.cloudwatch: Namespace "AWS/Billing", MetricName "EstimatedCharges", Dimensions [{ Name: "Currency", Value: "USD" }]');
        if (Metrics.length === 0) {
          throw new LabProblem('BillingAlertsOff', `No AWS/Billing EstimatedCharges metric in ${BILLING_REGION}: an alarm on it could never go off.`, billingAlertsAdvice(ctx.isLocal));
        }
        ctx.say('EstimatedCharges (Currency=USD) is published: an alarm on it can go off');
      },
    },
    {
      id: 'topic',
      title: 'Create the SNS topic billing-alerts',
      command: 'aws sns create-topic --name billing-alerts --tags Key=workbook:lab,Value=billing-alarm --region us-east-1',
      hint: 'CreateTopicCommand on ctx.clients.sns with Name and Tags: ctx.tags(). It answers the TopicArn, which the alarm will notify.',
      async run(ctx) {
        const { TopicArn = '' } = todo('send a CreateTopicCommand with ctx.clients.sns: Name TOPIC_NAME, Tags ctx.tags()');
        ctx.output('topicArn', TopicArn);
      },
    },
    {
      id: 'queue',
      title: 'Create the SQS queue billing-alerts-inbox',
      command: 'aws sqs create-queue --queue-name billing-alerts-inbox --tags workbook:lab=billing-alarm --region us-east-1',
      hint: 'CreateQueueCommand on ctx.clients.sqs with QueueName and tags. SQS takes tags as an object, not a list: { "workbook:lab": ctx.labId }. It answers the QueueUrl.',
      async run(ctx) {
        const { QueueUrl = '' } = todo('send a CreateQueueCommand with ctx.clients.sqs: QueueName QUEUE_NAME, tags { \'workbook:lab\': ctx.labId }');
        ctx.output('queueUrl', QueueUrl);
        ctx.output('queueArn', await queueArnOf(ctx, QueueUrl));
      },
    },
    {
      id: 'queue-policy',
      title: 'Let the topic send to the queue',
      command: 'aws sqs set-queue-attributes --queue-url <queue-url> --attributes file://queue-policy.json --region us-east-1',
      hint:
        'SetQueueAttributesCommand with QueueUrl and Attributes: { Policy: policy }. A queue accepts messages from another service ' +
        'only when its policy says so; this one allows sns.amazonaws.com to sqs:SendMessage, and only for your topic (aws:SourceArn).',
      async run(ctx) {
        const policy = queuePolicy(ctx.outputs.queueArn, ctx.outputs.topicArn);
        todo('send a SetQueueAttributesCommand with ctx.clients.sqs: QueueUrl ctx.outputs.queueUrl, Attributes { Policy: policy }');
        ctx.say(`the queue accepts sqs:SendMessage from sns.amazonaws.com when the source is ${ctx.outputs.topicArn}`);
      },
    },
    {
      id: 'subscribe',
      title: 'Subscribe the queue (and your email) to the topic',
      command: 'aws sns subscribe --topic-arn <topic-arn> --protocol sqs --notification-endpoint <queue-arn> --region us-east-1',
      hint:
        'SubscribeCommand with TopicArn, Protocol "sqs", Endpoint: the queue ARN (not its URL), and ReturnSubscriptionArn: true. ' +
        'A queue in your own account is confirmed at once; an email address must click the link AWS sends it.',
      async run(ctx) {
        todo('send a SubscribeCommand with ctx.clients.sns: TopicArn ctx.outputs.topicArn, Protocol "sqs", Endpoint ctx.outputs.queueArn, ReturnSubscriptionArn true');
        await subscribeEmail(ctx, ctx.outputs.topicArn);
      },
    },
    {
      id: 'alarm',
      title: 'Create the alarm billing-over-10-usd',
      command:
        'aws cloudwatch put-metric-alarm --alarm-name billing-over-10-usd --namespace AWS/Billing --metric-name EstimatedCharges ' +
        '--dimensions Name=Currency,Value=USD --statistic Maximum --period 21600 --evaluation-periods 1 --threshold 10 ' +
        '--comparison-operator GreaterThanThreshold --alarm-actions <topic-arn> --tags Key=workbook:lab,Value=billing-alarm --region us-east-1',
      hint:
        'PutMetricAlarmCommand on ctx.clients.cloudwatch: AlarmName, Namespace "AWS/Billing", MetricName "EstimatedCharges", Dimensions [{ Name: "Currency", Value: "USD" }], ' +
        'Statistic "Maximum", Period 21600 (six hours: the metric is updated a few times a day), EvaluationPeriods 1, Threshold 10, ' +
        'ComparisonOperator "GreaterThanThreshold", AlarmActions [the topic ARN], Tags ctx.tags(). Put with the same name again replaces the settings.',
      async run(ctx) {
        todo('send a PutMetricAlarmCommand with ctx.clients.cloudwatch: AlarmName ALARM_NAME and the settings of the command above, AlarmActions [ctx.outputs.topicArn], Tags ctx.tags()');
        ctx.say(await alarmState(ctx));
        ctx.say('EstimatedCharges is the total so far this month; for a daily or forecast limit, use AWS Budgets.');
      },
    },
    {
      id: 'test',
      title: 'Test it: set the alarm off and see the notification arrive',
      command:
        'aws cloudwatch set-alarm-state --alarm-name billing-over-10-usd --state-value OK --state-reason "Resetting before the test" --region us-east-1 && ' +
        'aws cloudwatch set-alarm-state --alarm-name billing-over-10-usd --state-value ALARM --state-reason "Testing the billing alarm" --region us-east-1 && ' +
        'aws sqs receive-message --queue-url <queue-url> --wait-time-seconds 10 --region us-east-1',
      hint:
        'SetAlarmStateCommand with AlarmName, StateValue "ALARM" and StateReason testReason(tag); then ReceiveMessageCommand on the queue with ' +
        'WaitTimeSeconds (long polling: the call waits up to that long for a message instead of answering empty at once).',
      async run(ctx) {
        const tag = newTestTag();
        // An alarm runs its ALARM actions only on a change into ALARM: set it OK first (no OK actions, so no message).
        await ctx.clients.cloudwatch.send(new SetAlarmStateCommand({ AlarmName: ALARM_NAME, StateValue: 'OK', StateReason: 'Resetting before the test' }));
        todo('send a SetAlarmStateCommand with ctx.clients.cloudwatch: AlarmName ALARM_NAME, StateValue "ALARM", StateReason testReason(tag)');
        const started = Date.now();
        while (Date.now() - started < notificationWaitMs(ctx)) {
          const { Messages = [] } = todo('send a ReceiveMessageCommand with ctx.clients.sqs: QueueUrl ctx.outputs.queueUrl, WaitTimeSeconds 10, MaxNumberOfMessages 10, VisibilityTimeout 5');
          const notification = await takeTestNotification(ctx, ctx.outputs.queueUrl, Messages, ALARM_NAME, tag);
          if (notification) {
            ctx.say(`after ${Date.now() - started} ms: ${notification.alarmName} went ${notification.newState} ("${notification.reason}"); message deleted`);
            if (!ctx.isLocal && ctx.options.email) ctx.say(`a confirmed email subscription gets the same alert at ${ctx.options.email}`);
            return;
          }
        }
        throw new Error(
          `No notification reached ${QUEUE_NAME} within ${notificationWaitMs(ctx) / 1000} s. Check that the alarm's action is the topic, ` +
            'that actions are enabled (aws cloudwatch enable-alarm-actions), and that the queue is subscribed and its policy allows the topic.',
        );
      },
    },
  ],
});
