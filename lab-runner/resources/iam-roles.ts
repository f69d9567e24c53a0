// IAM roles and the managed policies attached to them; with ./iam-managed-policies.ts and ./iam-instance-profiles.ts,
// every kind the role labs make (IAM is global). A role is found by its lab tag; a policy attached to it belongs to the
// role's lab. Creating a role converges: a changed trust policy (part of the role) is updated in place, as are its
// description and session duration; another path means a new role. When a step has attached policies, the role keeps
// exactly those: what an earlier run attached besides is detached, and said.
import {
  type AttachRolePolicyCommandInput,
  CreateRoleCommand,
  type CreateRoleCommandInput,
  type CreateRoleCommandOutput,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  ListInstanceProfilesForRoleCommand,
  ListRolePoliciesCommand,
  RemoveRoleFromInstanceProfileCommand,
  type Role,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
} from '@aws-sdk/client-iam';
import type { Clients } from '../clients.js';
import { convergeNamed, type Difference } from '../converge/named.js';
import { notTheLabs, unnamed, untagged } from '../converge/problem.js';
import { type ConvergeCall, rule } from '../converge/rule.js';
import { unlessMissing } from '../missing.js';
import { parsePolicyDocument, samePolicy } from '../policy-document.js';
import { LAB_TAG, labOf } from '../tags.js';
import { instanceProfiles, profileRoles } from './iam-instance-profiles.js';
import { attachedPolicies, getRole, pairId, profileLab, quoted, roleLab, splitPairId, taggedRoles } from './iam-lookups.js';
import { managedPolicies } from './iam-managed-policies.js';
import { summarizePolicy } from './iam-policy-summary.js';
import type { FoundResource, ResourceKind } from './kind.js';
import { onceVisible } from './visible.js';

/** What an AssumeRole session lasts when the role does not say (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html). */
const DEFAULT_MAX_SESSION_SECONDS = 3600;

const createRole = rule<CreateRoleCommandInput>('iam', 'CreateRoleCommand', (call) =>
  convergeNamed<CreateRoleCommandInput, Role, CreateRoleCommandOutput>(
    {
      kind: 'iam:role',
      what: 'IAM role',
      nameOf: (input) => input.RoleName ?? '',
      validate(input, { labId }) {
        if (!input.RoleName) throw unnamed('CreateRole', 'Give it RoleName.');
        if (labOf(input.Tags) !== labId) throw untagged('CreateRole', labId, 'Tags: ctx.tags()');
      },
      find: (c, name) => getRole(c.clients, name),
      idOf: (role) => role.Arn ?? '',
      isOurs: async (c, role) => (await roleLab(c.clients, role.RoleName ?? '')) === c.labId,
      adoptOrDelete: (c, role) => ({
        tag: `aws iam tag-role --role-name ${role.RoleName} --tags Key=${LAB_TAG},Value=${c.labId}`,
        remove: `aws iam delete-role --role-name ${role.RoleName}, once its policies are detached and it is out of its instance profiles`,
      }),
      differences: async (c, role) => roleDifferences(role, c.input),
      update: async (c, role, differences) => {
        const RoleName = role.RoleName;
        if (differences.some((d) => d.what === 'trust policy')) {
          await c.clients.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName, PolicyDocument: c.input.AssumeRolePolicyDocument }));
        }
        if (differences.some((d) => d.what !== 'trust policy')) {
          const MaxSessionDuration = c.input.MaxSessionDuration ?? DEFAULT_MAX_SESSION_SECONDS;
          await c.clients.iam.send(new UpdateRoleCommand({ RoleName, Description: c.input.Description ?? '', MaxSessionDuration }));
        }
      },
      dependants: async (c, role) => (await foreignProfilesHolding(c, role.RoleName ?? '')).map((p) => `the instance profile ${p}, which is not this lab's,`),
      remove: (c, role) => removeRole(c.clients, role.RoleName ?? ''),
      create: (c) => c.once.iam.send(new CreateRoleCommand(c.input)),
      answer: async (_c, role) => ({ Role: role, $metadata: {} }),
      idInAnswer: (answer) => answer.Role?.Arn ?? '',
    },
    call,
  ),
);

/** What the request asks of the role that it does not have; a path is part of the role's ARN, so it cannot change. */
function roleDifferences(role: Role, input: CreateRoleCommandInput): Difference[] {
  const differences: Difference[] = [];
  const have = parsePolicyDocument(role.AssumeRolePolicyDocument);
  const want = parsePolicyDocument(input.AssumeRolePolicyDocument);
  if (!samePolicy(have, want)) differences.push({ what: 'trust policy', have: summarizePolicy(have), want: summarizePolicy(want), inPlace: true });
  if ((input.Description ?? '') !== (role.Description ?? '')) {
    differences.push({ what: 'description', have: quoted(role.Description), want: quoted(input.Description), inPlace: true });
  }
  const seconds = input.MaxSessionDuration ?? DEFAULT_MAX_SESSION_SECONDS;
  if (seconds !== (role.MaxSessionDuration ?? DEFAULT_MAX_SESSION_SECONDS)) {
    differences.push({ what: 'max session duration', have: `${role.MaxSessionDuration} s`, want: `${seconds} s`, inPlace: true });
  }
  if ((input.Path ?? '/') !== (role.Path ?? '/')) differences.push({ what: 'path', have: role.Path ?? '/', want: input.Path ?? '/', inPlace: false });
  return differences;
}

