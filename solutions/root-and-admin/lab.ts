// Lab `root-and-admin`, completed: the root user's protection read, a strong account password policy, the group
// Admins with AdministratorAccess, and the user admin in it with a console password, an enabled virtual MFA device
// and no access keys. Run it with `npx lab run root-and-admin --solution`.
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  GetAccountSummaryCommand,
  ListAccessKeysCommand,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { labPath } from '../../lab-runner/iam-path.js';
import { retryWhilePropagating } from '../../lab-runner/iam-propagation.js';
import { defineLab } from '../../lab-runner/lab.js';
import { generateConsolePassword } from '../../labs/root-and-admin/console-password.js';
import {
  accountPasswordPolicy,
  findGroup,
  findUser,
  groupPolicyArns,
  groupsOfUser,
  loginProfile,
  mfaDevicesOf,
} from '../../labs/root-and-admin/lookups.js';
import { seedText, totpFor, twoConsecutiveCodes, writeSeedFiles } from '../../labs/root-and-admin/mfa.js';
import {
  assertAdminHasNoOwnPolicies,
  assertGroupIsOurs,
  assertUserIsOurs,
  mfaDeviceNameTaken,
  removeUnusedLabMfaDevice,
} from '../../labs/root-and-admin/reuse.js';
import {
  ADMINISTRATOR_ACCESS,
  GROUP_NAME,
  MFA_DEVICE_NAME,
  passwordPolicyShortfalls,
  ROOT_MFA_IN_CONSOLE,
  ROOT_ONLY_TASKS,
  strengthenedPasswordPolicy,
  USER_NAME,
} from '../../labs/root-and-admin/spec.js';

