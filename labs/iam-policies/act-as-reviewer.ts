// Acting as photo-reviewer: clients that sign with its access key (the secret stays in this process's memory, never
// shown or stored), each request's decision, and whether the cloud judges them at all: AWS always does; the local cloud
// only with its gate in front (LocalStack on its own lets every request through).
import { type AccessKey, IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describeError } from '../../lab-runner/aws-errors.js';
import { gateStatus } from '../../lab-runner/gate/client.js';
import { type LabContext, LabProblem } from '../../lab-runner/lab.js';
import { asExpected, type Decision, decisionOf } from './decision.js';
import type { Expected, ReviewerClients, ReviewerRequest } from './requests.js';
import { policyLabBucket } from './spec.js';

/** On AWS a new key may be refused as unknown for a few seconds, until IAM has spread it to every endpoint. */
const NEW_KEY_WAITS_MS = [1_000, 2_000, 4_000, 8_000, 8_000];
/**
 * So may a user's new group and its new policy: the first request is asked again for about 20 s while AWS decides it
 * otherwise than lesson 9's policy (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency).
 */
const NEW_PERMISSION_WAITS_MS = [2_000, 4_000, 6_000, 8_000];
const UNKNOWN_KEY = new Set(['InvalidClientTokenId', 'InvalidAccessKeyId', 'UnrecognizedClientException']);

export interface Seen<R extends ReviewerRequest = ReviewerRequest> {
  request: R;
  decision: Decision;
}

/** Whether the cloud decides requests by IAM policies; undefined when it does, else why not, in a sentence. */
export async function whyIamIsNotEnforced(ctx: Pick<LabContext, 'isLocal' | 'target'>): Promise<string | undefined> {
  if (!ctx.isLocal) return undefined;
  const endpoint = ctx.target.endpoint ?? '';
  const gate = await gateStatus(endpoint);
  if (!gate) return `the local cloud at ${endpoint} has no gate in front of LocalStack, and LocalStack alone lets every request through whatever the policies say`;
  if (!gate.behaviours.iam) return `the gate at ${endpoint} has its iam behaviour turned off, so every request goes through whatever the policies say`;
  return undefined;
}

export function iamNotEnforced(why: string): LabProblem {
  return new LabProblem(
    'IamNotEnforced',
    `Acting as photo-reviewer cannot show what AWS would decide: ${why}.`,
    'Start the local cloud with its gate: stop the LocalStack that answers now, then `npx lab up` (or `npx lab up --strict iam` when the gate runs with iam off); then run the lab again.',
  );
}

function clientsFor(ctx: LabContext, key: AccessKey): ReviewerClients & { sts: STSClient } {
  const config = { ...ctx.clientConfig, credentials: { accessKeyId: key.AccessKeyId ?? '', secretAccessKey: key.SecretAccessKey ?? '' } };
  return { s3: new S3Client({ ...config, ...(config.endpoint ? { forcePathStyle: true } : {}) }), iam: new IAMClient(config), sts: new STSClient(config) };
}

async function whenKeyKnown<T>(ctx: LabContext, call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const wait = NEW_KEY_WAITS_MS[attempt];
      if (ctx.isLocal || wait === undefined || !UNKNOWN_KEY.has(describeError(error).code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/**
 * The decision on one request, asked again after each of `waits` while it is not what lesson 9's policy decides: new
 * permissions may take seconds to apply. A policy that really decides otherwise costs the waits once.
 */
export async function settledDecision(decide: () => Promise<Decision>, expected: Expected, waits: readonly number[], sleep = wait): Promise<Decision> {
  let decision = await decide();
  for (const ms of waits) {
    if (asExpected(decision, expected)) break;
    await sleep(ms);
    decision = await decide();
  }
  return decision;
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Makes each request as the key's user, one after the other, and says (through `each`) what AWS decided. */
export async function makeRequests<R extends ReviewerRequest>(ctx: LabContext, key: AccessKey, requests: readonly R[], each: (seen: Seen<R>) => void = () => {}): Promise<Seen<R>[]> {
  const as = clientsFor(ctx, key);
  const bucket = policyLabBucket(ctx.account, ctx.region);
  try {
    // Who am I needs no permission: it answers once the key is known, before any request is judged.
    await whenKeyKnown(ctx, () => as.sts.send(new GetCallerIdentityCommand({})));
    const seen: Seen<R>[] = [];
    for (const request of requests) {
      // Only the first request waits for new permissions: after it, they have reached AWS's endpoints or never will.
      const waits = ctx.isLocal || seen.length > 0 ? [] : NEW_PERMISSION_WAITS_MS;
      const decision = await settledDecision(() => whenKeyKnown(ctx, () => decisionOf(request.send(as, bucket))), request.expected, waits);
      seen.push({ request, decision });
      each({ request, decision });
    }
    return seen;
  } finally {
    as.s3.destroy();
    as.iam.destroy();
    as.sts.destroy();
  }
}
