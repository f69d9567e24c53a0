// Yours to write: the code at each todo(). Made from solutions/sign-request/signer.ts, where it is all written, by `npx lab dev gen`.
// An AWS Signature Version 4 signer with nothing but node:crypto. Every request to an AWS API carries such a
// signature: an HMAC of a canonical form of the request, made with a key derived from the secret access key, the
// date, the region and the service. AWS recomputes it and compares; the secret itself never travels.
// The functions under "Yours" are the ones to write. `npx lab run sign-request` stops at the next one, and compares
// what you have with the AWS SDK's own signer, saying where yours differs.
// The starter marks each piece to write with todo().
import { createHash, createHmac } from 'node:crypto';
import { todo } from '../../lab-runner/lab.js';
import type { SignableRequest, SignedRequest, SigningCredentials, SigningScope } from '../../labs/sign-request/types.js';

export const ALGORITHM = 'AWS4-HMAC-SHA256';

// ── Given: small helpers ───────────────────────────────────────────────────────────────────────────────────────

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function hmac(key: string | Buffer, text: string): Buffer {
  return createHmac('sha256', key).update(text, 'utf8').digest();
}

/** `20150830T123600Z`: ISO 8601 in UTC, without separators or milliseconds. */
export function amzDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/** Drops empty and `.` segments and lets `..` remove the one before, keeping a leading and trailing slash. */
export function normalizePath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && path.endsWith('/') ? '/' : '';
  return `/${segments.join('/')}${trailing}`;
}

export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ── Yours: the canonical request ───────────────────────────────────────────────────────────────────────────────

/**
 * The headers that are sent and signed: the request's own, plus host and the time. Temporary credentials (a role,
 * SSO, `aws login`) come with a session token: AWS accepts their signature only with it, sent and signed as
 * X-Amz-Security-Token.
 */
export function headersToSign(request: SignableRequest, credentials: SigningCredentials, scope: SigningScope): Record<string, string> {
  return todo('the request\'s headers, plus host (request.host), x-amz-date (amzDate of scope.date) and, when credentials.sessionToken is set, x-amz-security-token');
}

/** RFC 3986: every UTF-8 byte except A–Z a–z 0–9 - _ . ~ becomes %XY, in uppercase hex; a space is %20, never +. */
export function uriEncode(text: string): string {
  return todo('percent-encode text as RFC 3986 says: encodeURIComponent is close, but leaves ! \' ( ) * as they are');
}

/** The path is encoded once more, segment by segment (every service but S3): `/caf%C3%A9` → `/caf%25C3%25A9`. */
export function canonicalUri(path: string): string {
  return todo('encode each segment of normalizePath(path) with uriEncode, keeping the slashes between them');
}

/** Names and values encoded, sorted by name then by value in code-point order (not by locale), joined with `&`. */
export function canonicalQueryString(query: SignableRequest['query']): string {
  return todo('encode every name and value, sort by name then value with byCodePoint, join as name=value pairs with &');
}

/** Lowercase names, sorted; values trimmed with inner runs of spaces collapsed to one: `name:value\n` each. */
export function canonicalHeaders(headers: Record<string, string>): { canonical: string; signed: string } {
  const entries: [string, string][] = todo('lowercase the names, trim the values and collapse their runs of spaces to one, sort by name with byCodePoint');
  return todo('answer canonical, a "name:value\\n" line per entry, and signed, the names joined with ;');
}

/** Method, URI, query, headers (each ending in a newline), signed header names and the body's hash, one per line. */
export function canonicalRequest(method: string, uri: string, query: string, headers: { canonical: string; signed: string }, payloadHash: string): string {
  return todo('join method, uri, query, headers.canonical, headers.signed and payloadHash with newlines');
}

// ── Yours: what is signed, and the key that signs it ───────────────────────────────────────────────────────────

/** `20150830/us-east-1/iam/aws4_request`: the day (UTC), region and service the signature is good for. */
export function credentialScope(scope: SigningScope): string {
  return todo('the date (first 8 characters of amzDate), region, service and "aws4_request", joined with /');
}

export function stringToSign(date: string, scope: string, canonical: string): string {
  return todo('ALGORITHM, the date, the scope and the hex SHA-256 of the canonical request, one per line');
}

/** HMAC chain: "AWS4" + secret keys the date; that keys the region; that the service; that "aws4_request". */
export function signingKey(secretAccessKey: string, scope: SigningScope): Buffer {
  const day = amzDate(scope.date).slice(0, 8);
  return todo('four HMACs in a chain, starting from the key "AWS4" + secretAccessKey: the day (yyyymmdd), the region, the service, "aws4_request"');
}

export function signature(key: Buffer, toSign: string): string {
  return todo('the HMAC of the string to sign with the signing key, in lowercase hex');
}

export function authorizationHeader(accessKeyId: string, scope: string, signedHeaders: string, sig: string): string {
  return todo('"AWS4-HMAC-SHA256 Credential=<key id>/<scope>, SignedHeaders=<names>, Signature=<hex>"');
}

// ── Given: putting it together ─────────────────────────────────────────────────────────────────────────────────

export function canonicalRequestOf(request: SignableRequest, credentials: SigningCredentials, scope: SigningScope): string {
  const uri = canonicalUri(request.path);
  const query = canonicalQueryString(request.query);
  const headers = canonicalHeaders(headersToSign(request, credentials, scope));
  return canonicalRequest(request.method, uri, query, headers, sha256Hex(request.body));
}

export function signRequest(request: SignableRequest, credentials: SigningCredentials, scope: SigningScope): SignedRequest {
  const headers = headersToSign(request, credentials, scope);
  const canonical = canonicalRequestOf(request, credentials, scope);
  const scopeText = credentialScope(scope);
  const toSign = stringToSign(amzDate(scope.date), scopeText, canonical);
  const sig = signature(signingKey(credentials.secretAccessKey, scope), toSign);
  const authorization = authorizationHeader(credentials.accessKeyId, scopeText, canonicalHeaders(headers).signed, sig);
  return { headers: { ...headers, authorization }, canonicalRequest: canonical, stringToSign: toSign };
}
