// The proof the sign-request lab leaves in the student's account, for the checks: the SSM parameter
// /workbook/sign-request/proof, written by a PutParameter request the student's signer signed. It holds what STS
// answered to the request their signer signed, that request's Authorization header (key id masked), and the
// signatures their signer made of the samples. A request cannot carry its own signature (the body is part of what is
// signed), so the proof records the STS call's.
import { referenceSign } from './reference.js';
import { SAMPLES } from './samples.js';
import { headerValue, type Signer } from './types.js';

export const PROOF_PARAMETER = '/workbook/sign-request/proof';

/** The STS GetCallerIdentity request the student's signer signed, as it was sent (the key id masked). */
export interface SignedCall {
  /** Its X-Amz-Date, e.g. `20250301T120000Z`. */
  amzDate: string;
  authorization: string;
  /** Whether the credentials were temporary; the token itself is never recorded. */
  sessionToken: boolean;
}

export interface Proof {
  /** What STS answered to the request the student's signer signed. */
  account: string;
  arn: string;
  sts: SignedCall;
  /** Sample id → the signature the student's signer made of it. */
  samples: Record<string, string>;
}

export function proofText(proof: Proof): string {
  return JSON.stringify(proof);
}

/** The signatures `signer` makes of the samples, by sample id. */
export function sampleSignatures(signer: Signer): Record<string, string> {
  return Object.fromEntries(
    SAMPLES.map((sample) => [sample.id, signatureIn(headerValue(signer.signRequest(sample.request, sample.credentials, sample.scope).headers, 'authorization') ?? '')]),
  );
}

export function signatureIn(authorization: string): string {
  return /Signature=(\S*)/.exec(authorization)?.[1] ?? '';
}

/** The proof in a parameter's value, or what is wrong with its shape, in words. */
export function readProof(text: string): { proof: Proof } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: `its value is not JSON: ${JSON.stringify(text.slice(0, 60))}` };
  }
  const { account, arn, sts, samples } = (isObject(value) ? value : {}) as Record<string, unknown>;
  const call = (isObject(sts) ? sts : {}) as Record<string, unknown>;
  const problems = [
    !isObject(value) && 'its value is not a JSON object',
    !(typeof account === 'string' && /^\d{12}$/.test(account)) && `account ${JSON.stringify(account)} is not a 12-digit account id`,
    !(typeof arn === 'string' && /^arn:aws[a-z-]*:(iam|sts)::\d{12}:\S+$/.test(arn)) && `arn ${JSON.stringify(arn)} is not the ARN of an IAM or STS identity`,
    !(typeof call.amzDate === 'string' && /^\d{8}T\d{6}Z$/.test(call.amzDate)) && `sts.amzDate ${JSON.stringify(call.amzDate)} is not an X-Amz-Date`,
    typeof call.authorization !== 'string' && 'sts.authorization is missing',
    typeof call.sessionToken !== 'boolean' && 'sts.sessionToken is not true or false',
    !(isObject(samples) && Object.values(samples).every((s) => typeof s === 'string')) && 'samples is not an object of signatures',
  ].filter((p): p is string => typeof p === 'string');
  if (problems.length > 0) return { problem: problems.join('; ') };
  const signedCall = { amzDate: String(call.amzDate), authorization: String(call.authorization), sessionToken: call.sessionToken === true };
  return { proof: { account: String(account), arn: String(arn), sts: signedCall, samples: samples as Record<string, string> } };
}

/** The first sample whose recorded signature is not the one the SDK's signer makes, in words; undefined when all are. */
export async function sampleProblem(proof: Proof): Promise<string | undefined> {
  for (const sample of SAMPLES) {
    const recorded = proof.samples[sample.id];
    if (recorded === undefined) return `no signature is recorded for the sample "${sample.title}"`;
    const expected = signatureIn((await referenceSign(sample.request, sample.credentials, sample.scope)).authorization);
    if (recorded !== expected) return `the sample "${sample.title}" was signed ${short(recorded)}, but the AWS SDK's signer makes ${short(expected)}`;
  }
  return undefined;
}

const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, SignedHeaders=([^,\s]+), Signature=(\S+)$/;

/** What is wrong with the form of the STS call's signature (signed in `region`), in words; empty when nothing is. */
export function signatureFormProblems(call: SignedCall, region: string): string[] {
  const parts = AUTHORIZATION.exec(call.authorization);
  if (!parts) return [`its Authorization header is not "AWS4-HMAC-SHA256 Credential=<key>/<day>/<region>/<service>/aws4_request, SignedHeaders=<names>, Signature=<hex>": ${JSON.stringify(short(call.authorization, 120))}`];
  const [, keyId = '', day, scopeRegion, service, signedList = '', signature = ''] = parts;
  const names = signedList.split(';');
  const temporaryKey = keyId.startsWith('ASIA');
  return [
    !/^[0-9a-f]{64}$/.test(signature) && `its signature ${JSON.stringify(short(signature))} is not 64 lowercase hex digits (an HMAC-SHA256)`,
    day !== call.amzDate.slice(0, 8) && `its credential scope's day ${day} is not the day of its X-Amz-Date ${call.amzDate}`,
    scopeRegion !== region && `it was signed for the region ${scopeRegion}, not ${region}`,
    service !== 'sts' && `it was signed for the service ${service}, not sts`,
    names.join(';') !== [...new Set(names)].sort().join(';') && `its signed header names ${signedList} are not sorted, lowercase and each once`,
    !(names.includes('host') && names.includes('x-amz-date')) && `host and x-amz-date must be signed, but SignedHeaders is ${signedList}`,
    call.sessionToken && !names.includes('x-amz-security-token') && `the credentials were temporary, but x-amz-security-token is not among its signed headers (${signedList})`,
    temporaryKey && !call.sessionToken && `its key id starts with ASIA (temporary credentials), but no session token went with it`,
  ].filter((p): p is string => typeof p === 'string');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function short(text: string, max = 16): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
