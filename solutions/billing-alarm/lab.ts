// Lab `billing-alarm`, completed: a topic, a queue subscribed to it, an alarm on the estimated charges that notifies
// the topic above 10 USD, and a test that sees the notification arrive. Run it with `npx lab run billing-alarm --solution`.
import { type MetricAlarm, PutMetricAlarmCommand, SetAlarmStateCommand, TagResourceCommand } from '@aws-sdk/client-cloudwatch';
import { CreateTopicCommand, SubscribeCommand, type Subscription } from '@aws-sdk/client-sns';
import { CreateQueueCommand, QueueDeletedRecently, ReceiveMessageCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { defineLab, type LabContext } from '../../lab-runner/lab.js';
import { notMadeByLab } from '../../lab-runner/ownership.js';
import {
  alarmIsTagged,
  findAlarm,
  findQueueUrl,
  findTopicArn,
  queueAttributes,
  queueIsTagged,
  topicIsTagged,
  topicSubscriptions,
} from '../../labs/billing-alarm/lookups.js';
import { ALARM_NAME, alarmDifferences, BILLING_REGION, QUEUE_NAME, queuePolicy, TOPIC_NAME } from '../../labs/billing-alarm/spec.js';
import { newTestTag, notificationWaitMs, takeTestNotification, testReason } from '../../labs/billing-alarm/test-notification.js';

export default defineLab({
  id: 'billing-alarm',
  title: 'Billing alarm: hear about charges before the bill does',
  lesson: '04-billing-alarm',
  goal:
    'Make AWS tell you when your month-to-date charges pass 10 USD. Create an SNS topic, an SQS queue subscribed to it ' +
    '(and your email address on a real account), and a CloudWatch alarm on the AWS/Billing EstimatedCharges metric that ' +
    'notifies the topic. Then set the alarm off on purpose and watch its notification arrive in the queue. Billing metrics ' +
    'exist only in us-east-1, so this lab always works there, whatever your default region. On a real account, switch on ' +
    'billing alerts first (Billing and Cost Management console → Billing preferences → Alert preferences → "Receive ' +
    'CloudWatch billing alerts"), or the metric never appears. EstimatedCharges is the total so far this month, not a ' +
    'daily figure: for a daily or forecast limit, use AWS Budgets.',
  region: { fixed: BILLING_REGION },
  requires: [],
  cost: 'Free within the AWS Free Tier (10 CloudWatch alarms, 1,000 SNS emails and 1 million SQS requests a month); beyond it about 0.10 USD a month for the alarm.',
  localNote:
    'LocalStack has no billing data, so the alarm never goes off by itself (it stays INSUFFICIENT_DATA until the test sets it), ' +
    'it sends no email, and it does not enforce the queue policy (AWS drops messages the policy does not allow).',
  steps: [
    {
      title: 'Create the SNS topic billing-alerts',
      command: 'aws sns create-topic --name billing-alerts --tags Key=workbook:lab,Value=billing-alarm --region us-east-1',
      hint: 'CreateTopicCommand on ctx.clients.sns with Name and Tags: ctx.tags(). It answers the TopicArn, which the alarm will notify.',
      async run(ctx) {
        const existing = await findTopicArn(ctx, TOPIC_NAME);
        if (existing) {
          if (!(await topicIsTagged(ctx, existing))) {
            throw notMadeByLab({
              what: `SNS topic ${TOPIC_NAME}`,
              labId: ctx.labId,
              tagCommand: `aws sns tag-resource --resource-arn ${existing} --tags Key=workbook:lab,Value=${ctx.labId} --region ${ctx.region}`,
              deleteCommand: `aws sns delete-topic --topic-arn ${existing} --region ${ctx.region}`,
            });
          }
          ctx.say('the topic exists already: reused');
          ctx.output('topic', existing);
          return;
        }
        const { TopicArn = '' } = await ctx.clients.sns.send(new CreateTopicCommand({ Name: TOPIC_NAME, Tags: ctx.tags() }));
        ctx.output('topic', TopicArn);
      },
    },
    {
      title: 'Create the SQS queue billing-alerts-inbox',
      command: 'aws sqs create-queue --queue-name billing-alerts-inbox --tags workbook:lab=billing-alarm --region us-east-1',
      hint: 'CreateQueueCommand on ctx.clients.sqs with QueueName and tags (SQS takes tags as an object: { "workbook:lab": ctx.labId }). It answers the QueueUrl.',
      async run(ctx) {
        let queueUrl = await findQueueUrl(ctx, QUEUE_NAME);
        if (queueUrl) {
          if (!(await queueIsTagged(ctx, queueUrl))) {
            throw notMadeByLab({
              what: `SQS queue ${QUEUE_NAME}`,
              labId: ctx.labId,
              tagCommand: `aws sqs tag-queue --queue-url ${queueUrl} --tags workbook:lab=${ctx.labId} --region ${ctx.region}`,
              deleteCommand: `aws sqs delete-queue --queue-url ${queueUrl} --region ${ctx.region}`,
            });
          }
          ctx.say('the queue exists already: reused');
        } else {
          try {
            const tags = Object.fromEntries(ctx.tags().map((t) => [t.Key, t.Value]));
            ({ QueueUrl: queueUrl } = await ctx.clients.sqs.send(new CreateQueueCommand({ QueueName: QUEUE_NAME, tags })));
          } catch (error) {
            if (error instanceof QueueDeletedRecently) throw queueDeletedRecently();
            throw error;
          }
        }
        ctx.output('queue', queueUrl ?? '');
        ctx.output('queueArn', (await queueAttributes(ctx, queueUrl ?? '')).arn);
      },
    },
    {
      title: 'Let the topic send to the queue',
      command: 'aws sqs set-queue-attributes --queue-url <queue-url> --attributes file://queue-policy.json --region us-east-1',
      hint:
        'SetQueueAttributesCommand with Attributes: { Policy: queuePolicy(queueArn, topicArn) }. A queue accepts messages from another service ' +
        'only when its policy says so; this one allows sns.amazonaws.com to sqs:SendMessage, and only for your topic (aws:SourceArn).',
      async run(ctx) {
        const policy = queuePolicy(ctx.outputs.queueArn, ctx.outputs.topic);
        await ctx.clients.sqs.send(new SetQueueAttributesCommand({ QueueUrl: ctx.outputs.queue, Attributes: { Policy: policy } }));
        ctx.say(`the queue accepts sqs:SendMessage from sns.amazonaws.com when the source is ${ctx.outputs.topic}`);
      },
    },
    {
      title: 'Subscribe the queue (and your email) to the topic',
      command: 'aws sns subscribe --topic-arn <topic-arn> --protocol sqs --notification-endpoint <queue-arn> --region us-east-1',
      hint:
        'SubscribeCommand with TopicArn, Protocol "sqs", Endpoint: the queue ARN (not its URL), and ReturnSubscriptionArn: true. ' +
        'A queue in your own account is confirmed at once; an email address must click the link AWS sends it.',
      async run(ctx) {
        const topicArn = ctx.outputs.topic;
        const subscriptions = await topicSubscriptions(ctx, topicArn);
        if (subscriptions.some((s) => s.Protocol === 'sqs' && s.Endpoint === ctx.outputs.queueArn)) {
          ctx.say(`${QUEUE_NAME} is subscribed already: reused`);
        } else {
          const { SubscriptionArn } = await ctx.clients.sns.send(
            new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: ctx.outputs.queueArn, ReturnSubscriptionArn: true }),
          );
          ctx.say(`subscribed ${QUEUE_NAME}: ${SubscriptionArn}`);
        }
        await subscribeEmail(ctx, topicArn, subscriptions);
      },
    },
    {
      title: 'Create the alarm billing-over-10-usd',
      command:
        'aws cloudwatch put-metric-alarm --alarm-name billing-over-10-usd --namespace AWS/Billing --metric-name EstimatedCharges ' +
        '--dimensions Name=Currency,Value=USD --statistic Maximum --period 21600 --evaluation-periods 1 --threshold 10 ' +
        '--comparison-operator GreaterThanThreshold --alarm-actions <topic-arn> --tags Key=workbook:lab,Value=billing-alarm --region us-east-1',
      hint:
        'PutMetricAlarmCommand on ctx.clients.cloudwatch: Namespace "AWS/Billing", MetricName "EstimatedCharges", Dimensions [{ Name: "Currency", Value: "USD" }], ' +
        'Statistic "Maximum", Period 21600 (six hours: the metric is updated a few times a day), EvaluationPeriods 1, Threshold 10, ' +
        'ComparisonOperator "GreaterThanThreshold", AlarmActions [the topic ARN], Tags ctx.tags().',
      async run(ctx) {
        const topicArn = ctx.outputs.topic;
        const existing = await findAlarm(ctx.clients.cloudwatch);
        if (existing) {
          await assertReusable(ctx, existing, topicArn);
          ctx.say('the alarm exists with the right settings: reused');
        } else {
          await ctx.clients.cloudwatch.send(
            new PutMetricAlarmCommand({
              AlarmName: ALARM_NAME,
              AlarmDescription: 'Month-to-date estimated charges are above 10 USD',
              Namespace: 'AWS/Billing',
              MetricName: 'EstimatedCharges',
              Dimensions: [{ Name: 'Currency', Value: 'USD' }],
              Statistic: 'Maximum',
              Period: 21_600,
              EvaluationPeriods: 1,
              Threshold: 10,
              ComparisonOperator: 'GreaterThanThreshold',
              AlarmActions: [topicArn],
              Tags: ctx.tags(),
            }),
          );
        }
        const alarm = await findAlarm(ctx.clients.cloudwatch);
        // PutMetricAlarm ignores Tags when it updates an alarm, and LocalStack ignores them always: tag it explicitly.
        await ctx.clients.cloudwatch.send(new TagResourceCommand({ ResourceARN: alarm?.AlarmArn, Tags: ctx.tags() }));
        ctx.output('alarm', alarm?.AlarmArn ?? '');
        ctx.say(`state ${alarm?.StateValue}: ${alarm?.StateReason}`);
        ctx.say(
          ctx.isLocal
            ? 'LocalStack has no billing data: only a test, like the next step, changes the state of this alarm.'
            : 'No data yet? Switch on billing alerts: Billing and Cost Management → Billing preferences → Alert preferences → Receive CloudWatch billing alerts.',
        );
        ctx.say('EstimatedCharges is the total so far this month; for a daily or forecast limit, use AWS Budgets.');
      },
    },
    {
      title: 'Test it: set the alarm off and see the notification arrive',
      command:
        'aws cloudwatch set-alarm-state --alarm-name billing-over-10-usd --state-value ALARM --state-reason "Testing the billing alarm" --region us-east-1 && ' +
        'aws sqs receive-message --queue-url <queue-url> --wait-time-seconds 20 --region us-east-1',
      hint:
        'SetAlarmStateCommand with AlarmName, StateValue "ALARM" and StateReason testReason(tag); then ReceiveMessageCommand on the queue with ' +
        'WaitTimeSeconds (long polling: the call waits up to that long for a message instead of answering empty at once).',
      async run(ctx) {
        const tag = newTestTag();
        // An alarm runs its ALARM actions only on a change into ALARM: set it OK first (no OK actions, so no message).
        await ctx.clients.cloudwatch.send(new SetAlarmStateCommand({ AlarmName: ALARM_NAME, StateValue: 'OK', StateReason: 'Resetting before the test' }));
        await ctx.clients.cloudwatch.send(new SetAlarmStateCommand({ AlarmName: ALARM_NAME, StateValue: 'ALARM', StateReason: testReason(tag) }));
        const started = Date.now();
        while (Date.now() - started < notificationWaitMs(ctx)) {
          const { Messages = [] } = await ctx.clients.sqs.send(
            new ReceiveMessageCommand({ QueueUrl: ctx.outputs.queue, WaitTimeSeconds: 10, MaxNumberOfMessages: 10, VisibilityTimeout: 5 }),
          );
          const notification = await takeTestNotification(ctx, ctx.outputs.queue, Messages, ALARM_NAME, tag);
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

function queueDeletedRecently(): Error {
  return new Error(`${QUEUE_NAME} was deleted less than a minute ago (a reset?). SQS reuses a name only 60 seconds after a delete: wait a minute and run the lab again.`);
}

async function subscribeEmail(ctx: LabContext, topicArn: string, subscriptions: Subscription[]): Promise<void> {
  const email = ctx.options.email;
  if (!email) {
    if (!ctx.isLocal) ctx.say('to be emailed as well, run the lab again with --email you@example.com');
    return;
  }
  if (ctx.isLocal) {
    ctx.say(`LocalStack delivers no email, so ${email} is not subscribed here; on AWS, --email subscribes it`);
    return;
  }
  const existing = subscriptions.find((s) => s.Protocol === 'email' && s.Endpoint === email);
  if (existing && existing.SubscriptionArn !== 'PendingConfirmation') {
    ctx.say(`${email} is subscribed and confirmed already`);
    return;
  }
  if (!existing) await ctx.clients.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'email', Endpoint: email }));
  ctx.say(`AWS sent a confirmation email to ${email}: open it and choose "Confirm subscription"; until then nothing is emailed`);
}

async function assertReusable(ctx: LabContext, alarm: MetricAlarm, topicArn: string): Promise<void> {
  if (!(await alarmIsTagged(ctx, alarm))) {
    throw notMadeByLab({
      what: `CloudWatch alarm ${ALARM_NAME}`,
      labId: ctx.labId,
      tagCommand: `aws cloudwatch tag-resource --resource-arn ${alarm.AlarmArn} --tags Key=workbook:lab,Value=${ctx.labId} --region ${ctx.region}`,
      deleteCommand: `aws cloudwatch delete-alarms --alarm-names ${ALARM_NAME} --region ${ctx.region}`,
    });
  }
  const differences = alarmDifferences(alarm, topicArn);
  if (differences.length > 0) {
    throw new Error(
      `Alarm ${ALARM_NAME} exists, but its ${differences.join('; ')}. Fix it (put-metric-alarm with the same name replaces its settings) ` +
        `or start over with \`npx lab reset ${ctx.labId}\`.`,
    );
  }
}
