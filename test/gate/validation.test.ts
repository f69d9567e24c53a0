// Requests AWS refuses and LocalStack takes: a naive client that sends them gets through to LocalStack alone, and is
// refused by the gate with AWS's code; the same work done the way AWS wants passes.
import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, CreateVpcCommand, ModifyVpcAttributeCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientsAt, failure, rootKeys, startTestGate, type TestGate } from './helpers.js';

const ACCOUNT = '000000005500';
let gate: TestGate;
let ec2: EC2Client;
let vpcId: string;
let groupId: string;

beforeAll(async () => {
  gate = await startTestGate(4624);
  ec2 = clientsAt(gate.url, rootKeys(ACCOUNT)).ec2;
  vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }))).Vpc?.VpcId ?? '';
  groupId = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: `v-${Date.now()}`, Description: 'validation', VpcId: vpcId }))).GroupId ?? '';
});

afterAll(async () => {
  await gate.close();
});

/** Runs `call` once with validation off (LocalStack alone: 'accepted', or the error it gave) and once with it on. */
async function naiveThenGated(call: () => Promise<unknown>): Promise<{ naive: string; gated: { name: string; message: string; status?: number } }> {
  gate.configure({ behaviours: { validation: false } });
  const naive = await call()
    .then(() => 'accepted', (error: Error) => error.name)
    .finally(() => gate.configure({ behaviours: { validation: true } }));
  return { naive, gated: await failure(call()) };
}

describe('request validation', () => {
  it('ModifyVpcAttribute takes one attribute per request', async () => {
    const both = () => ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsSupport: { Value: true }, EnableDnsHostnames: { Value: true } }));
    const { naive, gated } = await naiveThenGated(both);
    expect(naive).toBe('accepted');
    expect(gated).toMatchObject({ name: 'InvalidParameterCombination', status: 400, message: 'Fields for multiple attribute types specified: enableDnsHostnames, enableDnsSupport' });
    await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsSupport: { Value: true } }));
    await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
  });

  it('TagSpecifications name the resource type the operation creates', async () => {
    const wrongType = () => ec2.send(new CreateVpcCommand({ CidrBlock: '10.8.0.0/16', TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'Name', Value: 'x' }] }] }));
    const { naive: acceptedWrongType, gated } = await naiveThenGated(wrongType);
    expect(acceptedWrongType).toBe('accepted');
    expect(gated).toMatchObject({ name: 'InvalidParameterValue', message: "'subnet' is not a valid taggable resource type for this operation." });
    const reserved = await failure(ec2.send(new CreateVpcCommand({ CidrBlock: '10.8.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'aws:owner', Value: 'x' }] }] })));
    expect(reserved.message).toBe("Tag keys starting with 'aws:' are reserved for internal use");
    const noTags = await failure(ec2.send(new CreateVpcCommand({ CidrBlock: '10.8.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [] }] })));
    expect(noTags.name).toBe('InvalidParameterValue');
    await expect(ec2.send(new CreateVpcCommand({ CidrBlock: '10.8.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'ok' }] }] }))).resolves.toBeDefined();
  });

  it('security group rules need a known protocol, TCP ports and a well-formed CIDR', async () => {
    const noPorts = () => ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: 'tcp', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    // LocalStack alone fails inside (InternalError) instead of saying what is wrong.
    const { naive: crashed, gated } = await naiveThenGated(noPorts);
    expect(crashed).toBe('InternalError');
    expect(gated).toMatchObject({ name: 'InvalidParameterValue', message: "Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange" });
    const badCidr = await failure(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/33' }] }] })));
    expect(badCidr.message).toBe('CIDR block 0.0.0.0/33 is malformed');
    const badProtocol = await failure(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: 'htp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] })));
    expect(badProtocol.message).toBe("Invalid value 'htp' for IP protocol. Unknown protocol.");
    const reversed = await failure(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] })));
    expect(reversed.name).toBe('InvalidParameterValue');
    await expect(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }))).resolves.toBeDefined();
  });
});
