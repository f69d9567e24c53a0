// What a request to the local cloud is: which service, which operation, in which protocol, with which parameters.
// The gate reads this once per request; every rule after it works on the result, never on raw HTTP.
import type { IncomingHttpHeaders } from 'node:http';
import { parseAuthorization, type SignedBy } from './sigv4.js';

/** The wire protocols of the services the week uses, each with its own error shape. */
export type Protocol = 'query' | 'ec2' | 'json' | 'cbor' | 'rest-xml';

export interface GateRequest {
  method: string;
  /** Path and query as received, e.g. `/bucket/key?tagging`. */
  url: string;
  headers: IncomingHttpHeaders;
  /** The signing name: s3, ec2, iam, sts, sqs, sns, monitoring, ssm; `unknown` when nothing says. */
  service: string;
  /** The API operation, e.g. `CreateVpc`, `GetObject`; `unknown` when it cannot be told. */
  operation: string;
  protocol: Protocol;
  region: string;
  /** The form parameters (query protocols), or the top-level string fields of a JSON body. */
  params: Record<string, string>;
  /** A JSON body, parsed, for the JSON protocols. */
  json?: Record<string, unknown>;
  /** For S3: the bucket and key the path (or the virtual host) names. */
  bucket?: string;
  key?: string;
  /** Who signed it, when it is signed at all. */
  signed?: SignedBy;
  /** The caller's address, for aws:SourceIp. */
  sourceIp: string;
  /** The buffered body; undefined for S3, whose bodies stream. */
  body?: Buffer;
}

/** The API version each query service puts in `Version`, the way to tell them apart when nothing is signed. */
const QUERY_VERSIONS: Record<string, string> = {
  '2016-11-15': 'ec2',
  '2010-05-08': 'iam',
  '2011-06-15': 'sts',
  '2010-03-31': 'sns',
  '2012-11-05': 'sqs',
  '2010-08-01': 'monitoring',
};

const JSON_TARGET_PREFIXES: Record<string, string> = {
  AmazonSQS: 'sqs',
  AmazonSSM: 'ssm',
  GraniteServiceVersion20100801: 'monitoring',
};

/** Whether the body must be read before the request can be judged: everything but S3, whose objects can be large. */
export function needsBody(headers: IncomingHttpHeaders, url: string): boolean {
  const signed = parseAuthorization(headers, url);
  if (signed) return signed.service !== 's3' || isS3DeleteObjects(url);
  const type = String(headers['content-type'] ?? '');
  return Boolean(headers['x-amz-target']) || type.startsWith('application/x-www-form-urlencoded') || type.startsWith('application/x-amz-json') || url.startsWith('/service/');
}

function isS3DeleteObjects(url: string): boolean {
  return /[?&]delete(=|&|$)/.test(url.slice(url.indexOf('?')));
}

export function describeRequest(method: string, url: string, headers: IncomingHttpHeaders, body: Buffer | undefined, sourceIp: string): GateRequest {
  const signed = parseAuthorization(headers, url);
  const base = { method, url, headers, signed, sourceIp, body, region: signed?.region ?? 'us-east-1', params: {} as Record<string, string> };
  const target = String(headers['x-amz-target'] ?? '');
  if (target) {
    const [prefix = '', operation] = target.split('.');
    const json = parseJson(body);
    return { ...base, service: signed?.service ?? JSON_TARGET_PREFIXES[prefix] ?? 'unknown', operation: operation ?? 'unknown', protocol: 'json', json, params: stringFields(json) };
  }
  const cbor = /^\/service\/([^/]+)\/operation\/([^/?]+)/.exec(url);
  if (cbor) {
    const [, prefix = '', operation = 'unknown'] = cbor;
    return { ...base, service: signed?.service ?? JSON_TARGET_PREFIXES[prefix] ?? 'unknown', operation, protocol: 'cbor' };
  }
  const query = formParams(url, headers, body);
  if (query.Action) {
    const service = signed?.service ?? QUERY_VERSIONS[query.Version ?? ''] ?? 'unknown';
    return { ...base, service, operation: query.Action, protocol: service === 'ec2' ? 'ec2' : 'query', params: query };
  }
  if (!signed || signed.service === 's3') return { ...base, service: 's3', protocol: 'rest-xml', ...s3Operation(method, url, headers) };
  return { ...base, service: signed.service, operation: 'unknown', protocol: 'query', params: query };
}

