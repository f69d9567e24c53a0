// What is in a VPC besides what comes with it (its main route table, default security group and network ACL): a VPC
// can be replaced only when that list is empty.
import {
  DescribeInternetGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
} from '@aws-sdk/client-ec2';
import type { Ec2Reader } from '../../lookup.js';
import { described } from './named.js';
import { usersOf } from './users.js';

export async function whatIsInVpc(reader: Ec2Reader, vpcId: string): Promise<string[]> {
  const ec2 = reader.clients.ec2;
  const inVpc = [{ Name: 'vpc-id', Values: [vpcId] }];
  const [subnets, gateways, groups, tables, users] = await Promise.all([
    ec2.send(new DescribeSubnetsCommand({ Filters: inVpc })),
    ec2.send(new DescribeInternetGatewaysCommand({ Filters: [{ Name: 'attachment.vpc-id', Values: [vpcId] }] })),
    ec2.send(new DescribeSecurityGroupsCommand({ Filters: inVpc })),
    ec2.send(new DescribeRouteTablesCommand({ Filters: inVpc })),
    usersOf(reader, vpcId, { instances: 'vpc-id', interfaces: 'vpc-id' }),
  ]);
  return [
    ...users,
    ...(subnets.Subnets ?? []).map((s) => `subnet ${described(s.SubnetId, s)}`),
    ...(gateways.InternetGateways ?? []).map((g) => `internet gateway ${described(g.InternetGatewayId, g)}`),
    ...(groups.SecurityGroups ?? []).filter((g) => g.GroupName !== 'default').map((g) => `security group ${g.GroupId} (${g.GroupName})`),
    ...(tables.RouteTables ?? []).filter((t) => !(t.Associations ?? []).some((a) => a.Main)).map((t) => `route table ${described(t.RouteTableId, t)}`),
  ];
}
