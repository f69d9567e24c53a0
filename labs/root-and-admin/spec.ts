// What the root-and-admin lab builds: the names (a contract, see DESIGN.md), the password policy it asks for, and how
// an existing account policy is judged against it and strengthened without weakening anything that is stricter.
import type { PasswordPolicy, UpdateAccountPasswordPolicyCommandInput } from '@aws-sdk/client-iam';

export const USER_NAME = 'admin';
export const GROUP_NAME = 'Admins';
export const MFA_DEVICE_NAME = 'admin';
export const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';

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
 * The lab's minimum combined with what the account has: UpdateAccountPasswordPolicy replaces the whole policy and
 * resets every field it is not given, so stricter settings already in place (a longer length, an expiry) are kept.
 */
export function strengthenedPasswordPolicy(current: PasswordPolicy | undefined): UpdateAccountPasswordPolicyCommandInput {
  const want = LAB_PASSWORD_POLICY;
  return {
    ...want,
    MinimumPasswordLength: Math.max(current?.MinimumPasswordLength ?? 0, want.MinimumPasswordLength),
    PasswordReusePrevention: Math.max(current?.PasswordReusePrevention ?? 0, want.PasswordReusePrevention),
    ...(current?.ExpirePasswords && current.MaxPasswordAge ? { MaxPasswordAge: current.MaxPasswordAge } : {}),
    ...(current?.HardExpiry ? { HardExpiry: true } : {}),
  };
}

/** No API call turns on MFA for the root user: it is done signed in as root. */
export const ROOT_MFA_IN_CONSOLE =
  "The root user's MFA is set in the console only: sign in as root → account menu (top right) → Security credentials → " +
  'Multi-factor authentication (MFA) → Assign MFA device. No API can do it for root.';

export const ROOT_ONLY_TASKS =
  "changing the root user's email address or password, closing the account, changing or cancelling the AWS Support plan, " +
  'restoring access when no IAM administrator is left, and turning on MFA delete for an S3 bucket';
