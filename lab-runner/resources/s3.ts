// S3 buckets of a region that carry a lab's tag; removing one empties it first (every object, every version and delete
// marker), because S3 deletes only empty buckets.
//
// The calls that make a bucket converge: CreateBucket reuses the lab's bucket of that name; the puts that configure it
// (tags, public access block, default encryption) and PutObject compare what is there with the request, send only
// what differs and say what changed. A bucket is the lab's when it carries the lab's tag, or when this run has just
// made it (its tags come with the next call); one left untagged at the end of its step is removed again, since
// `lab reset` could never find it.
import { createHash } from 'node:crypto';
import {
  type Bucket,
  CreateBucketCommand,
  type CreateBucketCommandInput,
  type CreateBucketCommandOutput,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketTaggingCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  type ObjectIdentifier,
  paginateListBuckets,
  type PublicAccessBlockConfiguration,
  PutBucketEncryptionCommand,
  type PutBucketEncryptionCommandInput,
  PutBucketTaggingCommand,
  type PutBucketTaggingCommandInput,
  PutObjectCommand,
  type PutObjectCommandInput,
  PutPublicAccessBlockCommand,
  type PutPublicAccessBlockCommandInput,
  type ServerSideEncryptionRule,
} from '@aws-sdk/client-s3';
import { describeError } from '../aws-errors.js';
import type { Clients } from '../clients.js';
import { convergeNamed, type Difference, type NamedResource } from '../converge/named.js';
import { notTheLabs, StepProblem, untagged } from '../converge/problem.js';
import { type ConvergeCall, rule } from '../converge/rule.js';
import { unlessMissing } from '../missing.js';
import { LAB_TAG, labOf } from '../tags.js';
import type { FoundResource, KindContext, ResourceKind } from './kind.js';

/** DeleteObjects takes at most 1,000 keys a call. */
const DELETE_BATCH = 1000;

/** Buckets each run created (a run is known by its clients): the lab's until the step that made them tagged them. */
const madeByRun = new WeakMap<Clients, Set<string>>();

function madeThisRun(call: Pick<ConvergeCall, 'clients'>): Set<string> {
  let made = madeByRun.get(call.clients);
  if (!made) madeByRun.set(call.clients, (made = new Set()));
  return made;
}

interface FoundBucket {
  name: string;
  region: string;
  lab?: string;
}

function bucketResource(name: string): NamedResource<CreateBucketCommandInput, FoundBucket, CreateBucketCommandOutput> {
  return {
    kind: 's3:bucket',
    what: 'S3 bucket',
    nameOf: () => name,
    find: (call) => findBucket(call.clients, name, call.region),
    idOf: (bucket) => bucket.name,
    isOurs: async (call, bucket) => bucket.lab === call.labId || madeThisRun(call).has(bucket.name),
    adoptOrDelete: (call) => ({
      tag: `aws s3api put-bucket-tagging --bucket ${name} --tagging 'TagSet=[{Key=${LAB_TAG},Value=${call.labId}}]'`,
      remove: `aws s3 rb s3://${name} --force`,
    }),
    differences: async (call, bucket) => {
      const want = call.input.CreateBucketConfiguration?.LocationConstraint ?? 'us-east-1';
      return bucket.region === want ? [] : [{ what: 'region', have: bucket.region, want, inPlace: false }];
    },
    dependants: async (call) => {
      const { KeyCount = 0, IsTruncated } = await call.clients.s3.send(new ListObjectsV2Command({ Bucket: name, MaxKeys: 1000 }));
      return KeyCount > 0 ? [`its ${IsTruncated ? 'more than 1,000' : KeyCount} object${KeyCount === 1 ? '' : 's'}`] : [];
    },
    remove: (call) => removeBucket(call.clients, name),
    create: async (call) => {
      const answer = await createBucket(call);
      madeThisRun(call).add(name);
      call.atStepEnd(`tagged:${name}`, () => requireLabTag(call, name));
      return answer;
    },
    answer: async () => ({ Location: `/${name}`, $metadata: {} }),
    idInAnswer: () => name,
  };
}

