// The session token neither sent nor signed: as if the credentials were long-term ones.
import { headersToSign } from '../../../solutions/sign-request/signer.js';
import { signerWith } from './wrong-signers.js';

export const { signRequest } = signerWith({
  headersToSign: (request, credentials, scope) => headersToSign(request, { ...credentials, sessionToken: undefined }, scope),
  sendsSessionToken: false,
});
