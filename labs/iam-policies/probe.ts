// The checks act as photo-reviewer themselves: one access key for the whole check run (IAM allows a user two, and the
// checks run side by side), made, used for every request they judge, and deleted, whatever happens. The first check
// to ask makes the requests; the others read the same answers.
import { GetUserCommand } from '@aws-sdk/client-iam';
import type { LabContext } from '../../lab-runner/lab.js';
import { unlessMissing } from '../../lab-runner/missing.js';
import { withHeldKey } from '../../lab-runner/resources/iam-users/access-keys.js';
import { makeRequests, type Seen, whyIamIsNotEnforced } from './act-as-reviewer.js';
import { DELETE_NEVER_UPLOADED, LIST_PHOTOS, LIST_USERS, READ_PHOTO, READ_PRIVATE } from './requests.js';
import { USER_NAME } from './spec.js';

export const CHECKED_REQUESTS = [LIST_PHOTOS, READ_PHOTO, READ_PRIVATE, DELETE_NEVER_UPLOADED, LIST_USERS];
export type CheckedRequest = (typeof CHECKED_REQUESTS)[number];

/** What acting as the reviewer showed, or why it could not be done. */
export type Probed = { seen: Seen<CheckedRequest>[] } | { cannot: string };

const probes = new WeakMap<LabContext, Promise<Probed>>();

export function probeAsReviewer(ctx: LabContext): Promise<Probed> {
  let probe = probes.get(ctx);
  if (!probe) probes.set(ctx, (probe = actForTheChecks(ctx)));
  return probe;
}

async function actForTheChecks(ctx: LabContext): Promise<Probed> {
  const notEnforced = await whyIamIsNotEnforced(ctx);
  if (notEnforced) return { cannot: `${notEnforced}: start the local cloud with its gate (\`npx lab up\`) to see what the reviewer may do` };
  if (!(await unlessMissing(ctx.clients.iam.send(new GetUserCommand({ UserName: USER_NAME }))))) return { cannot: `no IAM user named ${USER_NAME}: run the lab first` };
  return { seen: await withHeldKey(ctx.clients, USER_NAME, ctx.labId, () => {}, (key) => makeRequests(ctx, key, CHECKED_REQUESTS)) };
}
