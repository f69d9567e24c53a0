// A user's console password (its login profile), one per user, belonging to the lab of its user. Creating one
// converges: a user that has a password keeps it, since only its owner should know it (and may have changed it).
// A password the account's policy refuses is explained with that policy.
import {
  type CreateLoginProfileCommandInput,
  type CreateLoginProfileCommandOutput,
  DeleteLoginProfileCommand,
} from '@aws-sdk/client-iam';
import { describeError } from '../../aws-errors.js';
import { notTheLabs, StepProblem, unnamed } from '../../converge/problem.js';
import { rule } from '../../converge/rule.js';
import { unlessMissing } from '../../missing.js';
import { LAB_TAG } from '../../tags.js';
import type { FoundResource, ResourceKind } from '../kind.js';
import { spareCaller } from './caller.js';
import { findLoginProfile, findUser, labUsers, userLab } from './lookups.js';
import { accountPasswordPolicy } from './password-policy.js';

const createLoginProfile = rule<CreateLoginProfileCommandInput>('iam', 'CreateLoginProfileCommand', async (call): Promise<CreateLoginProfileCommandOutput> => {
  const { UserName } = call.input;
  if (!UserName) throw unnamed('CreateLoginProfile', "Name the lab's user the password is for (UserName).");
  if ((await findUser(call.clients, UserName)) && (await userLab(call.clients, UserName)) !== call.labId) {
    throw notTheLabs(`IAM user ${UserName}`, call.labId, {
      tag: `aws iam tag-user --user-name ${UserName} --tags Key=${LAB_TAG},Value=${call.labId}`,
      remove: `aws iam delete-login-profile --user-name ${UserName}`,
    });
  }
  const what = { kind: 'iam:login-profile', name: UserName, id: UserName };
  const existing = await findLoginProfile(call.clients, UserName);
  if (existing) {
    call.report('reused', { ...what, detail: 'it has a password, left as it is: only its owner should know it' });
    return { LoginProfile: existing, $metadata: {} };
  }
  try {
    const answer = (await call.send(call.input)) as CreateLoginProfileCommandOutput;
    call.report('created', { ...what, detail: call.input.PasswordResetRequired ? 'a password to be changed at the first sign-in' : 'a password' });
    return answer;
  } catch (error) {
    if (!/^PasswordPolicyViolation/.test(describeError(error).code)) throw error;
    const policy = await accountPasswordPolicy(call.clients);
    const length = policy?.MinimumPasswordLength;
    throw new StepProblem(
      'PasswordPolicyViolation',
      `The password does not meet the account's password policy${length ? ` (at least ${length} characters, ${kindsOf(policy)})` : ''}.`,
      "Make the password to the account's policy: read it (GetAccountPasswordPolicy) and generate at least that many characters of every kind it requires.",
    );
  }
});

function kindsOf(policy: Awaited<ReturnType<typeof accountPasswordPolicy>>): string {
  const kinds = [
    policy?.RequireUppercaseCharacters && 'uppercase',
    policy?.RequireLowercaseCharacters && 'lowercase',
    policy?.RequireNumbers && 'numbers',
    policy?.RequireSymbols && 'symbols',
  ].filter((k): k is string => typeof k === 'string');
  return kinds.length > 0 ? `with ${kinds.join(', ')}` : 'of any kind';
}

const loginProfiles: ResourceKind = {
  kind: 'iam:login-profile',
  global: true,
  order: 20,
  async findTagged(ctx) {
    const users = await labUsers(ctx.clients);
    const withPassword = await Promise.all(users.map(async ({ name, lab }) => ((await findLoginProfile(ctx.clients, name)) ? [{ name, lab }] : [])));
    return withPassword.flat().map(({ name, lab }): FoundResource => ({ kind: 'iam:login-profile', id: name, name, lab }));
  },
  async remove(ctx, profile) {
    spareCaller(ctx, profile.id, 'your console password');
    await unlessMissing(ctx.clients.iam.send(new DeleteLoginProfileCommand({ UserName: profile.id })));
  },
  rules: [createLoginProfile],
};

export const loginProfileKinds: ResourceKind[] = [loginProfiles];
