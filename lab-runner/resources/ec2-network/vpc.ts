// VPCs, found by their lab tag. CreateVpc converges on the VPC its Name tag names: reused when its address range is
// the one asked for, replaced when not (a VPC's primary range cannot change), unless something stands in it.
import {
  CreateVpcCommand,
  type CreateVpcCommandInput,
  type CreateVpcCommandOutput,
  DeleteVpcCommand,
  paginateDescribeVpcs,
  type Vpc,
  waitUntilVpcAvailable,
} from '@aws-sdk/client-ec2';
import { convergeNamed, type Difference } from '../../converge/named.js';
import { rule } from '../../converge/rule.js';
import { type Ec2Reader, vpcsNamed } from '../../lookup.js';
import type { FoundResource, ResourceKind } from '../kind.js';
import { removeWhenFree } from './in-use.js';
import { adoptOrDelete, byNameTag, foundTagged, pickOurs, TAGGED_BY_A_LAB } from './named.js';
import { whatIsInVpc } from './vpc-contents.js';

/** A new VPC is `pending` for a moment; what the next step makes in it needs it `available`. */
const AVAILABLE_WAIT_SECONDS = 120;

const createVpc = rule<CreateVpcCommandInput>('ec2', 'CreateVpcCommand', (call) =>
  convergeNamed<CreateVpcCommandInput, Vpc, CreateVpcCommandOutput>(
    {
      kind: 'ec2:vpc',
      what: 'VPC',
      ...byNameTag<CreateVpcCommandInput>('CreateVpc', 'vpc'),
      find: async (c, name) => pickOurs(await vpcsNamed(c, name), c.labId, `VPC named ${name}`, (v) => v.VpcId),
      idOf: (vpc) => vpc.VpcId ?? '',
      adoptOrDelete: (c, vpc) => adoptOrDelete(vpc.VpcId ?? '', c.labId, c.region, `delete-vpc --vpc-id ${vpc.VpcId}`),
      differences: async (c, vpc) => vpcDifferences(vpc, c.input),
      dependants: (c, vpc) => whatIsInVpc(c, vpc.VpcId ?? ''),
      remove: async (c, vpc) => void (await c.clients.ec2.send(new DeleteVpcCommand({ VpcId: vpc.VpcId }))),
      create: async (c) => {
        const answer = await c.once.ec2.send(new CreateVpcCommand(c.input));
        await untilAvailable(c, answer.Vpc?.VpcId ?? '');
        return answer;
      },
      answer: async (_c, vpc) => ({ Vpc: vpc, $metadata: {} }),
      idInAnswer: (answer) => answer.Vpc?.VpcId ?? '',
    },
    call,
  ),
);

const vpcs: ResourceKind = {
  kind: 'ec2:vpc',
  global: false,
  order: 50,
  async findTagged(ctx) {
    const found: FoundResource[] = [];
    for await (const page of paginateDescribeVpcs({ client: ctx.clients.ec2 }, { Filters: TAGGED_BY_A_LAB })) {
      for (const vpc of page.Vpcs ?? []) found.push(foundTagged('ec2:vpc', vpc.VpcId, vpc));
    }
    return found;
  },
  async remove(ctx, vpc) {
    // Its main route table, default security group and network ACL go with it; the lab's own parts are removed before.
    await removeWhenFree(ctx, () => ctx.clients.ec2.send(new DeleteVpcCommand({ VpcId: vpc.id })));
  },
  rules: [createVpc],
};

export const vpcKinds: ResourceKind[] = [vpcs];

function vpcDifferences(vpc: Vpc, input: CreateVpcCommandInput): Difference[] {
  if (input.CidrBlock === undefined || input.CidrBlock === vpc.CidrBlock) return [];
  return [{ what: 'address range', have: vpc.CidrBlock ?? '(none)', want: input.CidrBlock, inPlace: false }];
}

async function untilAvailable(reader: Ec2Reader, vpcId: string): Promise<void> {
  // The waiter tries again on any error, so a VPC not visible yet (eventual consistency) is waited for too.
  await waitUntilVpcAvailable({ client: reader.clients.ec2, maxWaitTime: AVAILABLE_WAIT_SECONDS, minDelay: 1, maxDelay: 5 }, { VpcIds: [vpcId] });
}
