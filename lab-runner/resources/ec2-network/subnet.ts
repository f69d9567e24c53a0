// Subnets, found by their lab tag. CreateSubnet converges on the subnet its Name tag names in the request's VPC:
// reused when its range and zone are the ones asked for, replaced when not (neither can change), unless something
// stands in it: then refused, naming what (the directory-app lab's instance in public-a, say).
import {
  CreateSubnetCommand,
  type CreateSubnetCommandInput,
  type CreateSubnetCommandOutput,
  DeleteSubnetCommand,
  paginateDescribeSubnets,
  type Subnet,
} from '@aws-sdk/client-ec2';
import { convergeNamed, type Difference } from '../../converge/named.js';
import { rule } from '../../converge/rule.js';
import { subnetsNamed } from '../../lookup.js';
import type { FoundResource, ResourceKind } from '../kind.js';
import { removeWhenFree } from './in-use.js';
import { adoptOrDelete, byNameTag, foundTagged, pickOurs, TAGGED_BY_A_LAB } from './named.js';
import { usersOf } from './users.js';

const createSubnet = rule<CreateSubnetCommandInput>('ec2', 'CreateSubnetCommand', (call) =>
  convergeNamed<CreateSubnetCommandInput, Subnet, CreateSubnetCommandOutput>(
    {
      kind: 'ec2:subnet',
      what: 'subnet',
      ...byNameTag<CreateSubnetCommandInput>('CreateSubnet', 'subnet'),
      find: async (c, name) => pickOurs(await subnetsNamed(c, name, { vpcId: c.input.VpcId }), c.labId, `subnet named ${name}`, (s) => s.SubnetId),
      idOf: (subnet) => subnet.SubnetId ?? '',
      adoptOrDelete: (c, subnet) => adoptOrDelete(subnet.SubnetId ?? '', c.labId, c.region, `delete-subnet --subnet-id ${subnet.SubnetId}`),
      differences: async (c, subnet) => subnetDifferences(subnet, c.input),
      dependants: (c, subnet) => usersOf(c, subnet.SubnetId ?? '', { instances: 'subnet-id', interfaces: 'subnet-id' }),
      // Its route table association goes with it; the step's AssociateRouteTable makes the new one's.
      remove: async (c, subnet) => void (await c.clients.ec2.send(new DeleteSubnetCommand({ SubnetId: subnet.SubnetId }))),
      create: (c) => c.once.ec2.send(new CreateSubnetCommand(c.input)),
      answer: async (_c, subnet) => ({ Subnet: subnet, $metadata: {} }),
      idInAnswer: (answer) => answer.Subnet?.SubnetId ?? '',
    },
    call,
  ),
);

const subnets: ResourceKind = {
  kind: 'ec2:subnet',
  global: false,
  order: 40,
  async findTagged(ctx) {
    const found: FoundResource[] = [];
    for await (const page of paginateDescribeSubnets({ client: ctx.clients.ec2 }, { Filters: TAGGED_BY_A_LAB })) {
      for (const s of page.Subnets ?? []) found.push(foundTagged('ec2:subnet', s.SubnetId, s));
    }
    return found;
  },
  async remove(ctx, subnet) {
    await removeWhenFree(ctx, () => ctx.clients.ec2.send(new DeleteSubnetCommand({ SubnetId: subnet.id })));
  },
  rules: [createSubnet],
};

export const subnetKinds: ResourceKind[] = [subnets];

/** A subnet's range and zone are fixed when it is made. */
function subnetDifferences(subnet: Subnet, input: CreateSubnetCommandInput): Difference[] {
  const fields = [
    ['address range', subnet.CidrBlock, input.CidrBlock],
    ['zone', subnet.AvailabilityZone, input.AvailabilityZone],
    ['zone id', subnet.AvailabilityZoneId, input.AvailabilityZoneId],
  ] as const;
  return fields
    .filter(([, have, want]) => want !== undefined && want !== have)
    .map(([what, have, want]) => ({ what, have: have ?? '(none)', want: want ?? '', inPlace: false }));
}
