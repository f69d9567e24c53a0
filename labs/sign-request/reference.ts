// The reference every signer is compared with: `SignatureV4` from @smithy/signature-v4, the signer inside the AWS SDK
// for JavaScript, given the same request, credentials and time. Besides its Authorization header it answers the
// canonical request and string to sign it built, so a difference can be shown line by line.
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { createScope, getCanonicalHeaders, getPayloadHash, prepareRequest, SignatureV4 } from '@smithy/signature-v4';
import type { Checksum, HttpRequest, SourceData } from '@smithy/types';
import { headerValue, type SignableRequest, type SigningCredentials, type SigningScope } from './types.js';

export interface ReferenceSignature {
  authorization: string;
  canonicalRequest: string;
  stringToSign: string;
}

/** SHA-256 and HMAC-SHA-256 from node:crypto, in the shape the SDK's signer takes. */
class NodeSha256 implements Checksum {
  private hash: Hash | Hmac;

  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh();
  }

  update(chunk: Uint8Array): void {
    this.hash.update(chunk);
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }

  reset(): void {
    this.hash = this.fresh();
  }

  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', keyBytes(this.secret));
  }
}

function keyBytes(secret: SourceData): string | Buffer {
  if (typeof secret === 'string') return secret;
  return ArrayBuffer.isView(secret) ? Buffer.from(secret.buffer, secret.byteOffset, secret.byteLength) : Buffer.from(secret);
}

/** Exposes the SDK signer's own canonical request and string to sign, which it keeps to itself. */
class ExplainingSigner extends SignatureV4 {
  async explain(request: HttpRequest, credentials: SigningCredentials, scope: SigningScope): Promise<Omit<ReferenceSignature, 'authorization'>> {
    // The same preparation signRequest does before it signs.
    const prepared = prepareRequest(request);
    const { longDate, shortDate } = this.formatDate(scope.date);
    prepared.headers['x-amz-date'] = longDate;
    if (credentials.sessionToken) prepared.headers['x-amz-security-token'] = credentials.sessionToken;
    const canonicalRequest = this.createCanonicalRequest(prepared, getCanonicalHeaders(prepared), await getPayloadHash(prepared, NodeSha256));
    const stringToSign = await this.createStringToSign(longDate, createScope(shortDate, scope.region, scope.service), canonicalRequest, 'AWS4-HMAC-SHA256');
    return { canonicalRequest, stringToSign };
  }
}

export function toHttpRequest(request: SignableRequest): HttpRequest {
  const [hostname = '', port] = request.host.split(':');
  return {
    method: request.method,
    protocol: 'https:',
    hostname,
    port: port ? Number(port) : undefined,
    path: request.path,
    query: request.query,
    headers: { ...request.headers, host: request.host },
    body: request.body,
  };
}

export async function referenceSign(request: SignableRequest, credentials: SigningCredentials, scope: SigningScope): Promise<ReferenceSignature> {
  // applyChecksum off: x-amz-content-sha256 is an S3 header, not part of SigV4 for other services.
  const signer = new ExplainingSigner({ service: scope.service, region: scope.region, credentials, sha256: NodeSha256, applyChecksum: false });
  const signed = await signer.sign(toHttpRequest(request), { signingDate: scope.date });
  const explained = await signer.explain(toHttpRequest(request), credentials, scope);
  return { authorization: headerValue(signed.headers, 'authorization') ?? '', ...explained };
}