const roles: ResourceKind = {
  kind: 'iam:role',
  global: true,
  order: 40,
  async findTagged(ctx) {
    return (await taggedRoles(ctx.clients)).map(({ name, lab }) => ({ kind: 'iam:role', id: name, name, lab }));
  },
  remove: (ctx, role) => removeRole(ctx.clients, role.id),
  rules: [createRole],
};

/** IAM deletes a role only once it holds no policies and sits in no instance profile. */
async function removeRole(clients: Clients, RoleName: string): Promise<void> {
  const iam = clients.iam;
  const inline = await onceVisible(() => iam.send(new ListRolePoliciesCommand({ RoleName })));
  if (!inline) return; // the role is gone already
  for (const PolicyName of inline.PolicyNames ?? []) await unlessMissing(iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName })));
  for (const p of await attachedPolicies(clients, RoleName)) await unlessMissing(iam.send(new DetachRolePolicyCommand({ RoleName, PolicyArn: p.PolicyArn })));
  for (const p of (await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName }))).InstanceProfiles ?? []) {
    await unlessMissing(iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: p.InstanceProfileName, RoleName })));
  }
  await unlessMissing(iam.send(new DeleteRoleCommand({ RoleName })));
}

async function foreignProfilesHolding(call: ConvergeCall, RoleName: string): Promise<string[]> {
  const { InstanceProfiles = [] } = await call.clients.iam.send(new ListInstanceProfilesForRoleCommand({ RoleName }));
  const labelled = await Promise.all(InstanceProfiles.map(async (p) => ({ name: p.InstanceProfileName ?? '', lab: await profileLab(call.clients, p.InstanceProfileName ?? '') })));
  return labelled.filter((p) => p.lab !== call.labId).map((p) => p.name);
}

/** The policies each role is to keep, collected over the step's attach calls; the step's end detaches the rest. */
const attachedThisStep = new Map<string, Set<string>>();

/** A policy is attached once; when the step ends, the role holds exactly the managed policies the step attached. */
const attachRolePolicy = rule<AttachRolePolicyCommandInput>('iam', 'AttachRolePolicyCommand', async (call) => {
  const { RoleName = '', PolicyArn = '' } = call.input;
  await refuseForeignRole(call, RoleName);
  const wanted = attachedThisStep.get(RoleName) ?? new Set<string>();
  attachedThisStep.set(RoleName, wanted.add(PolicyArn));
  call.atStepEnd(`iam:policy-attachment ${RoleName}`, () => detachTheRest(call, RoleName));
  const what = { kind: 'iam:policy-attachment', name: attachmentName(RoleName, PolicyArn), id: pairId(RoleName, PolicyArn) };
  if ((await attachedPolicies(call.clients, RoleName)).some((p) => p.PolicyArn === PolicyArn)) {
    call.report('reused', { ...what, detail: 'attached already' });
    return { $metadata: {} };
  }
  const answer = await call.send(call.input);
  call.report('created', what);
  return answer;
});

async function detachTheRest(call: ConvergeCall, RoleName: string): Promise<void> {
  const keep = attachedThisStep.get(RoleName) ?? new Set<string>();
  attachedThisStep.delete(RoleName);
  for (const p of await attachedPolicies(call.clients, RoleName)) {
    if (!p.PolicyArn || keep.has(p.PolicyArn)) continue;
    await unlessMissing(call.clients.iam.send(new DetachRolePolicyCommand({ RoleName, PolicyArn: p.PolicyArn })));
    call.report('removed', {
      kind: 'iam:policy-attachment',
      name: attachmentName(RoleName, p.PolicyArn),
      id: pairId(RoleName, p.PolicyArn),
      detail: 'this step does not attach it (an earlier run did): detached, so the role may do only what the step gives it',
    });
  }
}

const policyAttachments: ResourceKind = {
  kind: 'iam:policy-attachment',
  global: true,
  order: 20,
  async findTagged(ctx) {
    const perRole = await Promise.all(
      (await taggedRoles(ctx.clients)).map(async ({ name, lab }) =>
        (await attachedPolicies(ctx.clients, name)).map((p): FoundResource => ({
          kind: 'iam:policy-attachment',
          id: pairId(name, p.PolicyArn ?? ''),
          name: attachmentName(name, p.PolicyArn ?? ''),
          lab,
        })),
      ),
    );
    return perRole.flat();
  },
  async remove(ctx, attachment) {
    const [RoleName, PolicyArn] = splitPairId(attachment.id);
    await unlessMissing(ctx.clients.iam.send(new DetachRolePolicyCommand({ RoleName, PolicyArn })));
  },
  rules: [attachRolePolicy],
};

/** Attaching to a role the lab did not make would change someone else's permissions. */
async function refuseForeignRole(call: ConvergeCall, RoleName: string): Promise<void> {
  const role = await getRole(call.clients, RoleName);
  if (!role || (await roleLab(call.clients, RoleName)) === call.labId) return;
  throw notTheLabs(`IAM role ${RoleName} (${role.Arn})`, call.labId, {
    tag: `aws iam tag-role --role-name ${RoleName} --tags Key=${LAB_TAG},Value=${call.labId}`,
    remove: `aws iam delete-role --role-name ${RoleName}, once its policies are detached and it is out of its instance profiles`,
  });
}

function attachmentName(role: string, policyArn: string): string {
  return `${policyArn.split('/').pop() ?? policyArn} → ${role}`;
}

export const iamRolesKinds: ResourceKind[] = [policyAttachments, profileRoles, instanceProfiles, roles, managedPolicies];
