// IAM groups, which cannot be tagged: a lab's groups are those under its IAM path (see ../../iam-path.ts). Creating
// one converges by name; attaching a managed policy is a link, made once. A step that attaches policies to a group
// leaves it with exactly those when it ends: a policy an earlier, wrong run attached is detached, and said.
import {
  type AttachGroupPolicyCommandInput,
  CreateGroupCommand,
  type CreateGroupCommandInput,
  type CreateGroupCommandOutput,
  DeleteGroupCommand,
  DeleteGroupPolicyCommand,
  DetachGroupPolicyCommand,
  type Group,
  RemoveUserFromGroupCommand,
} from '@aws-sdk/client-iam';
import { convergeNamed } from '../../converge/named.js';
import { notTheLabs, StepProblem, unnamed } from '../../converge/problem.js';
import { type ConvergeCall, rule } from '../../converge/rule.js';
import { labOfPath, labPath } from '../../iam-path.js';
import { unlessMissing } from '../../missing.js';
import type { FoundResource, ResourceKind } from '../kind.js';
import { spareCallersGroup } from './caller.js';
import { findGroup, groupInlinePolicies, groupMembers, groupPolicies, labGroups, policyName } from './lookups.js';
import { convergeLink } from './link.js';
import { takeAsked } from './step-requests.js';

const createGroup = rule<CreateGroupCommandInput>('iam', 'CreateGroupCommand', (call) =>
  convergeNamed<CreateGroupCommandInput, Group, CreateGroupCommandOutput>(
    {
      kind: 'iam:group',
      what: 'IAM group',
      nameOf: (input) => input.GroupName ?? '',
      validate(input, { labId }) {
        if (!input.GroupName) throw unnamed('CreateGroup', 'Give it a GroupName.');
        if (input.Path !== labPath(labId)) throw unmarked('CreateGroup', labId, 'group');
      },
      find: (c, name) => findGroup(c.clients, name),
      idOf: (group) => group.Arn ?? group.GroupName ?? '',
      isOurs: async (c, group) => labOfPath(group.Path) === c.labId,
      adoptOrDelete: (c, group) => ({
        tag: `aws iam update-group --group-name ${group.GroupName} --new-path ${labPath(c.labId)}`,
        remove: `aws iam delete-group --group-name ${group.GroupName}, after removing its members and policies`,
      }),
      differences: async () => [],
      remove: async () => {},
      create: (c) => c.once.iam.send(new CreateGroupCommand(c.input)),
      answer: async (_c, group) => ({ Group: group, $metadata: {} }),
      idInAnswer: (answer) => answer.Group?.Arn ?? '',
    },
    call,
  ),
);

const attachGroupPolicy = rule<AttachGroupPolicyCommandInput>('iam', 'AttachGroupPolicyCommand', async (call) => {
  const { GroupName = '', PolicyArn = '' } = call.input;
  await assertLabGroup(call, GroupName);
  return convergeLink(call, {
    kind: 'iam:group-policy',
    name: attachmentName(GroupName, PolicyArn),
    id: attachmentId(GroupName, PolicyArn),
    exists: async () => (await groupPolicies(call.clients, GroupName)).some((p) => p.PolicyArn === PolicyArn),
    already: 'attached already',
    made: { action: 'created' },
    asked: { key: askedKey(GroupName), value: PolicyArn, atStepEnd: { key: askedKey(GroupName), work: () => detachUnasked(call, GroupName) } },
  });
});

/** The group ends the step with the managed policies its calls attached, and no inline ones. */
async function detachUnasked(call: ConvergeCall, group: string): Promise<void> {
  const asked = takeAsked(askedKey(group));
  for (const policy of await groupPolicies(call.clients, group)) {
    const arn = policy.PolicyArn ?? '';
    if (asked.has(arn)) continue;
    await unlessMissing(call.clients.iam.send(new DetachGroupPolicyCommand({ GroupName: group, PolicyArn: arn })));
    call.report('removed', { kind: 'iam:group-policy', name: attachmentName(group, arn), id: attachmentId(group, arn), detail: 'attached earlier, but no call of this step attaches it: detached' });
  }
  for (const name of await groupInlinePolicies(call.clients, group)) {
    await unlessMissing(call.clients.iam.send(new DeleteGroupPolicyCommand({ GroupName: group, PolicyName: name })));
    call.report('removed', { kind: 'iam:group-policy', name: `${group} inline policy ${name}`, id: `${group}|inline:${name}`, detail: 'the lab gives its groups managed policies only: deleted' });
  }
}

