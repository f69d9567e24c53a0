// The root-and-admin lab through the whole cycle against LocalStack, each check seen failing on its own mistake; a
// wrong run fixed and run again converging; the MFA seed kept privately and removed by reset; a reset run as admin
// that leaves admin's permissions alone; the paths where AWS differs from LocalStack, on an AWS stand-in; the check
// that acts as admin; and the pieces: the password policy merged, the generated password, the TOTP codes, the clocks.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteGroupCommand,
  DeleteLoginProfileCommand,
  DetachGroupPolicyCommand,
  EntityAlreadyExistsException,
  GetGroupCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListAttachedGroupPoliciesCommand,
  ListGroupsForUserCommand,
  ListMFADevicesCommand,
  ListUsersCommand,
  ListVirtualMFADevicesCommand,
  PutGroupPolicyCommand,
  RemoveUserFromGroupCommand,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import { TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { labEntry } from '../../lab-runner/catalogue/read.js';
import { createContext, type LabContext } from '../../lab-runner/context.js';
import { arnUnderLabPath, labOfPath, labPath, pathOfArn } from '../../lab-runner/iam-path.js';
import { unlessMissing } from '../../lab-runner/missing.js';
import { projectRoot, stateDir } from '../../lab-runner/paths.js';
import { callerUser } from '../../lab-runner/resources/iam-users/caller.js';
import { explainRejectedCodes } from '../../lab-runner/resources/iam-users/clock-skew.js';
import { seedFolder } from '../../lab-runner/resources/iam-users/mfa-seeds.js';
import { changes, strictest } from '../../lab-runner/resources/iam-users/password-policy.js';
import { actAsAdmin, adminCanAdminister, whileNoProofKey } from '../../labs/root-and-admin/act-as-admin.js';
import { accessKeysOf } from '../../labs/root-and-admin/lookups.js';
import { generateConsolePassword } from '../../labs/root-and-admin/console-password.js';
import { totpFor, twoConsecutiveCodes } from '../../labs/root-and-admin/mfa.js';
import { ownPasswordAdvice } from '../../labs/root-and-admin/sign-in.js';
import {
  administratorAccessArn,
  GROUP_NAME,
  LAB_PASSWORD_POLICY,
  passwordPolicyShortfalls,
  ROOT_MFA_IN_CONSOLE,
  ROOT_ONLY_TASKS,
  USER_NAME,
} from '../../labs/root-and-admin/spec.js';
import { describeLabCycle, failingChecks, resetLab, solve } from '../support/lab-cycle.js';
import { copyProject } from '../support/project-copy.js';
import { runCli } from '../support/cli.js';
import { localEnv, localSession } from '../support/session.js';
import { startAwsStandIn } from './root-and-admin/aws-stand-in.js';

// Seeds go to a config folder of this file's own, not made yet, so that the lab makes it private (every process this
// file starts inherits it).
process.env.WORKBOOK_CONFIG_DIR = join(mkdtempSync(join(tmpdir(), 'workbook-config-')), 'cloud-workbook');

const LAB = 'root-and-admin';
const ADMINISTRATOR_ACCESS = administratorAccessArn('aws');
const account = '000000000102';

async function unlessExists(creating: Promise<unknown>): Promise<void> {
  try {
    await creating;
  } catch (error) {
    if (!(error instanceof EntityAlreadyExistsException)) throw error;
  }
}

const ALLOW_EVERYTHING = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
const DENY_LIST_USERS = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'iam:ListUsers', Resource: '*' }] });
/** A second administrators' group, not the lab's. */
const OTHER_ADMINS = 'Administrators';

async function removeOtherAdmins(ctx: LabContext): Promise<void> {
  const iam = ctx.clients.iam;
  await unlessMissing(iam.send(new RemoveUserFromGroupCommand({ GroupName: OTHER_ADMINS, UserName: USER_NAME })));
  await unlessMissing(iam.send(new DetachGroupPolicyCommand({ GroupName: OTHER_ADMINS, PolicyArn: ADMINISTRATOR_ACCESS })));
  await unlessMissing(iam.send(new DeleteGroupCommand({ GroupName: OTHER_ADMINS })));
}

