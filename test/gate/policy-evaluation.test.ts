// IAM through the gate, on a table of cases from AWS's policy evaluation logic
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html): each case is a user
// with its own policies, made on the live LocalStack through the gate, whose request is allowed or denied, and why.
import { AddUserToGroupCommand, CreateAccessKeyCommand, CreateGroupCommand, CreateRoleCommand, CreateUserCommand, DeleteAccessKeyCommand, DeleteRoleCommand, ListUsersCommand, PutGroupPolicyCommand, PutRolePolicyCommand, PutUserPolicyCommand, RemoveUserFromGroupCommand, TagUserCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutBucketPolicyCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { DescribeKeyPairsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientsAt, failure, rootKeys, startTestGate, type TestClients, type TestGate } from './helpers.js';

const ACCOUNT = '000000005100';
const run = Date.now().toString(36);
const bucket = `gate-policy-${run}`;
const bucketArn = `arn:aws:s3:::${bucket}`;

let gate: TestGate;
let root: TestClients;

type Statement = Record<string, unknown>;
const allow = (Action: string | string[], Resource: string | string[], Sid?: string, Condition?: object): Statement => ({ Sid, Effect: 'Allow', Action, Resource, Condition });
const deny = (Action: string | string[], Resource: string | string[], Sid?: string, Condition?: object): Statement => ({ Sid, Effect: 'Deny', Action, Resource, Condition });
const policy = (...Statement: Statement[]) => JSON.stringify({ Version: '2012-10-17', Statement: Statement.map((s) => JSON.parse(JSON.stringify(s))) });

let serial = 0;
/** A new user with an inline policy (when given), tags and groups, and clients acting with a key made for it. */
async function userWith(statements: Statement[], options: { tags?: Record<string, string>; groups?: string[] } = {}): Promise<{ name: string; as: TestClients; keyId: string }> {
  const name = `u${++serial}-${run}`;
  await root.iam.send(new CreateUserCommand({ UserName: name, Tags: Object.entries(options.tags ?? {}).map(([Key, Value]) => ({ Key, Value })) }));
  if (statements.length > 0) await root.iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: policy(...statements) }));
  for (const group of options.groups ?? []) await root.iam.send(new AddUserToGroupCommand({ UserName: name, GroupName: group }));
  const key = (await root.iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey;
  return { name, as: clientsAt(gate.url, { accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' }), keyId: key?.AccessKeyId ?? '' };
}

const getObject = (key: string) => (c: TestClients) => c.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
const listPrefix = (prefix?: string) => (c: TestClients) => c.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
const deleteObject = (key: string) => (c: TestClients) => c.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
const listUsers = () => (c: TestClients) => c.iam.send(new ListUsersCommand({}));

beforeAll(async () => {
  gate = await startTestGate(4620);
  root = clientsAt(gate.url, rootKeys(ACCOUNT));
  await root.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  for (const key of ['photos/x', 'private/y', 'private/z']) await root.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
});

afterAll(async () => {
  await gate.close();
});

interface Case {
  title: string;
  statements: Statement[];
  tags?: Record<string, string>;
  request: (c: TestClients) => Promise<unknown>;
  /** 'allowed', or what the denial's message must say. */
  expect: 'allowed' | RegExp;
}

const cases: Case[] = [
  { title: 'an Allow statement for the action and resource allows', statements: [allow('s3:GetObject', `${bucketArn}/photos/*`)], request: getObject('photos/x'), expect: 'allowed' },
  {
    title: 'no statement at all: implicit deny',
    statements: [],
    request: getObject('photos/x'),
    expect: new RegExp(`User: arn:aws:iam::${ACCOUNT}:user/u\\d+-${run} is not authorized to perform: s3:GetObject on resource: ${bucketArn}/photos/x because no identity-based policy allows the s3:GetObject action\\. .* has no policies`),
  },
  {
    title: 'an explicit deny wins over an allow',
    statements: [allow('s3:*', '*', 'Everything'), deny('s3:GetObject', `${bucketArn}/private/*`, 'NoPrivate')],
    request: getObject('private/y'),
    expect:
      /with an explicit deny in an identity-based policy: inline policy p of user u\d+-\w+\. Statement "NoPrivate" of inline policy p of user u\d+-\w+ denies it: its Action s3:GetObject and its Resource arn:aws:s3:::gate-policy-\w+\/private\/\* cover the request\. An explicit deny wins over every allow\.$/,
  },
  {
    title: 'a wildcard resource covers only what it matches',
    statements: [allow('s3:GetObject', `${bucketArn}/photos/*`, 'ReadPhotos')],
    request: getObject('private/y'),
    expect: new RegExp(`Statement "ReadPhotos" of inline policy p of user u\\d+-\\w+ allows s3:GetObject, but only on ${bucketArn}/photos/\\*, not on ${bucketArn}/private/y\\.`),
  },
  { title: 'NotAction allows every action it does not list', statements: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }], request: getObject('private/y'), expect: 'allowed' },
  {
    title: 'NotAction does not allow what it lists',
    statements: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }],
    request: listUsers(),
    expect: /because no identity-based policy allows the iam:ListUsers action\. No statement allows iam:ListUsers; the Allow statements are for other actions: statement #1 \(every action but iam:\*\) of inline policy p of user \S+\.$/,
  },
  {
    title: 'a condition whose key the request lacks does not match',
    statements: [allow('s3:GetObject', '*', 'OnlyWithMfa', { Bool: { 'aws:MultiFactorAuthPresent': 'true' } })],
    request: getObject('photos/x'),
    expect:
      /Statement "OnlyWithMfa" of inline policy p of user \S+ allows s3:GetObject, but only when its condition "Bool": \{"aws:MultiFactorAuthPresent": "true"\} holds, and this request carries no aws:MultiFactorAuthPresent \(requests signed with long-term access keys never do\)\./,
  },
  {
    title: 'BoolIfExists denies long-term keys, which carry no MFA at all',
    statements: [allow('s3:*', '*'), deny('s3:DeleteObject', '*', 'DenyDeleteWithoutMfa', { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } })],
    request: deleteObject('private/z'),
    expect:
      /explicit deny in an identity-based policy: .*Statement "DenyDeleteWithoutMfa" .* denies it: .*its condition "BoolIfExists": \{"aws:MultiFactorAuthPresent": "false"\} holds: this request carries no aws:MultiFactorAuthPresent/,
  },
  {
    title: 's3:prefix: listing under the allowed prefix',
    statements: [allow('s3:ListBucket', bucketArn, 'ListPhotos', { StringLike: { 's3:prefix': 'photos/*' } })],
    request: listPrefix('photos/'),
    expect: 'allowed',
  },
  {
    title: 's3:prefix: listing elsewhere is denied',
    statements: [allow('s3:ListBucket', bucketArn, 'ListPhotos', { StringLike: { 's3:prefix': 'photos/*' } })],
    request: listPrefix('private/'),
    expect: /Statement "ListPhotos" .* allows s3:ListBucket, but only when its condition "StringLike": \{"s3:prefix": "photos\/\*"\} holds, and this request's s3:prefix is "private\/"/,
  },
  {
    title: 'aws:SourceIp: a request from loopback is not from 10.0.0.0/8',
    statements: [allow('s3:GetObject', '*', 'FromTheOffice', { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } })],
    request: getObject('photos/x'),
    expect: /its condition "IpAddress": \{"aws:SourceIp": "10\.0\.0\.0\/8"\} holds, and this request's aws:SourceIp is "127\.0\.0\.1"/,
  },
  { title: 'aws:SourceIp: a request from loopback is from 127.0.0.0/8', statements: [allow('s3:GetObject', '*', 'Local', { IpAddress: { 'aws:SourceIp': '127.0.0.0/8' } })], request: getObject('photos/x'), expect: 'allowed' },
  {
    title: 'aws:PrincipalTag: a user tagged team=photos',
    statements: [allow('s3:GetObject', '*', 'Team', { StringEquals: { 'aws:PrincipalTag/team': 'photos' } })],
    tags: { team: 'photos' },
    request: getObject('photos/x'),
    expect: 'allowed',
  },
  {
    title: 'aws:PrincipalTag: a user tagged otherwise',
    statements: [allow('s3:GetObject', '*', 'Team', { StringEquals: { 'aws:PrincipalTag/team': 'photos' } })],
    tags: { team: 'billing' },
    request: getObject('photos/x'),
    expect: /its condition "StringEquals": \{"aws:PrincipalTag\/team": "photos"\} holds, and this request's aws:PrincipalTag\/team is "billing"/,
  },
  {
    title: 'EC2 denies as EC2 does',
    statements: [allow('s3:*', '*')],
    request: (c) => c.ec2.send(new DescribeVpcsCommand({})),
    expect: /is not authorized to perform: ec2:DescribeVpcs on resource: \* because no identity-based policy allows the ec2:DescribeVpcs action/,
  },
];

