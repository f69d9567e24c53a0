// What the ec2-role lab builds, in one place: the names (a contract, see DESIGN.md), the trust policy that is part of
// the role, and the permissions policy EmployeeDirectoryPhotosAccess. The lab, its solution, its checks and its tests
// all read from here.
import type { PolicyDocument } from '../../lab-runner/policy-document.js';

export const ROLE_NAME = 'EmployeeDirectoryAppRole';
/** The console names a role's instance profile after the role; the lab does the same. */
export const PROFILE_NAME = 'EmployeeDirectoryAppRole';
export const POLICY_NAME = 'EmployeeDirectoryPhotosAccess';

/**
 * Where the directory app keeps an employee's photo: `employees/<id>/<random>.<ext>` (directory-app/src/ids.ts). The
 * app writes, reads and deletes photos there and nowhere else.
 */
export const PHOTO_PREFIX = 'employees/';
/** Where the directory-app lab puts the app's bundle, which the instance downloads at boot: read, never written. */
export const APP_PREFIX = 'app/';

/** Who may assume the role: the EC2 service, on behalf of an instance launched with the role's profile. Nobody else. */
export const TRUST_POLICY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

/** The bucket the `directory-app` lab creates later; a policy may name a bucket before it exists. */
export function photosBucketName(account: string, region: string): string {
  return `employee-photos-${account}-${region}`;
}

export function bucketArn(bucket: string, partition = 'aws'): string {
  return `arn:${partition}:s3:::${bucket}`;
}

/**
 * What the app does in its bucket, and nothing more: write, read and delete employees' photos; read its own bundle
 * (never write it: a role that could overwrite the app's code could change what the app does); list only the photos.
 * The app never lists, but without s3:ListBucket S3 answers a read of a missing photo with 403 AccessDenied instead
 * of 404 NoSuchKey (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html#API_GetObject_Permissions), so
 * listing is allowed, for the photos prefix only (s3:prefix,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html).
 */
export function photosPolicy(bucket: string, partition = 'aws'): PolicyDocument {
  const arn = bucketArn(bucket, partition);
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'ListPhotos', Effect: 'Allow', Action: 's3:ListBucket', Resource: arn, Condition: { StringLike: { 's3:prefix': `${PHOTO_PREFIX}*` } } },
      { Sid: 'ReadPhotosAndApp', Effect: 'Allow', Action: 's3:GetObject', Resource: [`${arn}/${PHOTO_PREFIX}*`, `${arn}/${APP_PREFIX}*`] },
      { Sid: 'WritePhotos', Effect: 'Allow', Action: ['s3:PutObject', 's3:DeleteObject'], Resource: `${arn}/${PHOTO_PREFIX}*` },
    ],
  };
}