async function contextFor(accountId: string): Promise<LabContext> {
  const session = await localSession(accountId);
  return createContext({ target: session.target, lab: labEntry(LAB), account: session.account });
}

async function startClean(accountId: string): Promise<LabContext> {
  await resetLab(await localSession(accountId), LAB);
  return contextFor(accountId);
}

describeLabCycle({
  labId: LAB,
  account,
  breakers: {
    async 'password-policy'(ctx) {
      await ctx.clients.iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 8, AllowUsersToChangePassword: true }));
    },
    async 'admins-group'(ctx) {
      // Everything allowed by a policy written inline instead of AWS's managed AdministratorAccess: admin still administers.
      await ctx.clients.iam.send(new PutGroupPolicyCommand({ GroupName: GROUP_NAME, PolicyName: 'everything', PolicyDocument: ALLOW_EVERYTHING }));
      await ctx.clients.iam.send(new DetachGroupPolicyCommand({ GroupName: GROUP_NAME, PolicyArn: ADMINISTRATOR_ACCESS }));
    },
    async 'admin-in-group'(ctx) {
      // admin made an administrator through another group: it administers, but not as the lab asks.
      const iam = ctx.clients.iam;
      await unlessExists(iam.send(new CreateGroupCommand({ GroupName: OTHER_ADMINS })));
      await iam.send(new AttachGroupPolicyCommand({ GroupName: OTHER_ADMINS, PolicyArn: ADMINISTRATOR_ACCESS }));
      await iam.send(new AddUserToGroupCommand({ GroupName: OTHER_ADMINS, UserName: USER_NAME }));
      await iam.send(new RemoveUserFromGroupCommand({ GroupName: GROUP_NAME, UserName: USER_NAME }));
      return () => removeOtherAdmins(ctx);
    },
    async 'admin-no-own-policies'(ctx) {
      // The shortcut the lesson warns about: permissions straight on the person instead of through the group.
      await ctx.clients.iam.send(new AttachUserPolicyCommand({ UserName: USER_NAME, PolicyArn: ADMINISTRATOR_ACCESS }));
    },
    async 'console-login'(ctx) {
      await ctx.clients.iam.send(new DeleteLoginProfileCommand({ UserName: USER_NAME }));
    },
    async 'mfa-enabled'(ctx) {
      const { MFADevices = [] } = await ctx.clients.iam.send(new ListMFADevicesCommand({ UserName: USER_NAME }));
      for (const d of MFADevices) await ctx.clients.iam.send(new DeactivateMFADeviceCommand({ UserName: USER_NAME, SerialNumber: d.SerialNumber }));
    },
    async 'no-access-keys'(ctx) {
      await ctx.clients.iam.send(new CreateAccessKeyCommand({ UserName: USER_NAME }));
    },
    async 'admin-can-administer'(ctx) {
      // Admins keeps AdministratorAccess, but an explicit deny beats it: the action the check tries is refused.
      await ctx.clients.iam.send(new PutGroupPolicyCommand({ GroupName: GROUP_NAME, PolicyName: 'no-listing-users', PolicyDocument: DENY_LIST_USERS }));
    },
  },
  async control(ctx) {
    // Look-alikes made by hand: a user, a group at the default path with the user in it, and an MFA device.
    // LocalStack keeps an account's state between test runs: each look-alike may exist from the last one.
    await unlessExists(ctx.clients.iam.send(new CreateUserCommand({ UserName: 'operator' })));
    await unlessExists(ctx.clients.iam.send(new CreateGroupCommand({ GroupName: 'Operators' })));
    await ctx.clients.iam.send(new AddUserToGroupCommand({ GroupName: 'Operators', UserName: 'operator' }));
    await unlessExists(ctx.clients.iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'operator' })));
    const serial = `arn:aws:iam::${account}:mfa/operator`;
    return async () => {
      const [user, group, devices] = await Promise.all([
        ctx.clients.iam.send(new GetUserCommand({ UserName: 'operator' })),
        ctx.clients.iam.send(new GetGroupCommand({ GroupName: 'Operators' })),
        ctx.clients.iam.send(new ListVirtualMFADevicesCommand({})),
      ]);
      const deviceKept = (devices.VirtualMFADevices ?? []).some((d) => d.SerialNumber === serial);
      return Boolean(user.User && group.Users?.some((u) => u.UserName === 'operator') && deviceKept);
    };
  },
});

