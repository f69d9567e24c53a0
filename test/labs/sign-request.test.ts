// The sign-request lab against LocalStack. A signer lives on the student's computer, so the lab's last step leaves its
// proof in the student's account: the SSM parameter /workbook/sign-request/proof, written by a PutParameter request
// the student's signer signed. The checks read only that. Then the signer compared with the SDK's on tricky cases.
import { DeleteParameterCommand, GetParameterCommand, ListTagsForResourceCommand, PutParameterCommand } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { labEntry } from '../../lab-runner/catalogue/read.js';
import { createContext, type LabContext } from '../../lab-runner/context.js';
import { explainDifference, firstMismatch } from '../../labs/sign-request/compare.js';
import { PROOF_PARAMETER } from '../../labs/sign-request/proof.js';
import { referenceSign } from '../../labs/sign-request/reference.js';
import { DOCUMENTED_SIGNING_KEY, EXAMPLE_CREDENTIALS, SAMPLES } from '../../labs/sign-request/samples.js';
import { callerIdentityRequest, headersToSend, readStsAnswer, verifyLikeAws } from '../../labs/sign-request/sts.js';
import { headerValue, type Signer } from '../../labs/sign-request/types.js';
import * as solution from '../../solutions/sign-request/signer.js';
import { runCli } from '../support/cli.js';
import { describeLabCycle } from '../support/lab-cycle.js';
import { copyProject, type ProjectCopy } from '../support/project-copy.js';
import { localEnv, localSession } from '../support/session.js';

const account = '000000002410';

interface CheckJson {
  passed: boolean;
  checks: { id: string; passed: boolean; detail: string }[];
}

async function checkJson(env: NodeJS.ProcessEnv): Promise<{ code: number; report: CheckJson }> {
  const cli = await runCli(['check', 'sign-request', '--json'], env);
  return { code: cli.code, report: JSON.parse(cli.stdout) as CheckJson };
}

async function contextFor(accountId: string): Promise<LabContext> {
  const session = await localSession(accountId);
  return createContext({ target: session.target, lab: labEntry('sign-request'), account: session.account });
}

async function proofOf(ctx: LabContext): Promise<Record<string, unknown>> {
  const { Parameter } = await ctx.clients.ssm.send(new GetParameterCommand({ Name: PROOF_PARAMETER }));
  return JSON.parse(Parameter?.Value ?? '{}') as Record<string, unknown>;
}

async function rewriteProof(ctx: LabContext, change: (proof: Record<string, unknown>) => Record<string, unknown>): Promise<void> {
  const changed = change(await proofOf(ctx));
  await ctx.clients.ssm.send(new PutParameterCommand({ Name: PROOF_PARAMETER, Value: JSON.stringify(changed), Type: 'String', Overwrite: true }));
}

async function removeProof(ctx: LabContext): Promise<void> {
  await ctx.clients.ssm.send(new DeleteParameterCommand({ Name: PROOF_PARAMETER })).catch(() => undefined);
}

async function proofExists(ctx: LabContext): Promise<boolean> {
  return ctx.clients.ssm.send(new GetParameterCommand({ Name: PROOF_PARAMETER })).then(
    () => true,
    () => false,
  );
}

/** A copy of the project whose student files are the solution's, with the signer changed by `change`. */
function copyWithSigner(change: (signer: string) => string): ProjectCopy {
  const copy = copyProject();
  const signer = copy.read('solutions/sign-request/signer.ts');
  const changed = change(signer);
  expect(changed, 'the change applies to the solution signer').not.toBe(signer);
  copy.write('labs/sign-request/signer.ts', changed);
  copy.write('labs/sign-request/lab.ts', copy.read('solutions/sign-request/lab.ts'));
  return copy;
}

describeLabCycle({
  labId: 'sign-request',
  account,
  breakers: {
    async 'matches-reference'(ctx) {
      // One sample's recorded signature is not the one the SDK makes.
      await rewriteProof(ctx, (proof) => {
        const samples = proof.samples as Record<string, string>;
        const [first] = Object.keys(samples);
        return { ...proof, samples: { ...samples, [first ?? '']: 'f'.repeat(64) } };
      });
    },
    async 'sts-accepts'(ctx) {
      // The STS request's signature is not a SigV4 signature at all.
      await rewriteProof(ctx, (proof) => {
        const sts = proof.sts as Record<string, unknown>;
        return { ...proof, sts: { ...sts, authorization: String(sts.authorization).replace(/Signature=\w+/, 'Signature=not-a-signature') } };
      });
    },
  },
  async control(ctx) {
    await ctx.clients.ssm.send(new PutParameterCommand({ Name: '/workbook/sign-request/my-notes', Value: 'mine, untagged', Type: 'String', Overwrite: true }));
    return async () => {
      const { Parameter } = await ctx.clients.ssm.send(new GetParameterCommand({ Name: '/workbook/sign-request/my-notes' }));
      return Parameter?.Value === 'mine, untagged';
    };
  },
});

