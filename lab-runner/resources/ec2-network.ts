// VPCs and what lives in them: security groups, route tables, subnets, internet gateways; found by their lab tag.
import {
  DeleteInternetGatewayCommand,
  DeleteRouteTableCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeInternetGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  DetachInternetGatewayCommand,
  DisassociateRouteTableCommand,
  type Filter,
} from '@aws-sdk/client-ec2';
import type { LabContext } from '../context.js';
import { LAB_TAG, nameTag } from '../tags.js';
import type { FoundResource, ResourceKind } from './kind.js';
import { unlessMissing } from '../missing.js';

const securityGroups: ResourceKind = {
  kind: 'ec2:security-group',
  order: 30,
  async find(ctx) {
    const { SecurityGroups = [] } = await ctx.clients.ec2.send(new DescribeSecurityGroupsCommand({ Filters: labFilter(ctx) }));
    return SecurityGroups.map((g) => found('ec2:security-group', g.GroupId, g.GroupName ?? nameTag(g.Tags)));
  },
  async remove(ctx, group) {
    // Deleting a group deletes its rules; it fails only while an instance or another group still uses it.
    await unlessMissing(ctx.clients.ec2.send(new DeleteSecurityGroupCommand({ GroupId: group.id })));
  },
};

const routeTables: ResourceKind = {
  kind: 'ec2:route-table',
  order: 30,
  async find(ctx) {
    const { RouteTables = [] } = await ctx.clients.ec2.send(new DescribeRouteTablesCommand({ Filters: labFilter(ctx) }));
    // A VPC's main route table goes with its VPC and cannot be deleted on its own.
    const removable = RouteTables.filter((t) => !(t.Associations ?? []).some((a) => a.Main));
    return removable.map((t) => found('ec2:route-table', t.RouteTableId, nameTag(t.Tags)));
  },
  async remove(ctx, table) {
    const described = await unlessMissing(ctx.clients.ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [table.id] })));
    const associations = (described?.RouteTables ?? []).flatMap((t) => t.Associations ?? []);
    if (associations.some((a) => a.Main)) return;
    for (const association of associations) {
      if (!association.RouteTableAssociationId) continue;
      await unlessMissing(ctx.clients.ec2.send(new DisassociateRouteTableCommand({ AssociationId: association.RouteTableAssociationId })));
    }
    await unlessMissing(ctx.clients.ec2.send(new DeleteRouteTableCommand({ RouteTableId: table.id })));
  },
};

const subnets: ResourceKind = {
  kind: 'ec2:subnet',
  order: 40,
  async find(ctx) {
    const { Subnets = [] } = await ctx.clients.ec2.send(new DescribeSubnetsCommand({ Filters: labFilter(ctx) }));
    return Subnets.map((s) => found('ec2:subnet', s.SubnetId, nameTag(s.Tags)));
  },
  async remove(ctx, subnet) {
    await unlessMissing(ctx.clients.ec2.send(new DeleteSubnetCommand({ SubnetId: subnet.id })));
  },
};

const internetGateways: ResourceKind = {
  kind: 'ec2:internet-gateway',
  order: 40,
  async find(ctx) {
    const { InternetGateways = [] } = await ctx.clients.ec2.send(new DescribeInternetGatewaysCommand({ Filters: labFilter(ctx) }));
    return InternetGateways.map((g) => found('ec2:internet-gateway', g.InternetGatewayId, nameTag(g.Tags)));
  },
  async remove(ctx, gateway) {
    const described = await unlessMissing(ctx.clients.ec2.send(new DescribeInternetGatewaysCommand({ InternetGatewayIds: [gateway.id] })));
    const vpcIds = (described?.InternetGateways ?? []).flatMap((g) => g.Attachments ?? []).flatMap((a) => (a.VpcId ? [a.VpcId] : []));
    for (const vpcId of vpcIds) {
      await unlessMissing(ctx.clients.ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: gateway.id, VpcId: vpcId })));
    }
    await unlessMissing(ctx.clients.ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: gateway.id })));
  },
};

const vpcs: ResourceKind = {
  kind: 'ec2:vpc',
  order: 50,
  async find(ctx) {
    const { Vpcs = [] } = await ctx.clients.ec2.send(new DescribeVpcsCommand({ Filters: labFilter(ctx) }));
    return Vpcs.map((v) => found('ec2:vpc', v.VpcId, nameTag(v.Tags)));
  },
  async remove(ctx, vpc) {
    // Its main route table, default security group and network ACL go with it; anything else left in it is reported.
    await unlessMissing(ctx.clients.ec2.send(new DeleteVpcCommand({ VpcId: vpc.id })));
  },
};

export const ec2NetworkKinds: ResourceKind[] = [securityGroups, routeTables, subnets, internetGateways, vpcs];

function labFilter(ctx: LabContext): Filter[] {
  return [{ Name: `tag:${LAB_TAG}`, Values: [ctx.labId] }];
}

function found(kind: string, id: string | undefined, name: string | undefined): FoundResource {
  return { kind, id: id ?? '', ...(name ? { name } : {}) };
}