const createBucketRule = rule<CreateBucketCommandInput>('s3', 'CreateBucketCommand', (call) => {
  if (!call.input.Bucket) throw new StepProblem('MissingName', 'CreateBucket was sent without a Bucket name, so it was not sent.', 'Name the bucket: Bucket: <name>.');
  return convergeNamed(bucketResource(call.input.Bucket), call);
});

/** Sets the whole tag set; it must keep the lab's tag, or `lab reset` could never find the bucket again. */
const putBucketTagging = rule<PutBucketTaggingCommandInput>('s3', 'PutBucketTaggingCommand', async (call) => {
  const bucket = call.input.Bucket ?? '';
  const want = call.input.Tagging?.TagSet ?? [];
  if (labOf(want) !== call.labId) throw untagged('PutBucketTagging', call.labId, 'Tagging: { TagSet: ctx.tags() }');
  const have = await assertLabsBucket(call, bucket, 'PutBucketTagging');
  if (have === undefined) return call.send(call.input);
  return putWhenDifferent(call, bucket, tagDifferences(have, want));
});

const putPublicAccessBlock = rule<PutPublicAccessBlockCommandInput>('s3', 'PutPublicAccessBlockCommand', async (call) => {
  const bucket = call.input.Bucket ?? '';
  if ((await assertLabsBucket(call, bucket, 'PutPublicAccessBlock')) === undefined) return call.send(call.input);
  const have = await publicAccessBlock(call.clients, bucket);
  const want = call.input.PublicAccessBlockConfiguration ?? {};
  const settings = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;
  const differences = settings
    .filter((s) => (have?.[s] ?? false) !== (want[s] ?? false))
    .map((s) => ({ what: s, have: have ? String(have[s] ?? false) : '(no block)', want: String(want[s] ?? false), inPlace: true }));
  return putWhenDifferent(call, bucket, differences);
});

const putBucketEncryption = rule<PutBucketEncryptionCommandInput>('s3', 'PutBucketEncryptionCommand', async (call) => {
  const bucket = call.input.Bucket ?? '';
  if ((await assertLabsBucket(call, bucket, 'PutBucketEncryption')) === undefined) return call.send(call.input);
  const have = describeRules(await encryptionRules(call.clients, bucket));
  const want = describeRules(call.input.ServerSideEncryptionConfiguration?.Rules ?? []);
  return putWhenDifferent(call, bucket, have === want ? [] : [{ what: 'default encryption', have, want, inPlace: true }]);
});

