// What the ec2-role tests share: a trust policy for EC2 (with extra principals, for a mistake), the lab's policy as it
// was before writes were scoped to the photos, and a clean start.
import {
  DeleteInstanceProfileCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DetachRolePolicyCommand,
  GetInstanceProfileCommand,
  type IAMClient,
  ListAttachedRolePoliciesCommand,
  ListPolicyVersionsCommand,
  RemoveRoleFromInstanceProfileCommand,
} from '@aws-sdk/client-iam';
import { unlessMissing } from '../../../lab-runner/missing.js';
import { bucketArn, photosBucketName, POLICY_NAME, PROFILE_NAME, ROLE_NAME } from '../../../labs/ec2-role/spec.js';

export function ec2Trust(extraPrincipal: Record<string, string> = {}): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com', ...extraPrincipal }, Action: 'sts:AssumeRole' }],
  });
}

/** The lab's policy before issue 10 #19: the app could overwrite (and list) everything in its bucket, its own code too. */
export function wholeBucketPolicy(account: string, region: string): string {
  const arn = bucketArn(photosBucketName(account, region));
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'ListPhotos', Effect: 'Allow', Action: 's3:ListBucket', Resource: arn },
      { Sid: 'ReadWritePhotos', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: `${arn}/*` },
    ],
  });
}

/**
 * Removes whatever carries the lab's names in the account, tagged or not, the way reset removes what is tagged: a test
 * that failed halfway (or made an untagged look-alike) must not decide how the next one starts.
 */
export async function removeLabNames(iam: IAMClient, account: string): Promise<void> {
  const PolicyArn = `arn:aws:iam::${account}:policy/${POLICY_NAME}`;
  const profile = await unlessMissing(iam.send(new GetInstanceProfileCommand({ InstanceProfileName: PROFILE_NAME })));
  for (const r of profile?.InstanceProfile?.Roles ?? []) {
    await unlessMissing(iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: PROFILE_NAME, RoleName: r.RoleName })));
  }
  await unlessMissing(iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: PROFILE_NAME })));
  const attached = await unlessMissing(iam.send(new ListAttachedRolePoliciesCommand({ RoleName: ROLE_NAME })));
  for (const p of attached?.AttachedPolicies ?? []) await unlessMissing(iam.send(new DetachRolePolicyCommand({ RoleName: ROLE_NAME, PolicyArn: p.PolicyArn })));
  await unlessMissing(iam.send(new DeleteRoleCommand({ RoleName: ROLE_NAME })));
  const versions = await unlessMissing(iam.send(new ListPolicyVersionsCommand({ PolicyArn })));
  for (const v of versions?.Versions ?? []) {
    if (!v.IsDefaultVersion) await unlessMissing(iam.send(new DeletePolicyVersionCommand({ PolicyArn, VersionId: v.VersionId })));
  }
  await unlessMissing(iam.send(new DeletePolicyCommand({ PolicyArn })));
}
