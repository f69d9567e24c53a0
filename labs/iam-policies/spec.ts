// What the iam-policies lab builds, in one place: the names (a contract, see DESIGN.md), the bucket and the two objects
// the policy is about. The lab, its checks and its tests read from here; the policy itself is in the student's lab.ts,
// where it can be changed and run again.

export const GROUP_NAME = 'Reviewers';
export const POLICY_NAME = 'ReviewPhotosReadOnly';
export const USER_NAME = 'photo-reviewer';

export const PHOTOS_PREFIX = 'photos/';
export const PRIVATE_PREFIX = 'private/';

/** Bucket names are global: the account and region make this one the student's own. */
export function policyLabBucket(account: string, region: string): string {
  return `policy-lab-${account}-${region}`;
}

export function bucketArn(bucket: string, partition = 'aws'): string {
  return `arn:${partition}:s3:::${bucket}`;
}

export interface SampleObject {
  Key: string;
  Body: string;
  ContentType: string;
}

/** What the reviewer may read, and what it must not: one object under each prefix, as lesson 9's table has them. */
export const PHOTO: SampleObject = { Key: `${PHOTOS_PREFIX}team.jpg`, Body: 'A photo of the team would be here; a few bytes of text stand in for it.\n', ContentType: 'text/plain' };
export const PRIVATE_FILE: SampleObject = { Key: `${PRIVATE_PREFIX}salaries.csv`, Body: 'name,salary\nSample Person,0\n', ContentType: 'text/csv' };
export const SAMPLE_OBJECTS: SampleObject[] = [PHOTO, PRIVATE_FILE];
