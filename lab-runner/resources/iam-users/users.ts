// IAM users, found by their lab tag, with what they hold; their group memberships, which belong to the lab of the
// group; and the access keys a lab makes for its own users. Creating a user converges by name. Adding it to a group
// is a link, made once; when the step that does it ends, the user is in exactly the groups that step put it in and
// holds no policies of its own that the step did not attach: a lab's user gets its permissions from its groups, so
// what an earlier, wrong run left on it is taken away, and said. Keys a lab makes for its users: ./access-keys.ts.
import {
  type AddUserToGroupCommandInput,
  type AttachUserPolicyCommandInput,
  CreateUserCommand,
  type CreateUserCommandInput,
  type CreateUserCommandOutput,
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteServiceSpecificCredentialCommand,
  DeleteSigningCertificateCommand,
  DeleteSSHPublicKeyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DeleteVirtualMFADeviceCommand,
  DetachUserPolicyCommand,
  ListAccessKeysCommand,
  ListMFADevicesCommand,
  ListServiceSpecificCredentialsCommand,
  ListSigningCertificatesCommand,
  ListSSHPublicKeysCommand,
  RemoveUserFromGroupCommand,
  UpdateUserCommand,
  type User,
} from '@aws-sdk/client-iam';
import type { Clients } from '../../clients.js';
import { convergeNamed } from '../../converge/named.js';
import { notTheLabs, untagged, unnamed } from '../../converge/problem.js';
import { type ConvergeCall, rule } from '../../converge/rule.js';
import { unlessMissing } from '../../missing.js';
import { LAB_TAG, labOf } from '../../tags.js';
import type { FoundResource, ResourceKind } from '../kind.js';
import { spareCaller } from './caller.js';
import { findUser, groupMembers, groupsOfUser, labGroups, labUsers, policyName, userInlinePolicies, userLab, userPolicies } from './lookups.js';
import { forgetSeed } from './mfa-seeds.js';
import { convergeLink } from './link.js';
import { takeAsked } from './step-requests.js';

const createUser = rule<CreateUserCommandInput>('iam', 'CreateUserCommand', (call) =>
  convergeNamed<CreateUserCommandInput, User, CreateUserCommandOutput>(
    {
      kind: 'iam:user',
      what: 'IAM user',
      nameOf: (input) => input.UserName ?? '',
      validate(input, { labId }) {
        if (!input.UserName) throw unnamed('CreateUser', 'Give it a UserName.');
        if (labOf(input.Tags) !== labId) throw untagged('CreateUser', labId, 'Tags: ctx.tags()');
      },
      find: (c, name) => findUser(c.clients, name),
      idOf: (user) => user.Arn ?? user.UserName ?? '',
      isOurs: async (c, user) => (await userLab(c.clients, user.UserName ?? '')) === c.labId,
      adoptOrDelete: (c, user) => userCommands(user.UserName ?? '', c.labId),
      async differences(c, user) {
        const want = c.input.Path ?? '/';
        return user.Path === want ? [] : [{ what: 'path', have: user.Path ?? '/', want, inPlace: true }];
      },
      update: async (c, user) => void (await c.clients.iam.send(new UpdateUserCommand({ UserName: user.UserName, NewPath: c.input.Path ?? '/' }))),
      remove: async () => {},
      create: (c) => c.once.iam.send(new CreateUserCommand(c.input)),
      answer: async (_c, user) => ({ User: user, $metadata: {} }),
      idInAnswer: (answer) => answer.User?.Arn ?? '',
    },
    call,
  ),
);

const addUserToGroup = rule<AddUserToGroupCommandInput>('iam', 'AddUserToGroupCommand', async (call) => {
  const { UserName = '', GroupName = '' } = call.input;
  await assertLabUser(call, UserName);
  return convergeLink(call, {
    kind: 'iam:group-membership',
    name: membershipName(UserName, GroupName),
    id: membershipId(UserName, GroupName),
    exists: async () => (await groupsOfUser(call.clients, UserName)).includes(GroupName),
    already: 'a member already',
    made: { action: 'created' },
    asked: { key: groupsKey(UserName), value: GroupName, atStepEnd: userPermissionsAtStepEnd(call, UserName) },
  });
});

const attachUserPolicy = rule<AttachUserPolicyCommandInput>('iam', 'AttachUserPolicyCommand', async (call) => {
  const { UserName = '', PolicyArn = '' } = call.input;
  await assertLabUser(call, UserName);
  return convergeLink(call, {
    kind: 'iam:user',
    name: UserName,
    id: UserName,
    exists: async () => (await userPolicies(call.clients, UserName)).some((p) => p.PolicyArn === PolicyArn),
    already: `${policyName(PolicyArn)} attached already`,
    made: { action: 'updated', detail: `${policyName(PolicyArn)} attached` },
    asked: { key: policiesKey(UserName), value: PolicyArn, atStepEnd: userPermissionsAtStepEnd(call, UserName) },
  });
});

function userPermissionsAtStepEnd(call: ConvergeCall, user: string): { key: string; work: () => Promise<void> } {
  return { key: `iam:user-permissions:${user}`, work: () => convergeUserPermissions(call, user) };
}

