// Creates must not duplicate. A create whose answer is lost (a dropped connection, a timeout, a 5xx) may still have
// happened: look for what it would have made before trying again, instead of letting the SDK send it twice. A throttled
// create was refused before anything was done: the SDK tries it again itself, and so does this when the SDK gives up.
import { describeError, isRetryable, isThrottled } from '../aws-errors.js';
import type { ConvergeCall } from './rule.js';

const ATTEMPTS = 4;

export async function createOnce<T>(
  call: Pick<ConvergeCall, 'say'>,
  what: string,
  create: () => Promise<T>,
  findMade: () => Promise<T | undefined>,
  sleep: (ms: number) => Promise<void> = wait,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await create();
    } catch (error) {
      if (attempt >= ATTEMPTS || !isRetryable(error)) throw error;
      if (isThrottled(error)) {
        call.say(`creating ${what} was throttled (${describeError(error).code}) each time it was tried; nothing was made, so trying again`);
        await sleep(500 * 2 ** (attempt - 1));
        continue;
      }
      const made = await findMade().catch(() => undefined);
      if (made !== undefined) {
        call.say(`the answer to creating ${what} was lost (${describeError(error).code}), but it was made: adopted`);
        return made;
      }
      call.say(`creating ${what} got no answer (${describeError(error).code}); it was not made, so trying again`);
      await sleep(500 * 2 ** (attempt - 1));
    }
  }
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
