// One zone of each region does not offer t3.micro: DescribeInstanceTypeOfferings says so, and a naive client that
// launches there anyway gets `Unsupported`; one that picks its zone from the offerings launches.
import { CreateSubnetCommand, CreateVpcCommand, DescribeAvailabilityZonesCommand, DescribeImagesCommand, DescribeInstanceTypeOfferingsCommand, RunInstancesCommand, TerminateInstancesCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientsAt, failure, rootKeys, startTestGate, type TestGate } from './helpers.js';

const ACCOUNT = '000000005600';
let gate: TestGate;

beforeAll(async () => {
  gate = await startTestGate(4625);
});

afterAll(async () => {
  await gate.close();
});

const ec2In = (region: string): EC2Client => clientsAt(gate.url, rootKeys(ACCOUNT), region).ec2;

async function offeredZones(ec2: EC2Client): Promise<string[]> {
  const offers = await ec2.send(new DescribeInstanceTypeOfferingsCommand({ LocationType: 'availability-zone', Filters: [{ Name: 'instance-type', Values: ['t3.micro'] }] }));
  return (offers.InstanceTypeOfferings ?? []).map((o) => o.Location ?? '').sort();
}

async function allZones(ec2: EC2Client): Promise<string[]> {
  return ((await ec2.send(new DescribeAvailabilityZonesCommand({}))).AvailabilityZones ?? []).map((z) => z.ZoneName ?? '').sort();
}

describe('instance type offerings', () => {
  it('us-east-1e offers no t3.micro, as on AWS; eu-west-1 lacks it in its last zone', async () => {
    const east = ec2In('us-east-1');
    expect(await offeredZones(east)).toEqual((await allZones(east)).filter((z) => z !== 'us-east-1e'));
    const west = ec2In('eu-west-1');
    gate.configure({ behaviours: { offerings: false } });
    const everywhere = await offeredZones(west).finally(() => gate.configure({ behaviours: { offerings: true } }));
    expect(everywhere).toEqual(await allZones(west));
    expect(await offeredZones(west)).toEqual(everywhere.slice(0, -1));
  });

  it('a launch of t3.micro in the zone that lacks it fails with Unsupported; in an offered zone it runs', async () => {
    const ec2 = ec2In('us-east-1');
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.7.0.0/16' }))).Vpc?.VpcId ?? '';
    const inE = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.7.1.0/24', AvailabilityZone: 'us-east-1e' }))).Subnet?.SubnetId ?? '';
    const image = (await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], MaxResults: 5 }))).Images?.[0]?.ImageId ?? 'ami-df5de72bdb3b';
    const launch = (SubnetId: string) => ec2.send(new RunInstancesCommand({ ImageId: image, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, SubnetId }));

    gate.configure({ behaviours: { offerings: false } });
    const naive = await launch(inE).finally(() => gate.configure({ behaviours: { offerings: true } }));
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [naive.Instances?.[0]?.InstanceId ?? ''] }));

    const refused = await failure(launch(inE));
    expect(refused.name).toBe('Unsupported');
    expect(refused.message).toMatch(/^Your requested instance type \(t3\.micro\) is not supported in your requested Availability Zone \(us-east-1e\)\. Please retry your request by not specifying an Availability Zone or choosing us-east-1a, /);

    const zone = (await offeredZones(ec2))[0];
    const offered = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.7.2.0/24', AvailabilityZone: zone }))).Subnet?.SubnetId ?? '';
    const ran = await launch(offered);
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [ran.Instances?.[0]?.InstanceId ?? ''] }));
  });
});
