// Lab `root-and-admin`: reads how the root user is protected, sets a strong account password policy, and creates the
// group Admins (AdministratorAccess) and the user admin in it, with a console password, an enabled virtual MFA device
// (its codes computed here from the device's seed) and no access keys. Root's own MFA is set in the console.
// Run it with `npx lab run root-and-admin`; stuck at a step? `npx lab hint root-and-admin <step>`. Running it again is
// safe: what exists and matches is reused, what differs from your code is changed to match it.
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  type CreateUserCommandOutput,
  CreateVirtualMFADeviceCommand,
  type CreateVirtualMFADeviceCommandOutput,
  EnableMFADeviceCommand,
  GetAccountSummaryCommand,
  type GetAccountSummaryCommandOutput,
  ListAccessKeysCommand,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { labPath } from '../../lab-runner/iam-path.js';
import { defineLab, LabProblem } from '../../lab-runner/lab.js';
import { consolePasswordFor } from '../../labs/root-and-admin/console-password.js';
import { codesToEnable } from '../../labs/root-and-admin/mfa.js';
import { ownPasswordAdvice, signInUrl } from '../../labs/root-and-admin/sign-in.js';
import {
  administratorAccessArn,
  GROUP_NAME,
  LAB_PASSWORD_POLICY,
  MFA_DEVICE_NAME,
  ROOT_MFA_IN_CONSOLE,
  ROOT_ONLY_TASKS,
  USER_NAME,
} from '../../labs/root-and-admin/spec.js';

/** What the steps hand each other. */
interface Outputs {
  rootMfa: string;
  rootAccessKeys: string;
  group: string;
  user: string;
  signIn: string;
  mfa: string;
}

