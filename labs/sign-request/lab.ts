// Lab `sign-request`: your own AWS Signature Version 4 signer, in ./signer.ts, compared piece by piece with the AWS
// SDK's signer on tricky sample requests, then used to call STS GetCallerIdentity with plain fetch. Nothing is created.
// Write the todo() functions in signer.ts (and the one here in step 4), then run `npx lab run sign-request`.
// Stuck? `npx lab hint sign-request <step>`. `npx lab check sign-request` tests the signer your last run used.
import { fileURLToPath } from 'node:url';
import { defineLab, todo } from '../../lab-runner/lab.js';
import { canonicalRequestDifference, firstMismatch, stringToSignDifference } from './compare.js';
import { referenceSign } from './reference.js';
import { DOCUMENTED_SIGNING_KEY, EXAMPLE_CREDENTIALS, SAMPLES } from './samples.js';
import { recordSignerUnderTest } from './signer-under-test.js';
import { callerIdentityRequest, headersToSend, readStsAnswer, stsUrl, verifyLikeAws } from './sts.js';
import { headerValue } from './types.js';
import * as signer from './signer.js';

const SIGNER_FILE = fileURLToPath(new URL('./signer.ts', import.meta.url));

export default defineLab({
  id: 'sign-request',
  title: 'Sign a request: what "authenticated" means to AWS',
  lesson: '07-iam',
  goal:
    'Every call to an AWS API is an HTTPS request signed with Signature Version 4: an HMAC of a canonical form of the request, ' +
    'made with a key derived from your secret access key, the day, the region and the service. AWS recomputes it with the ' +
    'secret it holds and compares; the secret itself never travels, and a signature is good for one request for a few ' +
    'minutes. Write your own signer in labs/sign-request/signer.ts with nothing but node:crypto, compare it piece by piece ' +
    "with the AWS SDK's signer on tricky sample requests, then call STS GetCallerIdentity with plain fetch and your signature.",
  region: 'target',
  requires: [],
  cost: 'Free: GetCallerIdentity costs nothing and needs no permission. Nothing is created.',
  localNote:
    'LocalStack checks no signatures (it answers even an unsigned request), so on LocalStack the lab and its check verify ' +
    "the signature of your STS request themselves, with the SDK's signer, the way AWS would. Only AWS proves it for real.",
  steps: [
    {
      title: 'Build the canonical request',
      command: 'aws sts get-caller-identity --debug 2>&1 | grep -A 12 CanonicalRequest',
      hint:
        'In signer.ts write canonicalUri, uriEncode, canonicalQueryString, canonicalHeaders and canonicalRequest. The canonical request is ' +
        'method, path, query, headers, signed header names and the body hash, one per line, each written one exact way. This step shows the ' +
        "first line where yours differs from the SDK's.",
      async run(ctx) {
        recordSignerUnderTest(SIGNER_FILE);
        for (const sample of SAMPLES) {
          const mine = signer.canonicalRequestOf(sample.request, sample.credentials, sample.scope);
          const difference = canonicalRequestDifference(mine, (await referenceSign(sample.request, sample.credentials, sample.scope)).canonicalRequest);
          if (difference) throw new Error(`Sample "${sample.title}": canonical request ${difference}`);
        }
        ctx.say(`the same canonical request as the SDK on all ${SAMPLES.length} samples; the first one's:`);
        for (const line of signer.canonicalRequestOf(SAMPLES[0].request, SAMPLES[0].credentials, SAMPLES[0].scope).split('\n')) ctx.say(`  ${line}`);
      },
    },
    {
      title: 'Derive the signing key and the string to sign',
      command: 'aws sts get-caller-identity --debug 2>&1 | grep -A 4 StringToSign',
      hint:
        'Write credentialScope, stringToSign and signingKey. The key is a chain of four HMAC-SHA256s starting from "AWS4" + the secret: ' +
        'the date (yyyymmdd), the region, the service, "aws4_request". For the AWS documentation example (the secret of the samples, ' +
        '20150830, us-east-1, iam) it is c4afb1cc…a4b9.',
      async run(ctx) {
        const example = { date: new Date('2015-08-30T00:00:00Z'), region: 'us-east-1', service: 'iam' };
        const key = signer.signingKey(EXAMPLE_CREDENTIALS.secretAccessKey, example).toString('hex');
        if (key !== DOCUMENTED_SIGNING_KEY) throw new Error(`your signing key for 20150830/us-east-1/iam is ${key}; the AWS documentation's is ${DOCUMENTED_SIGNING_KEY}`);
        ctx.say(`signing key for 20150830/us-east-1/iam: ${key}, as in the AWS documentation`);
        for (const sample of SAMPLES) {
          const canonical = signer.canonicalRequestOf(sample.request, sample.credentials, sample.scope);
          const mine = signer.stringToSign(signer.amzDate(sample.scope.date), signer.credentialScope(sample.scope), canonical);
          const difference = stringToSignDifference(mine, (await referenceSign(sample.request, sample.credentials, sample.scope)).stringToSign);
          if (difference) throw new Error(`Sample "${sample.title}": string to sign ${difference}`);
        }
        ctx.say(`the same string to sign as the SDK on all ${SAMPLES.length} samples`);
      },
    },
    {
      title: "Sign the samples and compare with the SDK's signer",
      command: 'aws iam list-users --debug 2>&1 | grep -o "Authorization[^,]*, SignedHeaders=[^,]*"',
      hint:
        "Write signature and authorizationHeader. signRequest puts the pieces together; this step compares its Authorization header with the SDK's " +
        'on every sample: GET and POST, reserved and non-ASCII query values, padded and repeated headers, empty and JSON bodies, a session token.',
      async run(ctx) {
        const mismatch = await firstMismatch(signer);
        if (mismatch) throw new Error(`Sample "${mismatch.sample.title}": ${mismatch.explanation}`);
        for (const sample of SAMPLES) ctx.say(`✓ ${sample.title}`);
        const first = signer.signRequest(SAMPLES[0].request, SAMPLES[0].credentials, SAMPLES[0].scope);
        ctx.say(`e.g. Authorization: ${headerValue(first.headers, 'authorization')}`);
      },
    },
    {
      title: 'Call STS GetCallerIdentity with your signature',
      command:
        'curl --aws-sigv4 "aws:amz:us-east-1:sts" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" ' +
        '--data "Action=GetCallerIdentity&Version=2011-06-15" https://sts.us-east-1.amazonaws.com/',
      hint:
        'The request is built and signed for you with your credentials and the current time. Send it with fetch(url, { method, headers, body }), ' +
        'using headersToSend(signed.headers): fetch sets Host from the URL. STS answers XML with your account and ARN.',
      async run(ctx) {
        const url = stsUrl(ctx);
        const request = callerIdentityRequest(url);
        const credentials = await ctx.credentials();
        const signed = signer.signRequest(request, credentials, { date: new Date(), region: ctx.region, service: 'sts' });
        ctx.say(`POST ${url.href} with ${headerValue(signed.headers, 'authorization')?.replace(/Signature=\w+/, 'Signature=…')}`);
        const response: Response = todo('send it: fetch(url, { method: request.method, headers: headersToSend(signed.headers), body: request.body })');
        const answer = readStsAnswer(response.status, await response.text());
        if (!answer.ok) throw new Error(`STS refused the request: ${answer.code}: ${answer.message}`);
        ctx.output('account', answer.identity.account);
        ctx.output('arn', answer.identity.arn);
        if (!ctx.isLocal) {
          ctx.say('STS recomputed your signature with the secret it holds, and it matched.');
          return;
        }
        const problem = await verifyLikeAws(request, signed.headers, credentials, ctx.region, 'sts');
        if (problem) throw new Error(`LocalStack answered, but it checks no signatures; verified here as AWS would: ${problem}`);
        ctx.say("LocalStack checks no signatures (it answers even an unsigned request): verified here with the SDK's signer, as AWS would, and it is right.");
      },
    },
  ],
});
