// IAM is eventually consistent on AWS: a role, instance profile or policy created a moment ago may not yet be
// visible to IAM's other endpoints or to other services (EC2 answers "Invalid IAM Instance Profile name" for a
// profile made seconds before). This retries such a call for a short while; on LocalStack it calls once.
import { describeError, isProfileNotVisibleYet } from './aws-errors.js';
import type { LabContext } from './context.js';

export interface PropagationOptions {
  /** How many times to call `fn` at most. */
  attempts?: number;
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** Waits for tests; real code leaves it alone. */
  sleep?: (ms: number) => Promise<void>;
}

/** Error codes AWS answers with while a new IAM entity is still propagating (SDK v3 may add an `Exception` suffix). */
const PROPAGATING = new Set(['NoSuchEntity', 'InvalidClientTokenId']);

/** AccessDenied is not among them: a permission that is missing is missing, and waiting 40 s hides it. */
export function isPropagationError(error: unknown): boolean {
  const { code, message } = describeError(error);
  const bare = code.replace(/Exception$/, '');
  // A trust policy naming a principal created seconds ago is refused as malformed until the principal is known.
  return (
    PROPAGATING.has(bare) ||
    isProfileNotVisibleYet(error) ||
    (bare === 'MalformedPolicyDocument' && /invalid principal/i.test(message))
  );
}

/**
 * Calls `fn`, and on AWS calls it again with growing waits (1, 2, 4, 8, 8… s, about 40 s in all by default) while it
 * fails with an error that means "not propagated yet". Other errors, and the last one, are thrown as they are.
 */
export async function retryWhilePropagating<T>(
  ctx: Pick<LabContext, 'isLocal' | 'say'>,
  fn: () => Promise<T>,
  { attempts = 8, firstDelayMs = 1000, maxDelayMs = 8000, sleep = wait }: PropagationOptions = {},
): Promise<T> {
  let delay = firstDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (ctx.isLocal || attempt >= attempts || !isPropagationError(error)) throw error;
      ctx.say(`IAM is still propagating (${describeError(error).code}); trying again in ${Math.round(delay / 1000)} s`);
      await sleep(delay);
      delay = Math.min(delay * 2, maxDelayMs);
    }
  }
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