export default defineLab<Outputs>({
  id: 'root-and-admin',
  title: 'Root and admin: lock the root user away, work as an admin',
  lessons: ['07-root-user'],
  goal:
    'The root user can do everything, no IAM policy in the account can limit it, and it is needed for only a handful of tasks. Look at how ' +
    'your root user is protected, set a strong password policy for the account, and create the identity you will work as ' +
    'from now on: a user admin who signs in to the console with a password and a virtual MFA device, gets its permissions ' +
    'from the group Admins (AdministratorAccess) rather than policies of its own, and has no long-lived access keys. ' +
    "The root user's own MFA is set in the console, where AWS requires it for the root user's sign-in: no API can do that for root.",
  region: 'target',
  requires: [],
  cost: 'Free: IAM users, groups, policies and virtual MFA devices cost nothing.',
  localNote:
    'LocalStack answers as the root user (unless you give it an IAM user\'s keys) and does not model its MFA, accepts any MFA codes ' +
    '(the lab computes real ones anyway), ignores the tags of MFA devices (the lab marks its device by its IAM path), ignores ' +
    'PasswordResetRequired, and does not hold passwords to the password policy.',
  services: ['iam', 'sts'],
  resources: ['iam:password-policy', 'iam:group', 'iam:group-policy', 'iam:user', 'iam:group-membership', 'iam:login-profile', 'iam:mfa-device'],
  steps: [
    {
      id: 'root-protection',
      title: 'See how well the root user is protected',
      command: 'aws iam get-account-summary --query "SummaryMap.{RootMFA:AccountMFAEnabled,RootAccessKeys:AccountAccessKeysPresent}"',
      hint: 'GetAccountSummaryCommand on ctx.clients.iam answers a SummaryMap; AccountMFAEnabled is 1 when the root user has MFA, AccountAccessKeysPresent is 1 when root has access keys.',
      async run(ctx) {
        // solution: send a GetAccountSummaryCommand with ctx.clients.iam
        const { SummaryMap = {} }: GetAccountSummaryCommandOutput = await ctx.clients.iam.send(new GetAccountSummaryCommand({}));
        // end solution
        ctx.output('rootMfa', SummaryMap.AccountMFAEnabled === 1 ? 'enabled' : 'NOT enabled');
        ctx.output('rootAccessKeys', SummaryMap.AccountAccessKeysPresent === 1 ? 'PRESENT: delete them in the console' : 'none');
        ctx.say(ROOT_MFA_IN_CONSOLE);
        const { Arn = '' } = await ctx.clients.sts.send(new GetCallerIdentityCommand({}));
        if (ctx.isLocal) ctx.say('LocalStack has no root MFA: on AWS the two lines above are the real state.');
        if (Arn.endsWith(':root')) ctx.say('You are running this lab as the root user. When it is done, work as admin instead.');
        ctx.say(`Keep root for what only it can do: ${ROOT_ONLY_TASKS}.`);
      },
    },
    {
      id: 'password-policy',
      title: 'Set the account password policy',
      command:
        'aws iam update-account-password-policy --minimum-password-length 14 --require-uppercase-characters --require-lowercase-characters ' +
        '--require-numbers --require-symbols --password-reuse-prevention 24 --allow-users-to-change-password',
      hint:
        'UpdateAccountPasswordPolicyCommand with LAB_PASSWORD_POLICY: at least 14 characters of all four kinds, none of the last 24 reused, users may ' +
        'change their own. The call replaces the whole policy; the runner keeps any setting the account already has that is stricter, and says so.',
      async run(ctx) {
        // solution: send an UpdateAccountPasswordPolicyCommand with ctx.clients.iam and LAB_PASSWORD_POLICY
        await ctx.clients.iam.send(new UpdateAccountPasswordPolicyCommand(LAB_PASSWORD_POLICY));
        // end solution
        ctx.say('The policy belongs to the whole account, not to this lab: `npx lab reset root-and-admin` leaves it in place.');
      },
    },
    {
      id: 'admins-group',
      title: 'Create the group Admins with AdministratorAccess',
      command:
        'aws iam create-group --group-name Admins --path /workbook/root-and-admin/ && ' +
        'aws iam attach-group-policy --group-name Admins --policy-arn arn:aws:iam::aws:policy/AdministratorAccess',
      hint:
        'CreateGroupCommand with GroupName and Path labPath(ctx.labId) (groups cannot be tagged, so the lab marks its group by its path), ' +
        'then AttachGroupPolicyCommand with the AWS managed policy ARN administratorAccessArn(ctx.partition). Permissions go on groups; people join groups.',
      async run(ctx) {
        // solution: send a CreateGroupCommand with ctx.clients.iam: GroupName GROUP_NAME, Path labPath(ctx.labId)
        await ctx.clients.iam.send(new CreateGroupCommand({ GroupName: GROUP_NAME, Path: labPath(ctx.labId) }));
        // end solution
        // solution: send an AttachGroupPolicyCommand with ctx.clients.iam: GroupName GROUP_NAME, PolicyArn administratorAccessArn(ctx.partition)
        await ctx.clients.iam.send(new AttachGroupPolicyCommand({ GroupName: GROUP_NAME, PolicyArn: administratorAccessArn(ctx.partition) }));
        // end solution
        ctx.output('group', `${labPath(ctx.labId)}${GROUP_NAME} with AdministratorAccess`);
      },
    },
    {
      id: 'admin-user',
      title: 'Create the user admin and add it to Admins',
      command: 'aws iam create-user --user-name admin --tags Key=workbook:lab,Value=root-and-admin && aws iam add-user-to-group --group-name Admins --user-name admin',
      hint: 'CreateUserCommand with UserName and Tags ctx.tags(); then AddUserToGroupCommand with GroupName and UserName. admin gets no policies of its own: it has what its group has.',
      async run(ctx) {
        // solution: send a CreateUserCommand with ctx.clients.iam: UserName USER_NAME, Tags ctx.tags()
        const { User }: CreateUserCommandOutput = await ctx.clients.iam.send(new CreateUserCommand({ UserName: USER_NAME, Tags: ctx.tags() }));
        // end solution
        // solution: send an AddUserToGroupCommand with ctx.clients.iam: GroupName GROUP_NAME, UserName USER_NAME
        await ctx.clients.iam.send(new AddUserToGroupCommand({ GroupName: GROUP_NAME, UserName: USER_NAME }));
        // end solution
        ctx.output('user', User?.Arn ?? '');
      },
    },
    {
      id: 'console-password',
      title: 'Give admin a console password',
      command:
        "read -rs -p 'Password for admin: ' ADMIN_PASSWORD && echo && " +
        'aws iam create-login-profile --user-name admin --password "$ADMIN_PASSWORD" --password-reset-required; unset ADMIN_PASSWORD',
      hint:
        "CreateLoginProfileCommand with UserName, Password (made for you by consolePasswordFor(ctx) to the account's password policy, never shown) " +
        'and PasswordResetRequired: true. Then set a password you know yourself, in the console or at a prompt, never typed into a command line ' +
        '(your shell keeps a history of those).',
      async run(ctx) {
        const password = await consolePasswordFor(ctx);
        // solution: send a CreateLoginProfileCommand with ctx.clients.iam: UserName USER_NAME, Password password, PasswordResetRequired true
        await ctx.clients.iam.send(new CreateLoginProfileCommand({ UserName: USER_NAME, Password: password, PasswordResetRequired: true }));
        // end solution
        ctx.say(ownPasswordAdvice(USER_NAME));
        ctx.output('signIn', signInUrl(ctx.account, ctx.partition));
      },
    },
    {
      id: 'mfa',
      title: 'Create a virtual MFA device and enable it for admin',
      command:
        'aws iam create-virtual-mfa-device --virtual-mfa-device-name admin --path /workbook/root-and-admin/ --outfile admin-mfa.png ' +
        '--bootstrap-method QRCodePNG --tags Key=workbook:lab,Value=root-and-admin && ' +
        'aws iam enable-mfa-device --user-name admin --serial-number <device-arn> --authentication-code1 <code> --authentication-code2 <next-code>',
      hint:
        'CreateVirtualMFADeviceCommand with VirtualMFADeviceName, Path labPath(ctx.labId) and Tags ctx.tags(): it answers the device (SerialNumber, ' +
        'Base32StringSeed) once and never again. codesToEnable(ctx, device, USER_NAME) computes two consecutive codes from the seed; then ' +
        'EnableMFADeviceCommand with UserName, SerialNumber and the two codes.',
      async run(ctx) {
        // solution: send a CreateVirtualMFADeviceCommand with ctx.clients.iam: VirtualMFADeviceName MFA_DEVICE_NAME, Path labPath(ctx.labId), Tags ctx.tags()
        const { VirtualMFADevice: device }: CreateVirtualMFADeviceCommandOutput = await ctx.clients.iam.send(
          new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: MFA_DEVICE_NAME, Path: labPath(ctx.labId), Tags: ctx.tags() }),
        );
        // end solution
        const [code1, code2] = await codesToEnable(ctx, device, USER_NAME);
        // solution: send an EnableMFADeviceCommand with ctx.clients.iam: UserName USER_NAME, SerialNumber device?.SerialNumber, AuthenticationCode1 code1, AuthenticationCode2 code2
        await ctx.clients.iam.send(
          new EnableMFADeviceCommand({ UserName: USER_NAME, SerialNumber: device?.SerialNumber, AuthenticationCode1: code1, AuthenticationCode2: code2 }),
        );
        // end solution
        ctx.output('mfa', device?.SerialNumber ?? '');
      },
    },
    {
      id: 'no-access-keys',
      title: 'Make sure admin has no access keys',
      command: 'aws iam list-access-keys --user-name admin',
      hint: 'ListAccessKeysCommand with UserName answers AccessKeyMetadata: it should be empty. A person signs in with a password and MFA; programs get short-lived credentials from a role.',
      async run(ctx) {
        // solution: send a ListAccessKeysCommand with ctx.clients.iam: UserName USER_NAME
        const { AccessKeyMetadata = [] } = await ctx.clients.iam.send(new ListAccessKeysCommand({ UserName: USER_NAME }));
        // end solution
        if (AccessKeyMetadata.length > 0) {
          throw new LabProblem(
            'AccessKeysPresent',
            `${USER_NAME} has ${AccessKeyMetadata.length} access key${AccessKeyMetadata.length === 1 ? '' : 's'}. Long-lived keys leak; a person signs in with a password and MFA, programs use roles.`,
            `Delete them (aws iam list-access-keys --user-name ${USER_NAME}, then aws iam delete-access-key --user-name ${USER_NAME} --access-key-id <id>) and run the lab again.`,
          );
        }
        ctx.say(`${USER_NAME} has no access keys: for the command line, use \`aws login\` or IAM Identity Center (\`aws sso login\`), which hand out short-lived credentials`);
      },
    },
  ],
});
