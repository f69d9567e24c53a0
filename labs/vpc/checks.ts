// Checks for `vpc`: they read the live network by Name and lab tag and never trust the lab's outputs.
import {
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  type IpPermission,
  type RouteTable,
  type Subnet,
  type Vpc,
} from '@aws-sdk/client-ec2';
import { type CheckOutcome, defineChecks, expect, fail, type LabContext } from '../../lab-runner/lab.js';
import { findInternetGatewayByName, findRouteTableByName, findSecurityGroupByName, findVpcByName } from '../../lab-runner/lookup.js';
import { LAB_TAG, nameTag } from '../../lab-runner/tags.js';
import { ANYWHERE, IGW_NAME, PLANNED_SUBNETS, PRIVATE_SUBNETS, PUBLIC_RT_NAME, PUBLIC_SUBNETS, VPC_CIDR, VPC_NAME, WEB_PORTS, WEB_SG_NAME } from './spec.js';

const PUBLIC: string[] = PUBLIC_SUBNETS;
const PRIVATE: string[] = PRIVATE_SUBNETS;
// DescribeInternetGateways says "available" for an attached gateway, though the SDK's type lists only "attached".
const ATTACHED = ['available', 'attached'];

export default defineChecks([
  {
    id: 'vpc-cidr',
    title: 'The VPC app-vpc exists with the address range 10.1.0.0/16, and only that',
    run: (ctx) =>
      withVpc(ctx, async (vpc) => {
        const ranges = (vpc.CidrBlockAssociationSet ?? [])
          .filter((a) => ['associated', 'associating'].includes(a.CidrBlockState?.State ?? 'associated'))
          .map((a) => a.CidrBlock ?? '');
        const ok = vpc.CidrBlock === VPC_CIDR && ranges.every((r) => r === VPC_CIDR);
        return expect(ok, `app-vpc (${vpc.VpcId}) has ${ranges.join(', ') || vpc.CidrBlock}${ok ? '' : `; expected ${VPC_CIDR} only`}`);
      }),
  },
  {
    id: 'vpc-dns',
    title: 'app-vpc has DNS support and DNS hostnames turned on',
    run: (ctx) =>
      withVpc(ctx, async (vpc) => {
        const ec2 = ctx.clients.ec2;
        const support = await ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpc.VpcId, Attribute: 'enableDnsSupport' }));
        const hostnames = await ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpc.VpcId, Attribute: 'enableDnsHostnames' }));
        const on = (value: boolean | undefined) => (value ? 'on' : 'off');
        return expect(
          Boolean(support.EnableDnsSupport?.Value && hostnames.EnableDnsHostnames?.Value),
          `DNS support ${on(support.EnableDnsSupport?.Value)}, DNS hostnames ${on(hostnames.EnableDnsHostnames?.Value)}`,
        );
      }),
  },
  {
    id: 'subnet-cidrs',
    title: 'app-vpc has the subnets public-a 10.1.1.0/24, public-b 10.1.2.0/24, private-a 10.1.3.0/24 and private-b 10.1.4.0/24',
    run: (ctx) =>
      withSubnets(ctx, async (subnets) => {
        const seen = Object.entries(PLANNED_SUBNETS).map(([name, cidr]) => {
          const subnet = subnets.get(name);
          if (!subnet) return { ok: false, text: `${name} missing` };
          return { ok: subnet.CidrBlock === cidr, text: `${name} ${subnet.CidrBlock}${subnet.CidrBlock === cidr ? '' : ` (expected ${cidr})`}` };
        });
        return expect(seen.every((s) => s.ok), seen.map((s) => s.text).join(', '));
      }),
  },
  {
    id: 'public-azs',
    title: 'The public subnets public-a and public-b are in two different availability zones',
    run: (ctx) => withSubnets(ctx, async (subnets) => twoZones(subnets, PUBLIC)),
  },
  {
    id: 'private-azs',
    title: 'The private subnets private-a and private-b are in two different availability zones',
    run: (ctx) => withSubnets(ctx, async (subnets) => twoZones(subnets, PRIVATE)),
  },
  {
    id: 'igw-attached',
    title: 'The internet gateway app-igw is attached to app-vpc',
    run: (ctx) =>
      withVpc(ctx, async (vpc) => {
        const gateway = await findInternetGatewayByName(ctx, IGW_NAME, { lab: ctx.labId });
        if (!gateway) return fail(`no internet gateway named app-igw tagged ${LAB_TAG}=${ctx.labId}`);
        const attached = (gateway.Attachments ?? []).filter((a) => ATTACHED.includes(String(a.State))).map((a) => a.VpcId);
        return expect(
          attached.includes(vpc.VpcId),
          `app-igw (${gateway.InternetGatewayId}) is attached to ${attached.join(', ') || 'no VPC'}${attached.includes(vpc.VpcId) ? ' (app-vpc)' : `; app-vpc is ${vpc.VpcId}`}`,
        );
      }),
  },
  {
    id: 'public-route',
    title: 'The route table public-rt sends 0.0.0.0/0 to app-igw and is associated with public-a and public-b',
    run: (ctx) =>
      withSubnets(ctx, async (subnets, vpc) => {
        const table = await findRouteTableByName(ctx, PUBLIC_RT_NAME, { lab: ctx.labId, vpcId: vpc.VpcId });
        if (!table) return fail(`no route table named public-rt tagged ${LAB_TAG}=${ctx.labId} in app-vpc`);
        const gateway = await findInternetGatewayByName(ctx, IGW_NAME, { lab: ctx.labId });
        const target = defaultRouteTarget(table);
        const associated = new Set((table.Associations ?? []).map((a) => a.SubnetId));
        const unassociated = PUBLIC.filter((name) => !associated.has(subnets.get(name)?.SubnetId));
        const routeOk = gateway !== undefined && target === gateway.InternetGatewayId;
        const routeText = target ? `0.0.0.0/0 → ${target}${routeOk ? ' (app-igw)' : ''}` : 'no route for 0.0.0.0/0';
        const assocText = unassociated.length === 0 ? 'associated with public-a and public-b' : `not associated with ${unassociated.join(' and ')}`;
        return expect(routeOk && unassociated.length === 0, `${routeText}${routeOk || !gateway ? '' : `, app-igw is ${gateway.InternetGatewayId}`}; ${assocText}`);
      }),
  },
  {
    id: 'private-no-igw',
    title: 'No private subnet\'s route table (its own or the VPC\'s main one) has a route to an internet gateway',
    run: (ctx) =>
      withSubnets(ctx, async (subnets, vpc) => {
        const seen = await Promise.all(
          PRIVATE.map(async (name) => {
            const subnet = subnets.get(name);
            if (!subnet) return { ok: false, text: `${name} missing` };
            const table = await routeTableOf(ctx, vpc, subnet);
            const gateways = (table?.Routes ?? []).filter((r) => r.GatewayId?.startsWith('igw-')).map((r) => `${r.DestinationCidrBlock} → ${r.GatewayId}`);
            const which = `${table?.RouteTableId ?? 'no route table'}${isMain(table) ? ' (main)' : ''}`;
            return { ok: gateways.length === 0, text: `${name} uses ${which}${gateways.length ? ` with ${gateways.join(', ')}` : ', local only'}` };
          }),
        );
        return expect(seen.every((s) => s.ok), seen.map((s) => s.text).join('; '));
      }),
  },
  {
    id: 'public-ip-on-launch',
    title: 'Instances launched in the public subnets get a public IPv4 address, in the private ones they do not',
    run: (ctx) =>
      withSubnets(ctx, async (subnets) => {
        const seen = [...PUBLIC, ...PRIVATE].map((name) => {
          const subnet = subnets.get(name);
          const wanted = PUBLIC.includes(name);
          if (!subnet) return { ok: false, text: `${name} missing` };
          const actual = Boolean(subnet.MapPublicIpOnLaunch);
          return { ok: actual === wanted, text: `${name} ${actual ? 'on' : 'off'}${actual === wanted ? '' : ` (expected ${wanted ? 'on' : 'off'})`}` };
        });
        return expect(seen.every((s) => s.ok), seen.map((s) => s.text).join(', '));
      }),
  },
  {
    id: 'web-sg-inbound',
    title: 'The security group web-sg lets in TCP 80 and 443 from anywhere, and nothing else',
    run: (ctx) =>
      withVpc(ctx, async (vpc) => {
        const group = await findSecurityGroupByName(ctx, WEB_SG_NAME, { lab: ctx.labId, vpcId: vpc.VpcId });
        if (!group) return fail(`no security group web-sg tagged ${LAB_TAG}=${ctx.labId} in app-vpc`);
        const { open, extra } = inbound(group.IpPermissions ?? []);
        const missing = WEB_PORTS.filter((p) => !open.includes(p));
        const problems = [...missing.map((p) => `port ${p} is not open to ${ANYWHERE}`), ...extra.map((e) => `also lets in ${e}`)];
        return expect(problems.length === 0, problems.length ? problems.join('; ') : `inbound: tcp 80 and 443 from ${ANYWHERE} only`);
      }),
  },
]);

