// Header values signed as they came, padding and all: AWS trims them and collapses runs of spaces.
import { signerWith } from './wrong-signers.js';

export const { signRequest } = signerWith({
  canonicalHeaders(headers) {
    const entries = Object.entries(headers)
      .map(([name, value]) => [name.toLowerCase(), value] as const)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return { canonical: entries.map(([n, v]) => `${n}:${v}\n`).join(''), signed: entries.map(([n]) => n).join(';') };
  },
});
