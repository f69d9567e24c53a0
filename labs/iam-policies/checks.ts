// Checks for `iam-policies`: they act as photo-reviewer, with an access key made for the checks and deleted after, and
// judge what AWS decides for each request, never how the policy is written nor the lab's outputs. Any policy that
// decides as lesson 9's does passes.
import { type CheckOutcome, defineChecks, fail, type LabContext, pass } from '../../lab-runner/lab.js';
import { type Decision, summary } from './decision.js';
import { type CheckedRequest, probeAsReviewer } from './probe.js';
import { DELETE_NEVER_UPLOADED, LIST_PHOTOS, LIST_USERS, READ_PHOTO, READ_PRIVATE } from './requests.js';
import { PHOTO, PHOTOS_PREFIX, PRIVATE_FILE, USER_NAME } from './spec.js';

export default defineChecks([
  {
    id: 'list-photos',
    title: `Acting as ${USER_NAME}, listing ${PHOTOS_PREFIX} is allowed`,
    run: (ctx) => judge(ctx, LIST_PHOTOS, (d) => (d.allowed ? pass('allowed') : fail(`denied: ${why(d)}`))),
  },
  {
    id: 'read-photo',
    title: `Acting as ${USER_NAME}, reading ${PHOTO.Key} is allowed`,
    run: (ctx) =>
      judge(ctx, READ_PHOTO, (d) => {
        if (!d.allowed) return fail(`denied: ${why(d)}`);
        return d.note ? fail(`${d.note}: the lab puts ${PHOTO.Key} there; run it again`) : pass('allowed');
      }),
  },
  {
    id: 'read-private-denied',
    title: `Acting as ${USER_NAME}, reading ${PRIVATE_FILE.Key} is denied, because nothing allows it (an implicit deny)`,
    run: (ctx) =>
      judge(ctx, READ_PRIVATE, (d) => {
        if (d.allowed) return fail(`allowed: a statement allows reading beyond ${PHOTOS_PREFIX}`);
        if (d.how === 'explicit deny') return fail(`denied, but by an explicit deny (${d.statement ?? d.message}): nothing should need to deny it, since nothing allows it`);
        return d.how === 'implicit deny' ? pass(`denied: ${why(d)}`) : fail(`denied, but AWS did not say why: ${d.code}: ${d.message}`);
      }),
  },
  {
    id: 'delete-denied-explicitly',
    title: `Acting as ${USER_NAME} without MFA, deleting a photo is denied by an explicit deny, not only because nothing allows it`,
    run: (ctx) =>
      judge(ctx, DELETE_NEVER_UPLOADED, (d) => {
        if (d.allowed) return fail(`allowed (${DELETE_NEVER_UPLOADED.what}): nothing denies deleting without MFA`);
        if (d.how !== 'explicit deny') return fail(`${summary(d)}: only because nothing allows it; a Deny statement must refuse it even if another policy ever allows deleting`);
        return pass(`denied by an explicit deny: ${d.statement ?? d.message}`);
      }),
  },
  {
    id: 'list-users-denied',
    title: `Acting as ${USER_NAME}, listing the account's IAM users (iam:ListUsers) is denied`,
    run: (ctx) => judge(ctx, LIST_USERS, (d) => (d.allowed ? fail('allowed: the reviewer may do more than review photos') : pass(`denied: ${why(d)}`))),
  },
]);

async function judge(ctx: LabContext, request: CheckedRequest, verdict: (decision: Decision) => CheckOutcome): Promise<CheckOutcome> {
  const probed = await probeAsReviewer(ctx);
  if ('cannot' in probed) return fail(probed.cannot);
  const seen = probed.seen.find((s) => s.request === request);
  return seen ? verdict(seen.decision) : fail(`${request.what} was not tried`);
}

/** The service's reason, after its first sentence (who, what, on which resource), which the title says already. */
function why(decision: Exclude<Decision, { allowed: true }>): string {
  const reason = decision.message.replace(/^User: \S+ is not authorized to perform: \S+ on resource: \S+ /, '');
  return `${decision.how}: ${reason}`;
}
