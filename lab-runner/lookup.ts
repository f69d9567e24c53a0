// Look-ups labs and checks share to find resources by name, e.g. the `directory-app` lab finding the `vpc` lab's
// `public-a` subnet and `web-sg`, or the `ec2-role` lab's instance profile. Each answers the resource or `undefined`
// (never an id held from an earlier run); `requireFromLab` turns `undefined` into an error that says what to run.
//
//   const vpc = (await findVpcByName(ctx, 'app-vpc', { lab: 'vpc' })) ?? requireFromLab('app-vpc', 'vpc');
//   const subnet = (await findSubnetByName(ctx, 'public-a', { lab: 'vpc', vpcId: vpc.VpcId })) ?? requireFromLab('public-a', 'vpc');
//   const profile = (await findInstanceProfile(ctx, 'EmployeeDirectoryAppRole')) ?? requireFromLab('instance profile EmployeeDirectoryAppRole', 'ec2-role');
import {
  DescribeInternetGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  type Filter,
  type InternetGateway,
  type RouteTable,
  type SecurityGroup,
  type Subnet,
  type Vpc,
} from '@aws-sdk/client-ec2';
import {
  GetInstanceProfileCommand,
  GetPolicyCommand,
  GetRoleCommand,
  type InstanceProfile,
  type Policy,
  type Role,
} from '@aws-sdk/client-iam';
import type { Clients } from './clients.js';
import type { LabContext } from './context.js';
import { LAB_TAG } from './tags.js';
import { unlessMissing } from './missing.js';

/** What an EC2 look-up needs: a step's or check's context, or a converge rule's call. */
export interface Ec2Reader {
  clients: Pick<Clients, 'ec2'>;
}

/** Narrows an EC2 look-up. */
export interface Ec2Scope {
  /** Only resources tagged `workbook:lab=<lab>`, i.e. made by that lab; without it, any resource with the name. */
  lab?: string;
  /** Only resources in this VPC. */
  vpcId?: string;
}

export async function findVpcByName(ctx: Ec2Reader, name: string, scope: Ec2Scope = {}): Promise<Vpc | undefined> {
  return onlyOne(await vpcsNamed(ctx, name, scope), `VPC named ${name}`, (v) => v.VpcId, scope);
}

export async function findSubnetByName(ctx: Ec2Reader, name: string, scope: Ec2Scope = {}): Promise<Subnet | undefined> {
  return onlyOne(await subnetsNamed(ctx, name, scope), `subnet named ${name}`, (s) => s.SubnetId, scope);
}

export async function findInternetGatewayByName(ctx: Ec2Reader, name: string, scope: Omit<Ec2Scope, 'vpcId'> = {}): Promise<InternetGateway | undefined> {
  return onlyOne(await internetGatewaysNamed(ctx, name, scope), `internet gateway named ${name}`, (g) => g.InternetGatewayId, scope);
}

export async function findRouteTableByName(ctx: Ec2Reader, name: string, scope: Ec2Scope = {}): Promise<RouteTable | undefined> {
  return onlyOne(await routeTablesNamed(ctx, name, scope), `route table named ${name}`, (t) => t.RouteTableId, scope);
}

/** By the group's own name (GroupName, unique within a VPC), which is what `aws ec2` and the console show. */
export async function findSecurityGroupByName(ctx: Ec2Reader, name: string, scope: Ec2Scope = {}): Promise<SecurityGroup | undefined> {
  return onlyOne(await securityGroupsNamed(ctx, name, scope), `security group named ${name}`, (g) => g.GroupId, scope);
}

// Every resource answering a name, however many: the converge rules decide among them (the lab's own first).

export async function vpcsNamed(ctx: Ec2Reader, name: string, scope: Ec2Scope = {}): Promise<Vpc[]> {
  return (await ctx.clients.ec2.send(new DescribeVpcsCommand({ Filters: filters(name, scope) }))).Vpcs ?? [];
}

export async function subnetsNamed(ctx: Ec2Reader, name: string, scope: Ec2Scope = {}): Promise<Subnet[]> {
  return (await ctx.clients.ec2.send(new DescribeSubnetsCommand({ Filters: filters(name, scope) }))).Subnets ?? [];
}

export async function internetGatewaysNamed(ctx: Ec2Reader, name: string, scope: Omit<Ec2Scope, 'vpcId'> = {}): Promise<InternetGateway[]> {
  // An internet gateway belongs to no VPC until attached, so it is found by its tags alone.
  return (await ctx.clients.ec2.send(new DescribeInternetGatewaysCommand({ Filters: filters(name, scope) }))).InternetGateways ?? [];
}

export async function routeTablesNamed(ctx: Ec2Reader, name: string, scope: Ec2Scope = {}): Promise<RouteTable[]> {
  return (await ctx.clients.ec2.send(new DescribeRouteTablesCommand({ Filters: filters(name, scope) }))).RouteTables ?? [];
}

export async function securityGroupsNamed(ctx: Ec2Reader, name: string, scope: Ec2Scope = {}): Promise<SecurityGroup[]> {
  const Filters: Filter[] = [{ Name: 'group-name', Values: [name] }, ...scopeFilters(scope)];
  return (await ctx.clients.ec2.send(new DescribeSecurityGroupsCommand({ Filters }))).SecurityGroups ?? [];
}

/** IAM names are unique in an account, so a role is found by name; its `Tags` say which lab made it. */
export async function findRole(ctx: LabContext, name: string): Promise<Role | undefined> {
  return (await unlessMissing(ctx.clients.iam.send(new GetRoleCommand({ RoleName: name }))))?.Role;
}

export async function findInstanceProfile(ctx: LabContext, name: string): Promise<InstanceProfile | undefined> {
  return (await unlessMissing(ctx.clients.iam.send(new GetInstanceProfileCommand({ InstanceProfileName: name }))))?.InstanceProfile;
}

/** A customer managed policy of this account, by name (path `/`). */
export async function findManagedPolicy(ctx: LabContext, name: string): Promise<Policy | undefined> {
  const arn = `arn:${ctx.partition}:iam::${ctx.account}:policy/${name}`;
  return (await unlessMissing(ctx.clients.iam.send(new GetPolicyCommand({ PolicyArn: arn }))))?.Policy;
}

/** The error for a resource an earlier lab makes: `throw requireFromLab('app-vpc', 'vpc')`, or after `??` as above. */
export function requireFromLab(what: string, labId: string): never {
  throw new Error(`${what} not found: run \`npx lab run ${labId} --solution\` (or your own) first`);
}

function filters(name: string, scope: Ec2Scope): Filter[] {
  return [{ Name: 'tag:Name', Values: [name] }, ...scopeFilters(scope)];
}

function scopeFilters({ lab, vpcId }: Ec2Scope): Filter[] {
  return [...(lab ? [{ Name: `tag:${LAB_TAG}`, Values: [lab] }] : []), ...(vpcId ? [{ Name: 'vpc-id', Values: [vpcId] }] : [])];
}

/** Two resources answering one name is a mess a lab must not guess its way through. */
function onlyOne<T>(found: T[], what: string, idOf: (item: T) => string | undefined, { lab }: Ec2Scope): T | undefined {
  if (found.length <= 1) return found[0];
  const where = lab ? ` tagged ${LAB_TAG}=${lab}` : '';
  const hint = lab ? ` or start over with \`npx lab reset ${lab}\`` : '';
  throw new Error(`More than one ${what}${where}: ${found.map(idOf).join(', ')}. Delete the extra ones${hint}.`);
}
