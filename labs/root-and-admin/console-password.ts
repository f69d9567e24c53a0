// A first console password for `admin`: random, long, of every character kind the password policy asks for. Nobody
// is shown it; the student sets one they know (and admin must change it at first sign-in anyway).
import { randomInt } from 'node:crypto';

const KINDS = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!@#$%^&*()_+-=[]{}|'];

export function generateConsolePassword(length = 32): string {
  const all = KINDS.join('');
  const characters = [...KINDS.map(pick), ...Array.from({ length: length - KINDS.length }, () => pick(all))];
  // Fisher–Yates, so the guaranteed one-of-each-kind characters are not always at the start.
  for (let i = characters.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [characters[i], characters[j]] = [characters[j], characters[i]];
  }
  return characters.join('');
}

function pick(alphabet: string): string {
  return alphabet[randomInt(alphabet.length)];
}
