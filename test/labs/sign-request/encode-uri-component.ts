// Query names and values encoded with encodeURIComponent alone, which leaves ! ' ( ) * as they are.
import { signerWith } from './wrong-signers.js';

export const { signRequest } = signerWith({
  canonicalQueryString(query) {
    return Object.entries(query)
      .map(([name, values]) => ({ name: encodeURIComponent(name), values: ([] as string[]).concat(values).map(encodeURIComponent).sort() }))
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .flatMap(({ name, values }) => values.map((value) => `${name}=${value}`))
      .join('&');
  },
});
