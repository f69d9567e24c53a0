// IAM users with everything they hold, virtual MFA devices, and groups. Users are found by their lab tag; groups, which
// IAM cannot tag, and MFA devices, whose tags LocalStack ignores, by the lab's IAM path (see ../iam-path.ts).
import {
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteGroupCommand,
  DeleteGroupPolicyCommand,
  DeleteLoginProfileCommand,
  DeleteServiceSpecificCredentialCommand,
  DeleteSigningCertificateCommand,
  DeleteSSHPublicKeyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DeleteVirtualMFADeviceCommand,
  DetachGroupPolicyCommand,
  DetachUserPolicyCommand,
  GetGroupCommand,
  ListAccessKeysCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsForUserCommand,
  ListMFADevicesCommand,
  ListMFADeviceTagsCommand,
  ListServiceSpecificCredentialsCommand,
  ListSigningCertificatesCommand,
  ListSSHPublicKeysCommand,
  ListUserPoliciesCommand,
  ListUserTagsCommand,
  NoSuchEntityException,
  paginateListGroups,
  paginateListUsers,
  paginateListVirtualMFADevices,
  RemoveUserFromGroupCommand,
  type VirtualMFADevice,
} from '@aws-sdk/client-iam';
import type { LabContext } from '../context.js';
import { arnUnderLabPath, labPath } from '../iam-path.js';
import { hasLabTag } from '../tags.js';
import type { FoundResource, ResourceKind } from './kind.js';
import { unlessMissing } from '../missing.js';

const mfaDevices: ResourceKind = {
  kind: 'iam:mfa-device',
  order: 20,
  async find(ctx) {
    const devices = await allVirtualMfaDevices(ctx);
    const ours = await Promise.all(
      devices.map(async (d): Promise<FoundResource | undefined> => {
        const serial = d.SerialNumber ?? '';
        const mine = arnUnderLabPath(serial, ctx.labId) || (await mfaDeviceTagged(ctx, serial));
        return mine ? { kind: 'iam:mfa-device', id: serial, name: serial.split('/').pop() } : undefined;
      }),
    );
    return ours.filter((r): r is FoundResource => r !== undefined);
  },
  async remove(ctx, device) {
    // An enabled device is first taken off its user; only then can it be deleted.
    const assigned = (await allVirtualMfaDevices(ctx)).find((d) => d.SerialNumber === device.id)?.User?.UserName;
    if (assigned) await unlessMissing(ctx.clients.iam.send(new DeactivateMFADeviceCommand({ UserName: assigned, SerialNumber: device.id })));
    await unlessMissing(ctx.clients.iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: device.id })));
  },
};