/** The user is in the groups this step put it in, and holds only the policies this step attached to it. */
async function convergeUserPermissions(call: ConvergeCall, user: string): Promise<void> {
  const groups = takeAsked(groupsKey(user));
  const policies = takeAsked(policiesKey(user));
  const iam = call.clients.iam;
  if (groups.size > 0) {
    for (const group of await groupsOfUser(call.clients, user)) {
      if (groups.has(group)) continue;
      await unlessMissing(iam.send(new RemoveUserFromGroupCommand({ UserName: user, GroupName: group })));
      call.report('removed', { kind: 'iam:group-membership', name: membershipName(user, group), id: membershipId(user, group), detail: `no call of this step puts ${user} in ${group}: taken out` });
    }
  }
  for (const policy of await userPolicies(call.clients, user)) {
    const arn = policy.PolicyArn ?? '';
    if (policies.has(arn)) continue;
    await unlessMissing(iam.send(new DetachUserPolicyCommand({ UserName: user, PolicyArn: arn })));
    call.report('updated', { kind: 'iam:user', name: user, id: user, detail: `detached ${policyName(arn)}, attached to ${user} itself: its permissions come from its groups` });
  }
  for (const name of await userInlinePolicies(call.clients, user)) {
    await unlessMissing(iam.send(new DeleteUserPolicyCommand({ UserName: user, PolicyName: name })));
    call.report('updated', { kind: 'iam:user', name: user, id: user, detail: `deleted the inline policy ${name} of ${user} itself: its permissions come from its groups` });
  }
}

/** A lab adds to groups, and makes keys for, only users it made. */
export async function assertLabUser(call: ConvergeCall, name: string): Promise<void> {
  const user = await findUser(call.clients, name);
  if (user && (await userLab(call.clients, name)) !== call.labId) throw notTheLabs(`IAM user ${name}`, call.labId, userCommands(name, call.labId));
}

const users: ResourceKind = {
  kind: 'iam:user',
  global: true,
  order: 40,
  async findTagged(ctx) {
    return (await labUsers(ctx.clients)).map(({ name, lab }): FoundResource => ({ kind: 'iam:user', id: name, name, lab }));
  },
  async remove(ctx, user) {
    spareCaller(ctx, user.id, `the user ${user.id}, with its password, MFA device and groups,`);
    await removeUser(ctx.clients, ctx.account, user.id);
  },
  rules: [createUser, attachUserPolicy],
};

const memberships: ResourceKind = {
  kind: 'iam:group-membership',
  global: true,
  order: 30,
  async findTagged(ctx) {
    const perGroup = await Promise.all(
      (await labGroups(ctx.clients)).map(async ({ name, lab }) =>
        (await groupMembers(ctx.clients, name)).map((user): FoundResource => ({ kind: 'iam:group-membership', id: membershipId(user, name), name: membershipName(user, name), lab })),
      ),
    );
    return perGroup.flat();
  },
  async remove(ctx, membership) {
    const [UserName = '', GroupName = ''] = membership.id.split('|');
    spareCaller(ctx, UserName, `your membership of ${GroupName}`);
    await unlessMissing(ctx.clients.iam.send(new RemoveUserFromGroupCommand({ UserName, GroupName })));
  },
  rules: [addUserToGroup],
};

export const userKinds: ResourceKind[] = [memberships, users];

/** IAM deletes a user only once nothing is left in it: memberships, password, keys, certificates, MFA, policies. */
async function removeUser(clients: Clients, account: string, UserName: string): Promise<void> {
  const iam = clients.iam;
  if (!(await findUser(clients, UserName))) return;
  for (const group of await groupsOfUser(clients, UserName)) await unlessMissing(iam.send(new RemoveUserFromGroupCommand({ UserName, GroupName: group })));
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
    // A virtual device without its user is useless; hardware and FIDO devices are only taken off.
    if (/:mfa\//.test(d.SerialNumber ?? '')) {
      await unlessMissing(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: d.SerialNumber })));
      forgetSeed(account, d.SerialNumber ?? '');
    }
  }
  for (const name of await userInlinePolicies(clients, UserName)) await unlessMissing(iam.send(new DeleteUserPolicyCommand({ UserName, PolicyName: name })));
  for (const p of await userPolicies(clients, UserName)) await unlessMissing(iam.send(new DetachUserPolicyCommand({ UserName, PolicyArn: p.PolicyArn })));
  await unlessMissing(iam.send(new DeleteUserCommand({ UserName })));
}

function userCommands(name: string, labId: string): { tag: string; remove: string } {
  return {
    tag: `aws iam tag-user --user-name ${name} --tags Key=${LAB_TAG},Value=${labId}`,
    remove: `aws iam delete-user --user-name ${name}, after removing its password, keys, MFA devices, groups and policies`,
  };
}

function membershipId(user: string, group: string): string {
  return `${user}|${group}`;
}

function membershipName(user: string, group: string): string {
  return `${user} in ${group}`;
}

function groupsKey(user: string): string {
  return `iam:user-groups:${user}`;
}

function policiesKey(user: string): string {
  return `iam:user-policies:${user}`;
}
