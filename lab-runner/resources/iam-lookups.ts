// Finding the IAM resources of the role kinds: by name, and with the lab their tag names. IAM's list calls answer no
// tags, so each candidate's are asked for; a resource that vanished meanwhile is simply not found.
import {
  type AttachedPolicy,
  GetInstanceProfileCommand,
  GetPolicyCommand,
  GetRoleCommand,
  type InstanceProfile,
  ListAttachedRolePoliciesCommand,
  ListInstanceProfileTagsCommand,
  ListPolicyTagsCommand,
  ListRoleTagsCommand,
  paginateListInstanceProfiles,
  paginateListPolicies,
  paginateListRoles,
  type Policy,
  type Role,
} from '@aws-sdk/client-iam';
import type { Clients } from '../clients.js';
import { unlessMissing } from '../missing.js';
import { labOf } from '../tags.js';
import { onceVisible } from './visible.js';

export async function getRole(clients: Clients, RoleName: string): Promise<Role | undefined> {
  return (await unlessMissing(clients.iam.send(new GetRoleCommand({ RoleName }))))?.Role;
}

export async function getInstanceProfile(clients: Clients, InstanceProfileName: string): Promise<InstanceProfile | undefined> {
  return (await unlessMissing(clients.iam.send(new GetInstanceProfileCommand({ InstanceProfileName }))))?.InstanceProfile;
}

/** A customer managed policy of the account by name, whatever its path; IAM names are unique in an account, whatever their case. */
export async function findPolicy(clients: Clients, name: string): Promise<Policy | undefined> {
  for await (const page of paginateListPolicies({ client: clients.iam }, { Scope: 'Local' })) {
    const found = (page.Policies ?? []).find((p) => p.PolicyName?.toLowerCase() === name.toLowerCase());
    if (found?.Arn) return (await unlessMissing(clients.iam.send(new GetPolicyCommand({ PolicyArn: found.Arn }))))?.Policy;
  }
  return undefined;
}

export async function attachedPolicies(clients: Clients, RoleName: string): Promise<AttachedPolicy[]> {
  return (await unlessMissing(clients.iam.send(new ListAttachedRolePoliciesCommand({ RoleName }))))?.AttachedPolicies ?? [];
}

export async function roleLab(clients: Clients, RoleName: string): Promise<string | undefined> {
  return labOf((await unlessMissing(clients.iam.send(new ListRoleTagsCommand({ RoleName }))))?.Tags);
}

export async function policyLab(clients: Clients, PolicyArn: string): Promise<string | undefined> {
  return labOf((await unlessMissing(clients.iam.send(new ListPolicyTagsCommand({ PolicyArn }))))?.Tags);
}

export async function profileLab(clients: Clients, InstanceProfileName: string): Promise<string | undefined> {
  return labOf((await unlessMissing(clients.iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName }))))?.Tags);
}

/** Every role carrying a lab's tag. Service-linked roles belong to AWS services; no lab makes or tags them. */
export async function taggedRoles(clients: Clients): Promise<{ name: string; lab: string }[]> {
  const names: string[] = [];
  for await (const page of paginateListRoles({ client: clients.iam }, {})) {
    names.push(...(page.Roles ?? []).filter((r) => r.RoleName && !r.Path?.startsWith('/aws-service-role/')).map((r) => r.RoleName ?? ''));
  }
  const labelled = await Promise.all(names.map(async (name) => ({ name, lab: labOf((await onceVisible(() => clients.iam.send(new ListRoleTagsCommand({ RoleName: name }))))?.Tags) })));
  return labelled.flatMap(({ name, lab }) => (lab ? [{ name, lab }] : []));
}

export async function taggedProfiles(clients: Clients): Promise<{ profile: InstanceProfile; lab: string }[]> {
  const profiles: InstanceProfile[] = [];
  for await (const page of paginateListInstanceProfiles({ client: clients.iam }, {})) profiles.push(...(page.InstanceProfiles ?? []));
  const labelled = await Promise.all(
    profiles.map(async (profile) => ({
      profile,
      lab: labOf((await onceVisible(() => clients.iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: profile.InstanceProfileName }))))?.Tags),
    })),
  );
  return labelled.flatMap(({ profile, lab }) => (lab ? [{ profile, lab }] : []));
}

/** A link's id carries both ends, separated by a space: neither IAM names nor ARNs contain one. */
export function pairId(first: string, second: string): string {
  return `${first} ${second}`;
}

export function splitPairId(id: string): [string, string] {
  const at = id.indexOf(' ');
  return [id.slice(0, at), id.slice(at + 1)];
}

export function quoted(text: string | undefined): string {
  return text ? `"${text}"` : '(none)';
}
