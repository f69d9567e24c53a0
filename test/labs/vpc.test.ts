// The vpc lab through the whole cycle against LocalStack, each check seen failing on its own mistake; then what the
// runner's converge rules do for it: a wrong subnet range or an extra inbound rule fixed and run again, links changed
// outside the lab put back, a subnet in use left alone; and the cloud's faults and differences: a lost CreateVpc
// answer, new resources not yet visible, zones that do not offer t3.micro, a reset that meets errors.
import {
  AssociateRouteTableCommand,
  AssociateVpcCidrBlockCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteRouteCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  DetachInternetGatewayCommand,
  EC2Client,
  ModifySubnetAttributeCommand,
  ModifyVpcAttributeCommand,
  ReplaceRouteCommand,
  ReplaceRouteTableAssociationCommand,
  RunInstancesCommand,
  type Subnet,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { labEntry } from '../../lab-runner/catalogue/read.js';
import { createContext, type LabContext } from '../../lab-runner/context.js';
import type { LabEvent } from '../../lab-runner/events.js';
import { localstackEndpoint } from '../../lab-runner/localstack/endpoint.js';
import { findInternetGatewayByName, findRouteTableByName, findSecurityGroupByName, findSubnetByName, findVpcByName } from '../../lab-runner/lookup.js';
import { resetLabs } from '../../lab-runner/service/reset.js';
import { openSession, type Session } from '../../lab-runner/session.js';
import { runCli } from '../support/cli.js';
import { eventually } from '../support/eventually.js';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.js';
import { describeLabCycle, failingChecks, resetLab, solve, testCaller } from '../support/lab-cycle.js';
import { copyProject, type ProjectCopy } from '../support/project-copy.js';
import { localEnv, localSession } from '../support/session.js';

// Ten checks, each seen failing on a freshly solved lab of its own: more than the suite's two minutes on a busy machine.
vi.setConfig({ testTimeout: 300_000 });

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

function contextFor(session: Session): LabContext {
  return createContext({ target: session.target, lab: labEntry('vpc'), account: session.account });
}

function resourceEvents(events: LabEvent[]): string[] {
  return events.flatMap((e) => (e.type === 'resource' ? [`${e.action} ${e.kind} ${e.name}${e.detail ? `: ${e.detail}` : ''}`] : []));
}

/** The lab's VPCs and subnets in an account, counted as the cloud itself has them. */
async function taggedCounts(account: string): Promise<{ vpcs: number; subnets: number }> {
  const ec2 = new EC2Client({ region: 'us-east-1', endpoint: localstackEndpoint(), credentials: { accessKeyId: account, secretAccessKey: 'test' } });
  const filter = [{ Name: 'tag:workbook:lab', Values: ['vpc'] }];
  const [{ Vpcs = [] }, { Subnets = [] }] = await Promise.all([
    ec2.send(new DescribeVpcsCommand({ Filters: filter })),
    ec2.send(new DescribeSubnetsCommand({ Filters: filter })),
  ]);
  return { vpcs: Vpcs.length, subnets: Subnets.length };
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
      const [main] = RouteTables;
      if (!main) throw new Error('the VPC has no main route table');
      await ctx.clients.ec2.send(new CreateRouteCommand({ RouteTableId: main.RouteTableId, DestinationCidrBlock: '0.0.0.0/0', GatewayId: await igwId(ctx) }));
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

describe('vpc, run again after a fix', () => {
  const account = '000000002000';
  const env = localEnv(account);
  let copy: ProjectCopy;
  let solution: string;
  const failing = async () => {
    const checked = JSON.parse((await copy.lab(['check', 'vpc', '--json'], env)).stdout) as { checks: { id: string; passed: boolean }[] };
    return checked.checks.filter((c) => !c.passed).map((c) => c.id);
  };
  /** The student's lab with one piece of the solution changed, run as `npx lab run vpc`. */
  const runWith = (from: string, to: string) => {
    if (from) expect(solution.split(from), `${from} once in the solution`).toHaveLength(2);
    copy.write('labs/vpc/lab.ts', solution.replace(from, to));
    return copy.lab(['run', 'vpc'], env);
  };

  beforeAll(async () => {
    copy = copyProject();
    solution = copy.read('solutions/vpc/lab.ts');
    await copy.lab(['reset', 'vpc', '--yes'], env);
  });
  afterAll(async () => {
    await copy.lab(['reset', 'vpc', '--yes'], env);
    copy.remove();
  });

  it('replaces a subnet made with the wrong range once the student fixes it, and says so', async () => {
    const wrong = await runWith("cidr: '10.1.4.0/24'", "cidr: '10.1.5.0/24'");
    expect(wrong.code, wrong.stdout).toBe(0);
    expect(await failing()).toEqual(['subnet-cidrs']);
    const fixed = await runWith('', '');
    expect(fixed.code, fixed.stdout).toBe(0);
    expect(fixed.stdout).toMatch(/± replaced ec2:subnet private-b \(subnet-\w+\): address range 10\.1\.5\.0\/24 → 10\.1\.4\.0\/24 cannot change in place: the old subnet-\w+ was removed/);
    expect(fixed.stdout).toMatch(/= reused ec2:subnet public-a \(subnet-\w+\): it matches the request/);
    expect(await failing()).toEqual([]);
  });

  it('takes out an inbound rule of an earlier, wrong run that no call asks for any more, and says so', async () => {
    const ssh = "{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },\n";
    const wrong = await runWith("              { IpProtocol: 'tcp', FromPort: 80,", `              ${ssh}              { IpProtocol: 'tcp', FromPort: 80,`);
    expect(wrong.code, wrong.stdout).toBe(0);
    expect(await failing()).toEqual(['web-sg-inbound']);
    const fixed = await runWith('', '');
    expect(fixed.code, fixed.stdout).toBe(0);
    expect(fixed.stdout).toMatch(/~ updated ec2:security-group-ingress web-sg \(sg-\w+\): removed tcp 22 from 0\.0\.0\.0\/0: no call of this step asks for it/);
    expect(await failing()).toEqual([]);
  });

  it('replaces a VPC made with the wrong range, once nothing stands in it, when the student fixes it', async () => {
    await copy.lab(['reset', 'vpc', '--yes'], env);
    const wrong = await runWith("const VPC_CIDR = '10.1.0.0/16';", "const VPC_CIDR = '10.2.0.0/16';");
    expect(wrong.code, wrong.stdout).toBe(1);
    expect(wrong.stdout).toMatch(/4\/9 Create two public and two private subnets[\s\S]*✗ InvalidSubnet\.Range/);
    const fixed = await runWith('', '');
    expect(fixed.code, fixed.stdout).toBe(0);
    expect(fixed.stdout).toMatch(/± replaced ec2:vpc app-vpc \(vpc-\w+\): address range 10\.2\.0\.0\/16 → 10\.1\.0\.0\/16 cannot change in place: the old vpc-\w+ was removed/);
    expect(await failing()).toEqual([]);
  });

  it('refuses a create without the lab tag, which reset could never find, and sends nothing', async () => {
    await copy.lab(['reset', 'vpc', '--yes'], env);
    const untagged = await runWith(
      "new CreateVpcCommand({ CidrBlock: VPC_CIDR, TagSpecifications: ctx.ec2Tags('vpc', VPC_NAME) })",
      "new CreateVpcCommand({ CidrBlock: VPC_CIDR, TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: VPC_NAME }] }] })",
    );
    expect(untagged.code).toBe(1);
    expect(untagged.stdout).toMatch(/MissingLabTag: CreateVpc was sent without the tag workbook:lab=vpc/);
    const ctx = contextFor(await localSession(account));
    expect(await findVpcByName(ctx, 'app-vpc')).toBeUndefined();
    await runWith('', '');
  });

  it('refuses to replace a subnet an instance stands in, naming the instance', async () => {
    const session = await localSession(account);
    const ctx = contextFor(session);
    const { Instances = [] } = await ctx.clients.ec2.send(
      new RunInstancesCommand({
        ImageId: 'ami-03cf127a',
        InstanceType: 't3.micro',
        MinCount: 1,
        MaxCount: 1,
        SubnetId: (await subnet(ctx, 'public-a')).SubnetId,
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'employee-directory' }, { Key: 'workbook:lab', Value: 'directory-app' }] }],
      }),
    );
    const instanceId = Instances[0]?.InstanceId ?? '';
    try {
      const moved = await runWith("cidr: '10.1.1.0/24'", "cidr: '10.1.6.0/24'");
      expect(moved.code).toBe(1);
      expect(moved.stdout + moved.stderr).toMatch(
        new RegExp(`subnet public-a \\(subnet-\\w+\\) differs from the request \\(address range 10\\.1\\.1\\.0/24 → 10\\.1\\.6\\.0/24\\) and can only be replaced, but instance ${instanceId} \\(employee-directory, lab directory-app\\) still uses it`),
      );
      expect((await subnet(ctx, 'public-a')).CidrBlock).toBe('10.1.1.0/24');
    } finally {
      await ctx.clients.ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
    }
  });
});

