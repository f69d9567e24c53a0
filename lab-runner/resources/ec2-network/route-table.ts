// Route tables, found by their lab tag; removing one ends its subnet associations first (its routes go with it).
// CreateRouteTable converges on the table its Name tag names in the request's VPC; CreateRoute on the route for the
// destination (another target is replaced, and said); AssociateRouteTable on the subnet's association (one with
// another table is moved to this one, and said).
import {
  AssociateRouteTableCommand,
  type AssociateRouteTableCommandInput,
  type AssociateRouteTableCommandOutput,
  CreateRouteCommand,
  type CreateRouteCommandInput,
  type CreateRouteCommandOutput,
  CreateRouteTableCommand,
  type CreateRouteTableCommandInput,
  type CreateRouteTableCommandOutput,
  DeleteRouteTableCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DisassociateRouteTableCommand,
  paginateDescribeRouteTables,
  ReplaceRouteCommand,
  ReplaceRouteTableAssociationCommand,
  type Route,
  type RouteTable,
  type RouteTableAssociation,
} from '@aws-sdk/client-ec2';
import { randomUUID } from 'node:crypto';
import { convergeNamed } from '../../converge/named.js';
import { createOnce } from '../../converge/once.js';
import { notTheLabs, StepProblem } from '../../converge/problem.js';
import type { ConvergeCall } from '../../converge/rule.js';
import { rule } from '../../converge/rule.js';
import { type Ec2Reader, routeTablesNamed } from '../../lookup.js';
import { unlessMissing } from '../../missing.js';
import { onceVisible } from '../visible.js';
import { nameTag } from '../../tags.js';
import type { FoundResource, ResourceKind } from '../kind.js';
import { adoptOrDelete, byNameTag, described, foundTagged, isLabs, pickOurs, TAGGED_BY_A_LAB } from './named.js';

const createRouteTable = rule<CreateRouteTableCommandInput>('ec2', 'CreateRouteTableCommand', (call) =>
  convergeNamed<CreateRouteTableCommandInput, RouteTable, CreateRouteTableCommandOutput>(
    {
      kind: 'ec2:route-table',
      what: 'route table',
      ...byNameTag<CreateRouteTableCommandInput>('CreateRouteTable', 'route-table'),
      find: async (c, name) => pickOurs(await routeTablesNamed(c, name, { vpcId: c.input.VpcId }), c.labId, `route table named ${name}`, (t) => t.RouteTableId),
      idOf: (table) => table.RouteTableId ?? '',
      adoptOrDelete: (c, table) => adoptOrDelete(table.RouteTableId ?? '', c.labId, c.region, `delete-route-table --route-table-id ${table.RouteTableId}`),
      // Its routes and associations are the other calls' business.
      differences: async () => [],
      remove: (c, table) => disassociateAndDelete(c, table.RouteTableId ?? ''),
      // The API takes a client token: a create sent twice makes one table.
      create: (c) => c.once.ec2.send(new CreateRouteTableCommand({ ...c.input, ClientToken: c.input.ClientToken ?? randomUUID() })),
      answer: async (_c, table) => ({ RouteTable: table, $metadata: {} }),
      idInAnswer: (answer) => answer.RouteTable?.RouteTableId ?? '',
    },
    call,
  ),
);

/** The fields of CreateRoute that name where a route sends its traffic, and the Route field that shows each. */
const TARGETS = [
  ['GatewayId', 'GatewayId'],
  ['NatGatewayId', 'NatGatewayId'],
  ['NetworkInterfaceId', 'NetworkInterfaceId'],
  ['InstanceId', 'InstanceId'],
  ['TransitGatewayId', 'TransitGatewayId'],
  ['VpcPeeringConnectionId', 'VpcPeeringConnectionId'],
  ['EgressOnlyInternetGatewayId', 'EgressOnlyInternetGatewayId'],
  ['LocalGatewayId', 'LocalGatewayId'],
  ['CarrierGatewayId', 'CarrierGatewayId'],
  ['CoreNetworkArn', 'CoreNetworkArn'],
  ['VpcEndpointId', 'GatewayId'],
] as const;

