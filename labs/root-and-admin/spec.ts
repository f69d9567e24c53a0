// What the root-and-admin lab builds: the names (a contract, see DESIGN.md), the password policy it asks for and how an
// account's policy is judged against it, and what the lab says about the root user.
import type { PasswordPolicy } from '@aws-sdk/client-iam';

export const USER_NAME = 'admin';
export const GROUP_NAME = 'Admins';
export const MFA_DEVICE_NAME = 'admin';

/** The AWS managed policy that allows every action on every resource. */
export function administratorAccessArn(partition: string): string {
  return `arn:${partition}:iam::aws:policy/AdministratorAccess`;
}

/** The lab's minimum: long passwords of every character class, not reused, changeable by their owner. */
export const LAB_PASSWORD_POLICY = {
  MinimumPasswordLength: 14,
  RequireUppercaseCharacters: true,
  RequireLowercaseCharacters: true,
  RequireNumbers: true,
  RequireSymbols: true,
  PasswordReusePrevention: 24,
  AllowUsersToChangePassword: true,
} as const;

/** Each way `policy` is weaker than the lab's minimum, in words; empty when it is at least as strict. */
export function passwordPolicyShortfalls(policy: PasswordPolicy | undefined): string[] {
  if (!policy) return ['the account has no password policy of its own, so IAM users get the default: 8 characters, three of the four character kinds'];
  const want = LAB_PASSWORD_POLICY;
  return [
    (policy.MinimumPasswordLength ?? 0) < want.MinimumPasswordLength && `minimum length is ${policy.MinimumPasswordLength}, expected at least ${want.MinimumPasswordLength}`,
    !policy.RequireUppercaseCharacters && 'uppercase letters are not required',
    !policy.RequireLowercaseCharacters && 'lowercase letters are not required',
    !policy.RequireNumbers && 'numbers are not required',
    !policy.RequireSymbols && 'symbols are not required',
    (policy.PasswordReusePrevention ?? 0) < want.PasswordReusePrevention &&
      `reuse prevention is ${policy.PasswordReusePrevention ?? 'off'}, expected the last ${want.PasswordReusePrevention} passwords`,
    !policy.AllowUsersToChangePassword && 'users may not change their own password',
  ].filter((s): s is string => typeof s === 'string');
}

/**
 * No API call turns on MFA for the root user: it is done signed in as root. AWS requires it for the root user's console
 * sign-in (https://docs.aws.amazon.com/IAM/latest/UserGuide/gs-identities-mfa.html): since 2024 a root user without
 * MFA is asked to register a device at sign-in and may put it off for at most 35 days; member accounts of an
 * organization followed in 2025.
 */
export const ROOT_MFA_IN_CONSOLE =
  "AWS requires MFA for the root user's console sign-in: a root user without it is asked to register a device when it signs in, " +
  'and after at most 35 days cannot sign in without one. It is set in the console only, signed in as root: account menu (top right) → ' +
  'Security credentials → Multi-factor authentication (MFA) → Assign MFA device. No API can do it for root.';

/**
 * What only the root user can do, as AWS lists it today
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-tasks.html; the SQS queue policy from
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user-privileged-task.html). Changing the Support plan is no
 * longer one of them.
 */
export const ROOT_ONLY_TASKS =
  "changing the account name, the root user's email address or password, or root access keys; restoring IAM permissions when the only " +
  'IAM administrator has revoked their own; activating IAM access to the Billing and Cost Management console; viewing certain tax ' +
  'invoices; closing the account; registering as a seller in the Reserved Instance Marketplace; turning on MFA delete for an S3 bucket; ' +
  'editing or deleting an S3 bucket policy or SQS queue policy that denies all principals; requesting AWS GovCloud (US) root access ' +
  'keys from AWS Support; and recovering an unmanageable AWS KMS key through AWS Support';
