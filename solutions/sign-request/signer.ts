// An AWS Signature Version 4 signer, completed, with nothing but node:crypto. Every request to an AWS API carries such
// a signature: an HMAC of a canonical form of the request, made with a key derived from the secret access key, the
// date, the region and the service. AWS recomputes it and compares; the secret itself never travels.
import { createHash, createHmac } from 'node:crypto';
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

// ── Yours: the canonical request ───────────────────────────────────────────────────────────────────────────────

/** RFC 3986: every UTF-8 byte except A–Z a–z 0–9 - _ . ~ becomes %XY, in uppercase hex; a space is %20, never +. */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The path is encoded once more, segment by segment (every service but S3): `/caf%C3%A9` → `/caf%25C3%25A9`. */
export function canonicalUri(path: string): string {
  return normalizePath(path).split('/').map(uriEncode).join('/');
}

/** Names and values encoded, sorted by name then by value in code-point order (not by locale), joined with `&`. */
export function canonicalQueryString(query: SignableRequest['query']): string {
  const pairs = Object.entries(query).map(([name, values]) => ({
    name: uriEncode(name),
    values: ([] as string[]).concat(values).map(uriEncode).sort(byCodePoint),
  }));
  return pairs
    .sort((a, b) => byCodePoint(a.name, b.name))
    .flatMap(({ name, values }) => values.map((value) => `${name}=${value}`))
    .join('&');
}

/** Lowercase names, sorted; values trimmed with inner runs of spaces collapsed to one: `name:value\n` each. */
export function canonicalHeaders(headers: Record<string, string>): { canonical: string; signed: string } {
  const entries = Object.entries(headers)
    .map(([name, value]) => [name.toLowerCase(), value.trim().replace(/\s+/g, ' ')] as const)
    .sort(([a], [b]) => byCodePoint(a, b));
  return {
    canonical: entries.map(([name, value]) => `${name}:${value}\n`).join(''),
    signed: entries.map(([name]) => name).join(';'),
  };
}

/** Method, URI, query, headers (each ending in a newline), signed header names and the body's hash, one per line. */
export function canonicalRequest(method: string, uri: string, query: string, headers: { canonical: string; signed: string }, payloadHash: string): string {
  return [method, uri, query, headers.canonical, headers.signed, payloadHash].join('\n');
}

// ── Yours: what is signed, and the key that signs it ───────────────────────────────────────────────────────────

/** `20150830/us-east-1/iam/aws4_request`: the day (UTC), region and service the signature is good for. */
export function credentialScope(scope: SigningScope): string {
  return `${amzDate(scope.date).slice(0, 8)}/${scope.region}/${scope.service}/aws4_request`;
}

export function stringToSign(date: string, scope: string, canonical: string): string {
  return [ALGORITHM, date, scope, sha256Hex(canonical)].join('\n');
}

/** HMAC chain: "AWS4" + secret keys the date; that keys the region; that the service; that "aws4_request". */
export function signingKey(secretAccessKey: string, scope: SigningScope): Buffer {
  const dateKey = hmac(`AWS4${secretAccessKey}`, amzDate(scope.date).slice(0, 8));
  const regionKey = hmac(dateKey, scope.region);
  const serviceKey = hmac(regionKey, scope.service);
  return hmac(serviceKey, 'aws4_request');
}

export function signature(key: Buffer, toSign: string): string {
  return hmac(key, toSign).toString('hex');
}

export function authorizationHeader(accessKeyId: string, scope: string, signedHeaders: string, sig: string): string {
  return `${ALGORITHM} Credential=${accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${sig}`;
}

// ── Given: putting it together ─────────────────────────────────────────────────────────────────────────────────

/** The headers that are sent and signed: the request's own, plus host, the time, and a session token if any. */
export function headersToSign(request: SignableRequest, credentials: SigningCredentials, scope: SigningScope): Record<string, string> {
  return {
    ...request.headers,
    host: request.host,
    'x-amz-date': amzDate(scope.date),
    ...(credentials.sessionToken ? { 'x-amz-security-token': credentials.sessionToken } : {}),
  };
}

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

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
