// A first console password for `admin`: random, of every character kind, and as long as the account's password
// policy asks (at least 32 characters; IAM takes at most 128). Nobody is shown it: the student sets one they know.
import { randomInt } from 'node:crypto';
import { GetAccountPasswordPolicyCommand, NoSuchEntityException, type PasswordPolicy } from '@aws-sdk/client-iam';
import type { LabContext } from '../../lab-runner/lab.js';

/** IAM's symbols for a password policy: ! @ # $ % ^ & * ( ) _ + - = [ ] { } | ' */
const KINDS = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', "!@#$%^&*()_+-=[]{}|'"];
const SHORTEST = 32;
const LONGEST = 128;

export function generateConsolePassword(policy?: PasswordPolicy): string {
  const length = Math.min(LONGEST, Math.max(SHORTEST, policy?.MinimumPasswordLength ?? 0));
  const all = KINDS.join('');
  const characters = [...KINDS.map(pick), ...Array.from({ length: length - KINDS.length }, () => pick(all))];
  // Fisher–Yates, so the guaranteed one-of-each-kind characters are not always at the start.
  for (let i = characters.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [characters[i], characters[j]] = [characters[j] ?? '', characters[i] ?? ''];
  }
  return characters.join('');
}

/** A password the account's policy accepts, however strict it is. */
export async function consolePasswordFor(ctx: LabContext): Promise<string> {
  return generateConsolePassword(await passwordPolicyOf(ctx));
}

async function passwordPolicyOf(ctx: LabContext): Promise<PasswordPolicy | undefined> {
  try {
    return (await ctx.clients.iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy;
  } catch (error) {
    if (error instanceof NoSuchEntityException) return undefined;
    throw error;
  }
}

function pick(alphabet: string): string {
  return alphabet[randomInt(alphabet.length)] ?? '';
}