const users: ResourceKind = {
  kind: 'iam:user',
  order: 40,
  async find(ctx) {
    const names: string[] = [];
    for await (const page of paginateListUsers({ client: ctx.clients.iam }, {})) names.push(...(page.Users ?? []).map((u) => u.UserName ?? ''));
    const tagged = await Promise.all(
      names.filter(Boolean).map(async (name): Promise<FoundResource | undefined> => {
        const tags = await unlessMissing(ctx.clients.iam.send(new ListUserTagsCommand({ UserName: name })));
        return hasLabTag(tags?.Tags, ctx.labId) ? { kind: 'iam:user', id: name, name } : undefined;
      }),
    );
    return tagged.filter((r): r is FoundResource => r !== undefined);
  },
  async remove(ctx, user) {
    // IAM deletes a user only once nothing is left in it: memberships, password, keys, certificates, MFA, policies.
    const UserName = user.id;
    const iam = ctx.clients.iam;
    const groups = await unlessMissing(iam.send(new ListGroupsForUserCommand({ UserName })));
    if (!groups) return; // the user is gone already
    for (const g of groups.Groups ?? []) await unlessMissing(iam.send(new RemoveUserFromGroupCommand({ UserName, GroupName: g.GroupName })));
    await unlessMissing(iam.send(new DeleteLoginProfileCommand({ UserName })));
    for (const k of (await iam.send(new ListAccessKeysCommand({ UserName }))).AccessKeyMetadata ?? []) {
      await unlessMissing(iam.send(new DeleteAccessKeyCommand({ UserName, AccessKeyId: k.AccessKeyId })));
    }
    for (const c of (await iam.send(new ListSigningCertificatesCommand({ UserName }))).Certificates ?? []) {
      await unlessMissing(iam.send(new DeleteSigningCertificateCommand({ UserName, CertificateId: c.CertificateId })));
    }
    for (const k of (await iam.send(new ListSSHPublicKeysCommand({ UserName }))).SSHPublicKeys ?? []) {
      await unlessMissing(iam.send(new DeleteSSHPublicKeyCommand({ UserName, SSHPublicKeyId: k.SSHPublicKeyId })));
    }
    // LocalStack answers NoSuchEntity when no service is named; AWS lists them all.
    const credentials = await unlessMissing(iam.send(new ListServiceSpecificCredentialsCommand({ UserName })));
    for (const c of credentials?.ServiceSpecificCredentials ?? []) {
      await unlessMissing(iam.send(new DeleteServiceSpecificCredentialCommand({ UserName, ServiceSpecificCredentialId: c.ServiceSpecificCredentialId })));
    }
    for (const d of (await iam.send(new ListMFADevicesCommand({ UserName }))).MFADevices ?? []) {
      await unlessMissing(iam.send(new DeactivateMFADeviceCommand({ UserName, SerialNumber: d.SerialNumber })));
      // A virtual device without its user is useless (its seed is gone); hardware and FIDO devices are only detached.
      if (/:mfa\//.test(d.SerialNumber ?? '')) await unlessMissing(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: d.SerialNumber })));
    }
    for (const name of (await iam.send(new ListUserPoliciesCommand({ UserName }))).PolicyNames ?? []) {
      await unlessMissing(iam.send(new DeleteUserPolicyCommand({ UserName, PolicyName: name })));
    }
    for (const p of (await iam.send(new ListAttachedUserPoliciesCommand({ UserName }))).AttachedPolicies ?? []) {
      await unlessMissing(iam.send(new DetachUserPolicyCommand({ UserName, PolicyArn: p.PolicyArn })));
    }
    await unlessMissing(iam.send(new DeleteUserCommand({ UserName })));
  },
};

const groups: ResourceKind = {
  kind: 'iam:group',
  order: 50,
  async find(ctx) {
    const found: FoundResource[] = [];
    for await (const page of paginateListGroups({ client: ctx.clients.iam }, { PathPrefix: labPath(ctx.labId) })) {
      for (const g of page.Groups ?? []) if (g.GroupName && g.Path === labPath(ctx.labId)) found.push({ kind: 'iam:group', id: g.GroupName, name: g.GroupName });
    }
    return found;
  },
  async remove(ctx, group) {
    const GroupName = group.id;
    const iam = ctx.clients.iam;
    const described = await unlessMissing(iam.send(new GetGroupCommand({ GroupName })));
    if (!described) return;
    for (const u of described.Users ?? []) await unlessMissing(iam.send(new RemoveUserFromGroupCommand({ GroupName, UserName: u.UserName })));
    for (const p of (await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName }))).AttachedPolicies ?? []) {
      await unlessMissing(iam.send(new DetachGroupPolicyCommand({ GroupName, PolicyArn: p.PolicyArn })));
    }
    for (const name of (await iam.send(new ListGroupPoliciesCommand({ GroupName }))).PolicyNames ?? []) {
      await unlessMissing(iam.send(new DeleteGroupPolicyCommand({ GroupName, PolicyName: name })));
    }
    await unlessMissing(iam.send(new DeleteGroupCommand({ GroupName })));
  },
};

async function allVirtualMfaDevices(ctx: LabContext): Promise<VirtualMFADevice[]> {
  const devices: VirtualMFADevice[] = [];
  for await (const page of paginateListVirtualMFADevices({ client: ctx.clients.iam }, {})) devices.push(...(page.VirtualMFADevices ?? []));
  return devices;
}

/** LocalStack does not implement MFA device tags; there the lab's path is the only mark. */
async function mfaDeviceTagged(ctx: LabContext, serial: string): Promise<boolean> {
  try {
    const { Tags } = await ctx.clients.iam.send(new ListMFADeviceTagsCommand({ SerialNumber: serial }));
    return hasLabTag(Tags, ctx.labId);
  } catch (error) {
    if (ctx.isLocal || error instanceof NoSuchEntityException) return false;
    throw error;
  }
}

export const iamUsersKinds: ResourceKind[] = [mfaDevices, users, groups];
