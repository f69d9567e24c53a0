// The requests photo-reviewer makes, as lesson 9's table lists them, and what the lesson's policy decides for each:
// the lab makes them all and shows each decision; the checks make those they judge.
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { PHOTO, PHOTOS_PREFIX, PRIVATE_FILE, PRIVATE_PREFIX } from './spec.js';

/** How lesson 9 says AWS decides: allowed, denied because nothing allows it, or denied by a Deny statement. */
export type Expected = 'allowed' | 'implicit deny' | 'explicit deny';

/** Clients that sign with photo-reviewer's key. */
export interface ReviewerClients {
  s3: S3Client;
  iam: IAMClient;
}

export interface ReviewerRequest<Id extends string = string> {
  id: Id;
  /** In the lesson's words, e.g. `read private/salaries.csv`. */
  what: string;
  /** The IAM action AWS authorizes it as. */
  action: string;
  expected: Expected;
  send(as: ReviewerClients, bucket: string): Promise<unknown>;
}

const list = (prefix: string) => (as: ReviewerClients, bucket: string) => as.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: 10 }));
const read = (key: string) => async (as: ReviewerClients, bucket: string) => {
  const { Body } = await as.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Body?.transformToString();
};

/** An object never uploaded: deleting it loses nothing even if a policy allows it. */
export const NEVER_UPLOADED = `${PHOTOS_PREFIX}never-uploaded.jpg`;

export const LIST_PHOTOS = { id: 'listPhotos', what: `list ${PHOTOS_PREFIX}`, action: 's3:ListBucket', expected: 'allowed', send: list(PHOTOS_PREFIX) } as const satisfies ReviewerRequest;
export const READ_PHOTO = { id: 'readPhoto', what: `read ${PHOTO.Key}`, action: 's3:GetObject', expected: 'allowed', send: read(PHOTO.Key) } as const satisfies ReviewerRequest;
export const READ_PRIVATE = { id: 'readPrivate', what: `read ${PRIVATE_FILE.Key}`, action: 's3:GetObject', expected: 'implicit deny', send: read(PRIVATE_FILE.Key) } as const satisfies ReviewerRequest;
export const LIST_PRIVATE = { id: 'listPrivate', what: `list ${PRIVATE_PREFIX}`, action: 's3:ListBucket', expected: 'implicit deny', send: list(PRIVATE_PREFIX) } as const satisfies ReviewerRequest;
export const UPLOAD_PHOTO = {
  id: 'uploadPhoto',
  what: `upload ${PHOTOS_PREFIX}new.jpg`,
  action: 's3:PutObject',
  expected: 'implicit deny',
  send: (as: ReviewerClients, bucket: string) => as.s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${PHOTOS_PREFIX}new.jpg`, Body: 'a new photo', ContentType: 'text/plain' })),
} as const satisfies ReviewerRequest;
export const DELETE_PHOTO = {
  id: 'deletePhoto',
  what: `delete ${PHOTO.Key}, no MFA`,
  action: 's3:DeleteObject',
  expected: 'explicit deny',
  send: (as: ReviewerClients, bucket: string) => as.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: PHOTO.Key })),
} as const satisfies ReviewerRequest;
/** The check's delete: the same decision as deleting the photo, but nothing to lose when a policy lets it through. */
export const DELETE_NEVER_UPLOADED = {
  id: 'deletePhoto',
  what: `delete ${NEVER_UPLOADED}, no MFA`,
  action: 's3:DeleteObject',
  expected: 'explicit deny',
  send: (as: ReviewerClients, bucket: string) => as.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: NEVER_UPLOADED })),
} as const satisfies ReviewerRequest;
export const LIST_USERS = { id: 'listUsers', what: 'list the IAM users of the account', action: 'iam:ListUsers', expected: 'implicit deny', send: (as: ReviewerClients) => as.iam.send(new ListUsersCommand({ MaxItems: 1 })) } as const satisfies ReviewerRequest;

/** Lesson 9's table, in its order, but for the request that needs MFA. The delete comes last: if a policy allows it, the photo is gone. */
export const LESSON_REQUESTS = [LIST_PHOTOS, READ_PHOTO, READ_PRIVATE, LIST_PRIVATE, UPLOAD_PHOTO, LIST_USERS, DELETE_PHOTO];

export type RequestId = (typeof LESSON_REQUESTS)[number]['id'];
