// Lab `vpc`: the employee directory's network. A VPC with a public and a private subnet in each of two availability
// zones, an internet gateway with a route to it from the public subnets only, and a security group that lets the web
// in on ports 80 and 443 and nothing else.
// Write the bodies marked todo(), then run `npx lab run vpc` and `npx lab check vpc`. Stuck? `npx lab hint vpc <step>`.
// Made a mess? `npx lab reset vpc` removes everything this lab tagged.
import {
  type CreateInternetGatewayCommandOutput,
  type CreateRouteTableCommandOutput,
  type CreateSecurityGroupCommandOutput,
  type CreateSubnetCommandOutput,
  type CreateVpcCommandOutput,
  DescribeAvailabilityZonesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  type IpPermission,
  waitUntilVpcAvailable,
} from '@aws-sdk/client-ec2';
import { defineLab, type LabContext, todo } from '../../lab-runner/lab.js';
import {
  findInternetGatewayByName,
  findRouteTableByName,
  findSecurityGroupByName,
  findSubnetByName,
  findVpcByName,
} from '../../lab-runner/lookup.js';
import { nameTag } from '../../lab-runner/tags.js';

// The address plan. A /16 holds 65,536 addresses; each /24 subnet takes 256 of them (AWS keeps 5 in every subnet).
const VPC = { name: 'app-vpc', cidr: '10.1.0.0/16' };
const SUBNETS = [
  { name: 'public-a', cidr: '10.1.1.0/24', zone: 'zone-a', isPublic: true },
  { name: 'public-b', cidr: '10.1.2.0/24', zone: 'zone-b', isPublic: true },
  { name: 'private-a', cidr: '10.1.3.0/24', zone: 'zone-a', isPublic: false },
  { name: 'private-b', cidr: '10.1.4.0/24', zone: 'zone-b', isPublic: false },
];
const PUBLIC_SUBNETS = SUBNETS.filter((s) => s.isPublic);
const IGW = 'app-igw';
const PUBLIC_RT = 'public-rt';
const WEB_SG = 'web-sg';
const WEB_PORTS = [80, 443];
const ANYWHERE = '0.0.0.0/0';

