// Lab `sign-request`: your own AWS Signature Version 4 signer, in ./signer.ts, compared piece by piece with the AWS
// SDK's signer on tricky sample requests, then used to call STS GetCallerIdentity with plain fetch, and to write the
// proof of it into your account (an SSM parameter) with a request it signs, where `npx lab check sign-request` reads it.
// Write the todo() functions in signer.ts (and the fetch in step 4), then run `npx lab run sign-request`.
// Stuck? `npx lab hint sign-request <step>`.
import { defineLab } from '../../lab-runner/lab.js';
import { canonicalRequestDifference, firstMismatch, stringToSignDifference } from '../../labs/sign-request/compare.js';
import { maskedAuthorization } from '../../labs/sign-request/mask.js';
import { PROOF_PARAMETER, proofText, sampleSignatures } from '../../labs/sign-request/proof.js';
import { referenceSign } from '../../labs/sign-request/reference.js';
import { awsWouldRefuse } from '../../labs/sign-request/refuse.js';
import { DOCUMENTED_SIGNING_KEY, EXAMPLE_CREDENTIALS, SAMPLES } from '../../labs/sign-request/samples.js';
import { sessionTokenLeftOut } from '../../labs/sign-request/session-token.js';
import { putParameterInput, putParameterRequest, sendToSsm, ssmUrl } from '../../labs/sign-request/ssm.js';
import { callerIdentityRequest, headersToSend, readStsAnswer, stsUrl } from '../../labs/sign-request/sts.js';
import { headerValue } from '../../labs/sign-request/types.js';
import * as signer from './signer.js';

/** What the steps hand each other. */
interface Outputs {
  account: string;
  arn: string;
  /** The X-Amz-Date and Authorization header (key id masked) of the STS call your signer signed. */
  stsDate: string;
  stsAuthorization: string;
}

