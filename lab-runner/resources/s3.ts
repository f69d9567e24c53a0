// S3 buckets of the lab's region that carry its tag; a bucket is emptied first (every object, every version and
// delete marker), because S3 deletes only empty buckets.
import {
  type Bucket,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetBucketTaggingCommand,
  type ObjectIdentifier,
  ListObjectVersionsCommand,
  paginateListBuckets,
} from '@aws-sdk/client-s3';
import type { LabContext } from '../context.js';
import { hasLabTag } from '../tags.js';
import type { FoundResource, ResourceKind } from './kind.js';

/** DeleteObjects takes at most 1,000 keys a call. */
const DELETE_BATCH = 1000;

const buckets: ResourceKind = {
  kind: 's3:bucket',
  order: 20,
  async find(ctx) {
    const inRegion = await bucketsInRegion(ctx);
    const tagged = await Promise.all(inRegion.map(async (name) => ((await isTagged(ctx, name)) ? name : undefined)));
    return tagged.filter((name): name is string => name !== undefined).map((name): FoundResource => ({ kind: 's3:bucket', id: name, name }));
  },
  async remove(ctx, bucket) {
    try {
      await emptyBucket(ctx, bucket.id);
      await ctx.clients.s3.send(new DeleteBucketCommand({ Bucket: bucket.id }));
    } catch (error) {
      if (error instanceof Error && error.name === 'NoSuchBucket') return;
      throw error;
    }
  },
};

/** ListBuckets lists the buckets of every region; a bucket is looked at only through a client of its own region. */
async function bucketsInRegion(ctx: LabContext): Promise<string[]> {
  const found: Bucket[] = [];
  for await (const page of paginateListBuckets({ client: ctx.clients.s3 }, { BucketRegion: ctx.region })) found.push(...(page.Buckets ?? []));
  return found.filter((b) => !b.BucketRegion || b.BucketRegion === ctx.region).flatMap((b) => (b.Name ? [b.Name] : []));
}

async function isTagged(ctx: LabContext, bucket: string): Promise<boolean> {
  try {
    const { TagSet } = await ctx.clients.s3.send(new GetBucketTaggingCommand({ Bucket: bucket }));
    return hasLabTag(TagSet, ctx.labId);
  } catch (error) {
    // A bucket without tags answers NoSuchTagSet; one deleted meanwhile, NoSuchBucket.
    if (error instanceof Error && (error.name === 'NoSuchTagSet' || error.name === 'NoSuchBucket')) return false;
    throw error;
  }
}

async function emptyBucket(ctx: LabContext, bucket: string): Promise<void> {
  let batch: ObjectIdentifier[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const { Errors = [] } = await ctx.clients.s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch, Quiet: true } }));
    batch = [];
    if (Errors.length > 0) throw new Error(`could not delete ${Errors.length} object(s) of ${bucket}, e.g. ${Errors[0].Key}: ${Errors[0].Code}`);
  };
  // Listing versions finds plain objects too (version "null") when versioning was never turned on.
  let KeyMarker: string | undefined;
  let VersionIdMarker: string | undefined;
  do {
    const page = await ctx.clients.s3.send(new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker, VersionIdMarker }));
    for (const entry of [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]) {
      batch.push({ Key: entry.Key, VersionId: entry.VersionId });
      if (batch.length === DELETE_BATCH) await flush();
    }
    KeyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    VersionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
  } while (KeyMarker !== undefined);
  await flush();
}

export const s3Kinds: ResourceKind[] = [buckets];
