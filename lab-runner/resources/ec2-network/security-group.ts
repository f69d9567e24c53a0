// Security groups, found by their lab tag. CreateSecurityGroup converges on the group its GroupName names in the
// request's VPC (a description cannot change: replaced, unless something uses the group). Ingress converges on
// exactly what the step's AuthorizeSecurityGroupIngress calls ask: missing rules are added, and when the step ends,
// rules no call of it asked for (port 22 from an earlier, wrong run) are revoked, and said.
import {
  AuthorizeSecurityGroupIngressCommand,
  type AuthorizeSecurityGroupIngressCommandInput,
  type AuthorizeSecurityGroupIngressCommandOutput,
  CreateSecurityGroupCommand,
  type CreateSecurityGroupCommandInput,
  type CreateSecurityGroupCommandOutput,
  DeleteSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
  paginateDescribeSecurityGroups,
  RevokeSecurityGroupIngressCommand,
  type SecurityGroup,
} from '@aws-sdk/client-ec2';
import { convergeNamed } from '../../converge/named.js';
import { createOnce } from '../../converge/once.js';
import { notTheLabs, StepProblem, unnamed } from '../../converge/problem.js';
import { type ConvergeCall, rule } from '../../converge/rule.js';
import { type Ec2Reader, securityGroupsNamed } from '../../lookup.js';
import type { FoundResource, ResourceKind } from '../kind.js';
import { type IngressRule, ingressRules, permissionsOf } from './ingress.js';
import { removeWhenFree } from './in-use.js';
import { adoptOrDelete, foundTagged, isLabs, pickOurs, requireLabTag, TAGGED_BY_A_LAB } from './named.js';
import { onceVisible } from '../visible.js';
import { usersOf } from './users.js';

const createSecurityGroup = rule<CreateSecurityGroupCommandInput>('ec2', 'CreateSecurityGroupCommand', (call) =>
  convergeNamed<CreateSecurityGroupCommandInput, SecurityGroup, CreateSecurityGroupCommandOutput>(
    {
      kind: 'ec2:security-group',
      what: 'security group',
      validate(input, c) {
        requireLabTag('CreateSecurityGroup', 'security-group', input.TagSpecifications, c.labId);
        if (!input.GroupName) throw unnamed('CreateSecurityGroup', 'Give it a GroupName.');
      },
      nameOf: (input) => input.GroupName ?? '',
      find: async (c, name) => pickOurs(await securityGroupsNamed(c, name, { vpcId: c.input.VpcId }), c.labId, `security group named ${name}`, (g) => g.GroupId),
      idOf: (group) => group.GroupId ?? '',
      isOurs: async (c, group) => isLabs(group, c.labId),
      adoptOrDelete: (c, group) => adoptOrDelete(group.GroupId ?? '', c.labId, c.region, `delete-security-group --group-id ${group.GroupId}`),
      differences: async (c, group) =>
        c.input.Description !== undefined && c.input.Description !== group.Description
          ? [{ what: 'description', have: `"${group.Description ?? ''}"`, want: `"${c.input.Description}"`, inPlace: false }]
          : [],
      dependants: (c, group) => usersOf(c, group.GroupId ?? '', { instances: 'instance.group-id', interfaces: 'group-id' }),
      remove: async (c, group) => void (await c.clients.ec2.send(new DeleteSecurityGroupCommand({ GroupId: group.GroupId }))),
      create: (c) => c.once.ec2.send(new CreateSecurityGroupCommand(c.input)),
      answer: async (_c, group) => ({ GroupId: group.GroupId, SecurityGroupArn: group.SecurityGroupArn, $metadata: {} }),
      idInAnswer: (answer) => answer.GroupId ?? '',
    },
    call,
  ),
);

/** The ingress rules each group's Authorize calls asked for in the step going on; read and cleared when it ends. */
const askedThisStep = new Map<string, Map<string, IngressRule>>();

