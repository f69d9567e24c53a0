// What a careful AWS client does with a call right after it made what the call names: AWS is eventually consistent,
// so the new security group, gateway, route table, role or instance profile may answer "not found" for a moment
// (https://docs.aws.amazon.com/ec2/latest/devguide/eventual-consistency.html,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency),
// and a burst of calls may be throttled beyond the retries the SDK makes itself. Test code that sets a state up
// (breakers, look-alikes) calls through this instead of turning the local cloud's strictness off.
import { describeError, isProfileNotVisibleYet, isThrottled } from '../../lab-runner/aws-errors.js';

const NOT_VISIBLE_YET = /NotFound$|^NoSuchEntity(Exception)?$/;

export interface EventuallyOptions {
  /** How long to keep trying, in all. */
  withinMs?: number;
  /** Waits for tests of this helper; others leave it alone. */
  sleep?: (ms: number) => Promise<void>;
}

/** Whether an error means "try again shortly": not visible yet, or too many requests. */
export function isTransient(error: unknown): boolean {
  return NOT_VISIBLE_YET.test(describeError(error).code) || isThrottled(error) || isProfileNotVisibleYet(error);
}

/** Calls `call` until it stops failing transiently, waiting 100 ms, 200 ms … up to 2 s between tries. */
export async function eventually<T>(call: () => Promise<T>, { withinMs = 20_000, sleep = wait }: EventuallyOptions = {}): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (let delay = 100; ; delay = Math.min(delay * 2, 2_000)) {
    try {
      return await call();
    } catch (error) {
      if (!isTransient(error) || Date.now() + delay > deadline) throw error;
      await sleep(delay);
    }
  }
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
