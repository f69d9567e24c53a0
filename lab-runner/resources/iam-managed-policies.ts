// Customer managed policies, found by their lab tag. Creating one converges: a changed document becomes a new default
// version (./iam-policy-versions.ts); a changed description or path, which IAM cannot change, means a new policy, unless
// something outside the lab is attached to it.
import {
  CreatePolicyCommand,
  type CreatePolicyCommandInput,
  type CreatePolicyCommandOutput,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  ListPolicyVersionsCommand,
  paginateListEntitiesForPolicy,
  paginateListPolicies,
  type Policy,
} from '@aws-sdk/client-iam';
import type { Clients } from '../clients.js';
import { convergeNamed, type Difference } from '../converge/named.js';
import { unnamed, untagged } from '../converge/problem.js';
import { type ConvergeCall, rule } from '../converge/rule.js';
import { labOfPath } from '../iam-path.js';
import { unlessMissing } from '../missing.js';
import { parsePolicyDocument, samePolicy } from '../policy-document.js';
import { LAB_TAG, labOf } from '../tags.js';
import { findPolicy, policyLab, quoted, roleLab } from './iam-lookups.js';
import { findGroup, userLab } from './iam-users/lookups.js';
import { summarizePolicy } from './iam-policy-summary.js';
import { defaultDocument, newDefaultVersion } from './iam-policy-versions.js';
import type { FoundResource, ResourceKind } from './kind.js';

const createPolicy = rule<CreatePolicyCommandInput>('iam', 'CreatePolicyCommand', (call) =>
  convergeNamed<CreatePolicyCommandInput, Policy, CreatePolicyCommandOutput>(
    {
      kind: 'iam:policy',
      what: 'IAM policy',
      nameOf: (input) => input.PolicyName ?? '',
      validate(input, { labId }) {
        if (!input.PolicyName) throw unnamed('CreatePolicy', 'Give it PolicyName.');
        if (labOf(input.Tags) !== labId) throw untagged('CreatePolicy', labId, 'Tags: ctx.tags()');
      },
      find: (c, name) => findPolicy(c.clients, name),
      idOf: (policy) => policy.Arn ?? '',
      isOurs: async (c, policy) => (await policyLab(c.clients, policy.Arn ?? '')) === c.labId,
      adoptOrDelete: (c, policy) => ({
        tag: `aws iam tag-policy --policy-arn ${policy.Arn} --tags Key=${LAB_TAG},Value=${c.labId}`,
        remove: `aws iam delete-policy --policy-arn ${policy.Arn}, once it is detached everywhere and its other versions are deleted`,
      }),
      differences: async (c, policy) => policyDifferences(c, policy),
      update: async (c, policy) => void (await newDefaultVersion(c, policy.Arn ?? '', policy.PolicyName ?? '', c.input.PolicyDocument ?? '')),
      dependants: async (c, policy) => foreignAttachments(c, policy.Arn ?? ''),
      remove: (c, policy) => removePolicy(c.clients, policy.Arn ?? ''),
      create: (c) => c.once.iam.send(new CreatePolicyCommand(c.input)),
      answer: async (_c, policy) => ({ Policy: policy, $metadata: {} }),
      idInAnswer: (answer) => answer.Policy?.Arn ?? '',
    },
    call,
  ),
);

/**
 * The document changes by a new version. The description cannot change once given, and the path is part of the ARN:
 * either means a new policy (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html).
 */
async function policyDifferences(call: ConvergeCall<CreatePolicyCommandInput>, policy: Policy): Promise<Difference[]> {
  const input = call.input;
  const differences: Difference[] = [];
  const have = await defaultDocument(call.clients, policy.Arn ?? '', policy.DefaultVersionId);
  const want = parsePolicyDocument(input.PolicyDocument);
  if (!samePolicy(have, want)) {
    differences.push({ what: 'policy document', have: `${policy.DefaultVersionId}: ${summarizePolicy(have)}`, want: summarizePolicy(want), inPlace: true });
  }
  if ((input.Description ?? '') !== (policy.Description ?? '')) {
    differences.push({ what: 'description', have: quoted(policy.Description), want: quoted(input.Description), inPlace: false });
  }
  if ((input.Path ?? '/') !== (policy.Path ?? '/')) differences.push({ what: 'path', have: policy.Path ?? '/', want: input.Path ?? '/', inPlace: false });
  return differences;
}

export const managedPolicies: ResourceKind = {
  kind: 'iam:policy',
  global: true,
  order: 50,
  async findTagged(ctx) {
    const policies: Policy[] = [];
    for await (const page of paginateListPolicies({ client: ctx.clients.iam }, { Scope: 'Local' })) policies.push(...(page.Policies ?? []));
    const labelled = await Promise.all(policies.map(async (p) => ({ p, lab: await policyLab(ctx.clients, p.Arn ?? '') })));
    return labelled.flatMap(({ p, lab }): FoundResource[] => (lab && p.Arn ? [{ kind: 'iam:policy', id: p.Arn, name: p.PolicyName, lab }] : []));
  },
  remove: (ctx, policy) => removePolicy(ctx.clients, policy.id),
  rules: [createPolicy],
};

/** A policy still attached anywhere, or with versions besides its default, cannot be deleted: those go first. */
async function removePolicy(clients: Clients, PolicyArn: string): Promise<void> {
  const iam = clients.iam;
  const versions = await unlessMissing(iam.send(new ListPolicyVersionsCommand({ PolicyArn })));
  if (!versions) return;
  for await (const page of paginateListEntitiesForPolicy({ client: iam }, { PolicyArn })) {
    for (const r of page.PolicyRoles ?? []) await unlessMissing(iam.send(new DetachRolePolicyCommand({ PolicyArn, RoleName: r.RoleName })));
    for (const u of page.PolicyUsers ?? []) await unlessMissing(iam.send(new DetachUserPolicyCommand({ PolicyArn, UserName: u.UserName })));
    for (const g of page.PolicyGroups ?? []) await unlessMissing(iam.send(new DetachGroupPolicyCommand({ PolicyArn, GroupName: g.GroupName })));
  }
  for (const v of versions.Versions ?? []) {
    if (!v.IsDefaultVersion) await unlessMissing(iam.send(new DeletePolicyVersionCommand({ PolicyArn, VersionId: v.VersionId })));
  }
  await unlessMissing(iam.send(new DeletePolicyCommand({ PolicyArn })));
}

/**
 * Who else the policy is attached to: roles, users and groups another lab (or nobody's) made. The lab's own are
 * detached with the old policy, and its steps attach the new one.
 */
async function foreignAttachments(call: ConvergeCall, PolicyArn: string): Promise<string[]> {
  const found: string[] = [];
  for await (const page of paginateListEntitiesForPolicy({ client: call.clients.iam }, { PolicyArn })) {
    for (const r of page.PolicyRoles ?? []) if ((await roleLab(call.clients, r.RoleName ?? '')) !== call.labId) found.push(`the role ${r.RoleName}`);
    for (const u of page.PolicyUsers ?? []) if ((await userLab(call.clients, u.UserName ?? '')) !== call.labId) found.push(`the user ${u.UserName}`);
    for (const g of page.PolicyGroups ?? []) if (labOfPath((await findGroup(call.clients, g.GroupName ?? ''))?.Path) !== call.labId) found.push(`the group ${g.GroupName}`);
  }
  return found;
}
