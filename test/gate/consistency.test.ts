// Eventual consistency (opt-in): right after it is created, a security group, internet gateway, route table, role or
// instance profile answers NotFound / NoSuchEntity for a short window. A naive client that uses it at once fails; one
// that retries NotFound with backoff, as the EC2 guide advises, succeeds.
// https://docs.aws.amazon.com/ec2/latest/devguide/eventual-consistency.html
import { AttachInternetGatewayCommand, AuthorizeSecurityGroupIngressCommand, CreateInternetGatewayCommand, CreateRouteCommand, CreateRouteTableCommand, CreateSecurityGroupCommand, CreateVpcCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { AddRoleToInstanceProfileCommand, AttachRolePolicyCommand, CreateInstanceProfileCommand, CreateRoleCommand, type IAMClient } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientsAt, failure, rootKeys, startTestGate, type TestGate } from './helpers.js';

const ACCOUNT = '000000005800';
const WINDOW_MS = 800;
const run = Date.now().toString(36);
let gate: TestGate;
let ec2: EC2Client;
let iam: IAMClient;
let vpcId: string;
const baseRole = `c-base-${run}`;
const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

beforeAll(async () => {
  gate = await startTestGate(4627, { consistency: true }, { consistencyWindowMs: WINDOW_MS });
  ({ ec2, iam } = clientsAt(gate.url, rootKeys(ACCOUNT)));
  vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.6.0.0/16' }))).Vpc?.VpcId ?? '';
  await iam.send(new CreateRoleCommand({ RoleName: baseRole, AssumeRolePolicyDocument: trust }));
  await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
});

afterAll(async () => {
  await gate.close();
});

/** What a careful client does: retry while the new resource is not yet visible, backing off. */
async function retryingNotFound<T>(call: () => Promise<T>): Promise<{ value: T; waitedMs: number }> {
  const started = Date.now();
  for (let attempt = 0; ; attempt += 1) {
    try {
      return { value: await call(), waitedMs: Date.now() - started };
    } catch (error) {
      if (!/NotFound|NoSuchEntity/.test((error as Error).name) || attempt >= 8) throw error;
      await new Promise((resolve) => setTimeout(resolve, 150 * 2 ** Math.min(attempt, 2)));
    }
  }
}

interface Case {
  title: string;
  create: () => Promise<string>;
  use: (id: string) => Promise<unknown>;
  code: string;
}

const cases: Case[] = [
  {
    title: 'security group → ingress rule',
    create: async () => (await ec2.send(new CreateSecurityGroupCommand({ GroupName: `c-${run}-${Math.random()}`, Description: 'c', VpcId: vpcId }))).GroupId ?? '',
    use: (id) => ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] })),
    code: 'InvalidGroup.NotFound',
  },
  {
    title: 'internet gateway → attach',
    create: async () => (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway?.InternetGatewayId ?? '',
    use: (id) => ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: id, VpcId: vpcId })),
    code: 'InvalidInternetGatewayID.NotFound',
  },
  {
    title: 'route table → route',
    create: async () => (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable?.RouteTableId ?? '',
    use: (id) => ec2.send(new CreateRouteCommand({ RouteTableId: id, DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'local' })),
    code: 'InvalidRouteTableID.NotFound',
  },
  {
    title: 'role → attach a policy',
    create: async () => {
      const name = `c-role-${run}-${Math.floor(Math.random() * 1e6)}`;
      await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }));
      return name;
    },
    use: (name) => iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' })),
    code: 'NoSuchEntity',
  },
  {
    title: 'instance profile → add a role',
    create: async () => {
      const name = `c-profile-${run}-${Math.floor(Math.random() * 1e6)}`;
      await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: name }));
      return name;
    },
    use: (name) => iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: name, RoleName: baseRole })),
    code: 'NoSuchEntity',
  },
];

describe('eventual consistency', () => {
  for (const c of cases) {
    it(`${c.title}: used at once, ${c.code}; retried, it works`, async () => {
      gate.configure({ behaviours: { consistency: false } });
      const atOnce = await c.create().then(c.use).finally(() => gate.configure({ behaviours: { consistency: true } }));
      expect(atOnce).toBeDefined();
      const id = await c.create();
      expect(await failure(c.use(id))).toMatchObject({ code: c.code });
      const { waitedMs } = await retryingNotFound(() => c.use(id));
      expect(waitedMs).toBeGreaterThan(WINDOW_MS / 2);
    });
  }
});