export default defineLab({
  id: 'vpc',
  title: 'A network for the app: VPC, subnets, internet gateway, security group',
  lesson: '09-vpc',
  goal:
    'Build the private network the employee directory runs in. A VPC is your own address range in a region; you split it ' +
    'into subnets, each in one availability zone. Public subnets get a route to an internet gateway, private ones do not, ' +
    'and a security group (a stateful firewall around each instance) lets in web traffic on ports 80 and 443 only. ' +
    'Putting a public and a private subnet in each of two zones means the app can survive the loss of one zone.',
  region: 'target',
  requires: [],
  cost: 'Free: VPCs, subnets, route tables, internet gateways and security groups cost nothing by themselves (a NAT gateway or public IPv4 addresses would).',
  localNote:
    'LocalStack records the network but carries no packets: routes and security group rules are stored and checked, not enforced.',
  steps: [
    {
      title: 'Pick two availability zones',
      command:
        'read ZONE_A ZONE_B <<< "$(aws ec2 describe-availability-zones --filters Name=state,Values=available --query "AvailabilityZones[0:2].ZoneName" --output text)"',
      hint: 'The first two available zones (sorted by name) hold the -a and -b subnets. Zone names are per account: your us-east-1a may be another account\'s us-east-1c.',
      async run(ctx) {
        const { AvailabilityZones = [] } = await ctx.clients.ec2.send(
          new DescribeAvailabilityZonesCommand({ Filters: [{ Name: 'state', Values: ['available'] }] }),
        );
        const zones = AvailabilityZones.filter((z) => (z.ZoneType ?? 'availability-zone') === 'availability-zone')
          .map((z) => z.ZoneName ?? '')
          .sort();
        if (zones.length < 2) throw new Error(`${ctx.region} has ${zones.length} available zone(s); this lab needs two. Choose another region with --region.`);
        ctx.output('zone-a', zones[0]);
        ctx.output('zone-b', zones[1]);
      },
    },
    {
      title: 'Create the VPC app-vpc (10.1.0.0/16)',
      command:
        "VPC_ID=$(aws ec2 create-vpc --cidr-block 10.1.0.0/16 --tag-specifications 'ResourceType=vpc,Tags=[{Key=Name,Value=app-vpc},{Key=workbook:lab,Value=vpc}]' --query Vpc.VpcId --output text)",
      hint: 'CreateVpcCommand takes CidrBlock and TagSpecifications: ctx.ec2Tags(\'vpc\', \'app-vpc\') gives both the Name and the lab tag, so the VPC is never untagged.',
      async run(ctx) {
        const existing = await findVpcByName(ctx, VPC.name, { lab: ctx.labId });
        if (existing) {
          if (existing.CidrBlock !== VPC.cidr) throw wrong(ctx, `${VPC.name} (${existing.VpcId}) has the address range ${existing.CidrBlock}, not ${VPC.cidr}`);
          ctx.say(`reusing ${VPC.name}`);
          ctx.output('vpc', existing.VpcId ?? '');
          return;
        }
        const { Vpc }: CreateVpcCommandOutput = todo("send a CreateVpcCommand with CidrBlock VPC.cidr and TagSpecifications ctx.ec2Tags('vpc', VPC.name)");
        const vpcId = Vpc?.VpcId ?? '';
        // A new VPC is "pending" for a moment, and EC2's API is eventually consistent.
        await waitUntilVpcAvailable({ client: ctx.clients.ec2, maxWaitTime: 120 }, { VpcIds: [vpcId] });
        ctx.output('vpc', vpcId);
      },
    },
    {
      title: 'Turn on DNS support and DNS hostnames',
      command:
        'aws ec2 modify-vpc-attribute --vpc-id "$VPC_ID" --enable-dns-support \'{"Value":true}\' && aws ec2 modify-vpc-attribute --vpc-id "$VPC_ID" --enable-dns-hostnames \'{"Value":true}\'',
      hint: 'ModifyVpcAttributeCommand changes one attribute per call: first EnableDnsSupport: { Value: true }, then EnableDnsHostnames: { Value: true }. Hostnames need DNS support on.',
      async run(ctx) {
        const VpcId = ctx.outputs.vpc;
        todo('send two ModifyVpcAttributeCommands for VpcId: EnableDnsSupport: { Value: true }, then EnableDnsHostnames: { Value: true }');
        ctx.say('instances in app-vpc get DNS hostnames, and a public DNS name with each public address');
      },
    },
    {
      title: 'Create two public and two private subnets, one of each per zone',
      command:
        "PUBLIC_A_ID=$(aws ec2 create-subnet --vpc-id \"$VPC_ID\" --cidr-block 10.1.1.0/24 --availability-zone \"$ZONE_A\" --tag-specifications 'ResourceType=subnet,Tags=[{Key=Name,Value=public-a},{Key=workbook:lab,Value=vpc}]' --query Subnet.SubnetId --output text)   # and likewise public-b, private-a, private-b",
      hint: 'For each row of SUBNETS send a CreateSubnetCommand with VpcId, CidrBlock, AvailabilityZone (ctx.outputs[\'zone-a\'] or [\'zone-b\']) and ctx.ec2Tags(\'subnet\', name). A subnet lives in exactly one zone, for good.',
      async run(ctx) {
        for (const plan of SUBNETS) {
          const zone = ctx.outputs[plan.zone];
          const existing = await findSubnetByName(ctx, plan.name, { lab: ctx.labId, vpcId: ctx.outputs.vpc });
          if (existing) {
            if (existing.CidrBlock !== plan.cidr || existing.AvailabilityZone !== zone) {
              throw wrong(ctx, `subnet ${plan.name} (${existing.SubnetId}) is ${existing.CidrBlock} in ${existing.AvailabilityZone}, not ${plan.cidr} in ${zone}`);
            }
            ctx.output(plan.name, existing.SubnetId ?? '');
            continue;
          }
          const { Subnet }: CreateSubnetCommandOutput = todo(
            "send a CreateSubnetCommand with VpcId ctx.outputs.vpc, CidrBlock plan.cidr, AvailabilityZone zone and ctx.ec2Tags('subnet', plan.name)",
          );
          ctx.output(plan.name, Subnet?.SubnetId ?? '');
        }
      },
    },
    {
      title: 'Create the internet gateway app-igw and attach it to the VPC',
      command:
        "IGW_ID=$(aws ec2 create-internet-gateway --tag-specifications 'ResourceType=internet-gateway,Tags=[{Key=Name,Value=app-igw},{Key=workbook:lab,Value=vpc}]' --query InternetGateway.InternetGatewayId --output text) && aws ec2 attach-internet-gateway --internet-gateway-id \"$IGW_ID\" --vpc-id \"$VPC_ID\"",
      hint: 'CreateInternetGatewayCommand takes only TagSpecifications (ctx.ec2Tags(\'internet-gateway\', \'app-igw\')); then AttachInternetGatewayCommand with InternetGatewayId and VpcId. A VPC has at most one.',
      async run(ctx) {
        const gateway = await findInternetGatewayByName(ctx, IGW, { lab: ctx.labId });
        let gatewayId = gateway?.InternetGatewayId;
        if (!gatewayId) {
          const { InternetGateway }: CreateInternetGatewayCommandOutput = todo("send a CreateInternetGatewayCommand with ctx.ec2Tags('internet-gateway', IGW)");
          gatewayId = InternetGateway?.InternetGatewayId ?? '';
        }
        const attachedTo = (gateway?.Attachments ?? []).map((a) => a.VpcId);
        if (attachedTo.some((vpcId) => vpcId !== ctx.outputs.vpc)) throw wrong(ctx, `${IGW} (${gatewayId}) is attached to ${attachedTo.join(', ')}, not to ${VPC.name}`);
        if (attachedTo.length === 0) {
          todo('send an AttachInternetGatewayCommand with InternetGatewayId gatewayId and VpcId ctx.outputs.vpc');
        }
        ctx.output('igw', gatewayId);
      },
    },
    {
      title: 'Route the public subnets to the internet: public-rt with 0.0.0.0/0 → app-igw',
      command:
        "RT_ID=$(aws ec2 create-route-table --vpc-id \"$VPC_ID\" --tag-specifications 'ResourceType=route-table,Tags=[{Key=Name,Value=public-rt},{Key=workbook:lab,Value=vpc}]' --query RouteTable.RouteTableId --output text) && aws ec2 create-route --route-table-id \"$RT_ID\" --destination-cidr-block 0.0.0.0/0 --gateway-id \"$IGW_ID\" && aws ec2 associate-route-table --route-table-id \"$RT_ID\" --subnet-id \"$PUBLIC_A_ID\" && aws ec2 associate-route-table --route-table-id \"$RT_ID\" --subnet-id \"$PUBLIC_B_ID\"",
      hint: 'CreateRouteTableCommand (VpcId, TagSpecifications), CreateRouteCommand (RouteTableId, DestinationCidrBlock 0.0.0.0/0, GatewayId), then AssociateRouteTableCommand (RouteTableId, SubnetId) for public-a and public-b. What makes a subnet public is exactly this route.',
      async run(ctx) {
        const table = await findRouteTableByName(ctx, PUBLIC_RT, { lab: ctx.labId, vpcId: ctx.outputs.vpc });
        let tableId = table?.RouteTableId;
        if (!tableId) {
          const { RouteTable }: CreateRouteTableCommandOutput = todo(
            "send a CreateRouteTableCommand with VpcId ctx.outputs.vpc and ctx.ec2Tags('route-table', PUBLIC_RT)",
          );
          tableId = RouteTable?.RouteTableId ?? '';
        }
        const defaultRoute = (table?.Routes ?? []).find((r) => r.DestinationCidrBlock === ANYWHERE);
        if (defaultRoute && defaultRoute.GatewayId !== ctx.outputs.igw) {
          throw wrong(ctx, `${PUBLIC_RT} sends ${ANYWHERE} to ${defaultRoute.GatewayId ?? defaultRoute.NatGatewayId ?? 'something else'}, not to ${IGW}`);
        }
        if (!defaultRoute) {
          todo('send a CreateRouteCommand: RouteTableId tableId, DestinationCidrBlock ANYWHERE, GatewayId ctx.outputs.igw');
        }
        for (const subnet of PUBLIC_SUBNETS) {
          const current = await explicitRouteTable(ctx, ctx.outputs[subnet.name]);
          if (current === tableId) continue;
          if (current) throw wrong(ctx, `subnet ${subnet.name} is associated with route table ${current}, not ${PUBLIC_RT}`);
          todo('send an AssociateRouteTableCommand with RouteTableId tableId and SubnetId ctx.outputs[subnet.name]');
        }
        ctx.output('public-rt', tableId);
        ctx.say('private-a and private-b keep the VPC\'s main route table: local traffic only, no way to or from the internet');
      },
    },
    {
      title: 'Give instances in the public subnets a public IPv4 address',
      command: 'aws ec2 modify-subnet-attribute --subnet-id "$PUBLIC_A_ID" --map-public-ip-on-launch && aws ec2 modify-subnet-attribute --subnet-id "$PUBLIC_B_ID" --map-public-ip-on-launch',
      hint: 'ModifySubnetAttributeCommand with SubnetId and MapPublicIpOnLaunch: { Value: true }, once per public subnet. Without a public address an instance cannot be reached even through the gateway.',
      async run(ctx) {
        for (const subnet of PUBLIC_SUBNETS) {
          todo('send a ModifySubnetAttributeCommand with SubnetId ctx.outputs[subnet.name] and MapPublicIpOnLaunch: { Value: true }');
        }
        ctx.say('on AWS each public IPv4 address is billed by the hour while it exists (only while an instance runs here)');
      },
    },
    {
      title: 'Create the security group web-sg: HTTP and HTTPS from anywhere, nothing else',
      command:
        "SG_ID=$(aws ec2 create-security-group --group-name web-sg --description \"HTTP and HTTPS from anywhere\" --vpc-id \"$VPC_ID\" --tag-specifications 'ResourceType=security-group,Tags=[{Key=Name,Value=web-sg},{Key=workbook:lab,Value=vpc}]' --query GroupId --output text) && aws ec2 authorize-security-group-ingress --group-id \"$SG_ID\" --ip-permissions IpProtocol=tcp,FromPort=80,ToPort=80,IpRanges='[{CidrIp=0.0.0.0/0}]' IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges='[{CidrIp=0.0.0.0/0}]'",
      hint: 'CreateSecurityGroupCommand (GroupName, Description, VpcId, TagSpecifications), then AuthorizeSecurityGroupIngressCommand with GroupId and IpPermissions: one { IpProtocol: \'tcp\', FromPort, ToPort, IpRanges: [{ CidrIp: \'0.0.0.0/0\' }] } per port. No rule for SSH (22): the app needs none.',
      async run(ctx) {
        const group = await findSecurityGroupByName(ctx, WEB_SG, { lab: ctx.labId, vpcId: ctx.outputs.vpc });
        let groupId = group?.GroupId;
        if (!groupId) {
          const created: CreateSecurityGroupCommandOutput = todo(
            "send a CreateSecurityGroupCommand: GroupName WEB_SG, a Description, VpcId ctx.outputs.vpc, ctx.ec2Tags('security-group', WEB_SG)",
          );
          groupId = created.GroupId ?? '';
        }
        const { missing, extra } = compareInbound(await inboundRules(ctx, groupId));
        if (extra.length > 0) throw wrong(ctx, `${WEB_SG} (${groupId}) also lets in ${extra.join(', ')}`);
        if (missing.length > 0) {
          todo('send an AuthorizeSecurityGroupIngressCommand with GroupId groupId and IpPermissions missing.map(webRule)');
        }
        ctx.output('web-sg', groupId);
        ctx.say('outbound stays open (the default rule); replies to allowed requests go out anyway: security groups are stateful');
      },
    },
    {
      title: 'Look at what you built',
      command:
        'aws ec2 describe-subnets --filters Name=vpc-id,Values="$VPC_ID" --query "Subnets[].[Tags[?Key==\'Name\']|[0].Value,CidrBlock,AvailabilityZone,MapPublicIpOnLaunch]" --output table',
      hint: 'Nothing to write: DescribeSubnets lists the subnets of app-vpc with their zone and whether they hand out public addresses.',
      async run(ctx) {
        const { Subnets = [] } = await ctx.clients.ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [ctx.outputs.vpc] }] }));
        const rows = Subnets.map((s) => `${nameTag(s.Tags) ?? s.SubnetId}  ${s.CidrBlock}  ${s.AvailabilityZone}${s.MapPublicIpOnLaunch ? '  public IPs' : ''}`);
        for (const row of rows.sort()) ctx.say(row);
      },
    },
  ],
});