describe('root-and-admin, run again after a fix', () => {
  it('takes away the policies and groups a wrong run gave admin and Admins, and says so', async () => {
    const accountId = '000000002202';
    const env = localEnv(accountId);
    const ctx = await startClean(accountId);
    await unlessExists(ctx.clients.iam.send(new CreateGroupCommand({ GroupName: 'Operators' })));
    const copy = copyProject();
    try {
      const solution = copy.read(`solutions/${LAB}/lab.ts`);
      const wrong = solution
        .replace('  AttachGroupPolicyCommand,\n', '  AttachGroupPolicyCommand,\n  AttachUserPolicyCommand,\n')
        .replace(
          '        ctx.output(\'group\',',
          "        await ctx.clients.iam.send(new AttachGroupPolicyCommand({ GroupName: GROUP_NAME, PolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess' }));\n        ctx.output('group',",
        )
        .replace(
          "        ctx.output('user',",
          "        await ctx.clients.iam.send(new AttachUserPolicyCommand({ UserName: USER_NAME, PolicyArn: administratorAccessArn(ctx.partition) }));\n" +
            "        await ctx.clients.iam.send(new AddUserToGroupCommand({ GroupName: 'Operators', UserName: USER_NAME }));\n        ctx.output('user',",
        );
      expect(wrong).not.toBe(solution);
      copy.write(`labs/${LAB}/lab.ts`, wrong);
      const wrongRun = await copy.lab(['run', LAB], env);
      expect(wrongRun.code, wrongRun.stdout).toBe(0);
      const checked = JSON.parse((await copy.lab(['check', LAB, '--json'], env)).stdout) as { checks: { id: string; passed: boolean }[] };
      expect(checked.checks.filter((c) => !c.passed).map((c) => c.id)).toEqual(['admin-no-own-policies']);

      copy.write(`labs/${LAB}/lab.ts`, solution);
      const fixed = await copy.lab(['run', LAB], env);
      expect(fixed.code, fixed.stdout).toBe(0);
      expect(fixed.stdout).toMatch(/- removed iam:group-policy Admins ← PowerUserAccess \(.+\): attached earlier, but no call of this step attaches it: detached/);
      expect(fixed.stdout).toMatch(/~ updated iam:user admin( \(.+\))?: detached AdministratorAccess, attached to admin itself: its permissions come from its groups/);
      expect(fixed.stdout).toMatch(/- removed iam:group-membership admin in Operators \(.+\): no call of this step puts admin in Operators: taken out/);
      expect(fixed.stdout).toMatch(/= reused iam:group Admins \(.+\): it matches the request/);

      const [policies, groups] = await Promise.all([
        ctx.clients.iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: GROUP_NAME })),
        ctx.clients.iam.send(new ListGroupsForUserCommand({ UserName: USER_NAME })),
      ]);
      expect((policies.AttachedPolicies ?? []).map((p) => p.PolicyArn)).toEqual([ADMINISTRATOR_ACCESS]);
      expect((groups.Groups ?? []).map((g) => g.GroupName)).toEqual([GROUP_NAME]);
      const again = await copy.lab(['check', LAB, '--json'], env);
      expect(again.code, again.stdout).toBe(0);
    } finally {
      copy.remove();
    }
  });
});

