// A test of the whole path, alarm → topic → queue: SetAlarmState to ALARM, then the alarm's notification read back
// from the queue. Each test carries a fresh tag in its state reason, so an old notification never passes for a new one.
import { randomBytes } from 'node:crypto';
import { type CloudWatchClient, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { DeleteMessageCommand, type Message, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { LabContext } from '../../lab-runner/lab.js';

const TEST_REASON = 'Workbook test of the billing alarm';

export function newTestTag(): string {
  return randomBytes(4).toString('hex');
}

export function testReason(tag: string): string {
  return `${TEST_REASON} (${tag})`;
}

/** How long to wait for the notification: AWS usually delivers in seconds, LocalStack at once. */
export function notificationWaitMs(ctx: Pick<LabContext, 'isLocal'>): number {
  return ctx.isLocal ? 10_000 : 60_000;
}

export interface AlarmNotification {
  alarmName: string;
  newState: string;
  reason: string;
}

/** The alarm's message inside an SQS message body: wrapped in SNS's JSON envelope, or bare with raw delivery on. */
export function parseAlarmNotification(body: string | undefined): AlarmNotification | undefined {
  try {
    const outer = JSON.parse(body ?? '') as { Type?: string; Message?: string };
    const alarm = (outer.Type === 'Notification' && typeof outer.Message === 'string' ? JSON.parse(outer.Message) : outer) as Record<string, unknown>;
    if (typeof alarm.AlarmName !== 'string') return undefined;
    return { alarmName: alarm.AlarmName, newState: String(alarm.NewStateValue ?? ''), reason: String(alarm.NewStateReason ?? '') };
  } catch {
    return undefined;
  }
}

/**
 * Looks through received messages for the test tagged `tag`. Test notifications of this alarm are deleted (an old one
 * is litter from an earlier test); any other message is left for whoever it is for.
 */
export async function takeTestNotification(ctx: LabContext, queueUrl: string, messages: Message[], alarmName: string, tag: string): Promise<AlarmNotification | undefined> {
  let match: AlarmNotification | undefined;
  for (const message of messages) {
    const notification = parseAlarmNotification(message.Body);
    if (!notification || notification.alarmName !== alarmName || !notification.reason.startsWith(TEST_REASON)) continue;
    await ctx.clients.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
    if (notification.newState === 'ALARM' && notification.reason === testReason(tag)) match = notification;
  }
  return match;
}

/**
 * An alarm sends its ALARM actions only on a change into ALARM, so it is set to OK first (it has no OK actions, so
 * that sends nothing). On AWS the alarm returns to its real state within seconds.
 */
export async function sendTestNotification(cloudwatch: CloudWatchClient, alarmName: string, tag: string): Promise<void> {
  await cloudwatch.send(new SetAlarmStateCommand({ AlarmName: alarmName, StateValue: 'OK', StateReason: `${TEST_REASON}: resetting before the test` }));
  await cloudwatch.send(new SetAlarmStateCommand({ AlarmName: alarmName, StateValue: 'ALARM', StateReason: testReason(tag) }));
}

/** Long-polls the queue until the tagged notification arrives or `waitMs` passes; answers how long it took. */
export async function waitForTestNotification(ctx: LabContext, queueUrl: string, alarmName: string, tag: string, waitMs: number): Promise<number | undefined> {
  const started = Date.now();
  while (Date.now() - started < waitMs) {
    const seconds = Math.max(1, Math.min(20, Math.floor((waitMs - (Date.now() - started)) / 1000)));
    const { Messages = [] } = await ctx.clients.sqs.send(
      // A short visibility timeout: a message that is not ours becomes visible again soon for its real reader.
      new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: seconds, MaxNumberOfMessages: 10, VisibilityTimeout: 5 }),
    );
    if (await takeTestNotification(ctx, queueUrl, Messages, alarmName, tag)) return Date.now() - started;
  }
  return undefined;
}