function parseJson(body: Buffer | undefined): Record<string, unknown> {
  if (!body || body.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function stringFields(json: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(json).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function formParams(url: string, headers: IncomingHttpHeaders, body: Buffer | undefined): Record<string, string> {
  const params: Record<string, string> = {};
  const fromUrl = new URLSearchParams(url.includes('?') ? url.slice(url.indexOf('?') + 1) : '');
  for (const [k, v] of fromUrl) params[k] = v;
  if (body && String(headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params[k] = v;
  }
  return params;
}

// The REST operations of S3 the week uses, told apart by method, path depth and sub-resource, as the S3 API
// reference lists them: https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html
const BUCKET_SUBRESOURCES: Record<string, Record<string, string>> = {
  GET: {
    policy: 'GetBucketPolicy', tagging: 'GetBucketTagging', location: 'GetBucketLocation', encryption: 'GetBucketEncryption',
    versioning: 'GetBucketVersioning', publicAccessBlock: 'GetPublicAccessBlock', ownershipControls: 'GetBucketOwnershipControls',
    versions: 'ListObjectVersions', uploads: 'ListMultipartUploads', acl: 'GetBucketAcl', cors: 'GetBucketCors', lifecycle: 'GetBucketLifecycleConfiguration',
  },
  PUT: {
    policy: 'PutBucketPolicy', tagging: 'PutBucketTagging', encryption: 'PutBucketEncryption', versioning: 'PutBucketVersioning',
    publicAccessBlock: 'PutPublicAccessBlock', ownershipControls: 'PutBucketOwnershipControls', acl: 'PutBucketAcl', cors: 'PutBucketCors', lifecycle: 'PutBucketLifecycleConfiguration',
  },
  DELETE: {
    policy: 'DeleteBucketPolicy', tagging: 'DeleteBucketTagging', encryption: 'DeleteBucketEncryption', publicAccessBlock: 'DeletePublicAccessBlock',
    ownershipControls: 'DeleteBucketOwnershipControls', cors: 'DeleteBucketCors', lifecycle: 'DeleteBucketLifecycle',
  },
  POST: { delete: 'DeleteObjects' },
};

const OBJECT_SUBRESOURCES: Record<string, Record<string, string>> = {
  GET: { tagging: 'GetObjectTagging', uploadId: 'ListParts', acl: 'GetObjectAcl', attributes: 'GetObjectAttributes' },
  PUT: { tagging: 'PutObjectTagging', uploadId: 'UploadPart', acl: 'PutObjectAcl' },
  DELETE: { tagging: 'DeleteObjectTagging', uploadId: 'AbortMultipartUpload' },
  POST: { uploads: 'CreateMultipartUpload', uploadId: 'CompleteMultipartUpload' },
};

const BUCKET_PLAIN: Record<string, string> = { GET: 'ListObjects', PUT: 'CreateBucket', DELETE: 'DeleteBucket', HEAD: 'HeadBucket', POST: 'PostObject' };
const OBJECT_PLAIN: Record<string, string> = { GET: 'GetObject', PUT: 'PutObject', DELETE: 'DeleteObject', HEAD: 'HeadObject' };

function s3Operation(method: string, url: string, headers: IncomingHttpHeaders): { operation: string; bucket?: string; key?: string } {
  const [rawPath = '', rawQuery = ''] = url.split('?', 2);
  const query = new URLSearchParams(rawQuery);
  const host = String(headers.host ?? '');
  const virtual = /^([a-z0-9][a-z0-9.-]*)\.s3[.-]/.exec(host);
  const segments = rawPath.split('/').slice(1);
  const bucket = virtual ? virtual[1] : decodeURIComponent(segments.shift() ?? '');
  const key = segments.length > 0 && segments.join('/') !== '' ? decodeURIComponent(segments.join('/')) : undefined;
  if (!bucket) return { operation: method === 'GET' ? 'ListBuckets' : 'unknown' };
  const table = key === undefined ? BUCKET_SUBRESOURCES : OBJECT_SUBRESOURCES;
  const sub = Object.entries(table[method] ?? {}).find(([name]) => query.has(name));
  if (sub) return { operation: sub[1], bucket, key };
  if (key === undefined) {
    const plain = BUCKET_PLAIN[method] ?? 'unknown';
    return { operation: plain === 'ListObjects' && query.get('list-type') === '2' ? 'ListObjectsV2' : plain, bucket };
  }
  if (method === 'PUT' && headers['x-amz-copy-source']) return { operation: 'CopyObject', bucket, key };
  return { operation: OBJECT_PLAIN[method] ?? 'unknown', bucket, key };
}