describe('root-and-admin, the MFA seed', () => {
  const accountId = '000000002203';

  it('keeps the seed of the device outside the project, readable only by its owner, and reset removes it', async () => {
    const ctx = await startClean(accountId);
    const session = await localSession(accountId);
    await solve(session, LAB);
    const folder = seedFolder(accountId);
    const link = join(folder, 'admin.otpauth');
    expect(folder.startsWith(projectRoot)).toBe(false);
    for (const dir of [folder, join(folder, '..'), join(folder, '..', '..')]) expect(statSync(dir).mode & 0o777, dir).toBe(0o700);
    expect(statSync(link).mode & 0o777).toBe(0o600);
    // The seed kept is the device's own: LocalStack (unlike AWS) lists it, so it can be compared.
    const { VirtualMFADevices = [] } = await ctx.clients.iam.send(new ListVirtualMFADevicesCommand({}));
    const device = VirtualMFADevices.find((d) => d.SerialNumber === `arn:aws:iam::${accountId}:mfa${labPath(LAB)}admin`);
    const seed = Buffer.from(device?.Base32StringSeed ?? new Uint8Array()).toString('ascii');
    expect(seed.length).toBeGreaterThan(0);
    expect(new URL(readFileSync(link, 'utf8').trim()).searchParams.get('secret')).toBe(seed.replace(/=+$/, ''));
    expect(existsSync(join(stateDir(), LAB)), 'nothing of the lab in the project state folder').toBe(false);

    // Where an earlier version of the workbook kept it, in the project: reset removes that copy too.
    const legacy = join(stateDir(), LAB, `admin-mfa-${accountId}.otpauth`);
    mkdirSync(join(stateDir(), LAB), { recursive: true });
    writeFileSync(legacy, readFileSync(link));

    await resetLab(session, LAB);
    expect(existsSync(link)).toBe(false);
    expect(existsSync(folder)).toBe(false);
    expect(existsSync(legacy)).toBe(false);
  });

  it('replaces an unused device whose seed was lost, since it could never be enabled', async () => {
    const ctx = await startClean(accountId);
    const session = await localSession(accountId);
    await solve(session, LAB);
    const serial = `arn:aws:iam::${accountId}:mfa${labPath(LAB)}admin`;
    await ctx.clients.iam.send(new DeactivateMFADeviceCommand({ UserName: USER_NAME, SerialNumber: serial }));
    rmSync(seedFolder(accountId), { recursive: true, force: true });
    const events = await solve(session, LAB);
    const device = events.flatMap((e) => (e.type === 'resource' && e.kind === 'iam:mfa-device' ? [`${e.action}: ${e.detail ?? ''}`] : []));
    expect(device).toEqual([expect.stringMatching(/^replaced: seed not kept .* cannot change in place/), 'updated: enabled for admin']);
    expect(existsSync(join(seedFolder(accountId), 'admin.otpauth'))).toBe(true);
    expect(await failingChecks(session, labEntry(LAB))).toEqual([]);
    await resetLab(session, LAB);
  });
});

