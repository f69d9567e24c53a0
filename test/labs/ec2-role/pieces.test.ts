// The pieces of the ec2-role lab that need no cloud: how the role's S3 reach is judged, what the credentials step
// shows, what the lab says about credentials and policies, and that the lesson shows the policy the lab writes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labEntry } from '../../../lab-runner/catalogue/read.js';
import { projectRoot } from '../../../lab-runner/paths.js';
import { type PolicyDocument, samePolicy, statementsOf } from '../../../lab-runner/policy-document.js';
import { oldestNonDefault } from '../../../lab-runner/resources/iam-policy-versions.js';
import { decisionOf } from '../../../labs/ec2-role/act-as-role.js';
import { keyIdStart, shownCredentials } from '../../../labs/ec2-role/credentials.js';
import { withoutAdminStatements } from '../../../labs/ec2-role/role-policies.js';
import { s3Scope } from '../../../labs/ec2-role/s3-scope.js';
import { bucketArn, photosBucketName, photosPolicy } from '../../../labs/ec2-role/spec.js';
import { wholeBucketPolicy } from './fixtures.js';

const account = '123456789012';
const region = 'eu-central-1';
const bucket = photosBucketName(account, region);
const arn = bucketArn(bucket);
const role = `arn:aws:iam::${account}:role/EmployeeDirectoryAppRole`;

async function judge(...documents: PolicyDocument[]): Promise<{ missing: string[]; beyond: string[] }> {
  const { missing, beyond } = await s3Scope(documents, bucket, role, account);
  const named = (what: string) => what.split(' (')[0] ?? what;
  return { missing: missing.map((r) => named(r.what)), beyond: beyond.map((r) => named(r.what)) };
}

describe("the role's reach in S3, judged by the requests it allows", () => {
  it("allows the lab's policy what the app does and nothing more", async () => {
    expect(await judge(photosPolicy(bucket))).toEqual({ missing: [], beyond: [] });
  });

  it('finds that the old whole-bucket policy lets the app overwrite its own code and list everything', async () => {
    expect(await judge(JSON.parse(wholeBucketPolicy(account, region)) as PolicyDocument)).toEqual({
      missing: [],
      beyond: ["overwrite the app's code", "delete the app's code", 'read beyond employees/ and app/', 'write beyond employees/', 'list the whole bucket'],
    });
  });

  it('finds every bucket in the world too much, and a policy without ListBucket too little', async () => {
    const world: PolicyDocument = { Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::*' }] };
    expect((await judge(world)).beyond).toEqual(expect.arrayContaining(['read another bucket', 'write another bucket', "overwrite the app's code"]));
    const unlisted = photosPolicy(bucket);
    unlisted.Statement = statementsOf(unlisted).filter((s) => s.Sid !== 'ListPhotos');
    expect(await judge(unlisted)).toEqual({ missing: ['list the photos'], beyond: [] });
  });

  it('accepts another way of writing the same permissions', async () => {
    const rewritten: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 's3:ListBucket', Resource: arn, Condition: { StringEquals: { 's3:prefix': 'employees/' } } },
        { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: `${arn}/employees/*` },
        { Effect: 'Allow', Action: 's3:GetObject', Resource: `${arn}/app/directory-app.mjs` },
      ],
    };
    expect(await judge(rewritten)).toEqual({ missing: [], beyond: [] });
  });

  it('leaves administrator-like statements to the no-admin check, so each mistake fails one check', async () => {
    const admin: PolicyDocument = { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
    expect(await judge(withoutAdminStatements(admin), photosPolicy(bucket))).toEqual({ missing: [], beyond: [] });
  });
});

