// The sign-request lab against LocalStack, by hand rather than with describeLabCycle: it creates nothing in the cloud,
// so "reset" and "no duplicates" become "nothing to reset", and breaking a check means pointing the checks at a
// signer with one mistake (see sign-request/*.ts). Then the comparison with the SDK's signer on tricky cases.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkLab } from '../../lab-runner/check.js';
import { stateDir } from '../../lab-runner/paths.js';
import { planReset } from '../../lab-runner/reset.js';
import type { Session } from '../../lab-runner/session.js';
import { explainDifference, firstMismatch } from '../../labs/sign-request/compare.js';
import { referenceSign } from '../../labs/sign-request/reference.js';
import { DOCUMENTED_SIGNING_KEY, EXAMPLE_CREDENTIALS, SAMPLES } from '../../labs/sign-request/samples.js';
import { loadSigner } from '../../labs/sign-request/signer-under-test.js';
import { callerIdentityRequest, headersToSend, readStsAnswer, verifyLikeAws } from '../../labs/sign-request/sts.js';
import { headerValue, type Signer } from '../../labs/sign-request/types.js';
import * as solution from '../../solutions/sign-request/signer.js';
import { runCli } from '../support/cli.js';
import { localEnv, localSession } from '../support/session.js';

const account = '000000000103';
const env = localEnv(account);
const recordFile = () => join(stateDir(), 'sign-request', 'signer-under-test.json');
const TODO_DETAIL = /^your signer still has TODOs \(labs\/sign-request\/signer\.ts:\d+\)$/;

/** What a student's last run would have recorded: the checks then test this file. */
function pointChecksAt(file: string): void {
  mkdirSync(join(stateDir(), 'sign-request'), { recursive: true });
  writeFileSync(recordFile(), JSON.stringify({ file }));
}

interface CheckJson {
  passed: boolean;
  checks: { id: string; passed: boolean; detail: string }[];
}

async function checkJson(): Promise<{ code: number; report: CheckJson }> {
  const cli = await runCli(['check', 'sign-request', '--json'], env);
  return { code: cli.code, report: JSON.parse(cli.stdout) as CheckJson };
}

