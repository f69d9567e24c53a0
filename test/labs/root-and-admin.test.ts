// The root-and-admin lab through the whole cycle against LocalStack, each check seen failing on its own mistake,
// plus its pieces: the password policy judged and strengthened, the TOTP codes, the generated password, the seed file.
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteLoginProfileCommand,
  DetachGroupPolicyCommand,
  EntityAlreadyExistsException,
  GetGroupCommand,
  GetUserCommand,
  ListMFADevicesCommand,
  ListVirtualMFADevicesCommand,
  RemoveUserFromGroupCommand,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import { TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { arnUnderLabPath, labPath } from '../../lab-runner/iam-path.js';
import { projectRoot, stateDir } from '../../lab-runner/paths.js';
import { generateConsolePassword } from '../../labs/root-and-admin/console-password.js';
import { totpFor, twoConsecutiveCodes, writeSeedFiles } from '../../labs/root-and-admin/mfa.js';
import { ADMINISTRATOR_ACCESS, GROUP_NAME, passwordPolicyShortfalls, strengthenedPasswordPolicy, USER_NAME } from '../../labs/root-and-admin/spec.js';
import { describeLabCycle } from '../support/lab-cycle.js';

const account = '000000000102';

async function unlessExists(creating: Promise<unknown>): Promise<void> {
  try {
    await creating;
  } catch (error) {
    if (!(error instanceof EntityAlreadyExistsException)) throw error;
  }
}

describeLabCycle({
  labId: 'root-and-admin',
  account,
  breakers: {
    async 'password-policy'(ctx) {
      await ctx.clients.iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 8, AllowUsersToChangePassword: true }));
    },
    async 'admins-group'(ctx) {
      await ctx.clients.iam.send(new DetachGroupPolicyCommand({ GroupName: GROUP_NAME, PolicyArn: ADMINISTRATOR_ACCESS }));
    },
    async 'admin-in-group'(ctx) {
      await ctx.clients.iam.send(new RemoveUserFromGroupCommand({ GroupName: GROUP_NAME, UserName: USER_NAME }));
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
  },
  async control(ctx) {
    // Look-alikes made by hand: a user, a group at the default path with the user in it, and an MFA device.
    // LocalStack keeps an account's state between test runs: each look-alike may exist from the last one.
    await unlessExists(ctx.clients.iam.send(new CreateUserCommand({ UserName: 'operator' })));
    await unlessExists(ctx.clients.iam.send(new CreateGroupCommand({ GroupName: 'Operators' })));
    await ctx.clients.iam.send(new AddUserToGroupCommand({ GroupName: 'Operators', UserName: 'operator' }));
    await unlessExists(ctx.clients.iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'operator' })));
    const VirtualMFADevice = { SerialNumber: `arn:aws:iam::${account}:mfa/operator` };
    return async () => {
      const [user, group, devices] = await Promise.all([
        ctx.clients.iam.send(new GetUserCommand({ UserName: 'operator' })),
        ctx.clients.iam.send(new GetGroupCommand({ GroupName: 'Operators' })),
        ctx.clients.iam.send(new ListVirtualMFADevicesCommand({})),
      ]);
      const deviceKept = (devices.VirtualMFADevices ?? []).some((d) => d.SerialNumber === VirtualMFADevice.SerialNumber);
      return Boolean(user.User && group.Users?.some((u) => u.UserName === 'operator') && deviceKept);
    };
  },
});

describe('root-and-admin pieces', () => {
  const labPolicy = { ...strengthenedPasswordPolicy(undefined), ExpirePasswords: false };

  it('judges a password policy against the lab minimum, in words', () => {
    expect(passwordPolicyShortfalls(labPolicy)).toEqual([]);
    expect(passwordPolicyShortfalls(undefined)).toEqual([expect.stringContaining('no password policy')]);
    expect(passwordPolicyShortfalls({ ...labPolicy, MinimumPasswordLength: 8, RequireSymbols: false, PasswordReusePrevention: undefined })).toEqual([
      'minimum length is 8, expected at least 14',
      'symbols are not required',
      'reuse prevention is off, expected the last 24 passwords',
    ]);
  });

  it('strengthens a weak policy without weakening what was stricter', () => {
    const stricter = strengthenedPasswordPolicy({ MinimumPasswordLength: 20, ExpirePasswords: true, MaxPasswordAge: 90, HardExpiry: true, RequireSymbols: false });
    expect(stricter).toMatchObject({ MinimumPasswordLength: 20, MaxPasswordAge: 90, HardExpiry: true, RequireSymbols: true, PasswordReusePrevention: 24 });
    expect(strengthenedPasswordPolicy({ MinimumPasswordLength: 6 })).not.toHaveProperty('MaxPasswordAge');
  });

  it('computes the TOTP codes of RFC 6238 from a base32 seed', async () => {
    // RFC 6238 appendix B: the ASCII seed "12345678901234567890", SHA-1, at 59 s → 94287082 (8 digits; 6 digits: 287082).
    const seed = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(totpFor(seed, '123456789012', 'admin').generate({ timestamp: 59_000 })).toBe('287082');
    const [first, second] = await twoConsecutiveCodes(totpFor(seed, '123456789012', 'admin'), { waitForNextWindow: false });
    const now = Date.now();
    const window = TOTP.counter({ period: 30, timestamp: now });
    expect(first).toBe(TOTP.generate({ secret: totpFor(seed, '1', 'a').secret, timestamp: window * 30_000 }));
    expect(second).toBe(TOTP.generate({ secret: totpFor(seed, '1', 'a').secret, timestamp: (window + 1) * 30_000 }));
  });

  it('generates console passwords the lab policy accepts', () => {
    for (let i = 0; i < 50; i++) {
      const password = generateConsolePassword();
      expect(password).toHaveLength(32);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[0-9]/);
      expect(password).toMatch(/[^A-Za-z0-9]/);
    }
    expect(new Set(Array.from({ length: 20 }, () => generateConsolePassword())).size).toBe(20);
  });

  it('marks what IAM cannot tag with the lab path', () => {
    expect(labPath('root-and-admin')).toBe('/workbook/root-and-admin/');
    expect(arnUnderLabPath('arn:aws:iam::123456789012:mfa/workbook/root-and-admin/admin', 'root-and-admin')).toBe(true);
    expect(arnUnderLabPath('arn:aws:iam::123456789012:mfa/admin', 'root-and-admin')).toBe(false);
    expect(arnUnderLabPath('arn:aws:iam::123456789012:group/workbook/root-and-admin-2/Admins', 'root-and-admin')).toBe(false);
  });

  it('writes the MFA seed (on AWS only) where only its owner can read it', () => {
    expect(existsSync(join(stateDir(), 'root-and-admin')), 'the LocalStack cycle wrote a seed file').toBe(false);
    const totp = totpFor('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', account, USER_NAME);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const files = writeSeedFiles(totp, account, png);
    for (const file of [files.uri, files.qrCode ?? '']) expect(statSync(resolve(projectRoot, file)).mode & 0o777, file).toBe(0o600);
    expect(readFileSync(resolve(projectRoot, files.uri), 'utf8')).toMatch(/^otpauth:\/\/totp\/Amazon%20Web%20Services:admin%40000000000102\?.*secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ/);
    expect(writeSeedFiles(totp, account, new Uint8Array([1, 2, 3])).qrCode).toBeUndefined(); // LocalStack's "QR code" is no PNG
    rmSync(join(stateDir(), 'root-and-admin'), { recursive: true, force: true });
  });
});
