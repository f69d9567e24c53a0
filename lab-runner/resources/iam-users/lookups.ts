// Reading IAM users, groups and what they hold, for the kinds and their converge rules. Something missing answers
// `undefined` (or an empty list), never an error.
import {
  type AttachedPolicy,
  GetGroupCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  type Group,
  ListUserTagsCommand,
  type LoginProfile,
  paginateGetGroup,
  paginateListAttachedGroupPolicies,
  paginateListAttachedUserPolicies,
  paginateListGroupPolicies,
  paginateListGroups,
  paginateListGroupsForUser,
  paginateListUserPolicies,
  paginateListUsers,
  paginateListVirtualMFADevices,
  type User,
  type VirtualMFADevice,
} from '@aws-sdk/client-iam';
import type { Clients } from '../../clients.js';
import { labOfPath } from '../../iam-path.js';
import { isMissing, unlessMissing } from '../../missing.js';
import { labOf } from '../../tags.js';

export async function findUser(clients: Clients, name: string): Promise<User | undefined> {
  return (await unlessMissing(clients.iam.send(new GetUserCommand({ UserName: name }))))?.User;
}

/** ListUsers and GetUser may leave tags out, so they are asked for on their own. */
export async function userLab(clients: Clients, name: string): Promise<string | undefined> {
  return labOf((await unlessMissing(clients.iam.send(new ListUserTagsCommand({ UserName: name }))))?.Tags);
}

export async function findGroup(clients: Clients, name: string): Promise<Group | undefined> {
  return (await unlessMissing(clients.iam.send(new GetGroupCommand({ GroupName: name }))))?.Group;
}

export async function findLoginProfile(clients: Clients, user: string): Promise<LoginProfile | undefined> {
  return (await unlessMissing(clients.iam.send(new GetLoginProfileCommand({ UserName: user }))))?.LoginProfile;
}

/** Every user that carries a lab's tag, with that lab. */
export async function labUsers(clients: Clients): Promise<{ name: string; lab: string }[]> {
  const names: string[] = [];
  for await (const page of paginateListUsers({ client: clients.iam }, {})) names.push(...(page.Users ?? []).flatMap((u) => (u.UserName ? [u.UserName] : [])));
  const labelled = await Promise.all(names.map(async (name) => ({ name, lab: await userLab(clients, name) })));
  return labelled.flatMap(({ name, lab }) => (lab ? [{ name, lab }] : []));
}

/** Every group under a lab's path, with that lab. */
export async function labGroups(clients: Clients): Promise<{ name: string; lab: string }[]> {
  const found: { name: string; lab: string }[] = [];
  for await (const page of paginateListGroups({ client: clients.iam }, { PathPrefix: '/workbook/' })) {
    for (const g of page.Groups ?? []) {
      const lab = labOfPath(g.Path);
      if (g.GroupName && lab) found.push({ name: g.GroupName, lab });
    }
  }
  return found;
}

export async function groupMembers(clients: Clients, group: string): Promise<string[]> {
  return collect(paginateGetGroup({ client: clients.iam }, { GroupName: group }), (page) => (page.Users ?? []).flatMap((u) => (u.UserName ? [u.UserName] : [])));
}

export async function groupsOfUser(clients: Clients, user: string): Promise<string[]> {
  return collect(paginateListGroupsForUser({ client: clients.iam }, { UserName: user }), (page) => (page.Groups ?? []).flatMap((g) => (g.GroupName ? [g.GroupName] : [])));
}

export async function groupPolicies(clients: Clients, group: string): Promise<AttachedPolicy[]> {
  return collect(paginateListAttachedGroupPolicies({ client: clients.iam }, { GroupName: group }), (page) => page.AttachedPolicies ?? []);
}

export async function groupInlinePolicies(clients: Clients, group: string): Promise<string[]> {
  return collect(paginateListGroupPolicies({ client: clients.iam }, { GroupName: group }), (page) => page.PolicyNames ?? []);
}

export async function userPolicies(clients: Clients, user: string): Promise<AttachedPolicy[]> {
  return collect(paginateListAttachedUserPolicies({ client: clients.iam }, { UserName: user }), (page) => page.AttachedPolicies ?? []);
}

export async function userInlinePolicies(clients: Clients, user: string): Promise<string[]> {
  return collect(paginateListUserPolicies({ client: clients.iam }, { UserName: user }), (page) => page.PolicyNames ?? []);
}

export async function virtualMfaDevices(clients: Clients): Promise<VirtualMFADevice[]> {
  return collect(paginateListVirtualMFADevices({ client: clients.iam }, {}), (page) => page.VirtualMFADevices ?? []);
}

/** The pages' items, or none when what they list does not exist. */
async function collect<P, T>(pages: AsyncIterable<P>, items: (page: P) => T[]): Promise<T[]> {
  const found: T[] = [];
  try {
    for await (const page of pages) found.push(...items(page));
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
  return found;
}

/** `arn:aws:iam::aws:policy/AdministratorAccess` → `AdministratorAccess`. */
export function policyName(arn: string): string {
  return arn.split('/').pop() ?? arn;
}
