// Instance profiles, the containers EC2 hands a role to an instance in, and the role each holds. A profile is found by
// its lab tag; the role in it belongs to the profile's lab. Creating a profile converges like any named resource (its
// path is part of its ARN: another path means a new profile); adding a role puts the one asked for in, taking out the
// one an earlier run put there (a profile holds one role), and says so.
import {
  type AddRoleToInstanceProfileCommandInput,
  CreateInstanceProfileCommand,
  type CreateInstanceProfileCommandInput,
  type CreateInstanceProfileCommandOutput,
  DeleteInstanceProfileCommand,
  GetInstanceProfileCommand,
  type InstanceProfile,
  RemoveRoleFromInstanceProfileCommand,
} from '@aws-sdk/client-iam';
import { type IamInstanceProfileAssociation, paginateDescribeIamInstanceProfileAssociations } from '@aws-sdk/client-ec2';
import type { Clients } from '../clients.js';
import { convergeNamed } from '../converge/named.js';
import { notTheLabs, unnamed, untagged } from '../converge/problem.js';
import { rule } from '../converge/rule.js';
import { unlessMissing } from '../missing.js';
import { LAB_TAG, labOf } from '../tags.js';
import { getInstanceProfile, pairId, profileLab, splitPairId, taggedProfiles } from './iam-lookups.js';
import type { FoundResource, ResourceKind } from './kind.js';
import { onceVisible } from './visible.js';

const createInstanceProfile = rule<CreateInstanceProfileCommandInput>('iam', 'CreateInstanceProfileCommand', (call) =>
  convergeNamed<CreateInstanceProfileCommandInput, InstanceProfile, CreateInstanceProfileCommandOutput>(
    {
      kind: 'iam:instance-profile',
      what: 'instance profile',
      nameOf: (input) => input.InstanceProfileName ?? '',
      validate(input, { labId }) {
        if (!input.InstanceProfileName) throw unnamed('CreateInstanceProfile', 'Give it InstanceProfileName.');
        if (labOf(input.Tags) !== labId) throw untagged('CreateInstanceProfile', labId, 'Tags: ctx.tags()');
      },
      find: (c, name) => getInstanceProfile(c.clients, name),
      idOf: (profile) => profile.Arn ?? '',
      isOurs: async (c, profile) => (await profileLab(c.clients, profile.InstanceProfileName ?? '')) === c.labId,
      adoptOrDelete: (c, profile) => ({
        tag: `aws iam tag-instance-profile --instance-profile-name ${profile.InstanceProfileName} --tags Key=${LAB_TAG},Value=${c.labId}`,
        remove: `aws iam delete-instance-profile --instance-profile-name ${profile.InstanceProfileName}, once its role is removed from it`,
      }),
      differences: async (c, profile) =>
        (c.input.Path ?? '/') === (profile.Path ?? '/') ? [] : [{ what: 'path', have: profile.Path ?? '/', want: c.input.Path ?? '/', inPlace: false }],
      dependants: (c, profile) => instancesUsing(c.clients, profile.Arn ?? ''),
      remove: (c, profile) => removeInstanceProfile(c.clients, profile.InstanceProfileName ?? ''),
      create: (c) => c.once.iam.send(new CreateInstanceProfileCommand(c.input)),
      answer: async (_c, profile) => ({ InstanceProfile: profile, $metadata: {} }),
      idInAnswer: (answer) => answer.InstanceProfile?.Arn ?? '',
    },
    call,
  ),
);

export const instanceProfiles: ResourceKind = {
  kind: 'iam:instance-profile',
  global: true,
  order: 30,
  async findTagged(ctx) {
    return (await taggedProfiles(ctx.clients)).map(({ profile, lab }) => {
      const name = profile.InstanceProfileName ?? '';
      return { kind: 'iam:instance-profile', id: name, name, lab };
    });
  },
  remove: (ctx, profile) => removeInstanceProfile(ctx.clients, profile.id),
  rules: [createInstanceProfile],
};

async function removeInstanceProfile(clients: Clients, InstanceProfileName: string): Promise<void> {
  const profile = (await onceVisible(() => clients.iam.send(new GetInstanceProfileCommand({ InstanceProfileName }))))?.InstanceProfile;
  if (!profile) return;
  for (const role of profile.Roles ?? []) {
    await unlessMissing(clients.iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName, RoleName: role.RoleName })));
  }
  await unlessMissing(clients.iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName })));
}

/** Instances of this region that run with the profile: replacing it would take their credentials away. */
async function instancesUsing(clients: Clients, profileArn: string): Promise<string[]> {
  const associations: IamInstanceProfileAssociation[] = [];
  for await (const page of paginateDescribeIamInstanceProfileAssociations({ client: clients.ec2 }, {})) associations.push(...(page.IamInstanceProfileAssociations ?? []));
  return associations.filter((a) => a.IamInstanceProfile?.Arn === profileArn && a.State !== 'disassociated').map((a) => `the instance ${a.InstanceId}`);
}

/** A profile holds one role: the one asked for is reused, or put in; another one is taken out first, and said. */
const addRoleToInstanceProfile = rule<AddRoleToInstanceProfileCommandInput>('iam', 'AddRoleToInstanceProfileCommand', async (call) => {
  const { InstanceProfileName = '', RoleName = '' } = call.input;
  const profile = await getInstanceProfile(call.clients, InstanceProfileName);
  const what = { kind: 'iam:profile-role', name: linkName(InstanceProfileName, RoleName), id: pairId(InstanceProfileName, RoleName) };
  if (profile && (await profileLab(call.clients, InstanceProfileName)) !== call.labId) {
    throw notTheLabs(`Instance profile ${InstanceProfileName} (${profile.Arn})`, call.labId, {
      tag: `aws iam tag-instance-profile --instance-profile-name ${InstanceProfileName} --tags Key=${LAB_TAG},Value=${call.labId}`,
      remove: `aws iam delete-instance-profile --instance-profile-name ${InstanceProfileName}, once its role is removed from it`,
    });
  }
  const held = (profile?.Roles ?? []).map((r) => r.RoleName ?? '');
  if (held.includes(RoleName)) {
    call.report('reused', { ...what, detail: 'the profile holds it already' });
    return { $metadata: {} };
  }
  const others = held.filter((r) => r !== RoleName);
  for (const other of others) await unlessMissing(call.clients.iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName, RoleName: other })));
  const answer = await call.send(call.input);
  if (others.length === 0) call.report('created', what);
  else call.report('updated', { ...what, detail: `the profile held ${others.join(', ')} → ${RoleName}: a profile holds one role, so ${others.join(', ')} was taken out` });
  return answer;
});

export const profileRoles: ResourceKind = {
  kind: 'iam:profile-role',
  global: true,
  order: 20,
  async findTagged(ctx) {
    return (await taggedProfiles(ctx.clients)).flatMap(({ profile, lab }) =>
      (profile.Roles ?? []).map((role): FoundResource => {
        const name = profile.InstanceProfileName ?? '';
        return { kind: 'iam:profile-role', id: pairId(name, role.RoleName ?? ''), name: linkName(name, role.RoleName ?? ''), lab };
      }),
    );
  },
  async remove(ctx, link) {
    const [InstanceProfileName, RoleName] = splitPairId(link.id);
    await unlessMissing(ctx.clients.iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName, RoleName })));
  },
  rules: [addRoleToInstanceProfile],
};

function linkName(profile: string, role: string): string {
  return `${role} in ${profile}`;
}
