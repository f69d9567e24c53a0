// Checks for `root-and-admin`: they read the account's IAM state by name, never the lab's outputs; the last one acts as
// admin with a key made for it and deleted at once, to see admin's permissions at work.
import { type CheckOutcome, defineChecks, expect, fail, type LabContext, pass } from '../../lab-runner/lab.js';
import { adminCanAdminister, whileNoProofKey } from './act-as-admin.js';
import {
  accessKeysOf,
  accountPasswordPolicy,
  findGroup,
  findUser,
  groupPolicyArns,
  groupsOfUser,
  isVirtualMfa,
  loginProfile,
  mfaDevicesOf,
  ownPolicies,
} from './lookups.js';
import { administratorAccessArn, GROUP_NAME, LAB_PASSWORD_POLICY, passwordPolicyShortfalls, USER_NAME } from './spec.js';

export default defineChecks([
  {
    id: 'password-policy',
    title: `The account password policy asks for ${LAB_PASSWORD_POLICY.MinimumPasswordLength}+ characters of all four kinds, no reuse of the last ${LAB_PASSWORD_POLICY.PasswordReusePrevention}, and lets users change their own`,
    async run(ctx) {
      const policy = await accountPasswordPolicy(ctx);
      const shortfalls = passwordPolicyShortfalls(policy);
      if (shortfalls.length > 0) return fail(shortfalls.join('; '));
      return pass(`${policy?.MinimumPasswordLength}+ characters, all four kinds, last ${policy?.PasswordReusePrevention} not reused, users may change their own`);
    },
  },
  {
    id: 'admins-group',
    title: `The group ${GROUP_NAME} has the AWS managed policy AdministratorAccess`,
    async run(ctx) {
      if (!(await findGroup(ctx, GROUP_NAME))) return fail(`no IAM group named ${GROUP_NAME}`);
      const attached = await groupPolicyArns(ctx, GROUP_NAME);
      return expect(attached.includes(administratorAccessArn(ctx.partition)), `${GROUP_NAME} has ${attached.map(policyName).join(', ') || 'no managed policies'}`);
    },
  },
  {
    id: 'admin-in-group',
    title: `The user ${USER_NAME} is a member of ${GROUP_NAME}`,
    run: (ctx) =>
      withAdmin(ctx, async () => {
        const groups = await groupsOfUser(ctx, USER_NAME);
        return expect(groups.includes(GROUP_NAME), `${USER_NAME} is in ${groups.join(', ') || 'no groups'}`);
      }),
  },
  {
    id: 'admin-no-own-policies',
    title: `${USER_NAME} has no policies of its own: its permissions come from its group`,
    run: (ctx) =>
      withAdmin(ctx, async () => {
        const own = await ownPolicies(ctx, USER_NAME);
        return expect(own.length === 0, own.length === 0 ? `${USER_NAME} has no policies of its own` : `${USER_NAME} has ${own.join(', ')}`);
      }),
  },
  {
    id: 'console-login',
    title: `${USER_NAME} can sign in to the console with a password`,
    run: (ctx) =>
      withAdmin(ctx, async () => {
        const profile = await loginProfile(ctx, USER_NAME);
        if (!profile) return fail(`${USER_NAME} has no console password (no login profile)`);
        return pass(`${USER_NAME} has a console password${profile.PasswordResetRequired ? ', to be changed at the next sign-in' : ''}`);
      }),
  },
  {
    id: 'mfa-enabled',
    title: `${USER_NAME} has an MFA device enabled`,
    run: (ctx) =>
      withAdmin(ctx, async () => {
        const devices = await mfaDevicesOf(ctx, USER_NAME);
        if (devices.length === 0) return fail(`${USER_NAME} has no MFA device enabled`);
        const kinds = devices.map((d) => `${isVirtualMfa(d) ? 'virtual MFA device' : 'MFA device'} ${d.SerialNumber}`);
        return pass(`enabled: ${kinds.join(', ')}`);
      }),
  },
  {
    id: 'no-access-keys',
    title: `${USER_NAME} has no access keys`,
    run: (ctx) =>
      withAdmin(ctx, () =>
        whileNoProofKey(async () => {
          const keys = await accessKeysOf(ctx, USER_NAME);
          const listed = keys.map((k) => `${maskKey(k.AccessKeyId)} (${k.Status})`).join(', ');
          return expect(keys.length === 0, keys.length === 0 ? `${USER_NAME} has no access keys` : `${USER_NAME} has access keys: ${listed}`);
        }),
      ),
  },
  { ...adminCanAdminister, run: (ctx) => withAdmin(ctx, () => adminCanAdminister.run(ctx)) },
]);

async function withAdmin(ctx: LabContext, judge: () => Promise<CheckOutcome>): Promise<CheckOutcome> {
  return (await findUser(ctx, USER_NAME)) ? judge() : fail(`no IAM user named ${USER_NAME}`);
}

function policyName(arn: string): string {
  return arn.split('/').pop() ?? arn;
}

/** An access key id is not a secret, but a report need not show it whole. */
function maskKey(id: string | undefined): string {
  return id && id.length > 8 ? `${id.slice(0, 4)}…${id.slice(-4)}` : '(a key)';
}
