// A check that acts as the role instead of reading its policies: it assumes EmployeeDirectoryAppRole (the session's
// credentials stay in this process's memory, never shown or stored), then asks S3, as that session, for what the app
// does and for another bucket. Only a cloud that enforces IAM can answer it truly: AWS, or the local cloud through its
// gate (LocalStack alone lets everything through). It sees what reading the role's own policies cannot: a bucket
// policy elsewhere that lets the role in. On AWS only EC2 may assume the role, so there the check says it could not
// act as the role and leaves the judgement to s3-scoped.
import { HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { Role } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, type Credentials } from '@aws-sdk/client-sts';
import { describeError } from '../../lab-runner/aws-errors.js';
import { type Check, type CheckOutcome, expect, fail, type LabContext, pass } from '../../lab-runner/lab.js';
import { findRole } from '../../lab-runner/lookup.js';
import { isAccessDenied } from './credentials.js';
import { adminProblems, policiesOf } from './role-policies.js';
import { APP_PREFIX, PHOTO_PREFIX, photosBucketName, ROLE_NAME } from './spec.js';

/** Not the photos bucket: a request there as the role must be refused, whether or not the bucket exists. */
export function otherBucketName(account: string): string {
  return `workbook-not-the-photos-${account}`;
}

export interface Probe {
  what: string;
  expected: 'allowed' | 'denied';
  /** Sends the request as the session. */
  send(s3: S3Client): Promise<unknown>;
}

export function probes(account: string, region: string): Probe[] {
  const photos = photosBucketName(account, region);
  const other = otherBucketName(account);
  return [
    { what: `list s3://${photos}/${PHOTO_PREFIX}`, expected: 'allowed', send: (s3) => s3.send(new ListObjectsV2Command({ Bucket: photos, Prefix: PHOTO_PREFIX, MaxKeys: 1 })) },
    { what: `read s3://${photos}/${APP_PREFIX}directory-app.mjs`, expected: 'allowed', send: (s3) => s3.send(new HeadObjectCommand({ Bucket: photos, Key: `${APP_PREFIX}directory-app.mjs` })) },
    { what: `list s3://${other}`, expected: 'denied', send: (s3) => s3.send(new ListObjectsV2Command({ Bucket: other, MaxKeys: 1 })) },
  ];
}

/**
 * IAM's answer to a request: 403 is a refusal. Anything else got past authorization, including "no such bucket" or
 * "no such key" (the photos bucket comes with the directory-app lab; a policy may name it before it exists).
 */
export async function decisionOf(request: Promise<unknown>): Promise<'allowed' | 'denied'> {
  try {
    await request;
    return 'allowed';
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 403 || isAccessDenied(error)) return 'denied';
    if (status === 404 || status === 301) return 'allowed';
    throw error;
  }
}

/** An S3 client that signs as the session; the credentials live only in this object. */
export function sessionS3(ctx: LabContext, credentials: Credentials): S3Client {
  return new S3Client({
    ...ctx.clientConfig,
    ...(ctx.clientConfig.endpoint ? { forcePathStyle: true } : {}),
    credentials: { accessKeyId: credentials.AccessKeyId ?? '', secretAccessKey: credentials.SecretAccessKey ?? '', sessionToken: credentials.SessionToken },
  });
}

export async function actAsRole(ctx: LabContext): Promise<CheckOutcome> {
  const role = await findRole(ctx, ROLE_NAME);
  if (!role) return fail(`no role named ${ROLE_NAME}: run the lab first`);
  let session: { Credentials?: Credentials; AssumedRoleUser?: { Arn?: string } };
  try {
    session = await ctx.clients.sts.send(new AssumeRoleCommand({ RoleArn: role.Arn, RoleSessionName: 'workbook-check', DurationSeconds: 900 }));
  } catch (error) {
    // Refused on AWS, rightly: only EC2 may assume the role. Not retried: waiting would not change the trust policy.
    if (!ctx.isLocal && isAccessDenied(error)) return pass(`only EC2 may assume ${ROLE_NAME} on AWS, so the check cannot act as it; s3-scoped judges its policies instead`);
    const { code, message } = describeError(error);
    return fail(`AssumeRole ${ROLE_NAME} failed: ${code}: ${message}`);
  }
  if (!session.Credentials) return fail(`AssumeRole ${ROLE_NAME} answered no credentials`);
  const s3 = sessionS3(ctx, session.Credentials);
  try {
    const [seen, adminLike] = await Promise.all([
      Promise.all(probes(ctx.account, ctx.region).map(async (p) => ({ p, decision: await decisionOf(p.send(s3)) }))),
      hasAdminStatements(ctx, role),
    ]);
    // Each mistake fails one check: a reach beyond the photos that administrator-like statements give is no-admin's.
    const leftToNoAdmin = seen.filter(({ p, decision }) => adminLike && p.expected === 'denied' && decision === 'allowed');
    const wrong = seen.filter((s) => s.decision !== s.p.expected && !leftToNoAdmin.includes(s));
    const said = seen.map(({ p, decision }) => `${p.what}: ${decision}`).join('; ');
    const expected = wrong.length ? `; expected ${wrong.map(({ p }) => `${p.what} ${p.expected}`).join(', ')}` : '';
    const left = leftToNoAdmin.length ? ' (through administrator-like statements, which no-admin reports)' : '';
    return expect(wrong.length === 0, `as ${session.AssumedRoleUser?.Arn ?? ROLE_NAME}: ${said}${left}${expected}`);
  } finally {
    s3.destroy();
  }
}

async function hasAdminStatements(ctx: LabContext, role: Role): Promise<boolean> {
  return (await policiesOf(ctx, role)).some((policy) => adminProblems(policy).length > 0);
}

/** The check in labs/ec2-role/checks.ts. */
export const actsAsRoleCheck: Check = {
  id: 'acts-as-role',
  title: 'Acting as EmployeeDirectoryAppRole (an AssumeRole session), the photos can be listed and the app read, and another bucket is refused',
  run: actAsRole,
};