const wrongSigners: { file: string; fails: string[]; detail: RegExp }[] = [
  { file: 'untrimmed-headers', fails: ['matches-reference'], detail: /"POST with a form body and padded headers.*line 7 \(canonical headers\)/ },
  { file: 'single-encoded-path', fails: ['matches-reference'], detail: /"a path encoded twice.*line 2 \(canonical URI\): yours "\/prod\/menu\/caf%C3%A9%20au%20lait"/ },
  { file: 'encode-uri-component', fails: ['matches-reference'], detail: /"query values with reserved characters.*line 3 \(canonical query string\)/ },
  { file: 'locale-sorted-query', fails: ['matches-reference'], detail: /"query names sorted by code point.*line 3 \(canonical query string\)/ },
  { file: 'unsigned-session-token', fails: ['matches-reference'], detail: /"temporary credentials.*canonical headers/ },
  { file: 'keyless-chain', fails: ['matches-reference', 'sts-accepts'], detail: /canonical request and string to sign match, but the signature differs/ },
  { file: 'swapped-scope', fails: ['matches-reference', 'sts-accepts'], detail: /string to sign, line 3 \(credential scope\)/ },
  { file: 'no-date-header', fails: ['sts-accepts'], detail: /no valid X-Amz-Date header/ },
];

describe('lab sign-request against LocalStack', () => {
  let session: Session;

  beforeAll(async () => {
    session = await localSession(account);
    rmSync(recordFile(), { force: true });
  });

  it('fails both checks before any run, naming the first TODO of the student\'s signer (exit 1)', async () => {
    const { code, report } = await checkJson();
    expect(code).toBe(1);
    expect(report.checks.map((c) => [c.id, c.passed])).toEqual([
      ['matches-reference', false],
      ['sts-accepts', false],
    ]);
    for (const c of report.checks) expect(c.detail).toMatch(TODO_DETAIL);
  });

  it('stops the starter at its first TODO, in signer.ts, and then checks the student\'s signer', async () => {
    pointChecksAt('solutions/sign-request/signer.ts');
    const run = await runCli(['run', 'sign-request'], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/Step 1 is yours to write: labs\/sign-request\/signer\.ts:\d+ — /);
    const { code, report } = await checkJson();
    expect(code).toBe(1);
    expect(report.checks.every((c) => TODO_DETAIL.test(c.detail))).toBe(true);
  });

  it('passes every check with the solution, and again on a rerun, saying which signer passed', async () => {
    for (let i = 0; i < 2; i++) {
      const run = await runCli(['run', 'sign-request', '--solution'], env);
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toContain(`account: ${account}`);
      const { code, report } = await checkJson();
      expect(code, JSON.stringify(report)).toBe(0);
      for (const c of report.checks) expect(c.detail).toContain('solutions/sign-request/signer.ts (the reference solution');
      expect(report.checks.find((c) => c.id === 'sts-accepts')?.detail).toMatch(/checks no signatures.*the signature is right/);
    }
  });

  it('sees each check fail on a signer with its mistake', async () => {
    for (const wrong of wrongSigners) {
      pointChecksAt(`test/labs/sign-request/${wrong.file}.ts`);
      const report = await checkLab('sign-request', session);
      const failed = report.checks.filter((c) => !c.passed);
      expect(failed.map((c) => c.id), wrong.file).toEqual(wrong.fails);
      expect(failed[0].detail, wrong.file).toMatch(wrong.detail);
    }
    const seen = new Set(wrongSigners.flatMap((w) => (w.fails.length === 1 ? w.fails : [])));
    expect([...seen].sort()).toEqual(['matches-reference', 'sts-accepts']);
  });

  it('tests the student\'s signer when the record is gone or points outside the project', async () => {
    for (const record of [undefined, '../../etc/passwd.ts', 'labs/sign-request/missing.ts']) {
      if (record === undefined) rmSync(recordFile(), { force: true });
      else pointChecksAt(record);
      const report = await checkLab('sign-request', session);
      expect(report.checks.every((c) => !c.passed && TODO_DETAIL.test(c.detail))).toBe(true);
    }
  });

  it('creates nothing, so reset has nothing to remove', async () => {
    const reset = await runCli(['reset', 'sign-request', '--yes'], env);
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout).toContain('nothing tagged workbook:lab=sign-request');
    expect((await planReset('sign-request', session)).resources).toEqual([]);
  });

  it('is honest that LocalStack accepts a wrong signature, and catches it itself', async () => {
    const url = new URL('/', session.target.endpoint);
    const request = callerIdentityRequest(url);
    const credentials = { accessKeyId: account, secretAccessKey: 'test' };
    const signed = solution.signRequest(request, credentials, { date: new Date(), region: 'us-east-1', service: 'sts' });
    const forged = { ...signed.headers, authorization: signed.headers.authorization.replace(/Signature=\w+/, `Signature=${'0'.repeat(64)}`) };
    const response = await fetch(url, { method: 'POST', headers: headersToSend(forged), body: request.body });
    expect(readStsAnswer(response.status, await response.text())).toMatchObject({ ok: true, identity: { account } });
    expect(await verifyLikeAws(request, forged, credentials, 'us-east-1', 'sts')).toMatch(/signature is not the one AWS computes/);
    expect(await verifyLikeAws(request, signed.headers, credentials, 'us-east-1', 'sts')).toBeUndefined();
    expect(await verifyLikeAws(request, signed.headers, credentials, 'eu-west-1', 'sts')).toMatch(/region is us-east-1, not eu-west-1/);
  });
});

describe('the SigV4 signer compared with the SDK\'s', () => {
  const wrong = (file: string): Promise<Signer> => loadSigner({ file: `test/labs/sign-request/${file}.ts`, why: 'a test' });

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
    for (const w of wrongSigners.filter((s) => s.fails.includes('matches-reference'))) {
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
