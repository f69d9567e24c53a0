// The HMAC chain started from the bare secret, without its "AWS4" prefix: only the signature itself differs.
import { amzDate, hmac } from '../../../solutions/sign-request/signer.js';
import { signerWith } from './wrong-signers.js';

export const { signRequest } = signerWith({
  signingKey(secretAccessKey, scope) {
    let key = hmac(secretAccessKey, amzDate(scope.date).slice(0, 8));
    for (const part of [scope.region, scope.service, 'aws4_request']) key = hmac(key, part);
    return key;
  },
});