describe('root-and-admin, reset run as admin', () => {
  it("removes everything else and leaves admin, its group and its permissions in place, saying why", async () => {
    const accountId = '000000002204';
    const ctx = await startClean(accountId);
    const session = await localSession(accountId);
    await solve(session, LAB);
    // Something else of the lab's that admin does not need: another user in a group of the lab's.
    await ctx.clients.iam.send(new CreateUserCommand({ UserName: 'auditor', Tags: ctx.tags() }));
    await ctx.clients.iam.send(new CreateGroupCommand({ GroupName: 'Auditors', Path: labPath(LAB) }));
    await ctx.clients.iam.send(new AttachGroupPolicyCommand({ GroupName: 'Auditors', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    await ctx.clients.iam.send(new AddUserToGroupCommand({ GroupName: 'Auditors', UserName: 'auditor' }));
    const { AccessKey } = await ctx.clients.iam.send(new CreateAccessKeyCommand({ UserName: USER_NAME }));
    const asAdmin = { ...localEnv(accountId), AWS_ACCESS_KEY_ID: AccessKey?.AccessKeyId ?? '', AWS_SECRET_ACCESS_KEY: AccessKey?.SecretAccessKey ?? '' };

    const reset = await runCli(['reset', LAB, '--yes'], asAdmin);
    // What is kept on purpose is not a failure: the reset did what it could do as admin.
    expect(reset.code, reset.stdout).toBe(0);
    expect(reset.stdout).toMatch(/= kept iam:user admin: admin is you \(the identity running this reset\): the user admin.* is left in place, since removing it would take your own access away halfway; reset as another identity/);
    expect(reset.stdout).toMatch(/= kept iam:group-membership admin in Admins: /);
    expect(reset.stdout).toMatch(/= kept iam:group-policy Admins ← AdministratorAccess: /);
    expect(reset.stdout).toMatch(/= kept iam:group Admins: /);
    expect(reset.stdout).not.toContain(AccessKey?.SecretAccessKey ?? '(no secret)');

    const [adminGroups, adminsPolicies, users] = await Promise.all([
      ctx.clients.iam.send(new ListGroupsForUserCommand({ UserName: USER_NAME })),
      ctx.clients.iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: GROUP_NAME })),
      ctx.clients.iam.send(new ListUsersCommand({})),
    ]);
    expect((adminGroups.Groups ?? []).map((g) => g.GroupName)).toEqual([GROUP_NAME]);
    expect((adminsPolicies.AttachedPolicies ?? []).map((p) => p.PolicyArn)).toEqual([ADMINISTRATOR_ACCESS]);
    expect((users.Users ?? []).map((u) => u.UserName)).not.toContain('auditor');
    await expect(ctx.clients.iam.send(new GetGroupCommand({ GroupName: 'Auditors' }))).rejects.toThrow(/not found|NoSuchEntity/i);
    expect(await failingChecks(session, labEntry(LAB))).toEqual(['no-access-keys']); // admin is whole; only the test's key is extra

    const asRoot = await runCli(['reset', LAB, '--yes'], localEnv(accountId));
    expect(asRoot.code, asRoot.stdout).toBe(0);
    await expect(ctx.clients.iam.send(new GetUserCommand({ UserName: USER_NAME }))).rejects.toThrow();
  });
});

describe('root-and-admin on an AWS stand-in', () => {
  /** `--target aws`, with the SDK sent to the stand-in (it honours AWS_ENDPOINT_URL, as the aws CLI does). */
  const solveOnAws = (accountId: string, url: string) =>
    runCli(['run', LAB, '--solution', '--target', 'aws', '--region', 'us-east-1', '--yes'], { ...localEnv(accountId), AWS_ENDPOINT_URL: url, AWS_EC2_METADATA_DISABLED: 'true' });

  it("makes the console password to a stricter policy the account already has (64 characters), and keeps that policy", async () => {
    const accountId = '000000002205';
    const ctx = await startClean(accountId);
    await ctx.clients.iam.send(
      new UpdateAccountPasswordPolicyCommand({ ...LAB_PASSWORD_POLICY, MinimumPasswordLength: 64 }),
    );
    const aws = await startAwsStandIn();
    let lengthSeen = 0;
    // As AWS does: a password shorter than the account's policy is refused.
    aws.refuse('CreateLoginProfile', (fields) => {
      lengthSeen = (fields.get('Password') ?? '').length;
      return lengthSeen < 64 ? { status: 400, code: 'PasswordPolicyViolation', message: 'Password should have a minimum length of 64' } : undefined;
    });
    try {
      const run = await runCli(['run', LAB, '--solution', '--endpoint', aws.url], localEnv(accountId));
      expect(run.code, run.stdout).toBe(0);
      expect(lengthSeen).toBeGreaterThanOrEqual(64);
      expect(run.stdout).toMatch(/stricter than the request in minimum length 64 \(asked: 14\): kept/);
      expect(run.stdout).toMatch(/= reused iam:password-policy account password policy .*: it is at least as strict as the request/);
      expect(aws.refused()).toBe(0);
    } finally {
      await aws.stop();
      await resetLab(await localSession(accountId), LAB);
    }
  });

  it('explains MFA codes AWS rejects by how far the clock is off, from the Date of its answer', async () => {
    const accountId = '000000002206';
    await startClean(accountId);
    const aws = await startAwsStandIn();
    aws.refuse('EnableMFADevice', () => ({
      status: 403,
      code: 'InvalidAuthenticationCode',
      message: 'Authentication code for device is not valid.',
      headers: { date: new Date(Date.now() - 125_000).toUTCString() },
    }));
    try {
      const run = await solveOnAws(accountId, aws.url);
      expect(run.code, run.stdout).toBe(1);
      expect(run.stdout).toMatch(/InvalidAuthenticationCode.*your computer's clock is 12[4-6] s ahead of AWS's \(AWS answered at \d\d:\d\d:\d\d UTC when your clock said \d\d:\d\d:\d\d UTC\)/);
      expect(run.stdout).toMatch(/timedatectl set-ntp true/);
    } finally {
      await aws.stop();
      await resetLab(await localSession(accountId), LAB);
    }
  }, 90_000);

  it('fails at once on AccessDenied instead of waiting for it as if IAM were still propagating', async () => {
    const accountId = '000000002207';
    await startClean(accountId);
    const aws = await startAwsStandIn();
    aws.refuse('AttachGroupPolicy', () => ({
      status: 403,
      code: 'AccessDenied',
      message: `User: arn:aws:iam::${accountId}:user/intern is not authorized to perform: iam:AttachGroupPolicy on resource: group Admins`,
    }));
    try {
      const started = Date.now();
      const run = await solveOnAws(accountId, aws.url);
      expect(run.code, run.stdout).toBe(1);
      expect(run.stdout).toMatch(/AccessDenied.*not authorized to perform: iam:AttachGroupPolicy/);
      expect(run.stdout).not.toMatch(/propagating|trying again/);
      expect(aws.refused()).toBe(1);
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      await aws.stop();
      await resetLab(await localSession(accountId), LAB);
    }
  });
});

