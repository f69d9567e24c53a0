// Turns whatever a step threw into what the student needs: the error code, its message, and what to do.
import type { AwsErrorInfo } from './events.js';

const ADVICE: Record<string, string> = {
  AccessDenied: 'Your identity lacks a permission this step needs. Check the policies of the user or role you run as.',
  AccessDeniedException: 'Your identity lacks a permission this step needs. Check the policies of the user or role you run as.',
  UnauthorizedOperation: 'Your identity lacks a permission this step needs. Check the policies of the user or role you run as.',
  InvalidClientTokenId: 'The access key is not known to AWS. Check `aws configure list` and your --profile.',
  UnrecognizedClientException: 'The access key is not known to AWS. Check `aws configure list` and your --profile.',
  SignatureDoesNotMatch: 'The secret key does not match the access key. Check your credentials.',
  ExpiredToken: 'Your session credentials have expired. Sign in again (for SSO: `aws sso login`).',
  ExpiredTokenException: 'Your session credentials have expired. Sign in again (for SSO: `aws sso login`).',
  CredentialsProviderError: 'No credentials were found. Run `aws configure` or pass --profile.',
  Throttling: 'AWS is limiting the request rate. Wait a minute and run the lab again; finished steps are reused.',
  ThrottlingException: 'AWS is limiting the request rate. Wait a minute and run the lab again; finished steps are reused.',
  RequestLimitExceeded: 'AWS is limiting the request rate. Wait a minute and run the lab again; finished steps are reused.',
  EntityAlreadyExists: 'A resource with this name exists already. Reuse it (look it up first) instead of creating it again.',
  BucketAlreadyExists: 'Bucket names are global: someone else owns this one. The lab names it after your account and region.',
  NoSuchEntity: 'Something this step needs does not exist yet. Did an earlier step or lab run? See `npx lab list`.',
  InvalidParameterValue: 'A value in the request is not accepted. Compare your code with the step\'s CLI command.',
  ValidationError: 'A value in the request is not accepted. Compare your code with the step\'s CLI command.',
  MalformedPolicyDocument: 'The policy is not valid JSON for IAM: check Version, Statement, Effect, Action and Resource.',
  ECONNREFUSED: 'Nothing answers at the endpoint. Start the local cloud with `npx lab up`, or check --endpoint.',
  TimeoutError: 'The endpoint did not answer in time. Check your network, or `npx lab status` for LocalStack.',
};

interface ErrorShape {
  name?: string;
  advice?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
  code?: string;
  Code?: string;
  message?: string;
  cause?: unknown;
  errors?: unknown[];
}

export function describeError(error: unknown): AwsErrorInfo {
  const shape = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as ErrorShape;
  const code = networkCode(shape) ?? shape.Code ?? shape.code ?? shape.name ?? 'Error';
  const message = firstLine(shape.message || code);
  // The runner's own problems (lab-runner/converge/problem.ts) carry their advice.
  const advice = typeof shape.advice === 'string' && shape.advice ? shape.advice : ADVICE[code];
  return { code, message, advice: advice ?? 'Read the message above, fix the step, and run the lab again.' };
}

/** Node puts the socket error code on the error, its cause, or (for several addresses) on each inner error. */
function networkCode(shape: ErrorShape): string | undefined {
  const candidates = [shape, shape.cause, ...(shape.errors ?? []), ...(((shape.cause as ErrorShape)?.errors) ?? [])];
  for (const c of candidates) {
    const code = (c as ErrorShape | undefined)?.code;
    if (code && /^E[A-Z]+$/.test(code)) return code === 'ETIMEDOUT' ? 'TimeoutError' : code === 'EHOSTUNREACH' ? 'ECONNREFUSED' : code;
  }
  return undefined;
}

function firstLine(text: string): string {
  const [first = ''] = text.split('\n');
  return first.trim();
}

export function isConnectionError(error: unknown): boolean {
  const code = describeError(error).code;
  return code === 'ECONNREFUSED' || code === 'TimeoutError' || code === 'ECONNRESET' || code === 'ENOTFOUND' || code === 'RequestTimeout';
}

/** The codes AWS services answer a request that came too fast with. */
export const THROTTLING_CODES: readonly string[] = ['Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException', 'SlowDown', 'RequestThrottled', 'RequestThrottledException'];

/**
 * EC2's answer for an instance profile IAM made seconds before and has not shown EC2 yet: "Invalid IAM Instance Profile
 * name" (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency).
 */
export function isProfileNotVisibleYet(error: unknown): boolean {
  const { code, message } = describeError(error);
  return code === 'InvalidParameterValue' && /instance profile/i.test(message);
}

/** An answer that says the request was refused, unread, for coming too fast: nothing it asked for was done. */
export function isThrottled(error: unknown): boolean {
  return THROTTLING_CODES.includes(describeError(error).code);
}

/** An answer that says nothing about the request itself: lost, timed out, throttled or a server error. */
export function isRetryable(error: unknown): boolean {
  if (isConnectionError(error)) return true;
  const shape = (typeof error === 'object' && error !== null ? error : {}) as ErrorShape;
  const status = shape.$metadata?.httpStatusCode ?? 0;
  return status >= 500 || isThrottled(error) || shape.$retryable !== undefined || /socket hang up|ECONNRESET/i.test(shape.message ?? '');
}
