// The EC2 instance kind against LocalStack, and through the fault proxy where LocalStack cannot show what AWS does
// (a state in transition, a terminate that answers "not found", a lost answer, a zone without the type): reset finds
// the lab's instances in the region it is asked about and terminates them through every state; RunInstances converges
// on the one instance the step names and launches it once.
import {
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  EC2Client,
  type Instance,
  ModifyInstanceAttributeCommand,
  RunInstancesCommand,
  type RunInstancesCommandInput,
  StopInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLabProblem } from '../../../lab-runner/lab.js';
import { loadKinds } from '../../../lab-runner/resources/index.js';
import { describeInstance } from '../../../lab-runner/resources/instance-lifecycle.js';
import type { ResourceKind } from '../../../lab-runner/resources/kind.js';
import { kindContext } from '../../../lab-runner/service/reset.js';
import { openSession, type Session } from '../../../lab-runner/session.js';
import { type FaultProxy, startFaultProxy } from '../../support/fault-proxy.js';
import { localEnv, localSession } from '../../support/session.js';
import { convergingStep } from './converging.js';

const account = '000000002301';
const LAB = 'directory-app';
const AMI_PARAMETER = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64';
/** The strict local cloud, like AWS, has a zone that does not offer t3.micro; a subnet left to LocalStack's choice may land there. */
const ZONE_WITH_T3_MICRO = 'us-east-1a';

let proxy: FaultProxy;
let direct: Session;
let proxied: Session;
let kind: ResourceKind;
let ami: string;

beforeAll(async () => {
  proxy = await startFaultProxy();
  direct = await localSession(account);
  proxied = await openSession({ endpoint: proxy.url }, localEnv(account));
  [kind] = (await loadKinds(['ec2:instance'])) as [ResourceKind];
  ami = await imageIn('us-east-1');
});

afterAll(async () => {
  await terminateEverything('us-east-1');
  await terminateEverything('eu-west-1');
  await proxy.stop();
});

function ec2(region = 'us-east-1'): EC2Client {
  return new EC2Client({ region, endpoint: direct.target.endpoint, credentials: direct.target.credentials });
}

async function imageIn(region: string): Promise<string> {
  const ssm = new SSMClient({ region, endpoint: direct.target.endpoint, credentials: direct.target.credentials });
  return (await ssm.send(new GetParameterCommand({ Name: AMI_PARAMETER }))).Parameter?.Value ?? '';
}

function launchRequest(name: string, changes: Partial<RunInstancesCommandInput> = {}, lab = LAB): RunInstancesCommandInput {
  return {
    ImageId: ami,
    InstanceType: 't3.micro',
    MinCount: 1,
    MaxCount: 1,
    CreditSpecification: { CpuCredits: 'standard' },
    MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled' },
    TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'workbook:lab', Value: lab }, { Key: 'Name', Value: name }] }],
    ...changes,
  };
}

async function launchDirectly(name: string, region = 'us-east-1', changes: Partial<RunInstancesCommandInput> = {}): Promise<string> {
  const image = region === 'us-east-1' ? ami : await imageIn(region);
  const { Instances = [] } = await ec2(region).send(new RunInstancesCommand(launchRequest(name, { ImageId: image, ...changes })));
  return Instances[0]?.InstanceId ?? '';
}

async function stateOf(id: string, region = 'us-east-1'): Promise<string | undefined> {
  return (await describeInstance(ec2(region), id))?.State?.Name;
}

async function live(name: string): Promise<Instance[]> {
  const { Reservations = [] } = await ec2().send(
    new (await import('@aws-sdk/client-ec2')).DescribeInstancesCommand({
      Filters: [
        { Name: 'tag:Name', Values: [name] },
        { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] },
      ],
    }),
  );
  return Reservations.flatMap((r) => r.Instances ?? []);
}

async function terminateEverything(region: string): Promise<void> {
  const { Reservations = [] } = await ec2(region).send(new (await import('@aws-sdk/client-ec2')).DescribeInstancesCommand({}));
  const ids = Reservations.flatMap((r) => r.Instances ?? []).filter((i) => i.State?.Name !== 'terminated').map((i) => i.InstanceId ?? '');
  if (ids.length > 0) await ec2(region).send(new TerminateInstancesCommand({ InstanceIds: ids }));
}

function ec2Error(code: string, message: string): { status: number; body: string } {
  return { status: 400, body: `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>fault-proxy</RequestID></Response>` };
}