describe('the credentials the lab shows', () => {
  const credentials = {
    AccessKeyId: 'ASIAQEXAMPLEKEY12345',
    SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
    SessionToken: 'FwoGZXIvYXdzEXAMPLEsessionTOKENthatMustNeverBeShown',
    Expiration: new Date(Date.UTC(2026, 0, 1, 13, 0, 0)),
  };

  it('shows the start of the access key id and the expiry, never the secret, the token or the whole key id', () => {
    const shown = shownCredentials(credentials, Date.UTC(2026, 0, 1, 12, 0, 0));
    expect(shown).toEqual({ accessKey: 'ASIA… (secret access key and session token not shown)', expires: '2026-01-01T13:00:00.000Z, in 60 minutes' });
    const text = JSON.stringify(shown);
    for (const secret of [credentials.SecretAccessKey, credentials.SessionToken, credentials.AccessKeyId, credentials.AccessKeyId.slice(0, 5)]) {
      expect(text).not.toContain(secret);
    }
    expect(keyIdStart(undefined)).toBe('…');
  });
});

describe('what the lab says', () => {
  const lab = labEntry('ec2-role');

  it('says credentials expire, and that on an instance EC2 replaces them, not that they are renewed', () => {
    expect(lab.goal).toContain('temporary credentials that expire (15 minutes to 12 hours with AssumeRole; on an instance, EC2 replaces them before they expire)');
    expect(JSON.stringify(lab)).not.toMatch(/renewed automatically/i);
  });

  it('names the customer managed policy EmployeeDirectoryPhotosAccess, and the trust policy as part of the role', () => {
    expect(lab.goal).toMatch(/its trust policy, part of the role, lets only the EC2 service assume it/);
    expect(lab.goal).toContain('customer managed policy EmployeeDirectoryPhotosAccess');
    expect(lab.steps.map((s) => s.title)).toContain('Write the customer managed policy EmployeeDirectoryPhotosAccess');
    expect(lab.steps.find((s) => s.id === 'role')?.hint).toMatch(/The trust policy is part of the role \(never attached\)/);
    expect(JSON.stringify(lab)).not.toMatch(/attach(es|ed|ing)? (the|a|its) trust policy/i);
  });

  it('checks the role by reading it, and then by acting as it', () => {
    expect(lab.checks.map((c) => c.id)).toEqual(['trust-ec2-only', 'no-admin', 's3-scoped', 'instance-profile', 'temporary-credentials', 'acts-as-role']);
  });
});

describe('the lesson', () => {
  it('shows the permissions policy the lab writes', () => {
    const lesson = readFileSync(join(projectRoot, 'site/lessons/10-iam-roles.md'), 'utf8');
    const blocks = [...lesson.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1] ?? '') as PolicyDocument);
    expect(blocks.some((b) => samePolicy(b, photosPolicy(bucket)))).toBe(true);
  });
});

describe('policy versions and answers', () => {
  it('picks the oldest version that is not the default', () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute));
    const versions = [
      { VersionId: 'v3', IsDefaultVersion: false, CreateDate: at(3) },
      { VersionId: 'v1', IsDefaultVersion: true, CreateDate: at(1) },
      { VersionId: 'v2', IsDefaultVersion: false, CreateDate: at(2) },
    ];
    expect(oldestNonDefault(versions)?.VersionId).toBe('v2');
    expect(oldestNonDefault([{ VersionId: 'v1', IsDefaultVersion: true }])).toBeUndefined();
  });

  it("reads IAM's decision from an S3 answer: 403 is a refusal, a missing bucket or key got past it", async () => {
    const answer = (status: number, name: string) => Promise.reject(Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } }));
    expect(await decisionOf(answer(403, 'Forbidden'))).toBe('denied');
    expect(await decisionOf(answer(403, 'AccessDenied'))).toBe('denied');
    expect(await decisionOf(answer(404, 'NoSuchBucket'))).toBe('allowed');
    expect(await decisionOf(answer(404, 'NotFound'))).toBe('allowed');
    expect(await decisionOf(Promise.resolve({}))).toBe('allowed');
    await expect(decisionOf(answer(500, 'InternalError'))).rejects.toThrow('InternalError');
  });
});