const createRoute = rule<CreateRouteCommandInput>('ec2', 'CreateRouteCommand', async (call): Promise<CreateRouteCommandOutput> => {
  const { RouteTableId = '' } = call.input;
  const table = await tableById(call, RouteTableId);
  const destination = destinationOf(call.input);
  const wanted = TARGETS.find(([field]) => call.input[field] !== undefined);
  const target = wanted ? (call.input[wanted[0]] ?? '') : '';
  const name = `${nameTag(table.Tags) ?? RouteTableId} ${destination}`;
  const route = (table.Routes ?? []).find((r) => destinationOf(r) === destination);
  if (route && wanted && route[wanted[1]] === target) {
    call.report('reused', { kind: 'ec2:route', name, id: RouteTableId, detail: `→ ${target} already` });
    return { Return: true, $metadata: {} };
  }
  if (route) {
    if (!isLabs(table, call.labId)) {
      throw notTheLabs(`Route table ${described(RouteTableId, table)}`, call.labId, adoptOrDelete(RouteTableId, call.labId, call.region, `delete-route-table --route-table-id ${RouteTableId}`));
    }
    // The fields CreateRoute and ReplaceRoute share are the same: the destination and one target.
    await call.clients.ec2.send(new ReplaceRouteCommand({ ...call.input, RouteTableId }));
    call.report('updated', { kind: 'ec2:route', name, id: RouteTableId, detail: `target ${targetOf(route)} → ${target}` });
    return { Return: true, $metadata: {} };
  }
  const answer = await createOnce(
    call,
    `the route ${name}`,
    () => call.once.ec2.send(new CreateRouteCommand(call.input)),
    async () => ((await tableById(call, RouteTableId)).Routes ?? []).some((r) => destinationOf(r) === destination) ? { Return: true, $metadata: {} } : undefined,
  );
  call.report('created', { kind: 'ec2:route', name, id: RouteTableId, detail: `→ ${target}` });
  return answer;
});

const associateRouteTable = rule<AssociateRouteTableCommandInput>('ec2', 'AssociateRouteTableCommand', async (call): Promise<AssociateRouteTableCommandOutput> => {
  const { RouteTableId = '', SubnetId } = call.input;
  // An edge association (GatewayId) is not converged: it is sent as it is.
  if (!SubnetId) return (await call.send(call.input)) as AssociateRouteTableCommandOutput;
  const table = await tableById(call, RouteTableId);
  const subnet = (await call.clients.ec2.send(new DescribeSubnetsCommand({ SubnetIds: [SubnetId] }))).Subnets?.[0];
  const name = `${nameTag(table.Tags) ?? RouteTableId} ↔ ${nameTag(subnet?.Tags) ?? SubnetId}`;
  const current = await explicitAssociation(call, SubnetId);
  if (current?.association.RouteTableId === RouteTableId) {
    call.report('reused', { kind: 'ec2:route-table-association', name, id: current.association.RouteTableAssociationId ?? '', detail: 'associated already' });
    return { AssociationId: current.association.RouteTableAssociationId, AssociationState: { State: 'associated' }, $metadata: {} };
  }
  if (current) {
    if (!subnet || !isLabs(subnet, call.labId)) {
      throw notTheLabs(`Subnet ${described(SubnetId, subnet)}`, call.labId, adoptOrDelete(SubnetId, call.labId, call.region, `delete-subnet --subnet-id ${SubnetId}`));
    }
    const { NewAssociationId, AssociationState } = await call.clients.ec2.send(
      new ReplaceRouteTableAssociationCommand({ AssociationId: current.association.RouteTableAssociationId, RouteTableId }),
    );
    call.report('updated', { kind: 'ec2:route-table-association', name, id: NewAssociationId ?? '', detail: `moved from ${described(current.table.RouteTableId, current.table)}` });
    return { AssociationId: NewAssociationId, AssociationState, $metadata: {} };
  }
  const answer = await createOnce(
    call,
    `the association ${name}`,
    () => call.once.ec2.send(new AssociateRouteTableCommand(call.input)),
    async () => {
      const made = await explicitAssociation(call, SubnetId);
      return made?.association.RouteTableId === RouteTableId ? { AssociationId: made.association.RouteTableAssociationId, $metadata: {} } : undefined;
    },
  );
  call.report('created', { kind: 'ec2:route-table-association', name, id: answer.AssociationId ?? '' });
  return answer;
});

