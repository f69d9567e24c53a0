// The session token sent but left out of the signature.
import { headersToSign } from '../../../solutions/sign-request/signer.js';
import { signerWith } from './wrong-signers.js';

export const { signRequest } = signerWith({
  headersToSign: (request, credentials, scope) => headersToSign(request, { ...credentials, sessionToken: undefined }, scope),
});
