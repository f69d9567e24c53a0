// Reset removes what it has just listed. On AWS a resource made a moment ago can be listed (by its tag) before the
// calls that name it outright see it: those answer "not found" for a while (eventual consistency:
// https://docs.aws.amazon.com/ec2/latest/devguide/eventual-consistency.html,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency).
// For something just listed that answer means "not yet", so the call is tried again for a few seconds; only then is
// the resource taken as gone (someone removed it meanwhile).
import { isMissing } from '../missing.js';

const WAITS_MS = [500, 1_000, 2_000, 4_000];

/** The answer of `call` about something just listed, or undefined when it stays "not found" for a few seconds. */
export async function onceVisible<T>(call: () => Promise<T>, sleep = wait): Promise<T | undefined> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const waitMs = WAITS_MS[attempt];
      if (!isMissing(error)) throw error;
      if (waitMs === undefined) return undefined;
      await sleep(waitMs);
    }
  }
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