async function withVpc(ctx: LabContext, check: (vpc: Vpc) => Promise<CheckOutcome>): Promise<CheckOutcome> {
  const vpc = await findVpcByName(ctx, VPC_NAME, { lab: ctx.labId });
  if (!vpc) return fail(`no VPC named app-vpc tagged ${LAB_TAG}=${ctx.labId} in ${ctx.region}: run the lab first`);
  return check(vpc);
}

/** The lab's subnets in app-vpc, by Name. */
async function withSubnets(ctx: LabContext, check: (subnets: Map<string, Subnet>, vpc: Vpc) => Promise<CheckOutcome>): Promise<CheckOutcome> {
  return withVpc(ctx, async (vpc) => {
    const { Subnets = [] } = await ctx.clients.ec2.send(
      new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.VpcId ?? ''] }, { Name: `tag:${LAB_TAG}`, Values: [ctx.labId] }] }),
    );
    const byName = new Map<string, Subnet>();
    for (const subnet of Subnets) {
      const name = nameTag(subnet.Tags) ?? '';
      if (byName.has(name)) return fail(`two subnets are named ${name} in app-vpc: ${byName.get(name)?.SubnetId} and ${subnet.SubnetId}`);
      byName.set(name, subnet);
    }
    return check(byName, vpc);
  });
}