export default defineLab<Outputs>({
  id: 'sign-request',
  title: 'Sign a request: what "authenticated" means to AWS',
  lessons: ['08-iam'],
  goal:
    'Every call to an AWS API is an HTTPS request signed with Signature Version 4: an HMAC of a canonical form of the request, ' +
    'made with a key derived from your secret access key, the day, the region and the service. AWS recomputes it with the ' +
    'secret it holds and compares; the secret itself never travels, and a signature is good for one request for a few ' +
    'minutes. Temporary credentials add a session token, sent and signed as X-Amz-Security-Token. Write your own signer in ' +
    "labs/sign-request/signer.ts with nothing but node:crypto, compare it piece by piece with the AWS SDK's signer on tricky " +
    'sample requests, call STS GetCallerIdentity with plain fetch and your signature, and leave the proof in your account: ' +
    'the SSM parameter /workbook/sign-request/proof, written by a request your signer signs.',
  region: 'target',
  requires: [],
  cost: 'Free: GetCallerIdentity costs nothing and needs no permission, and a standard SSM parameter costs nothing.',
  localNote:
    'LocalStack checks no signatures (it answers even an unsigned request), so on LocalStack the lab verifies each of your ' +
    "signed requests itself, with the SDK's signer, the way AWS would, and sends none that AWS would refuse. Only AWS proves it for real.",
  services: ['sts', 'ssm'],
  resources: ['ssm:parameter'],
  steps: [
    {
      id: 'canonical-request',
      title: 'Build the canonical request',
      command: 'aws sts get-caller-identity --debug 2>&1 | grep -A 12 CanonicalRequest',
      hint:
        'In signer.ts write headersToSign, uriEncode, canonicalUri, canonicalQueryString, canonicalHeaders and canonicalRequest. The canonical ' +
        'request is method, path, query, headers, signed header names and the body hash, one per line, each written one exact way. The signed ' +
        'headers are the request\'s own plus host and x-amz-date; with temporary credentials (a role, SSO, aws login) they also carry the ' +
        'session token as X-Amz-Security-Token, which AWS requires with such credentials (one sample has one). This step shows the first line ' +
        "where yours differs from the SDK's.",
      async run(ctx) {
        for (const sample of SAMPLES) {
          const mine = signer.canonicalRequestOf(sample.request, sample.credentials, sample.scope);
          const expected = (await referenceSign(sample.request, sample.credentials, sample.scope)).canonicalRequest;
          const difference = sessionTokenLeftOut(sample.credentials, mine) ?? canonicalRequestDifference(mine, expected);
          if (difference) throw new Error(`Sample "${sample.title}": canonical request: ${difference}`);
        }
        ctx.say(`the same canonical request as the SDK on all ${SAMPLES.length} samples; the first one's:`);
        for (const line of signer.canonicalRequestOf(SAMPLES[0].request, SAMPLES[0].credentials, SAMPLES[0].scope).split('\n')) ctx.say(`  ${line}`);
      },
    },
    {
      id: 'string-to-sign',
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
      id: 'signature',
      title: "Sign the samples and compare with the SDK's signer",
      command: 'aws iam list-users --debug 2>&1 | grep -o "Authorization[^,]*, SignedHeaders=[^,]*"',
      hint:
        "Write signature and authorizationHeader. signRequest puts the pieces together; this step compares its Authorization header with the SDK's " +
        'on every sample: GET and POST, reserved and non-ASCII query values, padded and repeated headers, empty and JSON bodies, and temporary ' +
        'credentials, whose session token must be sent and signed as X-Amz-Security-Token.',
      async run(ctx) {
        const mismatch = await firstMismatch(signer);
        if (mismatch) throw new Error(`Sample "${mismatch.sample.title}": ${mismatch.explanation}`);
        for (const sample of SAMPLES) ctx.say(`✓ ${sample.title}`);
        const first = signer.signRequest(SAMPLES[0].request, SAMPLES[0].credentials, SAMPLES[0].scope);
        ctx.say(`e.g. Authorization: ${headerValue(first.headers, 'authorization')}`);
      },
    },
    {
      id: 'call-sts',
      title: 'Call STS GetCallerIdentity with your signature',
      command:
        'curl --aws-sigv4 "aws:amz:us-east-1:sts" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" ' +
        '--data "Action=GetCallerIdentity&Version=2011-06-15" https://sts.us-east-1.amazonaws.com/',
      hint:
        'The request is built and signed for you with your credentials and the current time. Send it with fetch(url, { method, headers, body }), ' +
        'using headersToSend(signed.headers): fetch sets Host from the URL. STS answers XML with your account and ARN. With temporary ' +
        'credentials your signed headers carry the session token as X-Amz-Security-Token (curl needs it given: -H "X-Amz-Security-Token: $AWS_SESSION_TOKEN").',
      async run(ctx) {
        const url = stsUrl(ctx);
        const request = callerIdentityRequest(url);
        const credentials = await ctx.credentials();
        const signed = signer.signRequest(request, credentials, { date: new Date(), region: ctx.region, service: 'sts' });
        const authorization = headerValue(signed.headers, 'authorization') ?? '';
        ctx.say(`POST ${url.href} with ${maskedAuthorization(authorization, { hideSignature: true })}`);
        const refused = await awsWouldRefuse(ctx, request, signed, credentials, 'sts');
        if (refused) throw new Error(refused);
        // solution: send it: fetch(url, { method: request.method, headers: headersToSend(signed.headers), body: request.body })
        const response: Response = await fetch(url, { method: request.method, headers: headersToSend(signed.headers), body: request.body });
        // end solution
        const answer = readStsAnswer(response.status, await response.text());
        if (!answer.ok) throw new Error(`STS refused the request: ${answer.code}: ${answer.message}`);
        ctx.output('account', answer.identity.account);
        ctx.output('arn', answer.identity.arn);
        ctx.output('stsDate', headerValue(signed.headers, 'x-amz-date') ?? '');
        ctx.output('stsAuthorization', maskedAuthorization(authorization));
        ctx.say(
          ctx.isLocal
            ? "LocalStack checks no signatures (it answers even an unsigned request): the lab verified yours with the SDK's signer, as AWS would, before sending it."
            : 'STS recomputed your signature with the secret it holds, and it matched.',
        );
      },
    },
    {
      id: 'proof',
      title: 'Leave the proof in your account: an SSM parameter written by a request you signed',
      command: `aws ssm put-parameter --name ${PROOF_PARAMETER} --type String --value file://proof.json --tags Key=workbook:lab,Value=sign-request`,
      hint:
        'Nothing new to write: your signRequest signs an SSM PutParameter request and it is sent with fetch, like the STS call. SSM speaks JSON: ' +
        'a POST to / with X-Amz-Target: AmazonSSM.PutParameter (signed like any header) and the parameters as the body. AWS writes the parameter ' +
        'only when the signature is right, so it is the proof `npx lab check sign-request` reads: what STS answered, the STS call\'s signature ' +
        'and your signatures of the samples. If it stops here, the message says what AWS would refuse.',
      async run(ctx) {
        const url = ssmUrl(ctx);
        const credentials = await ctx.credentials();
        const proof = proofText({
          account: ctx.outputs.account,
          arn: ctx.outputs.arn,
          sts: { amzDate: ctx.outputs.stsDate, authorization: ctx.outputs.stsAuthorization, sessionToken: Boolean(credentials.sessionToken) },
          samples: sampleSignatures(signer),
        });
        const { input, overwrites } = await putParameterInput(ctx, PROOF_PARAMETER, proof, 'Proof that requests signed by your own SigV4 signer were accepted (the sign-request lab)');
        const request = putParameterRequest(url, input);
        const signed = signer.signRequest(request, credentials, { date: new Date(), region: ctx.region, service: 'ssm' });
        ctx.say(`POST ${url.href} (X-Amz-Target: AmazonSSM.PutParameter) with ${maskedAuthorization(headerValue(signed.headers, 'authorization') ?? '', { hideSignature: true })}`);
        const refused = await awsWouldRefuse(ctx, request, signed, credentials, 'ssm');
        if (refused) throw new Error(refused);
        const answer = await sendToSsm(url, request, signed.headers);
        if (!answer.ok) throw new Error(`SSM refused the request: ${answer.code}: ${answer.message}`);
        ctx.say(`${overwrites ? 'overwrote' : 'wrote'} ${PROOF_PARAMETER} (version ${answer.version}), tagged workbook:lab=sign-request: \`npx lab check sign-request\` reads it there`);
      },
    },
  ],
});
