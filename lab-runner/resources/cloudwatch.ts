// CloudWatch alarms, found by their lab tag. DescribeAlarms answers no tags, so each alarm's are read on their own.
import { DeleteAlarmsCommand, ListTagsForResourceCommand, paginateDescribeAlarms } from '@aws-sdk/client-cloudwatch';
import type { LabContext } from '../context.js';
import { hasLabTag } from '../tags.js';
import type { FoundResource, ResourceKind } from './kind.js';

const alarms: ResourceKind = {
  kind: 'cloudwatch:alarm',
  order: 20,
  async find(ctx) {
    const all = await allAlarms(ctx);
    const tagged = await Promise.all(
      all.map(async ({ name, arn }): Promise<FoundResource | undefined> => {
        const { Tags } = await ctx.clients.cloudwatch.send(new ListTagsForResourceCommand({ ResourceARN: arn }));
        return hasLabTag(Tags, ctx.labId) ? { kind: 'cloudwatch:alarm', id: name, name } : undefined;
      }),
    );
    return tagged.filter((r): r is FoundResource => r !== undefined);
  },
  async remove(ctx, alarm) {
    try {
      await ctx.clients.cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: [alarm.id] }));
    } catch (error) {
      if (!(error instanceof Error && /ResourceNotFound/.test(error.name))) throw error;
    }
  },
};

async function allAlarms(ctx: LabContext): Promise<{ name: string; arn: string }[]> {
  const found: { name: string; arn: string }[] = [];
  const pages = paginateDescribeAlarms({ client: ctx.clients.cloudwatch }, { AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] });
  for await (const page of pages) {
    for (const alarm of [...(page.MetricAlarms ?? []), ...(page.CompositeAlarms ?? [])]) {
      if (alarm.AlarmName && alarm.AlarmArn) found.push({ name: alarm.AlarmName, arn: alarm.AlarmArn });
    }
  }
  return found;
}

export const cloudwatchKinds: ResourceKind[] = [alarms];
