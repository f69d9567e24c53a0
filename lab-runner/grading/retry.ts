// Trying again when the cloud says "slow down": a class graded at once makes many calls, and a throttled answer says
// nothing about a student's work. Waits grow (1 s, 2 s, 4 s…) with jitter, so students retried together spread out.
import { isThrottled, THROTTLING_CODES } from '../aws-errors.js';

const THROTTLED = new RegExp(`^(${THROTTLING_CODES.join('|')})\\b`);

/** A check's detail that is a throttling error, as the child reports an error a check did not catch. */
export function isThrottledDetail(detail: string): boolean {
  return THROTTLED.test(detail);
}

export interface RetryOptions {
  attempts?: number;
  firstWaitMs?: number;
  /** Whether what came back (rather than thrown) should be tried again too. */
  again?: (value: unknown) => boolean;
}

export async function retryThrottled<T>(work: () => Promise<T>, { attempts = 4, firstWaitMs = 1_000, again }: RetryOptions = {}): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const last = attempt >= attempts;
    try {
      const value = await work();
      if (last || !again?.(value)) return value;
    } catch (error) {
      if (last || !isThrottled(error)) throw error;
    }
    const wait = firstWaitMs * 2 ** (attempt - 1);
    await new Promise((resolve) => setTimeout(resolve, wait / 2 + Math.random() * (wait / 2)));
  }
}