describe('vpc, run again after its links were changed outside the lab', () => {
  const account = '000000002001';
  let session: Session;
  let ctx: LabContext;
  beforeAll(async () => {
    session = await localSession(account);
    ctx = contextFor(session);
    await resetLab(session, 'vpc');
  });
  afterAll(() => resetLab(session, 'vpc'));

  it('moves app-igw back from another VPC, points 0.0.0.0/0 at it again, and takes public-b back from another table, saying each', async () => {
    await solve(session, 'vpc');
    // The look-alikes carry the lab's tag (other names), so that reset takes them away too.
    const { Vpc: other } = await ctx.clients.ec2.send(new CreateVpcCommand({ CidrBlock: '10.7.0.0/16', TagSpecifications: ctx.ec2Tags('vpc', 'other-vpc') }));
    const { InternetGateway: strayGateway } = await ctx.clients.ec2.send(new CreateInternetGatewayCommand({ TagSpecifications: ctx.ec2Tags('internet-gateway', 'stray-igw') }));
    const { RouteTable: strayTable } = await ctx.clients.ec2.send(new CreateRouteTableCommand({ VpcId: await vpcId(ctx), TagSpecifications: ctx.ec2Tags('route-table', 'stray-rt') }));
    const gateway = await igwId(ctx);
    await ctx.clients.ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: gateway, VpcId: await vpcId(ctx) }));
    await ctx.clients.ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: gateway, VpcId: other?.VpcId }));
    const publicRt = await publicRtId(ctx);
    await eventually(() => ctx.clients.ec2.send(new ReplaceRouteCommand({ RouteTableId: publicRt, DestinationCidrBlock: '0.0.0.0/0', GatewayId: strayGateway?.InternetGatewayId })));
    const { RouteTables = [] } = await ctx.clients.ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [await publicRtId(ctx)] }));
    const publicB = (await subnet(ctx, 'public-b')).SubnetId;
    const ofPublicB = RouteTables[0]?.Associations?.find((a) => a.SubnetId === publicB);
    expect(ofPublicB).toBeTruthy();
    await eventually(() => ctx.clients.ec2.send(new ReplaceRouteTableAssociationCommand({ AssociationId: ofPublicB?.RouteTableAssociationId, RouteTableId: strayTable?.RouteTableId })));
    expect(await failingChecks(session, labEntry('vpc'))).toEqual(['igw-attached', 'public-route']);

    const events = await solve(session, 'vpc');
    const said = resourceEvents(events);
    expect(said).toContain(`updated ec2:internet-gateway-attachment app-igw → app-vpc: moved from other-vpc to app-vpc`);
    expect(said).toContain(`updated ec2:route public-rt 0.0.0.0/0: target ${strayGateway?.InternetGatewayId} → ${gateway}`);
    expect(said).toContain(`updated ec2:route-table-association public-rt ↔ public-b: moved from ${strayTable?.RouteTableId} (stray-rt)`);
    expect(said.filter((s) => !s.startsWith('reused ')).length).toBe(3);
    expect(await failingChecks(session, labEntry('vpc'))).toEqual([]);
  });
});

