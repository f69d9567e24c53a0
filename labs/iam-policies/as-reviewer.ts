// The lab's last step, after the student's CreateAccessKey: act as photo-reviewer with that key, make lesson 9's
// requests, and show each decision and why; then delete the key, whatever happened. A run stopped before that
// (Ctrl-C) leaves the key behind: the next run's CreateAccessKey, or `lab reset`, deletes it.
import type { AccessKey } from '@aws-sdk/client-iam';
import type { LabContext } from '../../lab-runner/lab.js';
import { maskKey, releaseKey } from '../../lab-runner/resources/iam-users/access-keys.js';
import { iamNotEnforced, makeRequests, type Seen, whyIamIsNotEnforced } from './act-as-reviewer.js';
import { asExpected, summary } from './decision.js';
import { LESSON_REQUESTS } from './requests.js';
import { USER_NAME } from './spec.js';

type LessonRequest = (typeof LESSON_REQUESTS)[number];

export async function asReviewer(ctx: LabContext, key: AccessKey | undefined): Promise<Seen<LessonRequest>[]> {
  if (!key?.AccessKeyId || !key.SecretAccessKey) throw new Error(`CreateAccessKey answered no key for ${USER_NAME}: its AccessKey holds AccessKeyId and SecretAccessKey`);
  try {
    const notEnforced = await whyIamIsNotEnforced(ctx);
    if (notEnforced) throw iamNotEnforced(notEnforced);
    ctx.say(`each request below is signed with the new key of ${USER_NAME}, and AWS decides it by ${USER_NAME}'s policies:`);
    return await makeRequests(ctx, key, LESSON_REQUESTS, (seen) => show(ctx, seen));
  } finally {
    await releaseKey(ctx.clients, USER_NAME, key.AccessKeyId);
    ctx.say(`deleted the access key ${maskKey(key.AccessKeyId)} of ${USER_NAME}: it lived only for these requests`);
  }
}

function show(ctx: LabContext, { request, decision }: Seen<LessonRequest>): void {
  const unlike = asExpected(decision, request.expected) ? '' : ` — lesson 9's policy decides: ${request.expected === 'allowed' ? 'allowed' : `denied (${request.expected})`}`;
  ctx.say(`${decision.allowed ? '✓' : '✗'} ${request.what} (${request.action}): ${summary(decision)}${unlike}`);
  if (!decision.allowed) ctx.say(`    why: ${decision.code}: ${decision.message}`);
}