/** An object is put again only when its bytes or type differ (S3's ETag of a single-part, SSE-S3 object is its MD5). */
const putObject = rule<PutObjectCommandInput>('s3', 'PutObjectCommand', async (call) => {
  const { Bucket = '', Key = '' } = call.input;
  if ((await assertLabsBucket(call, Bucket, 'PutObject')) === undefined) return call.send(call.input);
  const name = `s3://${Bucket}/${Key}`;
  const existing = await unlessMissing(call.clients.s3.send(new HeadObjectCommand({ Bucket, Key })));
  const md5 = md5Of(call.input.Body);
  const differences: string[] = [];
  if (existing) {
    if (md5 === undefined || existing.ETag?.replace(/"/g, '') !== md5) differences.push('content');
    if (call.input.ContentType && existing.ContentType !== call.input.ContentType) differences.push(`content type ${existing.ContentType ?? '(none)'} → ${call.input.ContentType}`);
    if (differences.length === 0) {
      call.report('reused', { kind: 's3:object', name, id: name, detail: 'the same bytes are there already' });
      return { ETag: existing.ETag, $metadata: {} };
    }
  }
  const answer = await call.send(call.input);
  call.report(existing ? 'updated' : 'created', { kind: 's3:object', name, id: name, ...(existing ? { detail: `${differences.join('; ')} changed` } : {}) });
  return answer;
});

const buckets: ResourceKind = {
  kind: 's3:bucket',
  global: false,
  order: 20,
  async findTagged(ctx) {
    const names = await bucketsInRegion(ctx);
    const labelled = await Promise.all(names.map(async (name) => ({ name, lab: await bucketLab(ctx.clients, name) })));
    return labelled.flatMap(({ name, lab }): FoundResource[] => (lab ? [{ kind: 's3:bucket', id: name, name, lab }] : []));
  },
  async remove(ctx, bucket) {
    await removeBucket(ctx.clients, bucket.id);
  },
  rules: [createBucketRule, putBucketTagging, putPublicAccessBlock, putBucketEncryption, putObject],
};

export const s3Kinds: ResourceKind[] = [buckets];

/** The bucket and its region, or undefined; a name another account owns is a problem no rerun can solve. */
async function findBucket(clients: Clients, name: string, region: string): Promise<FoundBucket | undefined> {
  try {
    const head = await clients.s3.send(new HeadBucketCommand({ Bucket: name }));
    const where = head.BucketRegion ?? (await bucketRegion(clients, name)) ?? region;
    return { name, region: where, lab: await bucketLab(clients, name) };
  } catch (error) {
    const { code } = describeError(error);
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (code === 'NotFound' || code === 'NoSuchBucket' || status === 404) return undefined;
    if (code === 'Forbidden' || status === 403) {
      throw new StepProblem('BucketNameTaken', `The bucket name ${name} belongs to another AWS account: bucket names are unique across every account.`, 'Choose another name (the lab names it after your account and region, so check that you run as the account you mean).');
    }
    throw error;
  }
}

async function bucketRegion(clients: Clients, name: string): Promise<string | undefined> {
  const answer = await unlessMissing(clients.s3.send(new GetBucketLocationCommand({ Bucket: name })));
  // us-east-1, S3's first region, answers an empty location.
  return answer ? answer.LocationConstraint || 'us-east-1' : undefined;
}

async function bucketLab(clients: Clients, name: string): Promise<string | undefined> {
  // A bucket without tags answers NoSuchTagSet; one deleted meanwhile, NoSuchBucket: neither is a lab's.
  return labOf((await unlessMissing(clients.s3.send(new GetBucketTaggingCommand({ Bucket: name }))))?.TagSet);
}

async function createBucket(call: ConvergeCall<CreateBucketCommandInput>): Promise<CreateBucketCommandOutput> {
  try {
    return await call.once.s3.send(new CreateBucketCommand(call.input));
  } catch (error) {
    // Found missing a moment ago: so a lost answer of this very run made it.
    if (describeError(error).code === 'BucketAlreadyOwnedByYou') return { Location: `/${call.input.Bucket}`, $metadata: {} };
    throw error;
  }
}

/** Run when the step that created the bucket ends: without the lab's tag it is removed again, while still empty. */
async function requireLabTag(call: ConvergeCall, name: string): Promise<void> {
  if ((await bucketLab(call.clients, name)) === call.labId) return;
  await removeBucket(call.clients, name).catch(() => undefined);
  madeThisRun(call).delete(name);
  throw untagged('CreateBucket', call.labId, `in the same step, PutBucketTaggingCommand with Tagging: { TagSet: ctx.tags() } (or CreateBucketConfiguration.Tags); the untagged bucket ${name} was removed again`);
}

/** Refuses to change a bucket the lab did not make; answers its current tags, or undefined when it does not exist (the call then says so itself). */
async function assertLabsBucket(call: ConvergeCall, bucket: string, command: string): Promise<{ Key?: string; Value?: string }[] | undefined> {
  let tags: { Key?: string; Value?: string }[] | undefined;
  try {
    tags = (await call.clients.s3.send(new GetBucketTaggingCommand({ Bucket: bucket }))).TagSet ?? [];
  } catch (error) {
    const { code } = describeError(error);
    if (code === 'NoSuchBucket') return undefined; // the call itself will say so
    if (code !== 'NoSuchTagSet') throw error;
    tags = [];
  }
  if (labOf(tags) === call.labId || madeThisRun(call).has(bucket)) return tags;
  throw notTheLabs(`S3 bucket ${bucket} (${command})`, call.labId, {
    tag: `aws s3api put-bucket-tagging --bucket ${bucket} --tagging 'TagSet=[{Key=${LAB_TAG},Value=${call.labId}}]'`,
    remove: `aws s3 rb s3://${bucket} --force`,
  });
}

/** Sends a configuring put only when something differs, and says what changed (quietly while the bucket is new). */
async function putWhenDifferent(call: ConvergeCall, bucket: string, differences: Difference[]): Promise<object> {
  const isNew = madeThisRun(call).has(bucket);
  if (differences.length === 0 && !isNew) {
    call.report('reused', { kind: 's3:bucket', name: bucket, id: bucket, detail: 'it matches the request' });
    return { $metadata: {} };
  }
  const answer = await call.send(call.input);
  if (!isNew) call.report('updated', { kind: 's3:bucket', name: bucket, id: bucket, detail: differences.map((d) => `${d.what} ${d.have} → ${d.want}`).join('; ') });
  return answer;
}

function tagDifferences(have: { Key?: string; Value?: string }[], want: { Key?: string; Value?: string }[]): Difference[] {
  const show = (tags: { Key?: string; Value?: string }[]) => tags.map((t) => `${t.Key}=${t.Value}`).sort().join(', ') || '(none)';
  return show(have) === show(want) ? [] : [{ what: 'tags', have: show(have), want: show(want), inPlace: true }];
}

async function publicAccessBlock(clients: Clients, bucket: string): Promise<PublicAccessBlockConfiguration | undefined> {
  try {
    return (await clients.s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }))).PublicAccessBlockConfiguration;
  } catch (error) {
    if (describeError(error).code === 'NoSuchPublicAccessBlockConfiguration') return undefined;
    throw error;
  }
}

