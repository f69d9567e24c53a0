// The S3 bucket kind against LocalStack: the calls that make and configure the lab's bucket converge (created once,
// reused on a rerun, put right and said so when changed by hand, refused when not the lab's), a bucket left without
// the lab's tag is not left behind, and reset finds tagged buckets per region and empties them, versions included.
import {
  type BucketLocationConstraint,
  CreateBucketCommand,
  DeleteBucketEncryptionCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  PutBucketEncryptionCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  S3Client,
  DeleteObjectCommand,
} from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabContext } from '../../../lab-runner/context.js';
import { isLabProblem } from '../../../lab-runner/lab.js';
import { loadKinds } from '../../../lab-runner/resources/index.js';
import type { ResourceKind } from '../../../lab-runner/resources/kind.js';
import { kindContext } from '../../../lab-runner/service/reset.js';
import type { Session } from '../../../lab-runner/session.js';
import { localSession } from '../../support/session.js';
import { convergingStep } from './converging.js';

const account = '000000002302';
const LAB = 'directory-app';
const BUNDLE = new TextEncoder().encode('export const app = 1;\n');
/** LocalStack gives a new bucket the tags of a deleted one of the same name: a bucket that must start untagged gets a name of its own. */
const fresh = (name: string) => `${name}-${randomBytes(3).toString('hex')}-${account}`;

let session: Session;
let kind: ResourceKind;

beforeAll(async () => {
  session = await localSession(account);
  [kind] = (await loadKinds(['s3:bucket'])) as [ResourceKind];
  // Every test starts from an account without buckets, whatever an interrupted run left (tagged or not).
  for (const region of ['us-east-1', 'eu-west-1']) {
    const { Buckets = [] } = await s3(region).send(new ListBucketsCommand({ BucketRegion: region }));
    for (const { Name } of Buckets) if (Name) await kind.remove(kindContext(session, region), { kind: 's3:bucket', id: Name, lab: LAB });
  }
});

afterAll(async () => {
  for (const region of ['us-east-1', 'eu-west-1']) {
    const context = kindContext(session, region);
    for (const bucket of await kind.findTagged(context)) await kind.remove(context, bucket);
  }
});

function s3(region = 'us-east-1'): S3Client {
  return new S3Client({ region, endpoint: session.target.endpoint, forcePathStyle: true, credentials: session.target.credentials });
}

/** The directory-app lab's bucket step, as its solution makes it, and the bundle's upload. */
async function bucketStep(ctx: LabContext, bucket: string, body = BUNDLE): Promise<void> {
  const location = ctx.region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: ctx.region as BucketLocationConstraint } };
  await ctx.clients.s3.send(new CreateBucketCommand({ Bucket: bucket, ...location }));
  await ctx.clients.s3.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: ctx.tags() } }));
  await ctx.clients.s3.send(
    new PutPublicAccessBlockCommand({
      Bucket: bucket,
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    }),
  );
  await ctx.clients.s3.send(new PutBucketEncryptionCommand({ Bucket: bucket, ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } }));
  await ctx.clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'app/directory-app.mjs', Body: body, ContentType: 'text/javascript' }));
}

async function exists(bucket: string): Promise<boolean> {
  return s3()
    .send(new HeadBucketCommand({ Bucket: bucket }))
    .then(() => true)
    .catch(() => false);
}

async function refusal(run: Promise<unknown>): Promise<string> {
  try {
    await run;
    return 'sent';
  } catch (error) {
    return isLabProblem(error) ? error.code : String(error);
  }
}

