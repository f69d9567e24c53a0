import {
  AssociateRouteTableCommand,
  AssociateVpcCidrBlockCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateRouteCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteRouteCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeRouteTablesCommand,
  DescribeVpcsCommand,
  DetachInternetGatewayCommand,
  ModifySubnetAttributeCommand,
  ModifyVpcAttributeCommand,
  type Subnet,
} from '@aws-sdk/client-ec2';
import type { LabContext } from '../../lab-runner/context.js';
import { findInternetGatewayByName, findRouteTableByName, findSecurityGroupByName, findSubnetByName, findVpcByName } from '../../lab-runner/lookup.js';
import { describeLabCycle } from '../support/lab-cycle.js';

async function vpcId(ctx: LabContext): Promise<string> {
  return (await findVpcByName(ctx, 'app-vpc', { lab: 'vpc' }))?.VpcId ?? '';
}

async function subnet(ctx: LabContext, name: string): Promise<Subnet> {
  const found = await findSubnetByName(ctx, name, { lab: 'vpc', vpcId: await vpcId(ctx) });
  if (!found) throw new Error(`${name} not found`);
  return found;
}

async function igwId(ctx: LabContext): Promise<string> {
  return (await findInternetGatewayByName(ctx, 'app-igw', { lab: 'vpc' }))?.InternetGatewayId ?? '';
}

async function publicRtId(ctx: LabContext): Promise<string> {
  return (await findRouteTableByName(ctx, 'public-rt', { lab: 'vpc', vpcId: await vpcId(ctx) }))?.RouteTableId ?? '';
}

/** A subnet's zone cannot change: delete it and make it again, same name, range and tags, in another zone or range. */
async function recreateSubnet(ctx: LabContext, name: string, change: { zoneOf?: string; cidr?: string }): Promise<string> {
  const old = await subnet(ctx, name);
  const zone = change.zoneOf ? (await subnet(ctx, change.zoneOf)).AvailabilityZone : old.AvailabilityZone;
  await ctx.clients.ec2.send(new DeleteSubnetCommand({ SubnetId: old.SubnetId }));
  const { Subnet: made } = await ctx.clients.ec2.send(
    new CreateSubnetCommand({ VpcId: old.VpcId, CidrBlock: change.cidr ?? old.CidrBlock, AvailabilityZone: zone, TagSpecifications: ctx.ec2Tags('subnet', name) }),
  );
  return made?.SubnetId ?? '';
}

describeLabCycle({
  labId: 'vpc',
  account: '000000000201',
  breakers: {
    // A VPC's first range cannot change; a second range is the same mistake seen from outside.
    'vpc-cidr': async (ctx) => {
      await ctx.clients.ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: await vpcId(ctx), CidrBlock: '10.2.0.0/16' }));
    },
    'vpc-dns': async (ctx) => {
      await ctx.clients.ec2.send(new ModifyVpcAttributeCommand({ VpcId: await vpcId(ctx), EnableDnsHostnames: { Value: false } }));
    },
    'subnet-cidrs': async (ctx) => {
      await recreateSubnet(ctx, 'private-b', { cidr: '10.1.5.0/24' });
    },
    'public-azs': async (ctx) => {
      const id = await recreateSubnet(ctx, 'public-b', { zoneOf: 'public-a' });
      await ctx.clients.ec2.send(new ModifySubnetAttributeCommand({ SubnetId: id, MapPublicIpOnLaunch: { Value: true } }));
      await ctx.clients.ec2.send(new AssociateRouteTableCommand({ RouteTableId: await publicRtId(ctx), SubnetId: id }));
    },
    'private-azs': async (ctx) => {
      await recreateSubnet(ctx, 'private-b', { zoneOf: 'private-a' });
    },
    'igw-attached': async (ctx) => {
      await ctx.clients.ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: await igwId(ctx), VpcId: await vpcId(ctx) }));
    },
    'public-route': async (ctx) => {
      await ctx.clients.ec2.send(new DeleteRouteCommand({ RouteTableId: await publicRtId(ctx), DestinationCidrBlock: '0.0.0.0/0' }));
    },
    // The private subnets have no table of their own: a default route in the VPC's main table reaches them.
    'private-no-igw': async (ctx) => {
      const { RouteTables = [] } = await ctx.clients.ec2.send(
        new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [await vpcId(ctx)] }, { Name: 'association.main', Values: ['true'] }] }),
      );
      await ctx.clients.ec2.send(new CreateRouteCommand({ RouteTableId: RouteTables[0].RouteTableId, DestinationCidrBlock: '0.0.0.0/0', GatewayId: await igwId(ctx) }));
    },
    'public-ip-on-launch': async (ctx) => {
      await ctx.clients.ec2.send(new ModifySubnetAttributeCommand({ SubnetId: (await subnet(ctx, 'public-a')).SubnetId, MapPublicIpOnLaunch: { Value: false } }));
    },
    'web-sg-inbound': async (ctx) => {
      const group = await findSecurityGroupByName(ctx, 'web-sg', { lab: 'vpc', vpcId: await vpcId(ctx) });
      await ctx.clients.ec2.send(
        new AuthorizeSecurityGroupIngressCommand({ GroupId: group?.GroupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }),
      );
    },
  },
  // Someone's own app-vpc, same name and range but not made by the lab: reset must leave it alone.
  async control(ctx) {
    const { Vpc } = await ctx.clients.ec2.send(
      new CreateVpcCommand({ CidrBlock: '10.1.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'app-vpc' }] }] }),
    );
    return async () => {
      const { Vpcs = [] } = await ctx.clients.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'vpc-id', Values: [Vpc?.VpcId ?? ''] }] }));
      if (Vpcs.length === 1) await ctx.clients.ec2.send(new DeleteVpcCommand({ VpcId: Vpc?.VpcId }));
      return Vpcs.length === 1;
    };
  },
});