async function encryptionRules(clients: Clients, bucket: string): Promise<ServerSideEncryptionRule[]> {
  try {
    return (await clients.s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }))).ServerSideEncryptionConfiguration?.Rules ?? [];
  } catch (error) {
    if (describeError(error).code === 'ServerSideEncryptionConfigurationNotFoundError') return [];
    throw error;
  }
}

/** e.g. `AES256`, `aws:kms key …, bucket key on`: what a rule set means, in a line. */
function describeRules(rules: ServerSideEncryptionRule[]): string {
  const parts = rules.map((r) => {
    const d = r.ApplyServerSideEncryptionByDefault;
    return [d?.SSEAlgorithm ?? '(none)', d?.KMSMasterKeyID ? `key ${d.KMSMasterKeyID}` : '', r.BucketKeyEnabled ? 'bucket key on' : ''].filter(Boolean).join(' ');
  });
  return parts.join('; ') || '(none)';
}

function md5Of(body: PutObjectCommandInput['Body']): string | undefined {
  if (typeof body === 'string' || body instanceof Uint8Array) return createHash('md5').update(body).digest('hex');
  return undefined; // a stream cannot be read twice: such an object is always put again
}

/** ListBuckets lists the buckets of every region; only those of this region are looked at (through its own client). */
async function bucketsInRegion(ctx: KindContext): Promise<string[]> {
  const found: Bucket[] = [];
  for await (const page of paginateListBuckets({ client: ctx.clients.s3 }, { BucketRegion: ctx.region })) found.push(...(page.Buckets ?? []));
  return found.filter((b) => !b.BucketRegion || b.BucketRegion === ctx.region).flatMap((b) => (b.Name ? [b.Name] : []));
}

async function removeBucket(clients: Clients, bucket: string): Promise<void> {
  try {
    await emptyBucket(clients, bucket);
    await clients.s3.send(new DeleteBucketCommand({ Bucket: bucket }));
  } catch (error) {
    if (describeError(error).code === 'NoSuchBucket') return;
    throw error;
  }
}

async function emptyBucket(clients: Clients, bucket: string): Promise<void> {
  let batch: ObjectIdentifier[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const { Errors = [] } = await clients.s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch, Quiet: true } }));
    batch = [];
    if (Errors.length > 0) throw new Error(`could not delete ${Errors.length} object(s) of ${bucket}, e.g. ${Errors[0]?.Key}: ${Errors[0]?.Code}`);
  };
  // Listing versions finds plain objects too (version "null") when versioning was never turned on.
  let KeyMarker: string | undefined;
  let VersionIdMarker: string | undefined;
  do {
    const page = await clients.s3.send(new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker, VersionIdMarker }));
    for (const entry of [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]) {
      batch.push({ Key: entry.Key, VersionId: entry.VersionId });
      if (batch.length === DELETE_BATCH) await flush();
    }
    KeyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    VersionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
  } while (KeyMarker !== undefined);
  await flush();
}
