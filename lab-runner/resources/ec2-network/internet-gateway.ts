// Internet gateways, found by their lab tag; removing one detaches it first. CreateInternetGateway converges on the
// gateway its Name tag names; AttachInternetGateway on the link: attached already is reused, attached to another VPC
// is moved (and said), and another gateway of the lab's on the VPC is detached, since a VPC takes only one.
import {
  AttachInternetGatewayCommand,
  type AttachInternetGatewayCommandInput,
  type AttachInternetGatewayCommandOutput,
  CreateInternetGatewayCommand,
  type CreateInternetGatewayCommandInput,
  type CreateInternetGatewayCommandOutput,
  DeleteInternetGatewayCommand,
  DescribeInternetGatewaysCommand,
  DescribeVpcsCommand,
  DetachInternetGatewayCommand,
  type InternetGateway,
  paginateDescribeInternetGateways,
} from '@aws-sdk/client-ec2';
import { convergeNamed } from '../../converge/named.js';
import { createOnce } from '../../converge/once.js';
import { notTheLabs, StepProblem } from '../../converge/problem.js';
import { rule } from '../../converge/rule.js';
import { type Ec2Reader, internetGatewaysNamed } from '../../lookup.js';
import { unlessMissing } from '../../missing.js';
import { onceVisible } from '../visible.js';
import { nameTag } from '../../tags.js';
import type { FoundResource, ResourceKind } from '../kind.js';
import { adoptOrDelete, byNameTag, described, foundTagged, isLabs, pickOurs, TAGGED_BY_A_LAB } from './named.js';

const createInternetGateway = rule<CreateInternetGatewayCommandInput>('ec2', 'CreateInternetGatewayCommand', (call) =>
  convergeNamed<CreateInternetGatewayCommandInput, InternetGateway, CreateInternetGatewayCommandOutput>(
    {
      kind: 'ec2:internet-gateway',
      what: 'internet gateway',
      ...byNameTag<CreateInternetGatewayCommandInput>('CreateInternetGateway', 'internet-gateway'),
      find: async (c, name) => pickOurs(await internetGatewaysNamed(c, name), c.labId, `internet gateway named ${name}`, (g) => g.InternetGatewayId),
      idOf: (gateway) => gateway.InternetGatewayId ?? '',
      adoptOrDelete: (c, gateway) => adoptOrDelete(gateway.InternetGatewayId ?? '', c.labId, c.region, `delete-internet-gateway --internet-gateway-id ${gateway.InternetGatewayId}`),
      // Where it is attached is the attach call's business.
      differences: async () => [],
      remove: (c, gateway) => detachAndDelete(c, gateway.InternetGatewayId ?? ''),
      create: (c) => c.once.ec2.send(new CreateInternetGatewayCommand(c.input)),
      answer: async (_c, gateway) => ({ InternetGateway: gateway, $metadata: {} }),
      idInAnswer: (answer) => answer.InternetGateway?.InternetGatewayId ?? '',
    },
    call,
  ),
);

const attachInternetGateway = rule<AttachInternetGatewayCommandInput>('ec2', 'AttachInternetGatewayCommand', async (call): Promise<AttachInternetGatewayCommandOutput> => {
  const { InternetGatewayId = '', VpcId = '' } = call.input;
  const gateway = await gatewayById(call, InternetGatewayId);
  const vpcName = await vpcNameOf(call, VpcId);
  const name = `${nameTag(gateway.Tags) ?? InternetGatewayId} → ${vpcName}`;
  const attachedTo = attachedVpcs(gateway);
  if (attachedTo.includes(VpcId)) {
    call.report('reused', { kind: 'ec2:internet-gateway-attachment', name, id: InternetGatewayId, detail: 'attached already' });
    return { $metadata: {} };
  }
  const onVpc = (await gatewaysOn(call, VpcId)).filter((g) => g.InternetGatewayId !== InternetGatewayId);
  const strangers = onVpc.filter((g) => !isLabs(g, call.labId));
  if (strangers.length > 0) throw vpcTaken(strangers, vpcName, VpcId, call.region);
  if (attachedTo.length > 0 && !isLabs(gateway, call.labId)) {
    const commands = adoptOrDelete(InternetGatewayId, call.labId, call.region, `detach-internet-gateway --internet-gateway-id ${InternetGatewayId} --vpc-id ${attachedTo[0]}`);
    throw notTheLabs(`Internet gateway ${described(InternetGatewayId, gateway)}, attached to ${attachedTo.join(', ')},`, call.labId, commands);
  }
  const changes: string[] = [];
  for (const other of onVpc) {
    await detach(call, other.InternetGatewayId ?? '', VpcId);
    changes.push(`${described(other.InternetGatewayId, other)} detached from ${vpcName} (a VPC takes one internet gateway)`);
  }
  for (const elsewhere of attachedTo) {
    await detach(call, InternetGatewayId, elsewhere);
    changes.push(`moved from ${await vpcNameOf(call, elsewhere)} to ${vpcName}`);
  }
  await createOnce(
    call,
    `the attachment ${name}`,
    () => call.once.ec2.send(new AttachInternetGatewayCommand(call.input)),
    async () => (attachedVpcs(await gatewayById(call, InternetGatewayId)).includes(VpcId) ? { $metadata: {} } : undefined),
  );
  if (changes.length > 0) call.report('updated', { kind: 'ec2:internet-gateway-attachment', name, id: InternetGatewayId, detail: changes.join('; ') });
  else call.report('created', { kind: 'ec2:internet-gateway-attachment', name, id: InternetGatewayId });
  return { $metadata: {} };
});

