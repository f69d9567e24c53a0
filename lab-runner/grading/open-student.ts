// Opening one student's account: through their profile, or by assuming the grader's role in their account from the
// instructor's own session (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html). What cannot be
// opened is said in words: nothing answers (unreachable), or the account refused (error).
import { describeError, isConnectionError, isThrottled } from '../aws-errors.js';
import { clientConfigFor, loadServices, makeClient } from '../clients.js';
import { UserError } from '../errors.js';
import { partitionOf } from '../partition.js';
import type { Session } from '../session.js';
import { resolveTarget, type Target, type TargetOptions } from '../target.js';
import { readOnlySessionPolicy } from './read-only-policy.js';
import { retryThrottled } from './retry.js';
import type { Student } from './students.js';

/** The SDK's own tries for one call, before the grader's retries on throttling. */
const CALL_ATTEMPTS = 3;

export class StudentUnavailable extends Error {
  constructor(
    readonly state: 'unreachable' | 'error',
    message: string,
  ) {
    super(message);
  }
}

export interface Opener {
  /** For every student: the grader's --target, --endpoint and --region (and --profile, the instructor's own, for a roster). */
  target: TargetOptions;
  /** For a roster: the role to assume in each student's account. */
  roleName?: string;
  /** Whether the assumed role may write; without, its session policy allows only what reads. */
  writes: boolean;
  env?: NodeJS.ProcessEnv;
}

export function studentOpener(opener: Opener): (student: Student) => Promise<Session> {
  let instructor: Promise<Session> | undefined;
  return async (student) => {
    if ('profile' in student) return retryThrottled(() => openProfile(student.profile, opener));
    instructor ??= retryThrottled(async () => whoAmI(await resolveTarget(opener.target, opener.env)));
    const from = await instructor.catch((error: unknown) => {
      throw new UserError(`The instructor's own session did not open: ${(error as Error).message}`, 'Roster grading assumes a role from your own credentials (--profile, or the environment).');
    });
    return retryThrottled(() => assumeRoleIn(student.account, from, opener));
  };
}

async function openProfile(profile: string, opener: Opener): Promise<Session> {
  const target = await resolveTarget({ ...opener.target, profile }, opener.env).catch((error: unknown) => {
    throw new StudentUnavailable('error', (error as Error).message);
  });
  return whoAmI(target);
}

async function assumeRoleIn(account: string, from: Session, opener: Opener): Promise<Session> {
  const roleName = opener.roleName ?? '';
  const roleArn = `arn:${partitionOf(from.target.region)}:iam::${account}:role/${roleName}`;
  await loadServices(['sts']);
  const sts = makeClient('sts', clientConfigFor(from.target, from.target.region, CALL_ATTEMPTS));
  const { AssumeRoleCommand } = await import('@aws-sdk/client-sts');
  let credentials;
  try {
    ({ Credentials: credentials } = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'workbook-grading', DurationSeconds: 900, ...(opener.writes ? {} : { Policy: readOnlySessionPolicy() }) }),
    ));
  } catch (error) {
    throw unavailable(error, from.target, `could not assume ${roleArn}`);
  }
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey) throw new StudentUnavailable('error', `STS gave no credentials for ${roleArn}`);
  const target: Target = {
    ...from.target,
    profile: undefined,
    credentials: { accessKeyId: credentials.AccessKeyId, secretAccessKey: credentials.SecretAccessKey, sessionToken: credentials.SessionToken },
    label: `${from.target.label}, role ${roleName} in ${account}`,
  };
  return whoAmI(target);
}

async function whoAmI(target: Target): Promise<Session> {
  await loadServices(['sts']);
  const sts = makeClient('sts', clientConfigFor(target, target.region, CALL_ATTEMPTS));
  const { GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
  try {
    const me = await sts.send(new GetCallerIdentityCommand({}));
    return { target, account: me.Account ?? '', arn: me.Arn ?? '' };
  } catch (error) {
    throw unavailable(error, target, 'STS would not say whose account this is');
  }
}

/** Throttling is left to the retries; anything else becomes the student's state. */
function unavailable(error: unknown, target: Target, what: string): unknown {
  if (isThrottled(error)) return error;
  const where = target.endpoint ?? `AWS (${target.region})`;
  if (isConnectionError(error)) return new StudentUnavailable('unreachable', `Nothing answers at ${where}.`);
  const info = describeError(error);
  return new StudentUnavailable('error', `${target.label}: ${what}: ${info.code}: ${info.message}`);
}
