// On AWS a network interface outlives its instance for a little while after termination, and a subnet, security
// group or VPC cannot be removed while one is there (DependencyViolation). Reset tries again for about two minutes;
// what something else really still uses fails after that with AWS's own message, naming it.
import { describeError } from '../../aws-errors.js';
import { unlessMissing } from '../../missing.js';
import type { KindContext } from '../kind.js';

const WAITS_MS = [5_000, 10_000, 15_000, 30_000, 30_000, 30_000];

/** Runs `remove`; a resource already gone is not an error. LocalStack frees at once, so there it is tried once. */
export async function removeWhenFree(ctx: Pick<KindContext, 'isLocal'>, remove: () => Promise<unknown>, sleep = wait): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await unlessMissing(remove());
      return;
    } catch (error) {
      const waitMs = WAITS_MS[attempt];
      if (ctx.isLocal || waitMs === undefined || describeError(error).code !== 'DependencyViolation') throw error;
      await sleep(waitMs);
    }
  }
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
