// Employee photos in the private S3 bucket. Credentials come from the SDK's default
// chain: on EC2 that is the instance role, read through the instance metadata service.
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';

export interface PhotoBucketConfig {
  bucket: string;
  region: string | (() => Promise<string>);
  /** A custom S3 endpoint such as LocalStack's; it has no per-bucket host names. */
  endpoint?: string;
  /** Only for tests; otherwise the default credential chain. */
  credentials?: S3ClientConfig['credentials'];
}

export interface PhotoDownload {
  body: Readable;
  contentLength?: number;
}

export interface PhotoBucket {
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The photo's bytes, or null when the bucket has no such object. */
  get(key: string): Promise<PhotoDownload | null>;
  delete(key: string): Promise<void>;
}

export function createPhotoBucket(config: PhotoBucketConfig): PhotoBucket {
  const s3 = new S3Client({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint, forcePathStyle: true } : {}),
    ...(config.credentials ? { credentials: config.credentials } : {}),
  });
  const Bucket = config.bucket;

  return {
    async put(key, bytes, contentType) {
      await s3.send(
        new PutObjectCommand({ Bucket, Key: key, Body: bytes, ContentType: contentType, ContentLength: bytes.length }),
      );
    },
    async get(key) {
      try {
        const object = await s3.send(new GetObjectCommand({ Bucket, Key: key }));
        return { body: object.Body as Readable, contentLength: object.ContentLength };
      } catch (error) {
        if (error instanceof Error && (error.name === 'NoSuchKey' || error.name === 'NotFound')) return null;
        throw error;
      }
    },
    async delete(key) {
      await s3.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
  };
}