describe('policy evaluation through the gate', () => {
  for (const c of cases) {
    it(c.title, async () => {
      const user = await userWith(c.statements, { tags: c.tags });
      if (c.expect === 'allowed') {
        await expect(c.request(user.as)).resolves.toBeDefined();
        return;
      }
      const denied = await failure(c.request(user.as));
      expect(denied.name).toMatch(/^(AccessDenied|UnauthorizedOperation)$/);
      expect(denied.status).toBe(403);
      expect(denied.message).toMatch(c.expect);
    });
  }

  it("a group's policy applies to its members, and stops applying when one leaves", async () => {
    const group = `readers-${run}`;
    await root.iam.send(new CreateGroupCommand({ GroupName: group }));
    await root.iam.send(new PutGroupPolicyCommand({ GroupName: group, PolicyName: 'read', PolicyDocument: policy(allow('s3:GetObject', `${bucketArn}/*`, 'GroupRead')) }));
    const member = await userWith([], { groups: [group] });
    await expect(getObject('photos/x')(member.as)).resolves.toBeDefined();
    await root.iam.send(new RemoveUserFromGroupCommand({ GroupName: group, UserName: member.name }));
    expect((await failure(getObject('photos/x')(member.as))).message).toMatch(/has no policies \(nor any through a group\)/);
  });

  it('the root user (a 12-digit key, or the default test key) is allowed everything, with no policy at all', async () => {
    await expect(root.iam.send(new ListUsersCommand({}))).resolves.toBeDefined();
    await expect(root.ec2.send(new DescribeVpcsCommand({}))).resolves.toBeDefined();
    await expect(clientsAt(gate.url, rootKeys('test')).sts.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Arn: 'arn:aws:iam::000000000000:root' });
  });

  it('GetCallerIdentity needs no permission', async () => {
    const nobody = await userWith([deny('*', '*')]);
    await expect(nobody.as.sts.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Arn: `arn:aws:iam::${ACCOUNT}:user/${nobody.name}` });
  });

  it('a bucket policy can allow a user with no identity policy, and its explicit deny wins over an identity allow', async () => {
    const reader = await userWith([]);
    const writer = await userWith([allow('s3:*', '*')]);
    await root.s3.send(
      new PutBucketPolicyCommand({
        Bucket: bucket,
        Policy: policy(
          { Sid: 'ReaderMayRead', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/${reader.name}` }, Action: 's3:GetObject', Resource: `${bucketArn}/photos/*` },
          { Sid: 'NobodyDeletesPhotos', Effect: 'Deny', Principal: '*', Action: 's3:DeleteObject', Resource: `${bucketArn}/photos/*` },
        ),
      }),
    );
    await expect(getObject('photos/x')(reader.as)).resolves.toBeDefined();
    const denied = await failure(deleteObject('photos/x')(writer.as));
    expect(denied.message).toMatch(new RegExp(`with an explicit deny in a resource-based policy: the bucket policy of ${bucket}\\. Statement "NobodyDeletesPhotos" of the bucket policy of ${bucket} denies it`));
  });

  it('a role session: AssumeRole needs the trust policy, then the role’s own policy decides', async () => {
    const role = `photo-role-${run}`;
    const caller = await userWith([allow('sts:AssumeRole', '*')]);
    const outsider = await userWith([allow('sts:AssumeRole', '*')]);
    await root.iam.send(
      new CreateRoleCommand({
        RoleName: role,
        AssumeRolePolicyDocument: policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/${caller.name}` }, Action: 'sts:AssumeRole' }),
      }),
    );
    await root.iam.send(new PutRolePolicyCommand({ RoleName: role, PolicyName: 'photos', PolicyDocument: policy(allow('s3:GetObject', `${bucketArn}/photos/*`, 'RolePhotos')) }));
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/${role}`;
    const session = await caller.as.sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'test' }));
    const asRole = clientsAt(gate.url, {
      accessKeyId: session.Credentials?.AccessKeyId ?? '',
      secretAccessKey: session.Credentials?.SecretAccessKey ?? '',
      sessionToken: session.Credentials?.SessionToken,
    });
    await expect(getObject('photos/x')(asRole)).resolves.toBeDefined();
    const denied = await failure(getObject('private/y')(asRole));
    expect(denied.message).toMatch(new RegExp(`User: arn:aws:sts::${ACCOUNT}:assumed-role/${role}/test is not authorized to perform: s3:GetObject on resource: ${bucketArn}/private/y.*Statement "RolePhotos"`));
    expect((await failure(outsider.as.sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'x' })))).name).toBe('AccessDenied');
  });

  it('a session of a role deleted since is denied, not an error', async () => {
    const role = `gone-role-${run}`;
    const caller = await userWith([allow('sts:AssumeRole', '*')]);
    await root.iam.send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }) }));
    const session = await caller.as.sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/${role}`, RoleSessionName: 'late' }));
    await root.iam.send(new DeleteRoleCommand({ RoleName: role }));
    const asGone = clientsAt(gate.url, { accessKeyId: session.Credentials?.AccessKeyId ?? '', secretAccessKey: session.Credentials?.SecretAccessKey ?? '', sessionToken: session.Credentials?.SessionToken });
    expect(await failure(getObject('photos/x')(asGone))).toMatchObject({ name: 'AccessDenied', status: 403 });
  });

  it('an operation not in the table is evaluated against * and said once', async () => {
    const user = await userWith([allow('ec2:DescribeKeyPairs', '*')]);
    await user.as.ec2.send(new DescribeKeyPairsCommand({}));
    await user.as.ec2.send(new DescribeKeyPairsCommand({}));
    expect(gate.logged.filter((l) => l.includes('DescribeKeyPairs'))).toEqual(['gate: ec2 DescribeKeyPairs is not in the operation table; ec2:DescribeKeyPairs is evaluated against resource *']);
    const narrow = await userWith([allow('ec2:DescribeKeyPairs', `arn:aws:ec2:us-east-1:${ACCOUNT}:key-pair/mine`)]);
    expect((await failure(narrow.as.ec2.send(new DescribeKeyPairsCommand({})))).message).toMatch(/on resource: \* because no identity-based policy allows/);
  });

  it('a deleted key is refused as AWS refuses an unknown key', async () => {
    const user = await userWith([allow('iam:*', '*')]);
    await expect(listUsers()(user.as)).resolves.toBeDefined();
    await root.iam.send(new DeleteAccessKeyCommand({ UserName: user.name, AccessKeyId: user.keyId }));
    expect(await failure(listUsers()(user.as))).toMatchObject({ name: 'InvalidClientTokenId', status: 403 });
  });

  it('without the gate, LocalStack alone allows what the policy denies (the naive view this test guards against)', async () => {
    gate.configure({ behaviours: { iam: false } });
    try {
      const user = await userWith([]);
      await expect(listUsers()(user.as)).resolves.toBeDefined();
    } finally {
      gate.configure({ behaviours: { iam: true } });
    }
  });
});
