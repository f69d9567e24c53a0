// IAM instance profiles, roles with everything they hold, and customer managed policies; all found by their lab tag.
// IAM's list calls do not return tags, so each candidate's tags are asked for separately.
import {
  DeleteInstanceProfileCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetInstanceProfileCommand,
  ListAttachedRolePoliciesCommand,
  ListInstanceProfilesForRoleCommand,
  ListInstanceProfileTagsCommand,
  ListPolicyTagsCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListRoleTagsCommand,
  paginateListEntitiesForPolicy,
  paginateListInstanceProfiles,
  paginateListPolicies,
  paginateListRoles,
  RemoveRoleFromInstanceProfileCommand,
  type Tag,
} from '@aws-sdk/client-iam';
import type { LabContext } from '../context.js';
import { hasLabTag } from '../tags.js';
import type { FoundResource, ResourceKind } from './kind.js';
import { unlessMissing } from '../missing.js';

const instanceProfiles: ResourceKind = {
  kind: 'iam:instance-profile',
  order: 30,
  async find(ctx) {
    const names: string[] = [];
    for await (const page of paginateListInstanceProfiles({ client: ctx.clients.iam }, {})) {
      names.push(...(page.InstanceProfiles ?? []).map((p) => p.InstanceProfileName ?? ''));
    }
    return tagged(ctx, 'iam:instance-profile', names, async (name) => {
      return (await ctx.clients.iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: name }))).Tags;
    });
  },
  async remove(ctx, profile) {
    const InstanceProfileName = profile.id;
    const described = await unlessMissing(ctx.clients.iam.send(new GetInstanceProfileCommand({ InstanceProfileName })));
    if (!described) return;
    for (const role of described.InstanceProfile?.Roles ?? []) {
      await unlessMissing(ctx.clients.iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName, RoleName: role.RoleName })));
    }
    await unlessMissing(ctx.clients.iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName })));
  },
};

const roles: ResourceKind = {
  kind: 'iam:role',
  order: 40,
  async find(ctx) {
    const names: string[] = [];
    for await (const page of paginateListRoles({ client: ctx.clients.iam }, {})) {
      // Service-linked roles belong to AWS services; no lab makes or tags them.
      names.push(...(page.Roles ?? []).filter((r) => !r.Path?.startsWith('/aws-service-role/')).map((r) => r.RoleName ?? ''));
    }
    return tagged(ctx, 'iam:role', names, async (name) => (await ctx.clients.iam.send(new ListRoleTagsCommand({ RoleName: name }))).Tags);
  },
  async remove(ctx, role) {
    // IAM deletes a role only once it holds no policies and sits in no instance profile.
    const RoleName = role.id;
    const iam = ctx.clients.iam;
    const inline = await unlessMissing(iam.send(new ListRolePoliciesCommand({ RoleName })));
    if (!inline) return; // the role is gone already
    for (const PolicyName of inline.PolicyNames ?? []) await unlessMissing(iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName })));
    for (const p of (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName }))).AttachedPolicies ?? []) {
      await unlessMissing(iam.send(new DetachRolePolicyCommand({ RoleName, PolicyArn: p.PolicyArn })));
    }
    for (const p of (await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName }))).InstanceProfiles ?? []) {
      await unlessMissing(iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: p.InstanceProfileName, RoleName })));
    }
    await unlessMissing(iam.send(new DeleteRoleCommand({ RoleName })));
  },
};

const managedPolicies: ResourceKind = {
  kind: 'iam:policy',
  order: 50,
  async find(ctx) {
    const arns = new Map<string, string>();
    for await (const page of paginateListPolicies({ client: ctx.clients.iam }, { Scope: 'Local' })) {
      for (const p of page.Policies ?? []) if (p.Arn) arns.set(p.Arn, p.PolicyName ?? p.Arn);
    }
    const found = await tagged(ctx, 'iam:policy', [...arns.keys()], async (arn) => (await ctx.clients.iam.send(new ListPolicyTagsCommand({ PolicyArn: arn }))).Tags);
    return found.map((r) => ({ ...r, name: arns.get(r.id) }));
  },
  async remove(ctx, policy) {
    const PolicyArn = policy.id;
    const iam = ctx.clients.iam;
    const versions = await unlessMissing(iam.send(new ListPolicyVersionsCommand({ PolicyArn })));
    if (!versions) return;
    // A policy still attached anywhere cannot be deleted; the lab's policy goes, so its attachments go with it.
    for await (const page of paginateListEntitiesForPolicy({ client: iam }, { PolicyArn })) {
      for (const r of page.PolicyRoles ?? []) await unlessMissing(iam.send(new DetachRolePolicyCommand({ PolicyArn, RoleName: r.RoleName })));
      for (const u of page.PolicyUsers ?? []) await unlessMissing(iam.send(new DetachUserPolicyCommand({ PolicyArn, UserName: u.UserName })));
      for (const g of page.PolicyGroups ?? []) await unlessMissing(iam.send(new DetachGroupPolicyCommand({ PolicyArn, GroupName: g.GroupName })));
    }
    for (const v of versions.Versions ?? []) {
      if (!v.IsDefaultVersion) await unlessMissing(iam.send(new DeletePolicyVersionCommand({ PolicyArn, VersionId: v.VersionId })));
    }
    await unlessMissing(iam.send(new DeletePolicyCommand({ PolicyArn })));
  },
};

export const iamRolesKinds: ResourceKind[] = [instanceProfiles, roles, managedPolicies];

/** The ones among `ids` whose tags carry this lab's tag; one that vanished meanwhile is simply not found. */
async function tagged(ctx: LabContext, kind: string, ids: string[], tagsOf: (id: string) => Promise<Tag[] | undefined>): Promise<FoundResource[]> {
  const checked = await Promise.all(
    ids.filter(Boolean).map(async (id) => ({ id, mine: hasLabTag(await unlessMissing(tagsOf(id)), ctx.labId) })),
  );
  return checked.filter((c) => c.mine).map((c) => ({ kind, id: c.id, name: c.id }));
}

