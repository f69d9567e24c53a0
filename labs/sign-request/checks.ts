// Checks for `sign-request`. A signer lives on the student's computer and leaves nothing in the cloud, so these checks
// run it: on the samples, against the SDK's signer, and on a real STS request. Which signer they run is said in every
// detail (see signer-under-test.ts); they never read what the lab printed.
import { type CheckOutcome, defineChecks, fail, type LabContext, pass } from '../../lab-runner/lab.js';
import { firstMismatch } from './compare.js';
import { SAMPLES } from './samples.js';
import { loadSigner, type SignerChoice, signerProblem, signerUnderTest } from './signer-under-test.js';
import { callerIdentityRequest, sendToSts, stsUrl, verifyLikeAws } from './sts.js';
import type { Signer } from './types.js';

export default defineChecks([
  {
    id: 'matches-reference',
    title: `The signer makes the same Authorization header as the AWS SDK's signer on all ${SAMPLES.length} sample requests`,
    run: () =>
      withSigner(async (signer, choice) => {
        const mismatch = await firstMismatch(signer);
        if (mismatch) return fail(`${choice.file} (${choice.why}) differs on the sample "${mismatch.sample.title}": ${mismatch.explanation}`);
        return pass(`${choice.file} (${choice.why}) matches on all ${SAMPLES.length} samples`);
      }),
  },
  {
    id: 'sts-accepts',
    title: 'STS accepts a GetCallerIdentity request signed by the signer',
    run: (ctx) => withSigner((signer, choice) => callStsWith(ctx, signer, choice)),
  },
]);

/** An error thrown by the signer under test, as opposed to one from the network or the target. */
class SignerFailure extends Error {}

async function withSigner(judge: (signer: Signer, choice: SignerChoice) => Promise<CheckOutcome>): Promise<CheckOutcome> {
  const choice = signerUnderTest();
  let loaded: Signer;
  try {
    loaded = await loadSigner(choice);
  } catch (error) {
    return fail((error as Error).message);
  }
  const guarded: Signer = {
    signRequest(...args) {
      try {
        return loaded.signRequest(...args);
      } catch (error) {
        throw new SignerFailure(signerProblem(error, choice));
      }
    },
  };
  try {
    return await judge(guarded, choice);
  } catch (error) {
    if (error instanceof SignerFailure) return fail(error.message);
    throw error;
  }
}

async function callStsWith(ctx: LabContext, signer: Signer, choice: SignerChoice): Promise<CheckOutcome> {
  const url = stsUrl(ctx);
  const request = callerIdentityRequest(url);
  const credentials = await ctx.credentials();
  const signed = signer.signRequest(request, credentials, { date: new Date(), region: ctx.region, service: 'sts' });
  const answer = await sendToSts(url, request, signed.headers);
  const tested = `${choice.file} (${choice.why})`;
  if (!answer.ok) return fail(`${tested}: STS refused the request: ${answer.code}: ${answer.message}`);
  const who = `account ${answer.identity.account}, ${answer.identity.arn}`;
  if (!ctx.isLocal) return pass(`${tested}: STS at ${url.host} recomputed the signature and accepted it: ${who}`);
  // LocalStack checks no signature at all: the same verification AWS does is made here with the SDK's signer.
  const local = `${tested}: LocalStack answered (${who}) but checks no signatures, so the request was verified here as AWS would`;
  const problem = await verifyLikeAws(request, signed.headers, credentials, ctx.region, 'sts');
  if (problem) return fail(`${local}: ${problem}`);
  if (answer.identity.account !== ctx.account) return fail(`${local}, and it answered for account ${answer.identity.account}, not ${ctx.account}`);
  return pass(`${local}: the signature is right`);
}
