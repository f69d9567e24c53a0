// The gate's explanation of a denial, as a student reads it: lesson 9's photo reviewer and its policy, each request of
// the lesson's table judged by the gate's evaluation (no cloud needed), and the sentences that say why.
import { describe, expect, it } from 'vitest';
import { evaluate, principalContext } from '../../lab-runner/gate/evaluate.js';
import type { NamedPolicy } from '../../lab-runner/gate/identity.js';
import type { Principal } from '../../lab-runner/gate/keys.js';

const ACCOUNT = '123456789012';
const BUCKET = `arn:aws:s3:::policy-lab-${ACCOUNT}-eu-central-1`;
const REVIEWER: Principal = { kind: 'user', account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/photo-reviewer`, name: 'photo-reviewer' };
const HEAD = `User: ${REVIEWER.arn} is not authorized to perform:`;

/** ReviewPhotosReadOnly exactly as lesson 9 writes it. */
const REVIEW_PHOTOS_READ_ONLY = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'ListOnlyPhotos', Effect: 'Allow', Action: 's3:ListBucket', Resource: BUCKET, Condition: { StringLike: { 's3:prefix': ['photos/', 'photos/*'] } } },
    { Sid: 'ReadOnlyPhotos', Effect: 'Allow', Action: 's3:GetObject', Resource: `${BUCKET}/photos/*` },
    { Sid: 'NoDeleteWithoutMfa', Effect: 'Deny', Action: 's3:DeleteObject', Resource: `${BUCKET}/*`, Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
  ],
};
const FROM_GROUP: NamedPolicy = { name: `arn:aws:iam::${ACCOUNT}:policy/ReviewPhotosReadOnly (attached to group Reviewers)`, policy: REVIEW_PHOTOS_READ_ONLY };

async function asked(action: string, resource: string, policies: NamedPolicy[] = [FROM_GROUP], context: Record<string, string> = {}, principal = REVIEWER): Promise<string> {
  const decision = await evaluate({
    principal,
    action,
    resource,
    resourceAccount: ACCOUNT,
    context: { ...principalContext(principal, {}, '127.0.0.1', 'eu-central-1'), ...context },
    identity: { policies, tags: {} },
  });
  return decision.allowed ? 'allowed' : decision.message;
}

describe("the gate's explanation of lesson 9's requests", () => {
  it('allows listing photos/ and reading photos/team.jpg', async () => {
    expect(await asked('s3:ListBucket', BUCKET, [FROM_GROUP], { 's3:prefix': 'photos/' })).toBe('allowed');
    expect(await asked('s3:GetObject', `${BUCKET}/photos/team.jpg`)).toBe('allowed');
  });

  it('reading private/: names the statement that allows the action, and the resource it allows it on', async () => {
    expect(await asked('s3:GetObject', `${BUCKET}/private/salaries.csv`)).toBe(
      `${HEAD} s3:GetObject on resource: ${BUCKET}/private/salaries.csv because no identity-based policy allows the s3:GetObject action. ` +
        `Statement "ReadOnlyPhotos" of ReviewPhotosReadOnly (attached to group Reviewers) allows s3:GetObject, but only on ${BUCKET}/photos/*, not on ${BUCKET}/private/salaries.csv. ` +
        'No other statement allows s3:GetObject.',
    );
  });

  it('listing private/: the condition as the policy writes it, and what the request had', async () => {
    expect(await asked('s3:ListBucket', BUCKET, [FROM_GROUP], { 's3:prefix': 'private/' })).toBe(
      `${HEAD} s3:ListBucket on resource: ${BUCKET} because no identity-based policy allows the s3:ListBucket action. ` +
        'Statement "ListOnlyPhotos" of ReviewPhotosReadOnly (attached to group Reviewers) allows s3:ListBucket, but only when its condition ' +
        '"StringLike": {"s3:prefix": ["photos/", "photos/*"]} holds, and this request\'s s3:prefix is "private/". No other statement allows s3:ListBucket.',
    );
    expect(await asked('s3:ListBucket', BUCKET)).toMatch(/holds, and this request carries no s3:prefix\. No other statement/);
  });

  it('an action no statement names: the actions the statements are for, not every way they differ', async () => {
    const other = 'the Allow statements are for other actions: "ListOnlyPhotos" (s3:ListBucket) and "ReadOnlyPhotos" (s3:GetObject) of ReviewPhotosReadOnly (attached to group Reviewers).';
    expect(await asked('s3:PutObject', `${BUCKET}/photos/new.jpg`)).toBe(
      `${HEAD} s3:PutObject on resource: ${BUCKET}/photos/new.jpg because no identity-based policy allows the s3:PutObject action. No statement allows s3:PutObject; ${other}`,
    );
    expect(await asked('iam:ListUsers', '*')).toBe(`${HEAD} iam:ListUsers on resource: * because no identity-based policy allows the iam:ListUsers action. No statement allows iam:ListUsers; ${other}`);
  });

  it('deleting without MFA: the policy as AWS names it, the deny statement and why each part of it matches', async () => {
    expect(await asked('s3:DeleteObject', `${BUCKET}/photos/team.jpg`)).toBe(
      `${HEAD} s3:DeleteObject on resource: ${BUCKET}/photos/team.jpg with an explicit deny in an identity-based policy: arn:aws:iam::${ACCOUNT}:policy/ReviewPhotosReadOnly. ` +
        `Statement "NoDeleteWithoutMfa" of ReviewPhotosReadOnly (attached to group Reviewers) denies it: its Action s3:DeleteObject and its Resource ${BUCKET}/* cover the request, ` +
        'and its condition "BoolIfExists": {"aws:MultiFactorAuthPresent": "false"} holds: this request carries no aws:MultiFactorAuthPresent ' +
        '(requests signed with long-term access keys never do), and …IfExists counts a missing key as a match. An explicit deny wins over every allow.',
    );
  });

  it('deleting with MFA: the deny no longer matches, and nothing allows it', async () => {
    expect(await asked('s3:DeleteObject', `${BUCKET}/photos/team.jpg`, [FROM_GROUP], { 'aws:MultiFactorAuthPresent': 'true' })).toMatch(
      /because no identity-based policy allows the s3:DeleteObject action\. No statement allows s3:DeleteObject; the Allow statements are for other actions: /,
    );
  });
});

describe('the explanation of other shapes of policy', () => {
  const inline = (...Statement: object[]): NamedPolicy[] => [{ name: 'inline policy p of user photo-reviewer', policy: { Version: '2012-10-17', Statement } }];

  it('a deny without condition, in an inline policy, and a statement without Sid', async () => {
    const policies = inline({ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Action: ['s3:Get*', 's3:List*'], Resource: `${BUCKET}/private/*` });
    expect(await asked('s3:GetObject', `${BUCKET}/private/salaries.csv`, policies)).toBe(
      `${HEAD} s3:GetObject on resource: ${BUCKET}/private/salaries.csv with an explicit deny in an identity-based policy: inline policy p of user photo-reviewer. ` +
        `Statement #2 of inline policy p of user photo-reviewer denies it: its Action s3:Get* and its Resource ${BUCKET}/private/* cover the request. An explicit deny wins over every allow.`,
    );
  });

  it('NotAction: the actions it leaves out', async () => {
    expect(await asked('iam:ListUsers', '*', inline({ Sid: 'AllButIam', Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }))).toMatch(
      /No statement allows iam:ListUsers; the Allow statements are for other actions: "AllButIam" \(every action but iam:\*\) of inline policy p of user photo-reviewer\.$/,
    );
  });

  it('a statement that names the action and misses on both resource and condition says both', async () => {
    const policies = inline({ Sid: 'Office', Effect: 'Allow', Action: 's3:GetObject', Resource: `${BUCKET}/photos/*`, Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } });
    expect(await asked('s3:GetObject', `${BUCKET}/private/salaries.csv`, policies)).toMatch(
      new RegExp(
        `Statement "Office" of inline policy p of user photo-reviewer allows s3:GetObject, but only on ${BUCKET}/photos/\\*, not on ${BUCKET}/private/salaries\\.csv; ` +
          'and only when its condition "IpAddress": \\{"aws:SourceIp": "10\\.0\\.0\\.0/8"\\} holds, and this request\'s aws:SourceIp is "127\\.0\\.0\\.1"\\.',
      ),
    );
  });

  it('several allowing statements for other actions: at most six named, then how many more', async () => {
    const many = Array.from({ length: 8 }, (_, i) => ({ Sid: `S${i + 1}`, Effect: 'Allow', Action: `ec2:Describe${i + 1}`, Resource: '*' }));
    const message = await asked('iam:ListUsers', '*', inline(...many));
    expect(message).toMatch(/"S1" \(ec2:Describe1\), .*"S6" \(ec2:Describe6\) of inline policy p of user photo-reviewer, and 2 more\.$/);
  });

  it('a bucket policy: named as the gate names it, for its deny and for its allows', async () => {
    const writer: NamedPolicy[] = [{ name: 'inline policy p of user photo-reviewer', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }] } }];
    const bucketPolicy = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'ReviewersRead', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/someone-else` }, Action: 's3:GetObject', Resource: `${BUCKET}/photos/*` },
        { Sid: 'NobodyDeletesPhotos', Effect: 'Deny', Principal: '*', Action: 's3:DeleteObject', Resource: `${BUCKET}/photos/*` },
      ],
    };
    const judged = async (action: string) => {
      const decision = await evaluate({
        principal: REVIEWER,
        action,
        resource: `${BUCKET}/photos/team.jpg`,
        resourceAccount: ACCOUNT,
        context: principalContext(REVIEWER, {}, '127.0.0.1', 'eu-central-1'),
        identity: { policies: writer, tags: {} },
        resourcePolicy: bucketPolicy,
        resourcePolicyName: 'the bucket policy of photos',
      });
      return decision.message;
    };
    expect(await judged('s3:DeleteObject')).toMatch(
      /with an explicit deny in a resource-based policy: the bucket policy of photos\. Statement "NobodyDeletesPhotos" of the bucket policy of photos denies it: /,
    );
    expect(await judged('s3:GetObject')).toMatch(
      new RegExp(`Statement "ReviewersRead" of the bucket policy of photos allows s3:GetObject, but its Principal does not name ${REVIEWER.arn}\\. No other statement allows s3:GetObject\\.$`),
    );
  });

  it('no policies at all', async () => {
    expect(await asked('s3:GetObject', `${BUCKET}/photos/team.jpg`, [])).toBe(
      `${HEAD} s3:GetObject on resource: ${BUCKET}/photos/team.jpg because no identity-based policy allows the s3:GetObject action. ${REVIEWER.arn} has no policies (nor any through a group).`,
    );
  });
});