export default defineLab({
  id: 'root-and-admin',
  title: 'Root and admin: lock the root user away, work as an admin',
  lesson: '06-root-user',
  goal:
    'The root user can do everything, no IAM policy can limit it, and it is needed for only a handful of tasks. Look at how ' +
    'your root user is protected, set a strong password policy for the account, and create the identity you will work as ' +
    'from now on: a user admin who signs in to the console with a password and a virtual MFA device, gets its permissions ' +
    'from the group Admins (AdministratorAccess) rather than policies of its own, and has no long-lived access keys. ' +
    "The root user's own MFA is set in the console: no API can do that for root.",
  region: 'target',
  requires: [],
  cost: 'Free: IAM users, groups, policies and virtual MFA devices cost nothing.',
  localNote:
    'LocalStack answers as the root user and does not model its MFA, accepts any MFA codes (the lab computes real ones anyway), ' +
    'ignores the tags of MFA devices (the lab also finds them by their IAM path), ignores PasswordResetRequired, and does not ' +
    'hold passwords to the password policy.',
  steps: [
    {
      title: 'See how well the root user is protected',
      command: 'aws iam get-account-summary --query "SummaryMap.{RootMFA:AccountMFAEnabled,RootAccessKeys:AccountAccessKeysPresent}"',
      hint: 'GetAccountSummaryCommand on ctx.clients.iam answers a SummaryMap; AccountMFAEnabled is 1 when the root user has MFA, AccountAccessKeysPresent is 1 when root has access keys.',
      async run(ctx) {
        const { SummaryMap = {} } = await ctx.clients.iam.send(new GetAccountSummaryCommand({}));
        ctx.output('rootMfa', SummaryMap.AccountMFAEnabled === 1 ? 'enabled' : 'NOT enabled');
        ctx.output('rootAccessKeys', SummaryMap.AccountAccessKeysPresent === 1 ? 'PRESENT: delete them in the console' : 'none');
        ctx.say(ROOT_MFA_IN_CONSOLE);
        const { Arn = '' } = await ctx.clients.sts.send(new GetCallerIdentityCommand({}));
        if (ctx.isLocal) ctx.say('LocalStack always answers as the root user and has no root MFA: on AWS these two lines are the real state.');
        else if (Arn.endsWith(':root')) ctx.say('You are running this lab as the root user. When it is done, work as admin instead.');
        ctx.say(`Keep root for what only it can do: ${ROOT_ONLY_TASKS}.`);
      },
    },
    {
      title: 'Set the account password policy',
      command:
        'aws iam update-account-password-policy --minimum-password-length 14 --require-uppercase-characters --require-lowercase-characters ' +
        '--require-numbers --require-symbols --password-reuse-prevention 24 --allow-users-to-change-password',
      hint:
        'UpdateAccountPasswordPolicyCommand with the policy computed for you: at least 14 characters of all four kinds, none of the last 24 reused, ' +
        'users may change their own. It replaces the whole policy, so stricter settings the account already has are carried over.',
      async run(ctx) {
        const current = await accountPasswordPolicy(ctx);
        if (passwordPolicyShortfalls(current).length === 0) {
          ctx.say('the account password policy is at least this strict already: kept as it is');
        } else {
          const policy = strengthenedPasswordPolicy(current);
          await ctx.clients.iam.send(new UpdateAccountPasswordPolicyCommand(policy));
          ctx.say(`set: ${policy.MinimumPasswordLength}+ characters, upper and lower case, numbers, symbols, last ${policy.PasswordReusePrevention} not reused`);
        }
        ctx.say('The policy belongs to the whole account, not to this lab: `npx lab reset root-and-admin` leaves it in place.');
      },
    },
    {
      title: 'Create the group Admins with AdministratorAccess',
      command:
        'aws iam create-group --group-name Admins --path /workbook/root-and-admin/ && ' +
        'aws iam attach-group-policy --group-name Admins --policy-arn arn:aws:iam::aws:policy/AdministratorAccess',
      hint:
        'CreateGroupCommand with GroupName and Path labPath(ctx.labId) (groups cannot be tagged, so the lab marks its group by its path), ' +
        'then AttachGroupPolicyCommand with the AWS managed policy ARN ADMINISTRATOR_ACCESS. Permissions go on groups; people join groups.',
      async run(ctx) {
        const group = await findGroup(ctx, GROUP_NAME);
        if (group) {
          assertGroupIsOurs(ctx, group);
          ctx.say(`the group exists: reused`);
        } else {
          await ctx.clients.iam.send(new CreateGroupCommand({ GroupName: GROUP_NAME, Path: labPath(ctx.labId) }));
        }
        if ((await groupPolicyArns(ctx, GROUP_NAME)).includes(ADMINISTRATOR_ACCESS)) {
          ctx.say('AdministratorAccess is attached already');
        } else {
          await retryWhilePropagating(ctx, () => ctx.clients.iam.send(new AttachGroupPolicyCommand({ GroupName: GROUP_NAME, PolicyArn: ADMINISTRATOR_ACCESS })));
        }
        ctx.output('group', `${labPath(ctx.labId)}${GROUP_NAME} with AdministratorAccess`);
      },
    },
    {
      title: 'Create the user admin and add it to Admins',
      command: 'aws iam create-user --user-name admin --tags Key=workbook:lab,Value=root-and-admin && aws iam add-user-to-group --group-name Admins --user-name admin',
      hint: 'CreateUserCommand with UserName and Tags ctx.tags(); then AddUserToGroupCommand with GroupName and UserName. admin gets no policies of its own: it has what its group has.',
      async run(ctx) {
        const user = await findUser(ctx, USER_NAME);
        if (user) {
          await assertUserIsOurs(ctx);
          await assertAdminHasNoOwnPolicies(ctx);
          ctx.say('the user exists: reused');
        } else {
          await ctx.clients.iam.send(new CreateUserCommand({ UserName: USER_NAME, Tags: ctx.tags() }));
        }
        if ((await groupsOfUser(ctx, USER_NAME)).includes(GROUP_NAME)) {
          ctx.say(`${USER_NAME} is in ${GROUP_NAME} already`);
        } else {
          await retryWhilePropagating(ctx, () => ctx.clients.iam.send(new AddUserToGroupCommand({ GroupName: GROUP_NAME, UserName: USER_NAME })));
        }
        ctx.output('user', (await findUser(ctx, USER_NAME))?.Arn ?? '');
      },
    },
    {
      title: 'Give admin a console password',
      command: "aws iam create-login-profile --user-name admin --password '<a strong password>' --password-reset-required",
      hint:
        'CreateLoginProfileCommand with UserName, Password (generated for you, never shown) and PasswordResetRequired: true. ' +
        'Then set a password you know yourself with `aws iam update-login-profile` or in the console.',
      async run(ctx) {
        if (await loginProfile(ctx, USER_NAME)) {
          ctx.say(`${USER_NAME} can sign in to the console already: its password is unchanged`);
        } else {
          const password = generateConsolePassword();
          await retryWhilePropagating(ctx, () =>
            ctx.clients.iam.send(new CreateLoginProfileCommand({ UserName: USER_NAME, Password: password, PasswordResetRequired: true })),
          );
          ctx.say('password set: a random one that is shown nowhere, and must be changed at the first sign-in');
        }
        ctx.say(
          `To sign in as ${USER_NAME}, give it a password you know: aws iam update-login-profile --user-name ${USER_NAME} --password '<yours>' --password-reset-required ` +
            `(or IAM console → Users → ${USER_NAME} → Security credentials → Manage console access).`,
        );
        ctx.output('signIn', `https://${ctx.account}.signin.aws.amazon.com/console`);
      },
    },
    {
      title: 'Create a virtual MFA device and enable it for admin',
      command:
        'aws iam create-virtual-mfa-device --virtual-mfa-device-name admin --path /workbook/root-and-admin/ --outfile admin-mfa.png ' +
        '--bootstrap-method QRCodePNG --tags Key=workbook:lab,Value=root-and-admin && ' +
        'aws iam enable-mfa-device --user-name admin --serial-number <device-arn> --authentication-code1 <code> --authentication-code2 <next-code>',
      hint:
        'CreateVirtualMFADeviceCommand with VirtualMFADeviceName, Path labPath(ctx.labId) and Tags ctx.tags(): it answers the device (SerialNumber, ' +
        'Base32StringSeed) once and never again. Then EnableMFADeviceCommand with UserName, SerialNumber and the two consecutive codes computed from the seed.',
      async run(ctx) {
        const enabled = await mfaDevicesOf(ctx, USER_NAME);
        if (enabled.length > 0) {
          ctx.say(`${USER_NAME} has MFA already: kept`);
          ctx.output('mfa', enabled.map((d) => d.SerialNumber).join(', '));
          return;
        }
        await removeUnusedLabMfaDevice(ctx);
        const { VirtualMFADevice: device } = await mfaDeviceNameTaken(
          ctx,
          ctx.clients.iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: MFA_DEVICE_NAME, Path: labPath(ctx.labId), Tags: ctx.tags() })),
        );
        const totp = totpFor(seedText(device?.Base32StringSeed), ctx.account, USER_NAME);
        // Written before the device is enabled: an enabled device whose seed is lost locks its user out of the console.
        const files = ctx.isLocal ? undefined : writeSeedFiles(totp, ctx.account, device?.QRCodePNG);
        if (!ctx.isLocal) ctx.say('waiting for the next 30-second window, to enter two consecutive codes as an authenticator app shows them…');
        await retryWhilePropagating(ctx, async () => {
          const [code1, code2] = await twoConsecutiveCodes(totp, { waitForNextWindow: !ctx.isLocal });
          await ctx.clients.iam.send(
            new EnableMFADeviceCommand({ UserName: USER_NAME, SerialNumber: device?.SerialNumber, AuthenticationCode1: code1, AuthenticationCode2: code2 }),
          );
        });
        ctx.output('mfa', device?.SerialNumber ?? '');
        if (!files) {
          ctx.say('On AWS the lab writes the seed to a file only you can read, for your authenticator app; this device is a simulation, so nothing is written.');
          return;
        }
        ctx.say(
          `The seed is in ${files.uri}${files.qrCode ? ` and ${files.qrCode}` : ''}, readable only by you: add it to your authenticator app ` +
            '(scan the QR code, or enter the secret from the otpauth:// link), then delete the file. Anyone with the seed can make the codes.',
        );
      },
    },
    {
      title: 'Make sure admin has no access keys',
      command: 'aws iam list-access-keys --user-name admin',
      hint: 'ListAccessKeysCommand with UserName answers AccessKeyMetadata: it should be empty. A person signs in with a password and MFA; programs get short-lived credentials from a role.',
      async run(ctx) {
        const { AccessKeyMetadata = [] } = await ctx.clients.iam.send(new ListAccessKeysCommand({ UserName: USER_NAME }));
        if (AccessKeyMetadata.length > 0) {
          const ids = AccessKeyMetadata.map((k) => k.AccessKeyId).join(', ');
          throw new Error(
            `${USER_NAME} has access keys (${ids}). Long-lived keys leak; a person signs in with a password and MFA, programs use roles. ` +
              `Delete them (aws iam delete-access-key --user-name ${USER_NAME} --access-key-id <id>) and run the lab again.`,
          );
        }
        ctx.say(`${USER_NAME} has no access keys: for the command line, use \`aws login\` or IAM Identity Center (\`aws sso login\`), which hand out short-lived credentials`);
      },
    },
  ],
});
