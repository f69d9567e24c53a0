// CloudWatch alarms, found by their lab tag (DescribeAlarms answers no tags, so each alarm's are read on their own).
// PutMetricAlarm both creates and updates: a rerun with other settings updates the alarm in place, and says what changed.
import {
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  ListTagsForResourceCommand,
  type MetricAlarm,
  paginateDescribeAlarms,
  PutMetricAlarmCommand,
  type PutMetricAlarmCommandInput,
  type PutMetricAlarmCommandOutput,
  TagResourceCommand,
} from '@aws-sdk/client-cloudwatch';
import type { Clients } from '../clients.js';
import { convergeNamed, type Difference } from '../converge/named.js';
import { untagged } from '../converge/problem.js';
import { rule } from '../converge/rule.js';
import { labOf, LAB_TAG } from '../tags.js';
import type { FoundResource, ResourceKind } from './kind.js';

const putMetricAlarm = rule<PutMetricAlarmCommandInput>('cloudwatch', 'PutMetricAlarmCommand', (call) =>
  convergeNamed<PutMetricAlarmCommandInput, MetricAlarm, PutMetricAlarmCommandOutput>(
    {
      kind: 'cloudwatch:alarm',
      what: 'CloudWatch alarm',
      nameOf: (input) => input.AlarmName ?? '',
      validate(input, { labId }) {
        if (labOf(input.Tags) !== labId) throw untagged('PutMetricAlarm', labId, 'Tags: ctx.tags()');
      },
      find: (c, name) => findAlarm(c.clients, name),
      idOf: (alarm) => alarm.AlarmArn ?? '',
      isOurs: async (c, alarm) => (await alarmLab(c.clients, alarm.AlarmArn ?? '')) === c.labId,
      adoptOrDelete: (c, alarm) => ({
        tag: `aws cloudwatch tag-resource --resource-arn ${alarm.AlarmArn} --tags Key=${LAB_TAG},Value=${c.labId} --region ${c.region}`,
        remove: `aws cloudwatch delete-alarms --alarm-names ${alarm.AlarmName} --region ${c.region}`,
      }),
      differences: async (c, alarm) => alarmDifferences(alarm, c.input),
      // A put with the same name replaces every setting; it ignores Tags on an existing alarm, so they are set too.
      update: async (c) => {
        await c.clients.cloudwatch.send(new PutMetricAlarmCommand(c.input));
        await tagAlarm(c.clients, c.input);
      },
      remove: async (c, alarm) => void (await c.clients.cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: [alarm.AlarmName ?? ''] }))),
      create: async (c) => {
        const answer = await c.once.cloudwatch.send(new PutMetricAlarmCommand(c.input));
        await tagAlarm(c.clients, c.input); // LocalStack ignores Tags on PutMetricAlarm
        return answer;
      },
      answer: async () => ({ $metadata: {} }),
      idInAnswer: () => '',
    },
    call,
  ),
);

const alarms: ResourceKind = {
  kind: 'cloudwatch:alarm',
  global: false,
  order: 20,
  async findTagged(ctx) {
    const all: MetricAlarm[] = [];
    for await (const page of paginateDescribeAlarms({ client: ctx.clients.cloudwatch }, { AlarmTypes: ['MetricAlarm'] })) all.push(...(page.MetricAlarms ?? []));
    const labelled = await Promise.all(all.map(async (alarm) => ({ alarm, lab: await alarmLab(ctx.clients, alarm.AlarmArn ?? '') })));
    return labelled.flatMap(({ alarm, lab }): FoundResource[] =>
      lab && alarm.AlarmName ? [{ kind: 'cloudwatch:alarm', id: alarm.AlarmName, name: alarm.AlarmName, lab }] : [],
    );
  },
  async remove(ctx, alarm) {
    // DeleteAlarms answers success for a name that does not exist.
    await ctx.clients.cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: [alarm.id] }));
  },
  rules: [putMetricAlarm],
};

export const cloudwatchKinds: ResourceKind[] = [alarms];

export async function findAlarm(clients: Clients, name: string): Promise<MetricAlarm | undefined> {
  const { MetricAlarms = [] } = await clients.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [name] }));
  return MetricAlarms[0];
}

async function alarmLab(clients: Clients, arn: string): Promise<string | undefined> {
  if (!arn) return undefined;
  try {
    return labOf((await clients.cloudwatch.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags);
  } catch (error) {
    if (error instanceof Error && /ResourceNotFound/.test(error.name)) return undefined;
    throw error;
  }
}

async function tagAlarm(clients: Clients, input: PutMetricAlarmCommandInput): Promise<void> {
  const alarm = await findAlarm(clients, input.AlarmName ?? '');
  if (alarm?.AlarmArn && input.Tags?.length) await clients.cloudwatch.send(new TagResourceCommand({ ResourceARN: alarm.AlarmArn, Tags: input.Tags }));
}

/** The settings the request names that the alarm does not have; all of them change in place. */
function alarmDifferences(alarm: MetricAlarm, input: PutMetricAlarmCommandInput): Difference[] {
  const show = (value: unknown): string => (value === undefined ? '(unset)' : Array.isArray(value) ? value.map(show).join(', ') || '(none)' : typeof value === 'object' && value !== null ? dimension(value) : String(value));
  const fields = ['Namespace', 'MetricName', 'Statistic', 'Period', 'EvaluationPeriods', 'Threshold', 'ComparisonOperator', 'TreatMissingData', 'DatapointsToAlarm'] as const;
  const differences: Difference[] = fields
    .filter((field) => input[field] !== undefined && input[field] !== alarm[field])
    .map((field) => ({ what: label(field), have: show(alarm[field]), want: show(input[field]), inPlace: true }));
  const lists = [
    ['Dimensions', (alarm.Dimensions ?? []).map(dimension), (input.Dimensions ?? []).map(dimension)],
    ['AlarmActions', alarm.AlarmActions ?? [], input.AlarmActions ?? []],
    ['OKActions', alarm.OKActions ?? [], input.OKActions ?? []],
  ] as const;
  for (const [field, have, want] of lists) {
    if ([...have].sort().join() !== [...want].sort().join()) differences.push({ what: label(field), have: show(have), want: show(want), inPlace: true });
  }
  const enabled = input.ActionsEnabled ?? true;
  if ((alarm.ActionsEnabled ?? true) !== enabled) differences.push({ what: 'actions enabled', have: String(alarm.ActionsEnabled), want: String(enabled), inPlace: true });
  return differences;
}

function dimension(d: object): string {
  const { Name, Value } = d as { Name?: string; Value?: string };
  return `${Name}=${Value}`;
}

/** `EvaluationPeriods` → `evaluation periods`, as the student reads it. */
function label(field: string): string {
  return field.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
