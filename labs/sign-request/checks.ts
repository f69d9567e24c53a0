// Checks for `sign-request`. A signer lives on the student's computer, so the lab's last step leaves a proof in the
// student's account: the SSM parameter /workbook/sign-request/proof, written by a PutParameter request their signer
// signed. These checks read only that parameter: never the lab's output, never a file on the grader's computer.
//
// What a check can verify without the student's secret key, and so what these do:
// - the proof exists, tagged by the lab: AWS writes it only when the signature of the request that carries it is
//   right (on LocalStack, which checks no signatures, the lab verified it as AWS would and sends nothing else);
// - the signatures the student's signer made of the sample requests, in full: the samples are signed with the AWS
//   documentation's example key, which is public, so the check signs them again with the AWS SDK's signer;
// - the STS call's signature, in form: the algorithm, the credential scope (the day of its X-Amz-Date, this region,
//   sts, aws4_request), the signed headers (host, x-amz-date, and x-amz-security-token with temporary credentials),
//   64 hex digits, signed within minutes of the proof being written; and that STS named this account.
// Not the value of a signature made with the student's key: recomputing it takes the secret, which only they and AWS hold.
import { type CheckOutcome, defineChecks, fail, type LabContext, pass } from '../../lab-runner/lab.js';
import { findProof, type FoundProof, noProof } from './lookups.js';
import { maskedAuthorization } from './mask.js';
import { PROOF_PARAMETER, type Proof, readProof, sampleProblem, signatureFormProblems } from './proof.js';
import { SAMPLES } from './samples.js';
import { fromAmzDate } from './sts.js';

/** AWS refuses a request more than 5 minutes from its X-Amz-Date; the proof follows the STS call within a step or two. */
const SIGNED_TO_WRITTEN_MS = 15 * 60_000;

export default defineChecks([
  {
    id: 'matches-reference',
    title: `The signatures your signer made of the ${SAMPLES.length} sample requests, recorded in your account by the lab, are the ones the AWS SDK's signer makes`,
    run: (ctx) =>
      withProof(ctx, async ({ proof }) => {
        const problem = await sampleProblem(proof);
        if (problem) return fail(`${PROOF_PARAMETER}: ${problem}`);
        return pass(`all ${SAMPLES.length} samples' signatures are the AWS SDK's (signed again here with the AWS documentation's example key)`);
      }),
  },
  {
    id: 'sts-accepts',
    title: `AWS accepted requests signed by your signer: their proof ${PROOF_PARAMETER} is in your account, names this account, and shows a well-formed SigV4 signature of your STS call in this region`,
    run: (ctx) => withProof(ctx, (found) => judgeAcceptance(ctx, found)),
  },
]);

async function withProof(ctx: LabContext, judge: (found: FoundProof & { proof: Proof }) => Promise<CheckOutcome>): Promise<CheckOutcome> {
  const found = await findProof(ctx);
  if (!found) return fail(noProof(ctx));
  const read = readProof(found.value);
  if ('problem' in read) return fail(`${PROOF_PARAMETER} is not a proof the lab writes: ${read.problem}`);
  return judge({ ...found, proof: read.proof });
}

async function judgeAcceptance(ctx: LabContext, { proof, lab, written }: FoundProof & { proof: Proof }): Promise<CheckOutcome> {
  if (lab !== 'sign-request') return fail(`${PROOF_PARAMETER} is not tagged workbook:lab=sign-request (${lab ? `its tag says ${lab}` : 'no lab tag'}): the lab did not write it`);
  if (proof.account !== ctx.account || proof.arn.split(':')[4] !== ctx.account) {
    return fail(`${PROOF_PARAMETER} says STS answered account ${proof.account} (${proof.arn}), not this account ${ctx.account}`);
  }
  const problems = signatureFormProblems(proof.sts, ctx.region);
  const signed = fromAmzDate(proof.sts.amzDate);
  if (written && Math.abs(written.getTime() - signed.getTime()) > SIGNED_TO_WRITTEN_MS) {
    problems.push(`the STS call was signed at ${signed.toISOString()}, but the proof was written at ${written.toISOString()}: they are not one run`);
  }
  const call = maskedAuthorization(proof.sts.authorization);
  if (problems.length > 0) return fail(`the STS call in ${PROOF_PARAMETER} (${call}): ${problems.join('; ')}`);
  const how = ctx.isLocal
    ? 'LocalStack checks no signatures, so the lab verified yours as AWS would before sending them'
    : 'AWS wrote it only because the signature of the request that carried it was right';
  return pass(`${PROOF_PARAMETER} is there (${how}); STS answered ${proof.arn} to the call signed ${call}: a well-formed signature for ${ctx.region}`);
}