function wrong(ctx: LabContext, what: string): Error {
  return new Error(`${what}. Fix it by hand, or start over with \`npx lab reset ${ctx.labId}\`.`);
}

/** The route table a subnet is explicitly associated with, if any (otherwise it uses its VPC's main table). */
async function explicitRouteTable(ctx: LabContext, subnetId: string): Promise<string | undefined> {
  const { RouteTables = [] } = await ctx.clients.ec2.send(
    new DescribeRouteTablesCommand({ Filters: [{ Name: 'association.subnet-id', Values: [subnetId] }] }),
  );
  return RouteTables[0]?.RouteTableId;
}

async function inboundRules(ctx: LabContext, groupId: string): Promise<IpPermission[]> {
  const { SecurityGroups = [] } = await ctx.clients.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }));
  return SecurityGroups[0]?.IpPermissions ?? [];
}

/** Which web ports are not open to 0.0.0.0/0 yet, and which other sources or ports are let in. */
function compareInbound(rules: IpPermission[]): { missing: number[]; extra: string[] } {
  const isWebPort = (r: IpPermission) => r.IpProtocol === 'tcp' && r.FromPort === r.ToPort && WEB_PORTS.includes(r.FromPort ?? -1);
  const extra = rules.flatMap((r) => {
    const port = r.IpProtocol === '-1' ? 'all traffic' : `${r.IpProtocol} ${r.FromPort}-${r.ToPort}`;
    const sources = [
      ...(r.IpRanges ?? []).filter((s) => !(isWebPort(r) && s.CidrIp === ANYWHERE)).map((s) => s.CidrIp),
      ...(r.Ipv6Ranges ?? []).filter((s) => !(isWebPort(r) && s.CidrIpv6 === '::/0')).map((s) => s.CidrIpv6),
      ...(r.UserIdGroupPairs ?? []).map((p) => p.GroupId),
      ...(r.PrefixListIds ?? []).map((p) => p.PrefixListId),
    ];
    return sources.map((source) => `${port} from ${source}`);
  });
  const open = rules.filter((r) => isWebPort(r) && (r.IpRanges ?? []).some((s) => s.CidrIp === ANYWHERE)).map((r) => r.FromPort);
  return { missing: WEB_PORTS.filter((p) => !open.includes(p)), extra };
}

function webRule(port: number): IpPermission {
  return { IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [{ CidrIp: ANYWHERE, Description: port === 80 ? 'HTTP' : 'HTTPS' }] };
}
