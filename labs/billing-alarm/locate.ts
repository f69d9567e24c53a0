// Where the lab's alarm is: in us-east-1, or wherever a student made it by mistake. Only the checks look elsewhere.
import { CloudWatchClient, type MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import type { LabContext } from '../../lab-runner/lab.js';
import { findAlarm } from './lookups.js';
import { BILLING_REGION } from './spec.js';

export interface LocatedAlarm {
  alarm: MetricAlarm;
  region: string;
  /** A client in the alarm's own region, to act on it there. */
  client: CloudWatchClient;
}

const located = new WeakMap<LabContext, Promise<LocatedAlarm | undefined>>();

/**
 * The lab's alarm in us-east-1, or else wherever a student may have made it by mistake (their default region first,
 * then every region the account can use), so that a grader can say "it is in eu-west-1" and still judge the rest.
 * Checks of one run share the answer.
 */
export function locateAlarm(ctx: LabContext): Promise<LocatedAlarm | undefined> {
  let answer = located.get(ctx);
  if (!answer) {
    answer = searchRegions(ctx);
    located.set(ctx, answer);
  }
  return answer;
}

async function searchRegions(ctx: LabContext): Promise<LocatedAlarm | undefined> {
  const home = await findAlarm(ctx.clients.cloudwatch);
  if (home) return { alarm: home, region: BILLING_REGION, client: ctx.clients.cloudwatch };
  const regions = [...new Set([ctx.target.region, ...(await accountRegions(ctx))])].filter((r) => r !== BILLING_REGION);
  const found = await Promise.all(
    regions.map(async (region) => {
      const client = new CloudWatchClient({ ...ctx.clientConfig, region });
      try {
        const alarm = await findAlarm(client);
        return alarm ? { alarm, region, client } : undefined;
      } catch {
        return undefined; // a region the account cannot use answers with an error: nothing there
      }
    }),
  );
  return found.find((f) => f !== undefined);
}

async function accountRegions(ctx: LabContext): Promise<string[]> {
  try {
    const { Regions = [] } = await ctx.clients.ec2.send(new DescribeRegionsCommand({}));
    return Regions.map((r) => r.RegionName ?? '').filter(Boolean);
  } catch {
    return [];
  }
}