/** A lab attaches policies only to its own groups. */
async function assertLabGroup(call: ConvergeCall, name: string): Promise<void> {
  const group = await findGroup(call.clients, name);
  if (group && labOfPath(group.Path) !== call.labId) {
    throw notTheLabs(`IAM group ${name} (path ${group.Path})`, call.labId, {
      tag: `aws iam update-group --group-name ${name} --new-path ${labPath(call.labId)}`,
      remove: `aws iam delete-group --group-name ${name}, after removing its members and policies`,
    });
  }
}

const groups: ResourceKind = {
  kind: 'iam:group',
  global: true,
  order: 50,
  async findTagged(ctx) {
    return (await labGroups(ctx.clients)).map(({ name, lab }): FoundResource => ({ kind: 'iam:group', id: name, name, lab }));
  },
  async remove(ctx, group) {
    const GroupName = group.id;
    await spareCallersGroup(ctx, GroupName, `the group ${GroupName}`);
    if (!(await findGroup(ctx.clients, GroupName))) return;
    const iam = ctx.clients.iam;
    for (const user of await groupMembers(ctx.clients, GroupName)) await unlessMissing(iam.send(new RemoveUserFromGroupCommand({ GroupName, UserName: user })));
    for (const p of await groupPolicies(ctx.clients, GroupName)) await unlessMissing(iam.send(new DetachGroupPolicyCommand({ GroupName, PolicyArn: p.PolicyArn })));
    for (const name of await groupInlinePolicies(ctx.clients, GroupName)) await unlessMissing(iam.send(new DeleteGroupPolicyCommand({ GroupName, PolicyName: name })));
    await unlessMissing(iam.send(new DeleteGroupCommand({ GroupName })));
  },
  rules: [createGroup],
};

const groupPolicyAttachments: ResourceKind = {
  kind: 'iam:group-policy',
  global: true,
  order: 30,
  async findTagged(ctx) {
    const perGroup = await Promise.all(
      (await labGroups(ctx.clients)).map(async ({ name, lab }) =>
        (await groupPolicies(ctx.clients, name)).map((p): FoundResource => ({
          kind: 'iam:group-policy',
          id: attachmentId(name, p.PolicyArn ?? ''),
          name: attachmentName(name, p.PolicyArn ?? ''),
          lab,
        })),
      ),
    );
    return perGroup.flat();
  },
  async remove(ctx, attachment) {
    const [GroupName = '', PolicyArn = ''] = attachment.id.split('|');
    await spareCallersGroup(ctx, GroupName, `${policyName(PolicyArn)} on ${GroupName}`);
    await unlessMissing(ctx.clients.iam.send(new DetachGroupPolicyCommand({ GroupName, PolicyArn })));
  },
  rules: [attachGroupPolicy],
};

export const groupKinds: ResourceKind[] = [groupPolicyAttachments, groups];

function askedKey(group: string): string {
  return `iam:group-policies:${group}`;
}

function attachmentId(group: string, policyArn: string): string {
  return `${group}|${policyArn}`;
}

function attachmentName(group: string, policyArn: string): string {
  return `${group} ← ${policyName(policyArn)}`;
}

/** A create without the lab's IAM path would make something `lab reset` can never find. */
export function unmarked(command: string, labId: string, what: string): StepProblem {
  return new StepProblem(
    'MissingLabPath',
    `${command} was sent without Path ${labPath(labId)}: the lab marks a ${what} by its IAM path (it cannot be tagged, or LocalStack drops its tags), and without it \`lab reset\` could never find it, so it was not sent.`,
    'Create it under the lab\'s path: Path: labPath(ctx.labId).',
  );
}
