// Lab `vpc`: the employee directory's network. A VPC with a public and a private subnet in each of two availability
// zones, an internet gateway with a route to it from the public subnets only, and a security group that lets the web
// in on ports 80 and 443 and nothing else.
// Run it with `npx lab run vpc`; stuck at a step? `npx lab hint vpc <step>`. Running it again is safe: what exists and
// matches is reused, what differs from your code is updated, or replaced when it cannot change (a subnet's range).
import {
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  type CreateInternetGatewayCommandOutput,
  CreateRouteCommand,
  CreateRouteTableCommand,
  type CreateRouteTableCommandOutput,
  CreateSecurityGroupCommand,
  type CreateSecurityGroupCommandOutput,
  CreateSubnetCommand,
  type CreateSubnetCommandOutput,
  CreateVpcCommand,
  type CreateVpcCommandOutput,
  DescribeInstanceTypeOfferingsCommand,
  type DescribeInstanceTypeOfferingsCommandOutput,
  DescribeSubnetsCommand,
  ModifySubnetAttributeCommand,
  ModifyVpcAttributeCommand,
} from '@aws-sdk/client-ec2';
import { defineLab } from '../../lab-runner/lab.js';
import { nameTag } from '../../lab-runner/tags.js';
import { ANYWHERE, IGW_NAME, INSTANCE_TYPE, PUBLIC_RT_NAME, VPC_NAME, WEB_SG_NAME } from '../../labs/vpc/spec.js';
import { pickZones } from '../../labs/vpc/zones.js';

// The address plan. A /16 holds 65,536 addresses; each /24 subnet takes 256 of them (AWS keeps 5 in every subnet).
const VPC_CIDR = '10.1.0.0/16';
const SUBNETS = [
  { name: 'public-a', cidr: '10.1.1.0/24', zone: 'zone-a', isPublic: true },
  { name: 'public-b', cidr: '10.1.2.0/24', zone: 'zone-b', isPublic: true },
  { name: 'private-a', cidr: '10.1.3.0/24', zone: 'zone-a', isPublic: false },
  { name: 'private-b', cidr: '10.1.4.0/24', zone: 'zone-b', isPublic: false },
] as const;
const PUBLIC_SUBNETS = SUBNETS.filter((s) => s.isPublic);

/** What the steps hand each other: the zones, and the id of everything made. */
interface Outputs {
  'zone-a': string;
  'zone-b': string;
  vpc: string;
  'public-a': string;
  'public-b': string;
  'private-a': string;
  'private-b': string;
  igw: string;
  'public-rt': string;
  'web-sg': string;
}