function twoZones(subnets: Map<string, Subnet>, names: string[]): CheckOutcome {
  const missing = names.filter((name) => !subnets.has(name));
  if (missing.length > 0) return fail(`${missing.join(' and ')} missing`);
  const zones = names.map((name) => subnets.get(name)?.AvailabilityZone);
  const detail = names.map((name, i) => `${name} in ${zones[i]}`).join(', ');
  return expect(new Set(zones).size === names.length, new Set(zones).size === names.length ? detail : `${detail}: one zone going down takes both`);
}

function defaultRouteTarget(table: RouteTable): string | undefined {
  const route = (table.Routes ?? []).find((r) => r.DestinationCidrBlock === ANYWHERE);
  return route ? (route.GatewayId ?? route.NatGatewayId ?? route.NetworkInterfaceId ?? route.TransitGatewayId ?? 'another target') : undefined;
}

/** A subnet without an explicit association uses its VPC's main route table. */
async function routeTableOf(ctx: LabContext, vpc: Vpc, subnet: Subnet): Promise<RouteTable | undefined> {
  const explicit = await ctx.clients.ec2.send(
    new DescribeRouteTablesCommand({ Filters: [{ Name: 'association.subnet-id', Values: [subnet.SubnetId ?? ''] }] }),
  );
  if (explicit.RouteTables?.length) return explicit.RouteTables[0];
  const main = await ctx.clients.ec2.send(
    new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.VpcId ?? ''] }, { Name: 'association.main', Values: ['true'] }] }),
  );
  return main.RouteTables?.[0];
}

function isMain(table: RouteTable | undefined): boolean {
  return (table?.Associations ?? []).some((a) => a.Main);
}

/** Web ports open to 0.0.0.0/0, and every other port or source let in (::/0 on a web port is fine too). */
function inbound(rules: IpPermission[]): { open: number[]; extra: string[] } {
  const isWebPort = (r: IpPermission) => r.IpProtocol === 'tcp' && r.FromPort === r.ToPort && WEB_PORTS.includes(r.FromPort ?? -1);
  const extra = rules.flatMap((r) => {
    const port = r.IpProtocol === '-1' ? 'all traffic' : `${r.IpProtocol} ${r.FromPort === r.ToPort ? r.FromPort : `${r.FromPort}-${r.ToPort}`}`;
    const sources = [
      ...(r.IpRanges ?? []).filter((s) => !(isWebPort(r) && s.CidrIp === ANYWHERE)).map((s) => s.CidrIp),
      ...(r.Ipv6Ranges ?? []).filter((s) => !(isWebPort(r) && s.CidrIpv6 === '::/0')).map((s) => s.CidrIpv6),
      ...(r.UserIdGroupPairs ?? []).map((p) => `group ${p.GroupId}`),
      ...(r.PrefixListIds ?? []).map((p) => `prefix list ${p.PrefixListId}`),
    ];
    return sources.map((source) => `${port} from ${source}`);
  });
  const open = rules.filter((r) => isWebPort(r) && (r.IpRanges ?? []).some((s) => s.CidrIp === ANYWHERE)).map((r) => r.FromPort ?? -1);
  return { open, extra };
}
