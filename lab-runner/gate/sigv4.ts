// Signature Version 4: who signed a request, and whether the signature is right for a secret the gate knows.
// The signature is recomputed by @smithy/signature-v4, the signer the AWS SDK itself uses, over exactly the headers the
// client signed: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html
import { createHash, createHmac, timingSafeEqual, type BinaryLike } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Checksum, HttpRequest, SourceData } from '@smithy/types';

export interface SignedBy {
  accessKeyId: string;
  region: string;
  service: string;
  /** `X-Amz-Date`, e.g. 20260101T120000Z. */
  amzDate: string;
  signedHeaders: string[];
  signature: string;
  /** Signed in the query string (a presigned URL) rather than the Authorization header. */
  presigned: boolean;
  /** Seconds a presigned URL is valid for. */
  expires?: number;
  /** The session token the request carries, if any. */
  sessionToken?: string;
}

export interface Secret {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

const HEADER_AUTH = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([^,]+),\s*Signature=([0-9a-f]+)/;

export function parseAuthorization(headers: IncomingHttpHeaders, url: string): SignedBy | undefined {
  const header = headers.authorization;
  if (header) {
    const m = HEADER_AUTH.exec(header);
    if (!m) return undefined;
    const [, accessKeyId = '', , region = '', service = '', signedHeaders = '', signature = ''] = m;
    return {
      accessKeyId, region, service, signedHeaders: signedHeaders.split(';'), signature, presigned: false,
      amzDate: String(headers['x-amz-date'] ?? ''), sessionToken: headerValue(headers['x-amz-security-token']),
    };
  }
  const query = rawQuery(url);
  const credential = query.get('X-Amz-Credential');
  if (query.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256' || !credential) return undefined;
  // `AKID/YYYYMMDD/region/service/aws4_request`: a part that is missing is signed as empty, so the signature mismatches.
  const [accessKeyId = '', , region = '', service = ''] = credential.split('/');
  return {
    accessKeyId, region, service, presigned: true,
    signedHeaders: (query.get('X-Amz-SignedHeaders') ?? 'host').split(';'),
    signature: query.get('X-Amz-Signature') ?? '',
    amzDate: query.get('X-Amz-Date') ?? '',
    expires: Number(query.get('X-Amz-Expires') ?? '0'),
    sessionToken: query.get('X-Amz-Security-Token') ?? undefined,
  };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Query parameters decoded as SigV4 encodes them: `+` is a plus, not a space. */
function rawQuery(url: string): Map<string, string> {
  const at = url.indexOf('?');
  const query = new Map<string, string>();
  if (at < 0) return query;
  for (const pair of url.slice(at + 1).split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
    query.set(key, eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1)));
  }
  return query;
}

function toBytes(data: SourceData): BinaryLike {
  if (typeof data === 'string') return data;
  return ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
}

/** node:crypto behind the Checksum interface the signer takes: HMAC when given a key, SHA-256 otherwise. */
export class NodeSha256 implements Checksum {
  private readonly hash;
  constructor(secret?: SourceData) {
    this.hash = secret ? createHmac('sha256', toBytes(secret)) : createHash('sha256');
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset(): void {
    /* one hash per instance */
  }
}

const PRESIGN_PARAMS = new Set(['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature', 'X-Amz-Security-Token']);

function parseAmzDate(amzDate: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!m) return undefined;
  const [, year = '', month = '', day = '', hour = '', minute = '', second = ''] = m;
  return new Date(Date.UTC(+year, +month - 1, +day, +hour, +minute, +second));
}

export type Verdict = 'valid' | 'mismatch' | 'expired';

/**
 * Recomputes the request's signature with `secret` and compares. `body` is the buffered payload; for a streamed one
 * (S3) the client's declared `x-amz-content-sha256` stands in for it, as S3 itself signs that header.
 */
export async function verifySignature(method: string, url: string, headers: IncomingHttpHeaders, by: SignedBy, secret: Secret, body?: Buffer): Promise<Verdict> {
  const signingDate = parseAmzDate(by.amzDate);
  if (!signingDate) return 'mismatch';
  if (body && !declaredHashFits(headers, body)) return 'mismatch';
  if (by.presigned && signingDate.getTime() + (by.expires ?? 0) * 1000 < Date.now()) return 'expired';
  const at = url.indexOf('?');
  const query: Record<string, string> = {};
  const signed = Object.fromEntries(by.signedHeaders.map((name) => [name, headerValue(headers[name]) ?? '']));
  for (const [k, v] of rawQuery(url)) {
    if (by.presigned && PRESIGN_PARAMS.has(k)) continue;
    // A presigner hoists x-amz-* headers (X-Amz-Content-Sha256 among them) into the query; the signer hoists them again.
    if (by.presigned && /^x-amz-/i.test(k)) signed[k] = v;
    else query[k] = v;
  }
  const request: HttpRequest = {
    method,
    protocol: 'http:',
    hostname: String(headers.host ?? '').split(':')[0] ?? '',
    path: at < 0 ? url : url.slice(0, at),
    query,
    headers: signed,
    body: by.presigned ? undefined : body,
  };
  const signer = new SignatureV4({
    // The signer adds the token it is given as a header to sign: only when the client signed one too.
    credentials: { accessKeyId: secret.accessKeyId, secretAccessKey: secret.secretAccessKey, sessionToken: tokenToSign(by) },
    region: by.region,
    service: by.service,
    sha256: NodeSha256,
    // S3 signs the path as sent; every other service signs it normalised and encoded once more.
    uriEscapePath: by.service !== 's3',
    applyChecksum: false,
  });
  const signableHeaders = new Set(by.signedHeaders);
  const expected = by.presigned
    ? String((await signer.presign(request, { signingDate, expiresIn: by.expires, signableHeaders, signingRegion: by.region })).query?.['X-Amz-Signature'] ?? '')
    : signatureOf((await signer.sign(request, { signingDate, signableHeaders, signingRegion: by.region })).headers.authorization);
  return sameHex(expected, by.signature) ? 'valid' : 'mismatch';
}

/** A body read in full must be the one the client hashed: the signature covers the hash it declares. */
function declaredHashFits(headers: IncomingHttpHeaders, body: Buffer): boolean {
  const declared = headerValue(headers['x-amz-content-sha256']);
  if (!declared || !/^[0-9a-f]{64}$/.test(declared)) return true;
  return createHash('sha256').update(body).digest('hex') === declared;
}

function tokenToSign(by: SignedBy): string | undefined {
  return by.presigned || by.signedHeaders.includes('x-amz-security-token') ? by.sessionToken : undefined;
}

function signatureOf(authorization: string | undefined): string {
  return /Signature=([0-9a-f]+)/.exec(authorization ?? '')?.[1] ?? '';
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
