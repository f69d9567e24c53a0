// What AWS decided about a request, read from its answer: allowed, or denied and how. AWS words a denial of a request
// within one account as "… with an explicit deny in a <type> policy" or "… because no <type> policy allows the <action>
// action" (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html); the local cloud answers
// the same, and adds which statement decided and why.
import { describeError } from '../../lab-runner/aws-errors.js';
import type { Expected } from './requests.js';

export type Decision =
  | { allowed: true; /** Allowed, but the service had something to say, e.g. that the object is not there. */ note?: string }
  | { allowed: false; how: 'explicit deny' | 'implicit deny' | 'denied'; code: string; message: string; statement?: string };

const DENIED = /^(AccessDenied|AccessDeniedException|UnauthorizedOperation|AuthorizationError|Forbidden)$/;

/** The decision an answer shows; an error that is not about authorization is thrown on, as it says nothing about it. */
export async function decisionOf(request: Promise<unknown>): Promise<Decision> {
  try {
    await request;
    return { allowed: true };
  } catch (error) {
    const { code, message } = describeError(error);
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    // Authorization came first: the request was allowed, and then found nothing there.
    if (code === 'NoSuchKey' || code === 'NotFound' || status === 404) return { allowed: true, note: `allowed, but there is no such object (${code})` };
    // Refused before authorization (an unknown key, a bad signature) says nothing about the policies either.
    if (!DENIED.test(code)) throw error;
    return { allowed: false, how: howDenied(message), code, message, ...statementOf(message) };
  }
}

function howDenied(message: string): 'explicit deny' | 'implicit deny' | 'denied' {
  if (/with an explicit deny in/.test(message)) return 'explicit deny';
  if (/because no [\w -]+ polic(y|ies) allows?/.test(message)) return 'implicit deny';
  return 'denied';
}

/** The deny statement the local cloud names: `Statement "NoDeleteWithoutMfa" of ReviewPhotosReadOnly (…) denies it`. */
function statementOf(message: string): { statement?: string } {
  const match = /Statement ("[^"]+"|#\d+) of (.+?) denies it/.exec(message);
  return match ? { statement: `${match[1]} of ${match[2]}` } : {};
}

/** `allowed`, `denied (implicit deny)`, `denied (explicit deny: "NoDeleteWithoutMfa" of ReviewPhotosReadOnly …)`. */
export function summary(decision: Decision): string {
  if (decision.allowed) return decision.note ?? 'allowed';
  if (decision.how === 'denied') return `denied (${decision.code})`;
  return `denied (${decision.how}${decision.statement ? `: ${decision.statement}` : ''})`;
}

export function asExpected(decision: Decision, expected: Expected): boolean {
  return expected === 'allowed' ? decision.allowed && decision.note === undefined : !decision.allowed && decision.how === expected;
}