const routeTables: ResourceKind = {
  kind: 'ec2:route-table',
  global: false,
  order: 30,
  async findTagged(ctx) {
    const found: FoundResource[] = [];
    for await (const page of paginateDescribeRouteTables({ client: ctx.clients.ec2 }, { Filters: TAGGED_BY_A_LAB })) {
      // A VPC's main route table goes with its VPC and cannot be deleted on its own.
      for (const t of (page.RouteTables ?? []).filter((table) => !isMain(table))) found.push(foundTagged('ec2:route-table', t.RouteTableId, t));
    }
    return found;
  },
  remove: (ctx, table) => disassociateAndDelete(ctx, table.id),
  rules: [createRouteTable, createRoute, associateRouteTable],
};

export const routeTableKinds: ResourceKind[] = [routeTables];

/** Associations end before the table goes; its routes go with it. A table made main since goes with its VPC. */
async function disassociateAndDelete(reader: Ec2Reader, tableId: string): Promise<void> {
  const described = await onceVisible(() => reader.clients.ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [tableId] })));
  const table = described?.RouteTables?.[0];
  if (!table || isMain(table)) return;
  for (const association of table.Associations ?? []) {
    if (association.RouteTableAssociationId) {
      await unlessMissing(reader.clients.ec2.send(new DisassociateRouteTableCommand({ AssociationId: association.RouteTableAssociationId })));
    }
  }
  await unlessMissing(reader.clients.ec2.send(new DeleteRouteTableCommand({ RouteTableId: tableId })));
}

/** Naming it outright: a table made a moment ago may answer "not found" (eventual consistency), and is tried again. */
async function tableById(reader: Ec2Reader, tableId: string): Promise<RouteTable> {
  const { RouteTables = [] } = await reader.clients.ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [tableId] }));
  const [table] = RouteTables;
  if (!table) throw new StepProblem('InvalidRouteTableID.NotFound', `There is no route table ${tableId}.`, 'Use the table the step created: its id is in the answer to CreateRouteTable.');
  return table;
}

/** The table a subnet is associated with explicitly, if any (otherwise it uses its VPC's main table). */
async function explicitAssociation(call: ConvergeCall, subnetId: string): Promise<{ table: RouteTable; association: RouteTableAssociation } | undefined> {
  const filter = [{ Name: 'association.subnet-id', Values: [subnetId] }];
  const { RouteTables = [] } = await call.clients.ec2.send(new DescribeRouteTablesCommand({ Filters: filter }));
  for (const table of RouteTables) {
    const association = (table.Associations ?? []).find((a) => a.SubnetId === subnetId && !a.Main);
    if (association) return { table, association };
  }
  return undefined;
}

function isMain(table: RouteTable): boolean {
  return (table.Associations ?? []).some((a) => a.Main);
}

function destinationOf(route: Pick<Route, 'DestinationCidrBlock' | 'DestinationIpv6CidrBlock' | 'DestinationPrefixListId'>): string {
  return route.DestinationCidrBlock ?? route.DestinationIpv6CidrBlock ?? route.DestinationPrefixListId ?? '';
}

function targetOf(route: Route): string {
  const shown = TARGETS.map(([, field]) => route[field]).find((value) => value !== undefined);
  return `${shown ?? 'nothing'}${route.State === 'blackhole' ? ' (blackhole)' : ''}`;
}
