// A signer compared with the SDK's on the samples. Where they differ, the explanation names the first line that
// differs, in the canonical request first (where almost every mistake is), then the string to sign, then the header.
import { referenceSign, type ReferenceSignature } from './reference.js';
import { type Sample, SAMPLES } from './samples.js';
import { sessionTokenLeftOut } from './session-token.js';
import { headerValue, type SignedRequest, type Signer } from './types.js';

export interface Mismatch {
  sample: Sample;
  explanation: string;
}

/** The first sample on which `signer` disagrees with the SDK; errors the signer throws (a TODO) propagate. */
export async function firstMismatch(signer: Signer, samples: Sample[] = SAMPLES): Promise<Mismatch | undefined> {
  for (const sample of samples) {
    const expected = await referenceSign(sample.request, sample.credentials, sample.scope);
    const actual = signer.signRequest(sample.request, sample.credentials, sample.scope);
    const token = sessionTokenLeftOut(sample.credentials, actual.canonicalRequest, actual.headers);
    if (token) return { sample, explanation: token };
    if (headerValue(actual.headers, 'authorization') !== expected.authorization) return { sample, explanation: explainDifference(expected, actual) };
  }
  return undefined;
}

/** Where two canonical requests first differ, e.g. `line 4 (canonical headers): yours "…", the SDK's "…"`. */
export function canonicalRequestDifference(actual: string, expected: string): string | undefined {
  return firstDifferentLine(actual, expected, canonicalRequestLine);
}

export function stringToSignDifference(actual: string, expected: string): string | undefined {
  return firstDifferentLine(actual, expected, (i) => ['algorithm', 'date', 'credential scope', 'hash of the canonical request'][i] ?? 'an extra line');
}

export function explainDifference(expected: ReferenceSignature, actual: SignedRequest): string {
  const canonical = canonicalRequestDifference(actual.canonicalRequest, expected.canonicalRequest);
  if (canonical) return `canonical request, ${canonical}`;
  const toSign = stringToSignDifference(actual.stringToSign, expected.stringToSign);
  if (toSign) return `string to sign, ${toSign}`;
  const authorization = headerValue(actual.headers, 'authorization');
  if (authorization === undefined) return 'no authorization header among the headers signRequest answers';
  if (signaturePart(authorization) !== signaturePart(expected.authorization)) {
    return 'the canonical request and string to sign match, but the signature differs: check the signing key (its HMAC chain) and the final HMAC';
  }
  return `Authorization header: yours ${JSON.stringify(authorization)}, the SDK's ${JSON.stringify(expected.authorization)}`;
}

function firstDifferentLine(actual: string, expected: string, label: (index: number, expectedLines: string[]) => string): string | undefined {
  const mine = actual.split('\n');
  const theirs = expected.split('\n');
  for (let i = 0; i < Math.max(mine.length, theirs.length); i++) {
    if (mine[i] !== theirs[i]) return `line ${i + 1} (${label(i, theirs)}): yours ${show(mine[i])}, the SDK's ${show(theirs[i])}`;
  }
  return undefined;
}

/** Method, URI and query are lines 1–3; then one line per header, a blank line, the signed header names, the hash. */
function canonicalRequestLine(index: number, lines: string[]): string {
  const blank = lines.indexOf('', 3);
  const fixed = ['method', 'canonical URI', 'canonical query string'][index];
  if (fixed !== undefined) return fixed;
  if (index < blank) return 'canonical headers';
  return ['the blank line after the headers', 'signed headers', 'hash of the body'][index - blank] ?? 'an extra line';
}

function signaturePart(authorization: string): string {
  return /Signature=([0-9a-f]+)/i.exec(authorization)?.[1] ?? '';
}

function show(line: string | undefined): string {
  return line === undefined ? '(no such line)' : JSON.stringify(line);
}