const authorizeIngress = rule<AuthorizeSecurityGroupIngressCommandInput>(
  'ec2',
  'AuthorizeSecurityGroupIngressCommand',
  async (call): Promise<AuthorizeSecurityGroupIngressCommandOutput> => {
    const group = await groupOf(call);
    const groupId = group.GroupId ?? '';
    if (!isLabs(group, call.labId)) {
      throw notTheLabs(`Security group ${groupId} (${group.GroupName})`, call.labId, adoptOrDelete(groupId, call.labId, call.region, `delete-security-group --group-id ${groupId}`));
    }
    const wanted = ingressRules(call.input.IpPermissions);
    const asked = askedThisStep.get(groupId) ?? new Map<string, IngressRule>();
    for (const r of wanted) asked.set(r.key, r);
    askedThisStep.set(groupId, asked);
    call.atStepEnd(`ingress of ${groupId}`, () => revokeUnasked(call, groupId));
    const have = new Set(ingressRules(group.IpPermissions).map((r) => r.key));
    const missing = wanted.filter((r) => !have.has(r.key));
    const name = `${group.GroupName} ${(missing.length > 0 ? missing : wanted).map((r) => r.label).join(', ')}`;
    if (missing.length === 0) {
      call.report('reused', { kind: 'ec2:security-group-ingress', name, id: groupId, detail: 'the group has these rules already' });
      return { Return: true, $metadata: {} };
    }
    const answer = await createOnce(
      call,
      `the rules ${name}`,
      () => call.once.ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: permissionsOf(missing) })),
      async () => {
        const now = new Set(ingressRules((await groupById(call, groupId)).IpPermissions).map((r) => r.key));
        return missing.every((r) => now.has(r.key)) ? { Return: true, $metadata: {} } : undefined;
      },
    );
    call.report('created', { kind: 'ec2:security-group-ingress', name, id: groupId });
    return answer;
  },
);

const securityGroups: ResourceKind = {
  kind: 'ec2:security-group',
  global: false,
  order: 30,
  async findTagged(ctx) {
    const found: FoundResource[] = [];
    for await (const page of paginateDescribeSecurityGroups({ client: ctx.clients.ec2 }, { Filters: TAGGED_BY_A_LAB })) {
      for (const g of page.SecurityGroups ?? []) found.push(foundTagged('ec2:security-group', g.GroupId, g, g.GroupName));
    }
    return found;
  },
  async remove(ctx, group) {
    if (!(await onceVisible(() => ctx.clients.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [group.id] }))))) return;
    // Its rules go with it; an instance's network interface that still holds it is waited for a while.
    await removeWhenFree(ctx, () => ctx.clients.ec2.send(new DeleteSecurityGroupCommand({ GroupId: group.id })));
  },
  rules: [createSecurityGroup, authorizeIngress],
};

export const securityGroupKinds: ResourceKind[] = [securityGroups];

/** When the step ends: the group's inbound rules that none of its calls asked for go. */
async function revokeUnasked(call: ConvergeCall, groupId: string): Promise<void> {
  const asked = askedThisStep.get(groupId) ?? new Map<string, IngressRule>();
  askedThisStep.delete(groupId);
  const group = await groupById(call, groupId);
  const extra = ingressRules(group.IpPermissions).filter((r) => !asked.has(r.key));
  if (extra.length === 0) return;
  await call.clients.ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: permissionsOf(extra) }));
  const what = extra.map((r) => r.label).join(', ');
  call.report('updated', { kind: 'ec2:security-group-ingress', name: group.GroupName ?? groupId, id: groupId, detail: `removed ${what}: no call of this step asks for ${extra.length === 1 ? 'it' : 'them'}` });
}

/** The group the call names, by id or (in the default VPC) by name. */
async function groupOf(call: ConvergeCall<AuthorizeSecurityGroupIngressCommandInput>): Promise<SecurityGroup> {
  if (call.input.GroupId) return groupById(call, call.input.GroupId);
  const { SecurityGroups = [] } = await call.clients.ec2.send(new DescribeSecurityGroupsCommand({ GroupNames: [call.input.GroupName ?? ''] }));
  const [group] = SecurityGroups;
  if (!group) throw new StepProblem('InvalidGroup.NotFound', `There is no security group named ${call.input.GroupName} in the default VPC.`, 'Name the group by its GroupId.');
  return group;
}

/** Naming it outright: a group made a moment ago may answer "not found" (eventual consistency), and is tried again. */
async function groupById(reader: Ec2Reader, groupId: string): Promise<SecurityGroup> {
  const { SecurityGroups = [] } = await reader.clients.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }));
  const [group] = SecurityGroups;
  if (!group) throw new StepProblem('InvalidGroup.NotFound', `There is no security group ${groupId}.`, 'Use the group the step created: its id is in the answer to CreateSecurityGroup.');
  return group;
}