describe('sign-request: every point is earned in the student\'s account', () => {
  const solved = '000000002411';
  const fresh = '000000002412';

  it('fails both checks of an account where the lab never ran, even after this clone ran the solution', async () => {
    await removeProof(await contextFor(fresh));
    const run = await runCli(['run', 'sign-request', '--solution'], localEnv(solved));
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const { code, report } = await checkJson(localEnv(fresh));
    expect(code).toBe(1);
    expect(report.checks.map((c) => [c.id, c.passed])).toEqual([
      ['matches-reference', false],
      ['sts-accepts', false],
    ]);
    for (const c of report.checks) expect(c.detail).toContain(`no SSM parameter ${PROOF_PARAMETER} in us-east-1`);
  });

  it('judges the proof in the account, not the signer on this computer: the starter\'s TODOs change nothing', async () => {
    const starter = await runCli(['run', 'sign-request'], localEnv(solved));
    expect(starter.code).toBe(1);
    expect(starter.stdout).toMatch(/Step 1 is yours to write: labs\/sign-request\/signer\.ts:\d+:\d+ — /);
    const { code, report } = await checkJson(localEnv(solved));
    expect(code, JSON.stringify(report)).toBe(0);
    expect(report.checks.find((c) => c.id === 'sts-accepts')?.detail).toMatch(/LocalStack checks no signatures/);
  });

  it('leaves a tagged proof naming the account, a well-formed signature of the STS call, and the samples\' signatures', async () => {
    const ctx = await contextFor(solved);
    const { TagList = [] } = await ctx.clients.ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: PROOF_PARAMETER }));
    expect(TagList).toContainEqual({ Key: 'workbook:lab', Value: 'sign-request' });
    const proof = await proofOf(ctx);
    expect(proof).toEqual({
      account: solved,
      arn: `arn:aws:iam::${solved}:root`,
      sts: {
        amzDate: expect.stringMatching(/^\d{8}T\d{6}Z$/),
        authorization: expect.stringMatching(/^AWS4-HMAC-SHA256 Credential=0000…\/\d{8}\/us-east-1\/sts\/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=[0-9a-f]{64}$/),
        sessionToken: false,
      },
      samples: Object.fromEntries(SAMPLES.map((s) => [s.id, expect.stringMatching(/^[0-9a-f]{64}$/)])),
    });
  });
});

describe('sign-request: access keys and session tokens', () => {
  const temporary = '000000002413';
  const secret = 'Sentinel/Secret+Key/sign-request-2413';
  const token = 'Sentinel-Session-Token-sign-request-2413';
  const env = { ...localEnv(temporary), AWS_SECRET_ACCESS_KEY: secret, AWS_SESSION_TOKEN: token };

  it('shows the access key id only as its first 4 characters, never the secret or the session token, and signs the token', async () => {
    const run = await runCli(['run', 'sign-request', '--solution'], env);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const check = await runCli(['check', 'sign-request', '--json'], env);
    expect(check.code, check.stdout).toBe(0);
    const printed = run.stdout + run.stderr + check.stdout + check.stderr;
    expect(printed).toMatch(/Credential=0000…\/\d{8}\/us-east-1\/sts\/aws4_request/);
    expect(printed).toMatch(/Credential=0000…\/\d{8}\/us-east-1\/ssm\/aws4_request/);
    expect(printed).not.toContain(`Credential=${temporary}`);
    expect(printed).not.toContain(secret);
    expect(printed).not.toContain(token);
    const proof = await proofOf(await contextFor(temporary));
    expect(proof.sts).toMatchObject({ sessionToken: true, authorization: expect.stringContaining('SignedHeaders=content-type;host;x-amz-date;x-amz-security-token,') });
    expect(JSON.stringify(proof)).not.toContain(token);
  });

  it('says in its hint that temporary credentials sign the session token as X-Amz-Security-Token', () => {
    const hint = labEntry('sign-request').steps.find((s) => s.id === 'canonical-request')?.hint ?? '';
    expect(hint).toMatch(/session token/);
    expect(hint).toContain('X-Amz-Security-Token');
  });

  it('stops a signer that leaves the session token out at the sample with one, saying why', async () => {
    const copy = copyWithSigner((signer) => signer.replace("    ...(credentials.sessionToken ? { 'x-amz-security-token': credentials.sessionToken } : {}),\n", ''));
    try {
      const run = await copy.lab(['run', 'sign-request'], localEnv('000000002414'));
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('Sample "temporary credentials');
      expect(run.stdout).toMatch(/temporary.*session token.*X-Amz-Security-Token.*yours leaves it out/s);
    } finally {
      copy.remove();
    }
  });
});