describe('s3:bucket converge rules', () => {
  it('makes the bucket once; a rerun of the same step reuses the bucket, its settings and the uploaded bundle', async () => {
    const bucket = `converge-once-${account}`;
    const first = convergingStep(session);
    await first.step((ctx) => bucketStep(ctx, bucket));
    expect(first.actions()).toEqual([`created s3:bucket ${bucket}`, `created s3:object s3://${bucket}/app/directory-app.mjs`]);

    const again = convergingStep(session);
    await again.step((ctx) => bucketStep(ctx, bucket));
    expect(again.actions()).toEqual([
      `reused s3:bucket ${bucket}: it matches the request`,
      `reused s3:bucket ${bucket}: it matches the request`,
      `reused s3:bucket ${bucket}: it matches the request`,
      `reused s3:bucket ${bucket}: it matches the request`,
      `reused s3:object s3://${bucket}/app/directory-app.mjs: the same bytes are there already`,
    ]);
  });

  it('puts right what was changed by hand, and says what changed', async () => {
    const bucket = `converge-fix-${account}`;
    await convergingStep(session).step((ctx) => bucketStep(ctx, bucket));
    await s3().send(
      new PutPublicAccessBlockCommand({
        Bucket: bucket,
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: true },
      }),
    );
    await s3().send(new DeleteBucketEncryptionCommand({ Bucket: bucket }));
    await s3().send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: [{ Key: 'workbook:lab', Value: LAB }, { Key: 'team', Value: 'x' }] } }));
    const fixed = convergingStep(session);
    await fixed.step((ctx) => bucketStep(ctx, bucket, new TextEncoder().encode('export const app = 2;\n')));
    expect(fixed.actions()).toEqual([
      `reused s3:bucket ${bucket}: it matches the request`,
      `updated s3:bucket ${bucket}: tags team=x, workbook:lab=${LAB} → workbook:lab=${LAB}`,
      `updated s3:bucket ${bucket}: BlockPublicPolicy false → true`,
      `updated s3:bucket ${bucket}: default encryption (none) → AES256`,
      `updated s3:object s3://${bucket}/app/directory-app.mjs: content changed`,
    ]);
  });

  it('does not leave behind a bucket its step never tagged: it is removed again, and the step is told how to tag it', async () => {
    const bucket = fresh('converge-untagged');
    const run = convergingStep(session);
    const error = await run.step((ctx) => ctx.clients.s3.send(new CreateBucketCommand({ Bucket: bucket }))).catch((e: unknown) => e);
    expect(isLabProblem(error) && error.code).toBe('MissingLabTag');
    expect((error as { advice: string }).advice).toContain('PutBucketTaggingCommand with Tagging: { TagSet: ctx.tags() }');
    expect(await exists(bucket)).toBe(false);
  });

  it('refuses a bucket of that name the lab did not make, and a tag set without the lab tag', async () => {
    const bucket = fresh('someone-elses');
    await s3().send(new CreateBucketCommand({ Bucket: bucket }));
    const run = convergingStep(session);
    expect(await refusal(run.step((ctx) => bucketStep(ctx, bucket)))).toBe('NotMadeByThisLab');
    expect(await refusal(run.step((ctx) => ctx.clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'x', Body: 'x' }))))).toBe('NotMadeByThisLab');
    expect(await exists(bucket)).toBe(true);

    const ours = `converge-retag-${account}`;
    await convergingStep(session).step((ctx) => bucketStep(ctx, ours));
    expect(await refusal(run.step((ctx) => ctx.clients.s3.send(new PutBucketTaggingCommand({ Bucket: ours, Tagging: { TagSet: [{ Key: 'team', Value: 'x' }] } }))))).toBe('MissingLabTag');
  });
});

describe('s3:bucket for lab reset', () => {
  it('finds the tagged buckets of the region it is asked about, and empties one of every version before removing it', async () => {
    const bucket = `reset-versions-${account}`;
    const ireland = s3('eu-west-1');
    await ireland.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    await ireland.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: [{ Key: 'workbook:lab', Value: LAB }] } }));
    await ireland.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    for (const body of ['one', 'two']) await ireland.send(new PutObjectCommand({ Bucket: bucket, Key: 'employees/a/photo.png', Body: body }));
    await ireland.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'employees/a/photo.png' }));

    expect((await kind.findTagged(kindContext(session, 'us-east-1'))).map((b) => b.id)).not.toContain(bucket);
    const found = (await kind.findTagged(kindContext(session, 'eu-west-1'))).find((b) => b.id === bucket);
    expect(found).toEqual({ kind: 's3:bucket', id: bucket, name: bucket, lab: LAB });
    await kind.remove(kindContext(session, 'eu-west-1'), { kind: 's3:bucket', id: bucket, lab: LAB });
    expect(await ireland.send(new HeadBucketCommand({ Bucket: bucket })).then(() => true, () => false)).toBe(false);
  });
});