const internetGateways: ResourceKind = {
  kind: 'ec2:internet-gateway',
  global: false,
  order: 40,
  async findTagged(ctx) {
    const found: FoundResource[] = [];
    for await (const page of paginateDescribeInternetGateways({ client: ctx.clients.ec2 }, { Filters: TAGGED_BY_A_LAB })) {
      for (const g of page.InternetGateways ?? []) found.push(foundTagged('ec2:internet-gateway', g.InternetGatewayId, g));
    }
    return found;
  },
  remove: (ctx, gateway) => detachAndDelete(ctx, gateway.id),
  rules: [createInternetGateway, attachInternetGateway],
};

export const internetGatewayKinds: ResourceKind[] = [internetGateways];

/** A gateway is detached from its VPC before it can be deleted. */
async function detachAndDelete(reader: Ec2Reader, gatewayId: string): Promise<void> {
  const described = await onceVisible(() => reader.clients.ec2.send(new DescribeInternetGatewaysCommand({ InternetGatewayIds: [gatewayId] })));
  const gateway = described?.InternetGateways?.[0];
  if (!gateway) return;
  for (const vpcId of attachedVpcs(gateway)) await detach(reader, gatewayId, vpcId);
  await unlessMissing(reader.clients.ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: gatewayId })));
}

async function detach(reader: Ec2Reader, gatewayId: string, vpcId: string): Promise<void> {
  await unlessMissing(reader.clients.ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: gatewayId, VpcId: vpcId })));
}

/** Naming it outright: a gateway made a moment ago may answer "not found" (eventual consistency), and is tried again. */
async function gatewayById(reader: Ec2Reader, gatewayId: string): Promise<InternetGateway> {
  const { InternetGateways = [] } = await reader.clients.ec2.send(new DescribeInternetGatewaysCommand({ InternetGatewayIds: [gatewayId] }));
  const [gateway] = InternetGateways;
  if (!gateway) throw new StepProblem('InvalidInternetGatewayID.NotFound', `There is no internet gateway ${gatewayId}.`, 'Attach the gateway the step created: its id is in the answer to CreateInternetGateway.');
  return gateway;
}

async function gatewaysOn(reader: Ec2Reader, vpcId: string): Promise<InternetGateway[]> {
  const filter = [{ Name: 'attachment.vpc-id', Values: [vpcId] }];
  return (await reader.clients.ec2.send(new DescribeInternetGatewaysCommand({ Filters: filter }))).InternetGateways ?? [];
}

/** DescribeInternetGateways says `available` for an attached gateway, though the SDK's type lists only `attached`. */
function attachedVpcs(gateway: InternetGateway): string[] {
  return (gateway.Attachments ?? []).filter((a) => !['detaching', 'detached'].includes(String(a.State))).flatMap((a) => (a.VpcId ? [a.VpcId] : []));
}

async function vpcNameOf(reader: Ec2Reader, vpcId: string): Promise<string> {
  const { Vpcs = [] } = await reader.clients.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
  return nameTag(Vpcs[0]?.Tags) ?? vpcId;
}

function vpcTaken(gateways: InternetGateway[], vpcName: string, vpcId: string, region: string): StepProblem {
  const [first] = gateways;
  return new StepProblem(
    'VpcHasInternetGateway',
    `${vpcName} (${vpcId}) has the internet gateway ${gateways.map((g) => described(g.InternetGatewayId, g)).join(', ')} attached, which this lab did not make, and a VPC takes only one.`,
    `Detach it (aws ec2 detach-internet-gateway --internet-gateway-id ${first?.InternetGatewayId} --vpc-id ${vpcId} --region ${region}), then run the lab again.`,
  );
}