describe('vpc next to a look-alike it did not make', () => {
  it('refuses to take over an app-vpc without the lab tag, saying how to adopt or delete it', async () => {
    const session = await localSession('000000002008');
    const ctx = contextFor(session);
    await resetLab(session, 'vpc');
    const { Vpc } = await ctx.clients.ec2.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'app-vpc' }] }] }));
    try {
      const cli = await runCli(['run', 'vpc', '--solution'], localEnv('000000002008'));
      expect(cli.code).toBe(1);
      expect(cli.stdout).toContain(`NotMadeByThisLab: VPC app-vpc (${Vpc?.VpcId}) exists but is not tagged workbook:lab=vpc, so the lab will not take it over.`);
      expect(cli.stdout).toContain(`aws ec2 create-tags --resources ${Vpc?.VpcId} --tags Key=workbook:lab,Value=vpc --region us-east-1`);
      expect(await taggedCounts('000000002008')).toEqual({ vpcs: 0, subnets: 0 });
    } finally {
      await ctx.clients.ec2.send(new DeleteVpcCommand({ VpcId: Vpc?.VpcId }));
    }
  });
});

describe('vpc against a cloud that loses answers, hides what it just made, and offers t3.micro in fewer zones', () => {
  let proxy: FaultProxy;
  beforeAll(async () => {
    proxy = await startFaultProxy();
  });
  afterAll(() => proxy.stop());

  const runThrough = (account: string) => runCli(['run', 'vpc', '--solution', '--endpoint', proxy.url], localEnv(account));
  const clean = async (account: string) => expect((await runCli(['reset', 'vpc', '--yes'], localEnv(account))).code).toBe(0);

  it('makes one app-vpc when the answer to CreateVpc is lost: the lost create is looked up before it is tried again', async () => {
    const account = '000000002002';
    await clean(account);
    proxy.lose('Action=CreateVpc', 1);
    const run = await runThrough(account);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/the answer to creating VPC app-vpc was lost \(\w+\), but it was made: adopted/);
    expect(await taggedCounts(account)).toEqual({ vpcs: 1, subnets: 4 });
    await clean(account);
  });

  it('tries again when a gateway, route table or security group it just made is not visible yet', async () => {
    const account = '000000002003';
    await clean(account);
    const before = proxy.faults();
    proxy.hideNew('Action=CreateInternetGateway', 'internetGatewayId', 'InvalidInternetGatewayID.NotFound');
    proxy.hideNew('Action=CreateRouteTable', 'routeTableId', 'InvalidRouteTableID.NotFound');
    proxy.hideNew('Action=CreateSecurityGroup', 'groupId', 'InvalidGroup.NotFound');
    const run = await runThrough(account);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(proxy.faults() - before).toBe(3);
    for (const code of ['InvalidInternetGatewayID.NotFound', 'InvalidRouteTableID.NotFound', 'InvalidGroup.NotFound']) {
      expect(run.stdout).toContain(`is not visible yet (${code}); AWS is eventually consistent, trying again in 1 s`);
    }
    const checked = await runCli(['check', 'vpc', '--json'], localEnv(account));
    expect(checked.code, checked.stdout).toBe(0);
    await clean(account);
  });

  /** As if only `zones` offered t3.micro (on AWS, one zone of us-east-1 offers no t3 instances). */
  const offeredOnlyIn = (zones: string[]) =>
    proxy.rewrite('Action=DescribeInstanceTypeOfferings', (answer) =>
      answer.replace(/<item>(?:(?!<\/item>)[\s\S])*?<location>([a-z0-9-]+)<\/location>[\s\S]*?<\/item>/g, (item, zone: string) => (zones.includes(zone) ? item : '')),
    );

  it('builds in the first two zones that offer t3.micro', async () => {
    const account = '000000002004';
    await clean(account);
    const stop = offeredOnlyIn(['us-east-1c', 'us-east-1d', 'us-east-1f']);
    try {
      const run = await runThrough(account);
      expect(run.code, run.stdout + run.stderr).toBe(0);
      const ctx = contextFor(await localSession(account));
      expect((await subnet(ctx, 'public-a')).AvailabilityZone).toBe('us-east-1c');
      expect((await subnet(ctx, 'private-b')).AvailabilityZone).toBe('us-east-1d');
      expect(run.stdout).toMatch(/us-east-1c is use1-\w+ and us-east-1d is use1-\w+: the AZ IDs name the same zones in every account/);
    } finally {
      stop();
    }
    await clean(account);
  });

  it('says which zones offer t3.micro when fewer than two do, and builds nothing', async () => {
    const account = '000000002004';
    const stop = offeredOnlyIn(['us-east-1d']);
    try {
      const run = await runThrough(account);
      expect(run.code).toBe(1);
      expect(run.stdout + run.stderr).toMatch(/us-east-1 has 1 available zone offering t3\.micro \(us-east-1d; not offered in us-east-1a, us-east-1b, us-east-1c, us-east-1e, us-east-1f\); this lab needs two\./);
      expect(run.stdout + run.stderr).toMatch(/Choose another region with --region/);
    } finally {
      stop();
    }
    expect(await taggedCounts(account)).toEqual({ vpcs: 0, subnets: 0 });
  });
});

