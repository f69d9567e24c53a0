// Signers with one classic SigV4 mistake each, for the comparison with the SDK's signer to catch: the reference
// solution's pieces, put together as its signRequest does, with one piece replaced. Each file next to this one exports one.
import * as solution from '../../../solutions/sign-request/signer.js';
import type { SignableRequest, SignedRequest, Signer, SigningCredentials, SigningScope } from '../../../labs/sign-request/types.js';

type Pieces = Pick<typeof solution, 'canonicalUri' | 'canonicalQueryString' | 'canonicalHeaders' | 'credentialScope' | 'signingKey' | 'headersToSign'> & {
  /** The headers the signer answers to be sent, from those it signed. */
  headersSent(signed: Record<string, string>): Record<string, string>;
  /** Whether a session token goes out with the request, signed or not. */
  sendsSessionToken: boolean;
};

export function signerWith(mistake: Partial<Pieces>): Signer {
  const piece: Pieces = { ...solution, headersSent: (headers) => headers, sendsSessionToken: true, ...mistake };
  return {
    signRequest(request: SignableRequest, credentials: SigningCredentials, scope: SigningScope): SignedRequest {
      const headers = piece.headersToSign(request, credentials, scope);
      const signedHeaders = piece.canonicalHeaders(headers);
      const canonical = solution.canonicalRequest(request.method, piece.canonicalUri(request.path), piece.canonicalQueryString(request.query), signedHeaders, solution.sha256Hex(request.body));
      const scopeText = piece.credentialScope(scope);
      const toSign = solution.stringToSign(solution.amzDate(scope.date), scopeText, canonical);
      const signature = solution.signature(piece.signingKey(credentials.secretAccessKey, scope), toSign);
      const authorization = solution.authorizationHeader(credentials.accessKeyId, scopeText, signedHeaders.signed, signature);
      return { headers: { ...piece.headersSent(headers), ...(credentials.sessionToken && piece.sendsSessionToken ? { 'x-amz-security-token': credentials.sessionToken } : {}), authorization }, canonicalRequest: canonical, stringToSign: toSign };
    },
  };
}
