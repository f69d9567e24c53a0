// Service and region swapped in the credential scope: `20150830/iam/us-east-1/aws4_request`.
import { amzDate } from '../../../solutions/sign-request/signer.js';
import { signerWith } from './wrong-signers.js';

export const { signRequest } = signerWith({
  credentialScope: (scope) => `${amzDate(scope.date).slice(0, 8)}/${scope.service}/${scope.region}/aws4_request`,
});