describe('vpc reset', () => {
  let proxy: FaultProxy;
  beforeAll(async () => {
    proxy = await startFaultProxy();
  });
  afterAll(() => proxy.stop());

  const throughProxy = (account: string) => openSession({ endpoint: proxy.url }, localEnv(account));

  it('ends associations before their table goes, detaches the gateway before deleting it, and removes the VPC last', async () => {
    const session = await throughProxy('000000002005');
    await resetLab(session, 'vpc');
    await solve(session, 'vpc');
    const from = proxy.actions().length;
    await resetLab(session, 'vpc');
    const actions = proxy.actions().slice(from);
    const first = (action: string) => actions.indexOf(action);
    const last = (action: string) => actions.lastIndexOf(action);
    expect(actions.filter((a) => a === 'DisassociateRouteTable')).toHaveLength(2);
    expect(last('DisassociateRouteTable')).toBeLessThan(first('DeleteRouteTable'));
    expect(first('DetachInternetGateway')).toBeGreaterThan(-1);
    expect(last('DetachInternetGateway')).toBeLessThan(first('DeleteInternetGateway'));
    expect(actions.filter((a) => a === 'DeleteSubnet')).toHaveLength(4);
    for (const before of ['DeleteRouteTable', 'DeleteSecurityGroup', 'DeleteSubnet', 'DeleteInternetGateway']) expect(last(before)).toBeLessThan(first('DeleteVpc'));
    expect(await taggedCounts('000000002005')).toEqual({ vpcs: 0, subnets: 0 });
  });

  it('goes on past a kind it cannot read and a resource it cannot remove, and says which', async () => {
    const account = '000000002006';
    const session = await throughProxy(account);
    await resetLab(session, 'vpc');
    await solve(session, 'vpc');
    const privateB = (await subnet(contextFor(session), 'private-b')).SubnetId ?? '';
    proxy.refuse('Action=DescribeSecurityGroups', 1, 'UnauthorizedOperation');
    proxy.refuse(`SubnetId=${privateB}`, 1, 'UnauthorizedOperation');
    const [result] = await resetLabs({ which: 'vpc' }, testCaller(session));
    expect(result?.unreadable).toEqual([expect.stringMatching(/^ec2:security-group in us-east-1: UnauthorizedOperation: /)]);
    expect(result?.failed.map((f) => `${f.resource.kind} ${f.resource.name}: ${f.error.split(':')[0]}`)).toContain('ec2:subnet private-b: UnauthorizedOperation');
    expect(result?.removed.map((r) => `${r.kind} ${r.name}`)).toEqual(
      expect.arrayContaining(['ec2:route-table public-rt', 'ec2:subnet public-a', 'ec2:subnet public-b', 'ec2:subnet private-a', 'ec2:internet-gateway app-igw']),
    );
    await resetLab(session, 'vpc');
    expect(await taggedCounts(account)).toEqual({ vpcs: 0, subnets: 0 });
  });

  it('on AWS, tries again for a while when a security group is still held by an interface being let go of', async () => {
    const account = '000000002007';
    expect((await runCli(['run', 'vpc', '--solution'], localEnv(account))).code).toBe(0);
    const asAws = { ...localEnv(account), AWS_ENDPOINT_URL: proxy.url, AWS_EC2_METADATA_DISABLED: 'true' };
    const before = proxy.faults();
    proxy.refuse('Action=DeleteSecurityGroup', 1, 'DependencyViolation');
    const reset = await runCli(['reset', 'vpc', '--yes', '--target', 'aws', '--region', 'us-east-1'], asAws);
    expect(reset.code, reset.stdout + reset.stderr).toBe(0);
    expect(proxy.faults() - before).toBe(1);
    expect(await taggedCounts(account)).toEqual({ vpcs: 0, subnets: 0 });
  });
});