describe('sign-request: the proof is written only with a signature AWS would accept', () => {
  it('on LocalStack, does not send a PutParameter whose signature AWS would refuse, and writes no proof', async () => {
    const wrong = '000000002415';
    const ctx = await contextFor(wrong);
    await removeProof(ctx);
    // Right for STS, wrong for SSM: the last step's request reaches the lab with a signature AWS would refuse.
    const copy = copyWithSigner((signer) =>
      signer.replace("  return { headers: { ...headers, authorization }, canonicalRequest: canonical, stringToSign: toSign };", "  return { headers: { ...headers, authorization: scope.service === 'ssm' ? authorization.replace(/.$/, (c) => (c === '0' ? '1' : '0')) : authorization }, canonicalRequest: canonical, stringToSign: toSign };"),
    );
    try {
      const run = await copy.lab(['run', 'sign-request'], localEnv(wrong));
      expect(run.code, run.stdout).toBe(1);
      expect(run.stdout).toMatch(/✓ done in/);
      expect(run.stdout).toContain('AWS would refuse it');
      expect(run.stdout).toContain('the signature is not the one AWS computes for this request');
      expect(run.stdout).toContain('It was not sent');
      expect(await proofExists(ctx)).toBe(false);
    } finally {
      copy.remove();
    }
  });

  it('refuses a proof parameter the lab did not make, and says how to adopt or delete it', async () => {
    const other = '000000002416';
    const ctx = await contextFor(other);
    await removeProof(ctx);
    await ctx.clients.ssm.send(new PutParameterCommand({ Name: PROOF_PARAMETER, Value: 'my own notes', Type: 'String' }));
    try {
      const run = await runCli(['run', 'sign-request', '--solution'], localEnv(other));
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(`is not tagged workbook:lab=sign-request`);
      expect(run.stdout).toContain(`aws ssm add-tags-to-resource --resource-type Parameter --resource-id ${PROOF_PARAMETER} --tags Key=workbook:lab,Value=sign-request --region us-east-1`);
      expect(run.stdout).toContain(`aws ssm delete-parameter --name ${PROOF_PARAMETER} --region us-east-1`);
      expect((await ctx.clients.ssm.send(new GetParameterCommand({ Name: PROOF_PARAMETER }))).Parameter?.Value).toBe('my own notes');
    } finally {
      await removeProof(ctx);
    }
  });

  it('is honest that LocalStack accepts a wrong signature, and catches it itself', async () => {
    const session = await localSession(account);
    const url = new URL('/', session.target.endpoint);
    const request = callerIdentityRequest(url);
    const credentials = { accessKeyId: account, secretAccessKey: 'test' };
    const signed = solution.signRequest(request, credentials, { date: new Date(), region: 'us-east-1', service: 'sts' });
    const forged = { ...signed.headers, authorization: (signed.headers.authorization ?? '').replace(/Signature=\w+/, `Signature=${'0'.repeat(64)}`) };
    const response = await fetch(url, { method: 'POST', headers: headersToSend(forged), body: request.body });
    expect(readStsAnswer(response.status, await response.text())).toMatchObject({ ok: true, identity: { account } });
    expect(await verifyLikeAws(request, forged, credentials, 'us-east-1', 'sts')).toMatch(/signature is not the one AWS computes/);
    expect(await verifyLikeAws(request, signed.headers, credentials, 'us-east-1', 'sts')).toBeUndefined();
    expect(await verifyLikeAws(request, signed.headers, credentials, 'eu-west-1', 'sts')).toMatch(/region is us-east-1, not eu-west-1/);
  });
});

