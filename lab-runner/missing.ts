// "Not there" is an answer, not a failure, wherever the runner looks something up or removes it.

/** The error names AWS services give for something that does not exist (or is already detached). */
const MISSING = /NotFound|^NoSuch|QueueDoesNotExist|NonExistentQueue|^Gateway\.NotAttached$/;

export function isMissing(error: unknown): boolean {
  return error instanceof Error && MISSING.test(error.name);
}

/** The call's answer, or undefined when what it asked about does not exist. */
export async function unlessMissing<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}