describe('root-and-admin, acting as admin', () => {
  const accountId = '000000002208';

  it('acts as admin with a key made for it, and deletes the key', async () => {
    const ctx = await startClean(accountId);
    await solve(await localSession(accountId), LAB);
    const acted = await actAsAdmin(ctx);
    expect(acted.arn).toBe(`arn:aws:iam::${accountId}:user/admin`);
    expect(acted.allowed, acted.detail).toBe(true);
    expect(await adminCanAdminister.run(ctx)).toEqual({ passed: true, detail: `as arn:aws:iam::${accountId}:user/admin, iam:ListUsers was allowed` });
    expect((await ctx.clients.iam.send(new ListAccessKeysCommand({ UserName: USER_NAME }))).AccessKeyMetadata).toEqual([]);
    expect(labEntry(LAB).checks.map((c) => c.id)).toContain(adminCanAdminister.id);
  });

  it('never lets the check that admin has no access keys see the key made to act as admin, whichever starts first', async () => {
    const ctx = await startClean(accountId);
    await solve(await localSession(accountId), LAB);
    let letListingGo = (): void => {};
    const held = new Promise<void>((resolve) => (letListingGo = resolve));
    // The listing starts first and is slow; acting as admin starts while it is still under way.
    const listing = whileNoProofKey(async () => {
      await held;
      return accessKeysOf(ctx, USER_NAME);
    });
    const acting = actAsAdmin(ctx);
    // Let the listing go on as soon as a key of admin exists, or after a while if none comes (acting waits its turn).
    for (const started = Date.now(); Date.now() - started < 3_000; ) {
      if ((await accessKeysOf(ctx, USER_NAME)).length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    letListingGo();
    expect(await listing).toEqual([]);
    expect((await acting).allowed).toBe(true);
  });

  it('sees the same action denied once admin is out of Admins, saying why', async () => {
    const ctx = await contextFor(accountId);
    await ctx.clients.iam.send(new RemoveUserFromGroupCommand({ GroupName: GROUP_NAME, UserName: USER_NAME }));
    const acted = await actAsAdmin(ctx);
    expect(acted.allowed, acted.detail).toBe(false);
    expect(acted.detail).toMatch(new RegExp(`^as arn:aws:iam::${accountId}:user/admin, iam:ListUsers was denied: .*not authorized to perform: iam:ListUsers`));
    expect((await ctx.clients.iam.send(new ListAccessKeysCommand({ UserName: USER_NAME }))).AccessKeyMetadata).toEqual([]);
  });
});

describe('root-and-admin pieces', () => {
  const labPolicy = { ...LAB_PASSWORD_POLICY, ExpirePasswords: false };

  it('judges a password policy against the lab minimum, in words', () => {
    expect(passwordPolicyShortfalls(labPolicy)).toEqual([]);
    expect(passwordPolicyShortfalls(undefined)).toEqual([expect.stringContaining('no password policy')]);
    expect(passwordPolicyShortfalls({ ...labPolicy, MinimumPasswordLength: 8, RequireSymbols: false, PasswordReusePrevention: undefined })).toEqual([
      'minimum length is 8, expected at least 14',
      'symbols are not required',
      'reuse prevention is off, expected the last 24 passwords',
    ]);
  });

  it('merges a request into the account policy without weakening what was stricter, and says what it kept', () => {
    const merged = strictest({ MinimumPasswordLength: 64, ExpirePasswords: true, MaxPasswordAge: 90, HardExpiry: true, RequireSymbols: false }, LAB_PASSWORD_POLICY);
    expect(merged.policy).toMatchObject({ MinimumPasswordLength: 64, MaxPasswordAge: 90, HardExpiry: true, RequireSymbols: true, PasswordReusePrevention: 24 });
    expect(merged.kept).toEqual(['minimum length 64 (asked: 14)', 'expiry in days 90 (asked: off)', 'hard expiry on (asked: off)']);
    expect(strictest({ MinimumPasswordLength: 6, ExpirePasswords: false, MaxPasswordAge: 30 }, LAB_PASSWORD_POLICY).policy).not.toHaveProperty('MaxPasswordAge');
    expect(changes(labPolicy, strictest(labPolicy, LAB_PASSWORD_POLICY).policy)).toEqual([]);
    expect(changes({ ...labPolicy, MinimumPasswordLength: 8 }, LAB_PASSWORD_POLICY)).toEqual(['minimum length 8 → 14']);
  });

  it('generates console passwords of every kind, as long as the account policy asks', () => {
    // Judged by shape only, so that a failure never prints a password.
    const shape = (password: string) => ({ length: password.length, kinds: [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((k) => k.test(password)).length });
    for (let i = 0; i < 50; i++) expect(shape(generateConsolePassword())).toEqual({ length: 32, kinds: 4 });
    expect(new Set(Array.from({ length: 20 }, () => generateConsolePassword())).size).toBe(20);
    expect(shape(generateConsolePassword({ MinimumPasswordLength: 64 }))).toEqual({ length: 64, kinds: 4 });
    expect(shape(generateConsolePassword({ MinimumPasswordLength: 128 }))).toEqual({ length: 128, kinds: 4 });
    expect(shape(generateConsolePassword({ MinimumPasswordLength: 14 }))).toEqual({ length: 32, kinds: 4 });
  });

  it('computes the TOTP codes of RFC 6238 from a base32 seed', async () => {
    // RFC 6238 appendix B: the ASCII seed "12345678901234567890", SHA-1, at 59 s → 94287082 (8 digits; 6 digits: 287082).
    const seed = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(totpFor(seed, '123456789012', 'admin').generate({ timestamp: 59_000 })).toBe('287082');
    const [first, second] = await twoConsecutiveCodes(totpFor(seed, '123456789012', 'admin'), { waitForNextWindow: false });
    const window = TOTP.counter({ period: 30, timestamp: Date.now() });
    expect(first).toBe(TOTP.generate({ secret: totpFor(seed, '1', 'a').secret, timestamp: window * 30_000 }));
    expect(second).toBe(TOTP.generate({ secret: totpFor(seed, '1', 'a').secret, timestamp: (window + 1) * 30_000 }));
  });

  it('explains rejected MFA codes by the clocks', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    expect(explainRejectedCodes(now, new Date(now - 95_000)).message).toMatch(/clock is 95 s ahead of AWS's \(AWS answered at 11:58:25 UTC when your clock said 12:00:00 UTC\).* 3 30-second windows off/);
    expect(explainRejectedCodes(now, new Date(now + 40_000)).message).toMatch(/40 s behind AWS's/);
    expect(explainRejectedCodes(now, new Date(now - 3_000)).message).toMatch(/your clock agrees with AWS's \(within 3 s\)/);
    expect(explainRejectedCodes(now, undefined).advice).toMatch(/clock is right/);
  });

  it('knows the caller when it is an IAM user of this account', () => {
    expect(callerUser({ caller: 'arn:aws:iam::123456789012:user/admin', account: '123456789012' })).toBe('admin');
    expect(callerUser({ caller: 'arn:aws:iam::123456789012:user/workbook/x/admin', account: '123456789012' })).toBe('admin');
    expect(callerUser({ caller: 'arn:aws:iam::123456789012:root', account: '123456789012' })).toBeUndefined();
    expect(callerUser({ caller: 'arn:aws:sts::123456789012:assumed-role/Admin/me', account: '123456789012' })).toBeUndefined();
    expect(callerUser({ caller: 'arn:aws:iam::210987654321:user/admin', account: '123456789012' })).toBeUndefined();
  });

  it('marks what IAM cannot tag with the lab path', () => {
    expect(labPath(LAB)).toBe('/workbook/root-and-admin/');
    expect(labOfPath('/workbook/root-and-admin/')).toBe(LAB);
    expect(labOfPath('/')).toBeUndefined();
    expect(pathOfArn('arn:aws:iam::123456789012:mfa/workbook/root-and-admin/admin')).toBe('/workbook/root-and-admin/');
    expect(pathOfArn('arn:aws:iam::123456789012:mfa/admin')).toBe('/');
    expect(arnUnderLabPath('arn:aws:iam::123456789012:mfa/workbook/root-and-admin/admin', LAB)).toBe(true);
    expect(arnUnderLabPath('arn:aws:iam::123456789012:mfa/admin', LAB)).toBe(false);
    expect(arnUnderLabPath('arn:aws:iam::123456789012:group/workbook/root-and-admin-2/Admins', LAB)).toBe(false);
  });

  it("lists the root user's tasks as AWS does today, and says AWS requires root MFA", () => {
    expect(ROOT_ONLY_TASKS).toBe(
      "changing the account name, the root user's email address or password, or root access keys; restoring IAM permissions when the only " +
        'IAM administrator has revoked their own; activating IAM access to the Billing and Cost Management console; viewing certain tax invoices; ' +
        'closing the account; registering as a seller in the Reserved Instance Marketplace; turning on MFA delete for an S3 bucket; editing or ' +
        'deleting an S3 bucket policy or SQS queue policy that denies all principals; requesting AWS GovCloud (US) root access keys from AWS ' +
        'Support; and recovering an unmanageable AWS KMS key through AWS Support',
    );
    expect(ROOT_ONLY_TASKS).not.toMatch(/support plan/i);
    expect(ROOT_MFA_IN_CONSOLE).toMatch(/AWS requires MFA for the root user's console sign-in/);
  });

  it('never tells the student to type a password into a command line', () => {
    const lab = labEntry(LAB);
    const commands = [...lab.steps.map((s) => s.command), ownPasswordAdvice(USER_NAME)];
    for (const command of commands) expect(command).not.toMatch(/--password '|--password [^"-]/);
    expect(lab.steps.find((s) => s.id === 'console-password')?.command).toMatch(/read -rs .*--password "\$ADMIN_PASSWORD"/);
    expect(ownPasswordAdvice(USER_NAME)).toMatch(/IAM console .*Set password.*read -rs/);
  });

  it('keeps no seed file in the project folder', () => {
    const under = (dir: string): string[] =>
      existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? under(join(dir, e.name)) : [join(dir, e.name)])) : [];
    expect(under(join(projectRoot, '.workbook')).filter((f) => /otpauth|mfa/i.test(f))).toEqual([]);
  });
});