const wrongSigners: { file: string; detail: RegExp }[] = [
  { file: 'untrimmed-headers', detail: /"POST with a form body and padded headers.*line 7 \(canonical headers\)/ },
  { file: 'single-encoded-path', detail: /"a path encoded twice.*line 2 \(canonical URI\): yours "\/prod\/menu\/caf%C3%A9%20au%20lait"/ },
  { file: 'encode-uri-component', detail: /"query values with reserved characters.*line 3 \(canonical query string\)/ },
  { file: 'locale-sorted-query', detail: /"query names sorted by code point.*line 3 \(canonical query string\)/ },
  { file: 'unsigned-session-token', detail: /"temporary credentials.*session token.*X-Amz-Security-Token.*yours leaves it out/ },
  { file: 'dropped-session-token', detail: /"temporary credentials.*session token.*X-Amz-Security-Token.*yours leaves it out/ },
  { file: 'keyless-chain', detail: /canonical request and string to sign match, but the signature differs/ },
  { file: 'swapped-scope', detail: /string to sign, line 3 \(credential scope\)/ },
];

describe('the SigV4 signer compared with the SDK\'s', () => {
  const wrong = async (file: string): Promise<Signer> => (await import(`./sign-request/${file}.ts`)) as Signer;

  it('agrees with the AWS documentation examples', async () => {
    const example = { date: new Date('2015-08-30T12:36:00Z'), region: 'us-east-1', service: 'iam' };
    expect(solution.signingKey(EXAMPLE_CREDENTIALS.secretAccessKey, example).toString('hex')).toBe(DOCUMENTED_SIGNING_KEY);
    const listUsers = solution.signRequest(SAMPLES[0].request, SAMPLES[0].credentials, SAMPLES[0].scope);
    expect(listUsers.headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, ' +
        'Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
    );
    // get-vanilla from the AWS SigV4 test suite.
    const vanilla = solution.signRequest({ method: 'GET', host: 'example.amazonaws.com', path: '/', query: {}, headers: {}, body: '' }, EXAMPLE_CREDENTIALS, { ...example, service: 'service' });
    expect(vanilla.headers.authorization).toMatch(/SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31$/);
  });

  it('matches the SDK on every sample, canonical request and string to sign included', async () => {
    for (const sample of SAMPLES) {
      const expected = await referenceSign(sample.request, sample.credentials, sample.scope);
      const actual = solution.signRequest(sample.request, sample.credentials, sample.scope);
      expect({ title: sample.title, canonical: actual.canonicalRequest, toSign: actual.stringToSign, authorization: actual.headers.authorization }).toEqual({
        title: sample.title,
        canonical: expected.canonicalRequest,
        toSign: expected.stringToSign,
        authorization: expected.authorization,
      });
    }
    expect(await firstMismatch(solution)).toBeUndefined();
  });

  it('finds each classic mistake on the sample made for it, and says where', async () => {
    for (const w of wrongSigners) {
      const mismatch = await firstMismatch(await wrong(w.file));
      expect(mismatch, w.file).toBeDefined();
      expect(`"${mismatch?.sample.title}": ${mismatch?.explanation}`, w.file).toMatch(w.detail);
    }
    expect(await firstMismatch(await wrong('no-date-header'))).toBeUndefined();
  });

  it('shows the padded header both ways when header values are not trimmed', async () => {
    const sample = SAMPLES.find((s) => s.title.startsWith('POST with a form body'));
    if (!sample) throw new Error('no padded-headers sample');
    const actual = (await wrong('untrimmed-headers')).signRequest(sample.request, sample.credentials, sample.scope);
    const explanation = explainDifference(await referenceSign(sample.request, sample.credentials, sample.scope), actual);
    expect(explanation).toBe('canonical request, line 7 (canonical headers): yours "x-amz-meta-colors:red,   green ,blue", the SDK\'s "x-amz-meta-colors:red, green ,blue"');
  });

  it('reads both answers of STS', () => {
    const ok = '<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/admin</Arn><UserId>AIDA</UserId><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>';
    expect(readStsAnswer(200, ok)).toEqual({ ok: true, identity: { account: '123456789012', arn: 'arn:aws:iam::123456789012:user/admin' } });
    const refused = '<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided.</Message></Error></ErrorResponse>';
    expect(readStsAnswer(403, refused)).toEqual({ ok: false, status: 403, code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided.' });
  });

  it('sends no Host header of its own: fetch derives it from the URL that was signed', () => {
    const signed = solution.signRequest(callerIdentityRequest(new URL('https://sts.eu-west-1.amazonaws.com/')), EXAMPLE_CREDENTIALS, { date: new Date(), region: 'eu-west-1', service: 'sts' });
    expect(headerValue(signed.headers, 'host')).toBe('sts.eu-west-1.amazonaws.com');
    expect(headerValue(headersToSend(signed.headers), 'host')).toBeUndefined();
  });
});
