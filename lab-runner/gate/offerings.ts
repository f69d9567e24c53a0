// Not every zone offers every instance type: on AWS, us-east-1e offers no t3 instances, and a RunInstances there fails
// with `Unsupported`. One zone of each region here does not offer t3.micro — the one LocalStack's own data leaves out
// (us-east-1e), else the region's last — and DescribeInstanceTypeOfferings says so, as AWS advises checking:
// https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-type-offerings.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html (Unsupported)
import { DescribeAvailabilityZonesCommand, DescribeInstanceTypeOfferingsCommand, DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import type { AwsError } from './errors.js';
import type { IdentityStore } from './identity.js';
import type { GateRequest } from './request.js';

export const RESTRICTED_TYPE = 't3.micro';

interface Zones {
  all: string[];
  unoffered: { name: string; id: string };
}

export class Offerings {
  private readonly zones = new Map<string, Promise<Zones>>();

  constructor(private readonly store: IdentityStore) {}

  /** The zone of `region` that does not offer t3.micro. */
  zonesOf(account: string, region: string): Promise<Zones> {
    let found = this.zones.get(region);
    if (!found) {
      found = this.lookUp(account, region);
      this.zones.set(region, found);
      found.catch(() => this.zones.delete(region));
    }
    return found;
  }

  private async lookUp(account: string, region: string): Promise<Zones> {
    const ec2 = this.store.rootClients(account, region).ec2;
    const [zones, offered] = await Promise.all([
      ec2.send(new DescribeAvailabilityZonesCommand({})),
      ec2.send(new DescribeInstanceTypeOfferingsCommand({ LocationType: 'availability-zone', Filters: [{ Name: 'instance-type', Values: [RESTRICTED_TYPE] }] })),
    ]);
    const all = (zones.AvailabilityZones ?? []).map((z) => ({ name: z.ZoneName ?? '', id: z.ZoneId ?? '' }));
    const offeredNames = new Set((offered.InstanceTypeOfferings ?? []).map((o) => o.Location));
    const unoffered = all.find((z) => !offeredNames.has(z.name)) ?? all[all.length - 1] ?? { name: '', id: '' };
    return { all: all.map((z) => z.name), unoffered };
  }

  /** RunInstances of t3.micro in the zone that does not offer it: `Unsupported`, in AWS's words. */
  async check(request: GateRequest, account: string): Promise<AwsError | undefined> {
    if (request.service !== 'ec2' || request.operation !== 'RunInstances' || request.params.InstanceType !== RESTRICTED_TYPE) return undefined;
    const zone = await this.zoneOfLaunch(request, account);
    if (!zone) return undefined;
    const zones = await this.zonesOf(account, request.region);
    if (zone !== zones.unoffered.name) return undefined;
    const others = zones.all.filter((z) => z !== zone).join(', ');
    return {
      status: 400,
      code: 'Unsupported',
      message: `Your requested instance type (${RESTRICTED_TYPE}) is not supported in your requested Availability Zone (${zone}). Please retry your request by not specifying an Availability Zone or choosing ${others}.`,
    };
  }

  private async zoneOfLaunch(request: GateRequest, account: string): Promise<string | undefined> {
    const p = request.params;
    if (p['Placement.AvailabilityZone']) return p['Placement.AvailabilityZone'];
    const subnet = p.SubnetId ?? p['NetworkInterface.1.SubnetId'];
    if (!subnet) return undefined;
    const found = await this.store.rootClients(account, request.region).ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnet] })).catch(() => undefined);
    return found?.Subnets?.[0]?.AvailabilityZone;
  }

  /** Takes t3.micro in the unoffered zone out of a DescribeInstanceTypeOfferings answer. */
  async filter(request: GateRequest, account: string, answer: string): Promise<string> {
    const zones = await this.zonesOf(account, request.region);
    const { name, id } = zones.unoffered;
    return answer.replace(/<item>\s*<instanceType>([^<]*)<\/instanceType>\s*<locationType>([^<]*)<\/locationType>\s*<location>([^<]*)<\/location>\s*<\/item>/g, (item, type: string, _kind: string, location: string) =>
      type === RESTRICTED_TYPE && (location === name || location === id) ? '' : item,
    );
  }
}
