// markdown-it hands a rule the whole token list and an index into it; a heading's text is the token after its opening.
import type { Token } from 'markdown-it';

/** The token at an index markdown-it vouches for: one that is not there is a bug here or in markdown-it, not in a lesson. */
export function tokenAt<T = Token>(tokens: readonly T[], index: number): T {
  const token = tokens[index];
  if (token === undefined) throw new Error(`markdown-it has no token ${index} (the list has ${tokens.length})`);
  return token;
}
