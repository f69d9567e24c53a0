// A right signature, sent without the X-Amz-Date header it was computed with: nobody can check it.
import { signerWith } from './wrong-signers.js';

export const { signRequest } = signerWith({
  headersSent: (headers) => Object.fromEntries(Object.entries(headers).filter(([name]) => name !== 'x-amz-date')),
});
