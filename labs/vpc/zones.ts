// The two zones the vpc lab builds in: the first two, by name, of the region's available zones that offer the
// instance type the app runs on. Not every zone offers every type
// (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-type-offerings.html), and a subnet cannot move.
import { DescribeAvailabilityZonesCommand, type InstanceTypeOffering } from '@aws-sdk/client-ec2';
import { type LabContext, LabProblem } from '../../lab-runner/lab.js';

export interface Zone {
  /** e.g. `us-east-1a`: what this account calls it. */
  name: string;
  /** e.g. `use1-az6`: the same zone in every account. */
  id: string;
}

/** The first two zones offering the type, from a DescribeInstanceTypeOfferings answer; a problem when there are fewer. */
export async function pickZones(ctx: Pick<LabContext, 'clients' | 'region'>, offerings: InstanceTypeOffering[], instanceType: string): Promise<[Zone, Zone]> {
  const { AvailabilityZones = [] } = await ctx.clients.ec2.send(
    new DescribeAvailabilityZonesCommand({
      Filters: [
        { Name: 'zone-type', Values: ['availability-zone'] },
        { Name: 'state', Values: ['available'] },
      ],
    }),
  );
  // Local Zones the account opted in to are offerings too, but not availability zones of the region.
  const offered = new Set(offerings.filter((o) => o.InstanceType === instanceType).map((o) => o.Location));
  const zones = AvailabilityZones.filter((z) => (z.ZoneType ?? 'availability-zone') === 'availability-zone' && offered.has(z.ZoneName))
    .map((z): Zone => ({ name: z.ZoneName ?? '', id: z.ZoneId ?? '' }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const [first, second] = zones;
  if (!first || !second) {
    const without = AvailabilityZones.map((z) => z.ZoneName ?? '').filter((name) => !offered.has(name));
    throw new LabProblem(
      'TooFewZones',
      `${ctx.region} has ${zones.length} available zone${zones.length === 1 ? '' : 's'} offering ${instanceType} (${zones.map((z) => z.name).join(', ') || 'none'}${without.length ? `; not offered in ${without.join(', ')}` : ''}); this lab needs two.`,
      'Choose another region with --region, for example us-east-1.',
    );
  }
  return [first, second];
}
