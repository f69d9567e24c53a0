// Temporary credentials (a role session, SSO, `aws login`) come with a session token. AWS accepts their signature only
// together with it, sent as the X-Amz-Security-Token header; some services require it among the signed headers, and the
// AWS SDKs always sign it, as the samples do
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html). A signer that leaves it
// out is told so in these words, rather than with a line of the canonical request.
import { headerValue, type SigningCredentials } from './types.js';

const HEADER = 'x-amz-security-token';

/**
 * What is wrong with how a signed request carries the session token of `credentials`, or undefined when nothing is
 * (or there is no token). `canonical` is the canonical request that was signed; `sent`, when known, the headers sent.
 */
export function sessionTokenLeftOut(credentials: SigningCredentials, canonical: string, sent?: Record<string, string>): string | undefined {
  const token = credentials.sessionToken;
  if (!token) return undefined;
  const lines = canonical.split('\n');
  const signedNames = (lines.at(-2) ?? '').split(';');
  const signed = lines.includes(`${HEADER}:${token}`) && signedNames.includes(HEADER);
  const sentToo = sent === undefined || headerValue(sent, HEADER) === token;
  if (signed && sentToo) return undefined;
  const how = !signed && !sentToo ? 'it is neither sent nor signed' : !signed ? 'it is sent but not signed' : 'it is signed but not sent';
  return (
    'these credentials are temporary: they come with a session token, and AWS accepts their signature only together with it, ' +
    `sent as the X-Amz-Security-Token header and signed like the others (a line "${HEADER}:<the token>" among the canonical headers, ` +
    `and ${HEADER} among the signed header names); yours leaves it out: ${how}`
  );
}
