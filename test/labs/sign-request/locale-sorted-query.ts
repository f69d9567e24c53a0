// Query names sorted the way people sort words (localeCompare), not by code point: `apple` before `Zebra`.
import { uriEncode } from '../../../solutions/sign-request/signer.js';
import { signerWith } from './wrong-signers.js';

export const { signRequest } = signerWith({
  canonicalQueryString(query) {
    return Object.entries(query)
      .map(([name, values]) => ({ name: uriEncode(name), values: ([] as string[]).concat(values).map(uriEncode).sort((a, b) => a.localeCompare(b)) }))
      .sort((a, b) => a.name.localeCompare(b.name))
      .flatMap(({ name, values }) => values.map((value) => `${name}=${value}`))
      .join('&');
  },
});
