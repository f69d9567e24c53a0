// Showing what a role hands out without giving it away: the start of the access key id and when the credentials
// expire; never the secret access key or the session token. And, on AWS, where an instance gets them instead.
import type { Credentials } from '@aws-sdk/client-sts';
import { describeError } from '../../lab-runner/aws-errors.js';
import type { LabContext } from '../../lab-runner/lab.js';

/** What the step shows of a session's credentials. */
export interface ShownCredentials {
  accessKey: string;
  expires: string;
}

/** `ASIA…`: temporary key ids start with ASIA (long-term ones with AKIA); the rest identifies the key, so it stays hidden. */
export function keyIdStart(accessKeyId: string | undefined): string {
  return `${(accessKeyId ?? '').slice(0, 4)}…`;
}

export function shownCredentials(credentials: Credentials | undefined, now = Date.now()): ShownCredentials {
  const expires = credentials?.Expiration;
  const minutes = expires ? Math.round((expires.getTime() - now) / 60_000) : 0;
  return {
    accessKey: `${keyIdStart(credentials?.AccessKeyId)} (secret access key and session token not shown)`,
    expires: `${expires?.toISOString() ?? 'unknown'}, in ${minutes} minutes`,
  };
}

export function isAccessDenied(error: unknown): boolean {
  return /^AccessDenied/.test(describeError(error).code);
}

export function explainInstanceCredentials(ctx: Pick<LabContext, 'say'>, role: string): void {
  ctx.say(`AccessDenied, as intended: the trust policy lets only ec2.amazonaws.com assume ${role}, not you.`);
  ctx.say('An instance launched with the profile reads the role\'s credentials from its metadata service (IMDSv2):');
  ctx.say('  TOKEN=$(curl -sX PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 21600")');
  ctx.say(`  curl -s -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/iam/security-credentials/${role}`);
  ctx.say('EC2 puts new credentials there before the old ones expire (on its own schedule, not MaxSessionDuration), and the SDKs on the instance fetch them again by themselves.');
}

export function explainSessionLimits(ctx: Pick<LabContext, 'say'>): void {
  ctx.say("an AssumeRole session lasts 15 minutes up to the role's MaxSessionDuration (1 hour by default, 12 hours at most), and cannot be extended: the caller asks again;");
  ctx.say('36 hours is the limit of GetSessionToken, which is for IAM users, not roles');
}
