// What the role may do in S3, judged by what it does rather than how its policies are written: the requests the app
// makes must be allowed, and requests beyond them denied, under AWS's policy evaluation (explicit deny, then allow,
// else implicit deny: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html) as
// @cloud-copilot/iam-simulate evaluates it. Any way of writing the policy that behaves right passes.
import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { PolicyDocument } from '../../lab-runner/policy-document.js';
import { APP_PREFIX, bucketArn, PHOTO_PREFIX } from './spec.js';

export interface S3Request {
  action: string;
  resource: string;
  /** Condition keys the request carries, e.g. `s3:prefix` for a listing. */
  context?: Record<string, string>;
  /** In the student's words. */
  what: string;
}

/** A key the app would write: `employees/<id>/<random>.<ext>`. */
const PHOTO_KEY = `${PHOTO_PREFIX}e-1/2b7c4f.jpg`;
const BUNDLE_KEY = `${APP_PREFIX}directory-app.mjs`;
const OTHER_BUCKET = 'another-teams-bucket';

/** What the directory app does with its bucket, and the instance at boot: each must be allowed. */
export function neededRequests(bucket: string, partition = 'aws'): S3Request[] {
  const arn = bucketArn(bucket, partition);
  return [
    { action: 's3:ListBucket', resource: arn, context: { 's3:prefix': PHOTO_PREFIX }, what: `list the photos (s3:ListBucket on ${arn} with prefix ${PHOTO_PREFIX})` },
    { action: 's3:GetObject', resource: `${arn}/${PHOTO_KEY}`, what: `read a photo (s3:GetObject on ${arn}/${PHOTO_KEY})` },
    { action: 's3:PutObject', resource: `${arn}/${PHOTO_KEY}`, what: `write a photo (s3:PutObject on ${arn}/${PHOTO_KEY})` },
    { action: 's3:DeleteObject', resource: `${arn}/${PHOTO_KEY}`, what: `delete a photo (s3:DeleteObject on ${arn}/${PHOTO_KEY})` },
    { action: 's3:GetObject', resource: `${arn}/${BUNDLE_KEY}`, what: `read the app's code (s3:GetObject on ${arn}/${BUNDLE_KEY})` },
  ];
}

/** What the app never needs: each must be denied. Overwriting its own code would let the app change what it runs. */
export function beyondRequests(bucket: string, partition = 'aws'): S3Request[] {
  const arn = bucketArn(bucket, partition);
  const other = bucketArn(OTHER_BUCKET, partition);
  return [
    { action: 's3:PutObject', resource: `${arn}/${BUNDLE_KEY}`, what: `overwrite the app's code (s3:PutObject on ${arn}/${BUNDLE_KEY})` },
    { action: 's3:DeleteObject', resource: `${arn}/${BUNDLE_KEY}`, what: `delete the app's code (s3:DeleteObject on ${arn}/${BUNDLE_KEY})` },
    { action: 's3:GetObject', resource: `${arn}/private/notes.txt`, what: `read beyond ${PHOTO_PREFIX} and ${APP_PREFIX} (s3:GetObject on ${arn}/private/notes.txt)` },
    { action: 's3:PutObject', resource: `${arn}/notes.txt`, what: `write beyond ${PHOTO_PREFIX} (s3:PutObject on ${arn}/notes.txt)` },
    { action: 's3:ListBucket', resource: arn, what: `list the whole bucket (s3:ListBucket on ${arn} without the prefix ${PHOTO_PREFIX})` },
    { action: 's3:DeleteBucket', resource: arn, what: `delete the bucket (s3:DeleteBucket on ${arn})` },
    { action: 's3:PutBucketPolicy', resource: arn, what: `change the bucket's policy (s3:PutBucketPolicy on ${arn})` },
    { action: 's3:ListBucket', resource: other, what: `list another bucket (s3:ListBucket on ${other})` },
    { action: 's3:GetObject', resource: `${other}/x`, what: `read another bucket (s3:GetObject on ${other}/x)` },
    { action: 's3:PutObject', resource: `${other}/x`, what: `write another bucket (s3:PutObject on ${other}/x)` },
  ];
}

export async function allows(documents: PolicyDocument[], request: S3Request, principal: string, account: string): Promise<boolean> {
  const result = await runSimulation(
    {
      request: { principal, action: request.action, resource: { resource: request.resource, accountId: account }, contextVariables: request.context ?? {} },
      identityPolicies: documents.map((policy, i) => ({ name: `policy ${i + 1}`, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (result.resultType === 'error') throw new Error(`the role's policies could not be evaluated: ${JSON.stringify(result.errors)}`);
  return result.overallResult === 'Allowed';
}

export interface S3Scope {
  missing: S3Request[];
  beyond: S3Request[];
}

/** Which needed requests the documents do not allow, and which requests beyond the app's needs they do. */
export async function s3Scope(documents: PolicyDocument[], bucket: string, principal: string, account: string, partition = 'aws'): Promise<S3Scope> {
  const judge = (requests: S3Request[]) => Promise.all(requests.map(async (r) => ({ r, allowed: await allows(documents, r, principal, account) })));
  const [needed, beyond] = await Promise.all([judge(neededRequests(bucket, partition)), judge(beyondRequests(bucket, partition))]);
  return { missing: needed.filter((n) => !n.allowed).map((n) => n.r), beyond: beyond.filter((b) => b.allowed).map((b) => b.r) };
}
