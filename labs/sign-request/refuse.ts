// What AWS would refuse in a request the lab is about to send, said before it is sent. AWS itself checks every
// signature; LocalStack checks none (it answers even an unsigned request), so there the lab verifies the signature as
// AWS would and sends nothing AWS would refuse: on either, what the student's request writes exists only when AWS would
// have accepted the signature. A session token left out is explained on both, as AWS's answer would not say why.
import type { LabContext } from '../../lab-runner/lab.js';
import { sessionTokenLeftOut } from './session-token.js';
import { verifyLikeAws } from './sts.js';
import type { SignableRequest, SignedRequest, SigningCredentials } from './types.js';

export async function awsWouldRefuse(
  ctx: Pick<LabContext, 'isLocal' | 'region'>,
  request: SignableRequest,
  signed: SignedRequest,
  credentials: SigningCredentials,
  service: string,
): Promise<string | undefined> {
  const token = sessionTokenLeftOut(credentials, signed.canonicalRequest, signed.headers);
  if (token) return `AWS would refuse it: ${token}. It was not sent.`;
  if (!ctx.isLocal) return undefined;
  const problem = await verifyLikeAws(request, signed.headers, credentials, ctx.region, service);
  if (problem) return `LocalStack checks no signatures, so the lab verified this one as AWS would, and AWS would refuse it: ${problem}. It was not sent.`;
  return undefined;
}