/** A DescribeInstances answer showing one instance in `state`: a moment LocalStack never shows. */
function describeAnswer(instanceId: string, state: string): { status: number; body: string } {
  const codes: Record<string, number> = { pending: 0, running: 16, 'shutting-down': 32, terminated: 48, stopping: 64, stopped: 80 };
  return {
    status: 200,
    body:
      `<?xml version="1.0" encoding="UTF-8"?><DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>fault-proxy</requestId>` +
      `<reservationSet><item><reservationId>r-0fault</reservationId><ownerId>${account}</ownerId><instancesSet><item><instanceId>${instanceId}</instanceId>` +
      `<instanceState><code>${codes[state]}</code><name>${state}</name></instanceState><instanceType>t3.micro</instanceType>` +
      `<tagSet><item><key>workbook:lab</key><value>${LAB}</value></item><item><key>Name</key><value>in-transition</value></item></tagSet>` +
      `</item></instancesSet></item></reservationSet></DescribeInstancesResponse>`,
  };
}

describe('ec2:instance for lab reset', () => {
  it('finds the lab tags in the region it is asked about, and only there', async () => {
    const here = await launchDirectly('finder-here');
    const there = await launchDirectly('finder-there', 'eu-west-1');
    const inVirginia = await kind.findTagged(kindContext(direct, 'us-east-1'));
    const inIreland = await kind.findTagged(kindContext(direct, 'eu-west-1'));
    expect(inVirginia).toContainEqual({ kind: 'ec2:instance', id: here, name: 'finder-here', lab: LAB });
    expect(inVirginia.map((r) => r.id)).not.toContain(there);
    expect(inIreland).toContainEqual({ kind: 'ec2:instance', id: there, name: 'finder-there', lab: LAB });
    await kind.remove(kindContext(direct, 'eu-west-1'), { kind: 'ec2:instance', id: there, lab: LAB });
    expect(await stateOf(there, 'eu-west-1')).toBe('terminated');
  });

  it('also lists instances still shutting down, so that reset waits for them', async () => {
    await kind.findTagged(kindContext(proxied, 'us-east-1'));
    const listing = proxy.bodies().filter((b) => b.includes('Action=DescribeInstances')).at(-1) ?? '';
    expect(decodeURIComponent(listing)).toMatch(/Value\.\d+=shutting-down/);
  });

  it('does not take InvalidInstanceID.NotFound from TerminateInstances as proof: it describes again and terminates', async () => {
    const id = await launchDirectly('not-found-once');
    // Just launched, the instance is not visible yet to the terminate call (eventual consistency).
    proxy.answer('Action=TerminateInstances', 1, ec2Error('InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`));
    await kind.remove(kindContext(proxied, 'us-east-1'), { kind: 'ec2:instance', id, lab: LAB });
    expect(await stateOf(id)).toBe('terminated');
  });

  it('waits through pending, stopping and shutting-down, terminating again where needed, instead of failing like the SDK waiter', async () => {
    const id = await launchDirectly('in-transition');
    for (const state of ['pending', 'stopping', 'shutting-down', 'shutting-down']) proxy.answer('Action=DescribeInstances', 1, describeAnswer(id, state));
    const before = proxy.faults();
    await kind.remove(kindContext(proxied, 'us-east-1'), { kind: 'ec2:instance', id, lab: LAB });
    expect(proxy.faults() - before).toBe(4);
    expect(await stateOf(id)).toBe('terminated');
  });
});

describe('RunInstances converges on the named instance', () => {
  it('launches once with a client token; an answer lost on the way back is found and adopted, not launched twice', async () => {
    const run = convergingStep(proxied);
    const sent = proxy.bodies().length;
    proxy.lose('Action=RunInstances', 1);
    const { Instances = [] } = await run.step((ctx) => ctx.clients.ec2.send(new RunInstancesCommand(launchRequest('lost-answer'))));
    const launches = proxy.bodies().slice(sent).filter((b) => b.includes('Action=RunInstances'));
    expect(launches).toHaveLength(1);
    expect(launches[0]).toMatch(/ClientToken=[0-9a-f-]{36}/);
    expect((await live('lost-answer')).map((i) => i.InstanceId)).toEqual([Instances[0]?.InstanceId]);
    expect(run.events.some((e) => e.type === 'say' && /lost .* but it was made: adopted/.test(e.message))).toBe(true);
  });

  it('sends a launch that is not visible after a lost answer again with the same client token, so EC2 answers the first', async () => {
    const run = convergingStep(proxied);
    const sent = proxy.bodies().length;
    proxy.lose('Action=RunInstances', 1);
    // Neither the look-up before the launch nor the one after the loss sees it yet.
    proxy.answer('Filter.1.Value.1=not-visible-yet', 2, { status: 200, body: '<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>x</requestId><reservationSet/></DescribeInstancesResponse>' });
    await run.step((ctx) => ctx.clients.ec2.send(new RunInstancesCommand(launchRequest('not-visible-yet'))));
    const tokens = proxy.bodies().slice(sent).filter((b) => b.includes('Action=RunInstances')).map((b) => /ClientToken=([^&]+)/.exec(b)?.[1]);
    expect(tokens).toHaveLength(2);
    expect(tokens[1]).toBe(tokens[0]);
  });

  it('reuses the running instance on a rerun, and starts it when it was stopped', async () => {
    const first = convergingStep(direct);
    const { Instances = [] } = await first.step((ctx) => ctx.clients.ec2.send(new RunInstancesCommand(launchRequest('rerun'))));
    const id = Instances[0]?.InstanceId ?? '';
    expect(first.actions()).toEqual([`created ec2:instance rerun`]);

    const again = convergingStep(direct);
    const reused = await again.step((ctx) => ctx.clients.ec2.send(new RunInstancesCommand(launchRequest('rerun'))));
    expect(reused.Instances?.[0]?.InstanceId).toBe(id);
    expect(again.actions()).toEqual([`reused ec2:instance rerun: it matches the request`]);

    await ec2().send(new StopInstancesCommand({ InstanceIds: [id] }));
    const started = convergingStep(direct);
    await started.step((ctx) => ctx.clients.ec2.send(new RunInstancesCommand(launchRequest('rerun'))));
    expect(started.actions()).toEqual([`updated ec2:instance rerun: state stopped → running`]);
    expect(await stateOf(id)).toBe('running');
    expect((await live('rerun')).length).toBe(1);
  });

  it('changes security groups in place, and replaces the instance for what cannot change (its type, its user data)', async () => {
    const { Vpc } = await ec2().send(new CreateVpcCommand({ CidrBlock: '10.8.0.0/16' }));
    const { Subnet } = await ec2().send(new CreateSubnetCommand({ VpcId: Vpc?.VpcId, CidrBlock: '10.8.1.0/24', AvailabilityZone: ZONE_WITH_T3_MICRO }));
    const group = async (GroupName: string) => (await ec2().send(new CreateSecurityGroupCommand({ GroupName, Description: 'test', VpcId: Vpc?.VpcId }))).GroupId ?? '';
    const [mine, other] = [await group('my-sg'), await group('other-sg')];
    const placed = { SubnetId: Subnet?.SubnetId, SecurityGroupIds: [mine] };
    const first = convergingStep(direct);
    const { Instances = [] } = await first.step((ctx) => ctx.clients.ec2.send(new RunInstancesCommand(launchRequest('changing', placed))));
    const id = Instances[0]?.InstanceId ?? '';

    await ec2().send(new ModifyInstanceAttributeCommand({ InstanceId: id, Groups: [other] }));
    const fixed = convergingStep(direct);
    await fixed.step((ctx) => ctx.clients.ec2.send(new RunInstancesCommand(launchRequest('changing', placed))));
    expect(fixed.actions()).toEqual([`updated ec2:instance changing: security groups ${other} → ${mine}`]);
    expect((await describeInstance(ec2(), id))?.SecurityGroups?.map((g) => g.GroupId)).toEqual([mine]);

    const bigger = convergingStep(direct);
    const replaced = await bigger.step((ctx) => ctx.clients.ec2.send(new RunInstancesCommand(launchRequest('changing', { InstanceType: 't3.small', ...placed }))));
    expect(bigger.actions()).toEqual([expect.stringMatching(new RegExp(`^replaced ec2:instance changing: instance type t3.micro → t3.small cannot change in place: the old ${id} was removed$`))]);
    expect(await stateOf(id)).toBe('terminated');
    expect((await live('changing')).map((i) => i.InstanceId)).toEqual([replaced.Instances?.[0]?.InstanceId]);

    const script = convergingStep(direct);
    const userData = Buffer.from('#!/bin/bash\necho hello').toString('base64');
    await script.step((ctx) => ctx.clients.ec2.send(new RunInstancesCommand(launchRequest('changing', { InstanceType: 't3.small', ...placed, UserData: userData }))));
    expect(script.actions()[0]).toMatch(/^replaced ec2:instance changing: user data \(it runs only at first boot\) \(none\) → 22 bytes, sha256 [0-9a-f]{12} cannot change in place/);
  });

  it('refuses a launch without the lab tag or a name, or for more than one, and an instance of that name the lab did not make', async () => {
    const run = convergingStep(direct);
    const refusal = async (input: RunInstancesCommandInput) => {
      try {
        await run.step((ctx) => ctx.clients.ec2.send(new RunInstancesCommand(input)));
      } catch (error) {
        return isLabProblem(error) ? error.code : String(error);
      }
      return 'sent';
    };
    expect(await refusal(launchRequest('someone', {}, 'another-lab'))).toBe('MissingLabTag');
    expect(await refusal({ ...launchRequest('x'), TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'workbook:lab', Value: LAB }] }] })).toBe('MissingName');
    expect(await refusal(launchRequest('many', { MaxCount: 3 }))).toBe('OneInstance');
    await ec2().send(new RunInstancesCommand({ ...launchRequest('taken'), TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'taken' }] }] }));
    expect(await refusal(launchRequest('taken'))).toBe('NotMadeByThisLab');
    expect((await live('taken')).length).toBe(1);
  });

  it('launches again while EC2 does not know a new instance profile yet, and says so; another invalid value fails at once', async () => {
    const run = convergingStep(proxied);
    proxy.answer('Action=RunInstances', 1, ec2Error('InvalidParameterValue', 'Value (EmployeeDirectoryAppRole) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name'));
    const { Instances = [] } = await run.step((ctx) => ctx.clients.ec2.send(new RunInstancesCommand(launchRequest('profile-propagating'))));
    expect(Instances[0]?.InstanceId).toMatch(/^i-/);
    expect(run.events.some((e) => e.type === 'say' && /does not know the instance profile .* yet/.test(e.message))).toBe(true);

    const sent = proxy.bodies().length;
    proxy.answer('Action=RunInstances', 1, ec2Error('InvalidParameterValue', 'Invalid value for userData'));
    const error = await convergingStep(proxied).step((ctx) => ctx.clients.ec2.send(new RunInstancesCommand(launchRequest('bad-value')))).catch((e: unknown) => e);
    expect((error as Error).name).toBe('InvalidParameterValue');
    expect(proxy.bodies().slice(sent).filter((b) => b.includes('Action=RunInstances'))).toHaveLength(1);
  });

  it('launches again while EC2 does not know a security group made moments ago (the gate hides it for 2 s), and says so', async () => {
    const { Vpc } = await ec2().send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }));
    const { Subnet } = await ec2().send(new CreateSubnetCommand({ VpcId: Vpc?.VpcId, CidrBlock: '10.9.1.0/24', AvailabilityZone: ZONE_WITH_T3_MICRO }));
    const { GroupId = '' } = await ec2().send(new CreateSecurityGroupCommand({ GroupName: 'new-sg', Description: 'test', VpcId: Vpc?.VpcId }));
    const run = convergingStep(direct);
    const { Instances = [] } = await run.step((ctx) => ctx.clients.ec2.send(new RunInstancesCommand(launchRequest('new-group', { SubnetId: Subnet?.SubnetId, SecurityGroupIds: [GroupId] }))));
    expect(Instances[0]?.SecurityGroups?.map((g) => g.GroupId)).toEqual([GroupId]);
    expect(run.events.some((e) => e.type === 'say' && e.message.includes(`does not know the security group ${GroupId} yet`))).toBe(true);
  });

  it('says exactly what to do when the zone of the subnet does not offer the type (Unsupported)', async () => {
    const run = convergingStep(proxied);
    proxy.answer(
      'Action=RunInstances',
      1,
      ec2Error('Unsupported', 'Your requested instance type (t3.micro) is not supported in your requested Availability Zone (us-east-1e). Please retry your request by not specifying an Availability Zone or choosing us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1f.'),
    );
    const error = await run.step((ctx) => ctx.clients.ec2.send(new RunInstancesCommand(launchRequest('unsupported')))).catch((e: unknown) => e);
    expect(isLabProblem(error) && error.code).toBe('Unsupported');
    const { message, advice } = error as { message: string; advice: string };
    expect(message).toMatch(/^RunInstances answered Unsupported: t3\.micro is not offered in us-east-1e, .* Zones of us-east-1 that offer it: us-east-1a/);
    expect(advice).toContain('aws ec2 describe-instance-type-offerings --location-type availability-zone --filters Name=instance-type,Values=t3.micro --region us-east-1');
    expect(await live('unsupported')).toEqual([]);
  });
});
