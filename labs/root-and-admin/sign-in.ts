// Signing in as admin: where, and how to give it a password of your own without the password landing in your shell's
// history (a command line is remembered; a prompt is not).

/** The console sign-in page for IAM users of `account` (https://docs.aws.amazon.com/IAM/latest/UserGuide/console.html). */
export function signInUrl(account: string, partition: string): string {
  const domain = partition === 'aws-cn' ? 'signin.amazonaws.cn' : partition === 'aws-us-gov' ? 'signin.amazonaws-us-gov.com' : 'signin.aws.amazon.com';
  return `https://${account}.${domain}/console`;
}

/**
 * The password the lab set is known to nobody. UpdateLoginProfile with only --password-reset-required changes a flag,
 * not the password, so the student sets one themselves: in the console, or in a terminal that prompts for it
 * (`read -s` echoes nothing, and the command line holds only the variable's name).
 */
export function ownPasswordAdvice(userName: string): string {
  return (
    `The password set now is random and shown nowhere. To sign in as ${userName}, give it one you know, never typed into a command line: ` +
    `in the IAM console (Users → ${userName} → Security credentials → Console sign-in → Manage console access → Set password), or at a prompt: ` +
    `read -rs -p 'New password for ${userName}: ' ADMIN_PASSWORD && echo && aws iam update-login-profile --user-name ${userName} ` +
    '--password "$ADMIN_PASSWORD" --no-password-reset-required; unset ADMIN_PASSWORD'
  );
}
