// Reading the root-and-admin lab's IAM state by name, for the lab and its checks alike. A missing user, group,
// login profile or policy answers `undefined` rather than an error.
import {
  type AccessKeyMetadata,
  GetAccountPasswordPolicyCommand,
  GetGroupCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  type Group,
  ListAccessKeysCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListMFADevicesCommand,
  ListUserPoliciesCommand,
  type LoginProfile,
  type MFADevice,
  NoSuchEntityException,
  type PasswordPolicy,
  type User,
} from '@aws-sdk/client-iam';
import type { LabContext } from '../../lab-runner/lab.js';

async function orMissing<T>(get: () => Promise<T>): Promise<T | undefined> {
  try {
    return await get();
  } catch (error) {
    if (error instanceof NoSuchEntityException) return undefined;
    throw error;
  }
}

export function accountPasswordPolicy(ctx: LabContext): Promise<PasswordPolicy | undefined> {
  return orMissing(async () => (await ctx.clients.iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy);
}

export function findUser(ctx: LabContext, userName: string): Promise<User | undefined> {
  return orMissing(async () => (await ctx.clients.iam.send(new GetUserCommand({ UserName: userName }))).User);
}

export function findGroup(ctx: LabContext, groupName: string): Promise<Group | undefined> {
  return orMissing(async () => (await ctx.clients.iam.send(new GetGroupCommand({ GroupName: groupName }))).Group);
}

export async function groupPolicyArns(ctx: LabContext, groupName: string): Promise<string[]> {
  const { AttachedPolicies = [] } = await ctx.clients.iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: groupName, MaxItems: 1000 }));
  return AttachedPolicies.map((p) => p.PolicyArn ?? '');
}

export async function groupsOfUser(ctx: LabContext, userName: string): Promise<string[]> {
  const { Groups = [] } = await ctx.clients.iam.send(new ListGroupsForUserCommand({ UserName: userName, MaxItems: 1000 }));
  return Groups.map((g) => g.GroupName ?? '');
}

/** Managed policies attached to the user and inline policies in it: permissions that bypass its groups. */
export async function ownPolicies(ctx: LabContext, userName: string): Promise<string[]> {
  const [attached, inline] = await Promise.all([
    ctx.clients.iam.send(new ListAttachedUserPoliciesCommand({ UserName: userName, MaxItems: 1000 })),
    ctx.clients.iam.send(new ListUserPoliciesCommand({ UserName: userName, MaxItems: 1000 })),
  ]);
  return [...(attached.AttachedPolicies ?? []).map((p) => `${p.PolicyName} (attached)`), ...(inline.PolicyNames ?? []).map((name) => `${name} (inline)`)];
}

export function loginProfile(ctx: LabContext, userName: string): Promise<LoginProfile | undefined> {
  return orMissing(async () => (await ctx.clients.iam.send(new GetLoginProfileCommand({ UserName: userName }))).LoginProfile);
}

export async function mfaDevicesOf(ctx: LabContext, userName: string): Promise<MFADevice[]> {
  return (await ctx.clients.iam.send(new ListMFADevicesCommand({ UserName: userName, MaxItems: 1000 }))).MFADevices ?? [];
}

export async function accessKeysOf(ctx: LabContext, userName: string): Promise<AccessKeyMetadata[]> {
  return (await ctx.clients.iam.send(new ListAccessKeysCommand({ UserName: userName, MaxItems: 1000 }))).AccessKeyMetadata ?? [];
}

/** A virtual MFA device's serial number is its ARN (`arn:aws:iam::…:mfa/…`); hardware and FIDO devices have others. */
export function isVirtualMfa(device: MFADevice): boolean {
  return /^arn:aws[\w-]*:iam::\d{12}:mfa\//.test(device.SerialNumber ?? '');
}