export default defineLab<Outputs>({
  id: 'vpc',
  title: 'A network for the app: VPC, subnets, internet gateway, security group',
  lessons: ['11-vpc'],
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
  services: ['ec2'],
  resources: ['ec2:vpc', 'ec2:subnet', 'ec2:internet-gateway', 'ec2:route-table', 'ec2:security-group'],
  steps: [
    {
      id: 'zones',
      title: 'Pick two availability zones that offer t3.micro',
      command:
        'read ZONE_A ZONE_B <<< "$(aws ec2 describe-instance-type-offerings --location-type availability-zone --filters Name=instance-type,Values=t3.micro --query "sort(InstanceTypeOfferings[].Location)[0:2]" --output text)"',
      hint:
        "DescribeInstanceTypeOfferingsCommand with LocationType 'availability-zone' and Filters [{ Name: 'instance-type', Values: [INSTANCE_TYPE] }] " +
        'lists the zones that offer t3.micro: not every zone offers every instance type, and the directory-app lab launches one in public-a. ' +
        'The first two of them (sorted by name) hold the -a and -b subnets. To compare zones with another account, use the AZ ID (ZoneId, e.g. use1-az6): ' +
        'in regions launched before November 2012, such as us-east-1, accounts created before November 2025 map zone letters to zones each their own way, ' +
        "so your us-east-1a may be another account's us-east-1c.",
      async run(ctx) {
        // solution: send a DescribeInstanceTypeOfferingsCommand with LocationType 'availability-zone' and Filters [{ Name: 'instance-type', Values: [INSTANCE_TYPE] }]
        const { InstanceTypeOfferings = [] }: DescribeInstanceTypeOfferingsCommandOutput = await ctx.clients.ec2.send(
          new DescribeInstanceTypeOfferingsCommand({ LocationType: 'availability-zone', Filters: [{ Name: 'instance-type', Values: [INSTANCE_TYPE] }] }),
        );
        // end solution
        const [zoneA, zoneB] = await pickZones(ctx, InstanceTypeOfferings, INSTANCE_TYPE);
        ctx.output('zone-a', zoneA.name);
        ctx.output('zone-b', zoneB.name);
        ctx.say(`${zoneA.name} is ${zoneA.id} and ${zoneB.name} is ${zoneB.id}: the AZ IDs name the same zones in every account`);
      },
    },
    {
      id: 'vpc',
      title: 'Create the VPC app-vpc (10.1.0.0/16)',
      command:
        "VPC_ID=$(aws ec2 create-vpc --cidr-block 10.1.0.0/16 --tag-specifications 'ResourceType=vpc,Tags=[{Key=Name,Value=app-vpc},{Key=workbook:lab,Value=vpc}]' --query Vpc.VpcId --output text)",
      hint: "CreateVpcCommand takes CidrBlock and TagSpecifications: ctx.ec2Tags('vpc', VPC_NAME) gives both the Name and the lab tag, so the VPC is never untagged.",
      async run(ctx) {
        // solution: send a CreateVpcCommand with CidrBlock VPC_CIDR and TagSpecifications ctx.ec2Tags('vpc', VPC_NAME)
        const { Vpc }: CreateVpcCommandOutput = await ctx.clients.ec2.send(new CreateVpcCommand({ CidrBlock: VPC_CIDR, TagSpecifications: ctx.ec2Tags('vpc', VPC_NAME) }));
        // end solution
        ctx.output('vpc', Vpc?.VpcId ?? '');
      },
    },
    {
      id: 'dns',
      title: 'Turn on DNS support and DNS hostnames',
      command:
        'aws ec2 modify-vpc-attribute --vpc-id "$VPC_ID" --enable-dns-support \'{"Value":true}\' && aws ec2 modify-vpc-attribute --vpc-id "$VPC_ID" --enable-dns-hostnames \'{"Value":true}\'',
      hint: 'ModifyVpcAttributeCommand changes one attribute per call (AWS refuses two in one): first EnableDnsSupport: { Value: true }, then EnableDnsHostnames: { Value: true }. Hostnames need DNS support on.',
      async run(ctx) {
        const VpcId = ctx.outputs.vpc;
        // solution: send two ModifyVpcAttributeCommands for VpcId: EnableDnsSupport: { Value: true }, then EnableDnsHostnames: { Value: true }
        await ctx.clients.ec2.send(new ModifyVpcAttributeCommand({ VpcId, EnableDnsSupport: { Value: true } }));
        await ctx.clients.ec2.send(new ModifyVpcAttributeCommand({ VpcId, EnableDnsHostnames: { Value: true } }));
        // end solution
        ctx.say('instances in app-vpc get DNS hostnames, and a public DNS name with each public address');
      },
    },
    {
      id: 'subnets',
      title: 'Create two public and two private subnets, one of each per zone',
      command:
        "PUBLIC_A_ID=$(aws ec2 create-subnet --vpc-id \"$VPC_ID\" --cidr-block 10.1.1.0/24 --availability-zone \"$ZONE_A\" --tag-specifications 'ResourceType=subnet,Tags=[{Key=Name,Value=public-a},{Key=workbook:lab,Value=vpc}]' --query Subnet.SubnetId --output text)   # and likewise public-b, private-a, private-b",
      hint: "For each row of SUBNETS send a CreateSubnetCommand with VpcId, CidrBlock, AvailabilityZone (the row's zone from ctx.outputs) and ctx.ec2Tags('subnet', name). A subnet lives in exactly one zone, for good.",
      async run(ctx) {
        for (const plan of SUBNETS) {
          const zone = ctx.outputs[plan.zone];
          // solution: send a CreateSubnetCommand with VpcId ctx.outputs.vpc, CidrBlock plan.cidr, AvailabilityZone zone and ctx.ec2Tags('subnet', plan.name)
          const { Subnet }: CreateSubnetCommandOutput = await ctx.clients.ec2.send(
            new CreateSubnetCommand({ VpcId: ctx.outputs.vpc, CidrBlock: plan.cidr, AvailabilityZone: zone, TagSpecifications: ctx.ec2Tags('subnet', plan.name) }),
          );
          // end solution
          ctx.output(plan.name, Subnet?.SubnetId ?? '');
        }
      },
    },
    {
      id: 'internet-gateway',
      title: 'Create the internet gateway app-igw and attach it to the VPC',
      command:
        "IGW_ID=$(aws ec2 create-internet-gateway --tag-specifications 'ResourceType=internet-gateway,Tags=[{Key=Name,Value=app-igw},{Key=workbook:lab,Value=vpc}]' --query InternetGateway.InternetGatewayId --output text) && aws ec2 attach-internet-gateway --internet-gateway-id \"$IGW_ID\" --vpc-id \"$VPC_ID\"",
      hint: "CreateInternetGatewayCommand takes only TagSpecifications (ctx.ec2Tags('internet-gateway', IGW_NAME)); then AttachInternetGatewayCommand with InternetGatewayId and VpcId. A VPC has at most one.",
      async run(ctx) {
        // solution: send a CreateInternetGatewayCommand with ctx.ec2Tags('internet-gateway', IGW_NAME)
        const { InternetGateway }: CreateInternetGatewayCommandOutput = await ctx.clients.ec2.send(
          new CreateInternetGatewayCommand({ TagSpecifications: ctx.ec2Tags('internet-gateway', IGW_NAME) }),
        );
        // end solution
        const gatewayId = InternetGateway?.InternetGatewayId ?? '';
        // solution: send an AttachInternetGatewayCommand with InternetGatewayId gatewayId and VpcId ctx.outputs.vpc
        await ctx.clients.ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: gatewayId, VpcId: ctx.outputs.vpc }));
        // end solution
        ctx.output('igw', gatewayId);
      },
    },
    {
      id: 'public-routes',
      title: 'Route the public subnets to the internet: public-rt with 0.0.0.0/0 → app-igw',
      command:
        "RT_ID=$(aws ec2 create-route-table --vpc-id \"$VPC_ID\" --tag-specifications 'ResourceType=route-table,Tags=[{Key=Name,Value=public-rt},{Key=workbook:lab,Value=vpc}]' --query RouteTable.RouteTableId --output text) && aws ec2 create-route --route-table-id \"$RT_ID\" --destination-cidr-block 0.0.0.0/0 --gateway-id \"$IGW_ID\" && aws ec2 associate-route-table --route-table-id \"$RT_ID\" --subnet-id \"$PUBLIC_A_ID\" && aws ec2 associate-route-table --route-table-id \"$RT_ID\" --subnet-id \"$PUBLIC_B_ID\"",
      hint: 'CreateRouteTableCommand (VpcId, TagSpecifications), CreateRouteCommand (RouteTableId, DestinationCidrBlock 0.0.0.0/0, GatewayId), then AssociateRouteTableCommand (RouteTableId, SubnetId) for public-a and public-b. What makes a subnet public is exactly this route.',
      async run(ctx) {
        // solution: send a CreateRouteTableCommand with VpcId ctx.outputs.vpc and ctx.ec2Tags('route-table', PUBLIC_RT_NAME)
        const { RouteTable }: CreateRouteTableCommandOutput = await ctx.clients.ec2.send(
          new CreateRouteTableCommand({ VpcId: ctx.outputs.vpc, TagSpecifications: ctx.ec2Tags('route-table', PUBLIC_RT_NAME) }),
        );
        // end solution
        const tableId = RouteTable?.RouteTableId ?? '';
        // solution: send a CreateRouteCommand: RouteTableId tableId, DestinationCidrBlock ANYWHERE, GatewayId ctx.outputs.igw
        await ctx.clients.ec2.send(new CreateRouteCommand({ RouteTableId: tableId, DestinationCidrBlock: ANYWHERE, GatewayId: ctx.outputs.igw }));
        // end solution
        for (const subnet of PUBLIC_SUBNETS) {
          // solution: send an AssociateRouteTableCommand with RouteTableId tableId and SubnetId ctx.outputs[subnet.name]
          await ctx.clients.ec2.send(new AssociateRouteTableCommand({ RouteTableId: tableId, SubnetId: ctx.outputs[subnet.name] }));
          // end solution
        }
        ctx.output('public-rt', tableId);
        ctx.say("private-a and private-b keep the VPC's main route table: local traffic only, no way to or from the internet");
      },
    },
    {
      id: 'public-ips',
      title: 'Give instances in the public subnets a public IPv4 address',
      command: 'aws ec2 modify-subnet-attribute --subnet-id "$PUBLIC_A_ID" --map-public-ip-on-launch && aws ec2 modify-subnet-attribute --subnet-id "$PUBLIC_B_ID" --map-public-ip-on-launch',
      hint: 'ModifySubnetAttributeCommand with SubnetId and MapPublicIpOnLaunch: { Value: true }, once per public subnet. Without a public address an instance cannot be reached even through the gateway.',
      async run(ctx) {
        for (const subnet of PUBLIC_SUBNETS) {
          // solution: send a ModifySubnetAttributeCommand with SubnetId ctx.outputs[subnet.name] and MapPublicIpOnLaunch: { Value: true }
          await ctx.clients.ec2.send(new ModifySubnetAttributeCommand({ SubnetId: ctx.outputs[subnet.name], MapPublicIpOnLaunch: { Value: true } }));
          // end solution
        }
        ctx.say('on AWS each public IPv4 address is billed by the hour while it exists (only while an instance runs here)');
      },
    },
    {
      id: 'web-sg',
      title: 'Create the security group web-sg: HTTP and HTTPS from anywhere, nothing else',
      command:
        "SG_ID=$(aws ec2 create-security-group --group-name web-sg --description \"HTTP and HTTPS from anywhere\" --vpc-id \"$VPC_ID\" --tag-specifications 'ResourceType=security-group,Tags=[{Key=Name,Value=web-sg},{Key=workbook:lab,Value=vpc}]' --query GroupId --output text) && aws ec2 authorize-security-group-ingress --group-id \"$SG_ID\" --ip-permissions IpProtocol=tcp,FromPort=80,ToPort=80,IpRanges='[{CidrIp=0.0.0.0/0}]' IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges='[{CidrIp=0.0.0.0/0}]'",
      hint:
        "CreateSecurityGroupCommand (GroupName, Description, VpcId, TagSpecifications), then AuthorizeSecurityGroupIngressCommand with GroupId and IpPermissions: one { IpProtocol: 'tcp', FromPort, ToPort, IpRanges: [{ CidrIp: '0.0.0.0/0' }] } per port. " +
        'No rule for SSH (22): the app needs none. The group ends up with exactly the rules your calls ask for.',
      async run(ctx) {
        // solution: send a CreateSecurityGroupCommand: GroupName WEB_SG_NAME, Description 'HTTP and HTTPS from anywhere', VpcId ctx.outputs.vpc, ctx.ec2Tags('security-group', WEB_SG_NAME)
        const { GroupId = '' }: CreateSecurityGroupCommandOutput = await ctx.clients.ec2.send(
          new CreateSecurityGroupCommand({
            GroupName: WEB_SG_NAME,
            Description: 'HTTP and HTTPS from anywhere',
            VpcId: ctx.outputs.vpc,
            TagSpecifications: ctx.ec2Tags('security-group', WEB_SG_NAME),
          }),
        );
        // end solution
        // solution: send an AuthorizeSecurityGroupIngressCommand with GroupId and IpPermissions: tcp 80 and tcp 443, each from IpRanges [{ CidrIp: ANYWHERE }]
        await ctx.clients.ec2.send(
          new AuthorizeSecurityGroupIngressCommand({
            GroupId,
            IpPermissions: [
              { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: ANYWHERE, Description: 'HTTP' }] },
              { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: ANYWHERE, Description: 'HTTPS' }] },
            ],
          }),
        );
        // end solution
        ctx.output('web-sg', GroupId);
        ctx.say('outbound stays open (the default rule); replies to allowed requests go out anyway: security groups are stateful');
      },
    },
    {
      id: 'look',
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
