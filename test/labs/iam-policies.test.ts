// The iam-policies lab through the whole cycle on the gated local cloud, each check seen failing on exactly its
// mistake; a wrong policy, fixed, converging; the reviewer's access key deleted after every run, a key left behind by
// a run stopped with Ctrl-C deleted by the next run and by reset, and a key of someone else's never touched; and on a
// LocalStack without the gate, the lab and its checks saying why they cannot judge.
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  DeletePolicyCommand,
  DetachGroupPolicyCommand,
  CreateUserCommand,
  EntityAlreadyExistsException,
  GetGroupCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  ListAccessKeysCommand,
  ListUserTagsCommand,
} from '@aws-sdk/client-iam';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, HeadBucketCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { labEntry } from '../../lab-runner/catalogue/read.js';
import { createContext, type LabContext } from '../../lab-runner/context.js';
import { type PolicyDocument, type PolicyStatement, parsePolicyDocument, samePolicy, statementsOf } from '../../lab-runner/policy-document.js';
import { projectRoot } from '../../lab-runner/paths.js';
import { bucketArn, GROUP_NAME, POLICY_NAME, policyLabBucket, USER_NAME } from '../../labs/iam-policies/spec.js';
import { rawLocalStack } from '../gate/helpers.js';
import { describeLabCycle, failingChecks, resetLab, solve } from '../support/lab-cycle.js';
import { runCli } from '../support/cli.js';
import { copyProject } from '../support/project-copy.js';
import { localEnv, localSession } from '../support/session.js';
import { spawnCli } from '../support/spawn-cli.js';

const LAB = 'iam-policies';

async function contextFor(account: string): Promise<LabContext> {
  const session = await localSession(account);
  return createContext({ target: session.target, lab: labEntry(LAB), account: session.account });
}

async function unlessExists(creating: Promise<unknown>): Promise<void> {
  try {
    await creating;
  } catch (error) {
    if (!(error instanceof EntityAlreadyExistsException) && !(error instanceof Error && /BucketAlreadyOwnedByYou/.test(error.name))) throw error;
  }
}

/** The policy the solution made, changed by `change` into a new default version: the mistake a student would make. */
async function changePolicy(ctx: LabContext, change: (statements: PolicyStatement[], bucket: string) => PolicyStatement[]): Promise<void> {
  const PolicyArn = `arn:aws:iam::${ctx.account}:policy/${POLICY_NAME}`;
  const { Policy } = await ctx.clients.iam.send(new GetPolicyCommand({ PolicyArn }));
  const { PolicyVersion } = await ctx.clients.iam.send(new GetPolicyVersionCommand({ PolicyArn, VersionId: Policy?.DefaultVersionId }));
  const document = parsePolicyDocument(PolicyVersion?.Document);
  const changed: PolicyDocument = { ...document, Statement: change(statementsOf(document), bucketArn(policyLabBucket(ctx.account, ctx.region))) };
  await ctx.clients.iam.send(new CreatePolicyVersionCommand({ PolicyArn, PolicyDocument: JSON.stringify(changed), SetAsDefault: true }));
}

const without = (sid: string) => (statements: PolicyStatement[]) => statements.filter((s) => s.Sid !== sid);
const withResource = (sid: string, resource: (bucket: string) => string) => (statements: PolicyStatement[], bucket: string) =>
  statements.map((s) => (s.Sid === sid ? { ...s, Resource: resource(bucket) } : s));

async function reviewerKeys(ctx: LabContext): Promise<string[]> {
  return ((await ctx.clients.iam.send(new ListAccessKeysCommand({ UserName: USER_NAME }))).AccessKeyMetadata ?? []).map((k) => k.AccessKeyId ?? '');
}

async function reviewerTags(ctx: LabContext): Promise<string[]> {
  return ((await ctx.clients.iam.send(new ListUserTagsCommand({ UserName: USER_NAME }))).Tags ?? []).map((t) => `${t.Key}=${t.Value}`);
}

describeLabCycle({
  labId: LAB,
  account: '000000004501',
  breakers: {
    // Listing forgotten: the reviewer can read a photo it knows the name of, but not see what is there.
    'list-photos': (ctx) => changePolicy(ctx, without('ListOnlyPhotos')),
    // A typo in the resource: photo/ for photos/.
    'read-photo': (ctx) => changePolicy(ctx, withResource('ReadOnlyPhotos', (bucket) => `${bucket}/photo/*`)),
    // The classic: the whole bucket instead of photos/.
    'read-private-denied': (ctx) => changePolicy(ctx, withResource('ReadOnlyPhotos', (bucket) => `${bucket}/*`)),
    // No Deny: deleting is still denied, but only because nothing allows it.
    'delete-denied-explicitly': (ctx) => changePolicy(ctx, without('NoDeleteWithoutMfa')),
    // A statement for something else that does more than it should.
    'list-users-denied': (ctx) => changePolicy(ctx, (statements) => [...statements, { Sid: 'SeeWhoElseReviews', Effect: 'Allow', Action: 'iam:List*', Resource: '*' }]),
  },
  async control(ctx) {
    // Look-alikes made by hand, untagged: a bucket, a group at the default path, a user in it with a key of its own.
    const bucket = `policy-lab-look-alike-${ctx.account}`;
    await unlessExists(ctx.clients.s3.send(new CreateBucketCommand({ Bucket: bucket })));
    await unlessExists(ctx.clients.iam.send(new CreateGroupCommand({ GroupName: 'OtherReviewers' })));
    await unlessExists(ctx.clients.iam.send(new CreateUserCommand({ UserName: 'other-reviewer' })));
    await ctx.clients.iam.send(new AddUserToGroupCommand({ GroupName: 'OtherReviewers', UserName: 'other-reviewer' }));
    const keys = (await ctx.clients.iam.send(new ListAccessKeysCommand({ UserName: 'other-reviewer' }))).AccessKeyMetadata ?? [];
    if (keys.length === 0) await ctx.clients.iam.send(new CreateAccessKeyCommand({ UserName: 'other-reviewer' }));
    return async () => {
      const [group, left] = await Promise.all([
        ctx.clients.iam.send(new GetGroupCommand({ GroupName: 'OtherReviewers' })),
        ctx.clients.iam.send(new ListAccessKeysCommand({ UserName: 'other-reviewer' })),
      ]);
      await ctx.clients.s3.send(new HeadBucketCommand({ Bucket: bucket }));
      return Boolean(group.Users?.some((u) => u.UserName === 'other-reviewer') && (left.AccessKeyMetadata ?? []).length > 0);
    };
  },
});

describe('iam-policies, run again after a fix (through a copy of the project)', () => {
  it('shows the wrong decision, then makes the fixed policy a new version and the decisions follow it', async () => {
    const account = '000000004502';
    await resetLab(await localSession(account), LAB);
    const env = localEnv(account);
    const copy = copyProject();
    try {
      const solution = copy.read(`solutions/${LAB}/lab.ts`);
      const wrong = solution.replace("Resource: `${bucket}/photos/*` },", 'Resource: `${bucket}/*` },');
      expect(wrong).not.toBe(solution);
      copy.write(`labs/${LAB}/lab.ts`, wrong);
      const ranWrong = await copy.lab(['run', LAB], env);
      expect(ranWrong.code, ranWrong.stdout).toBe(0);
      expect(ranWrong.stdout).toMatch(/✓ read private\/salaries\.csv \(s3:GetObject\): allowed — lesson 9's policy decides: denied \(implicit deny\)/);
      const checked = JSON.parse((await copy.lab(['check', LAB, '--json'], env)).stdout) as { checks: { id: string; passed: boolean; detail: string }[] };
      expect(checked.checks.filter((c) => !c.passed).map((c) => c.id)).toEqual(['read-private-denied']);

      copy.write(`labs/${LAB}/lab.ts`, solution);
      const fixed = await copy.lab(['run', LAB], env);
      expect(fixed.code, fixed.stdout).toBe(0);
      expect(fixed.stdout).toMatch(/~ updated iam:policy ReviewPhotosReadOnly \(.+\): policy document v1: .*Allow s3:GetObject on arn:aws:s3:::policy-lab-\d+-us-east-1\/\*;.*→ .*Allow s3:GetObject on arn:aws:s3:::policy-lab-\d+-us-east-1\/photos\/\*/);
      expect(fixed.stdout).toMatch(/ReviewPhotosReadOnly: version v2 is the default now; v1 is kept/);
      expect(fixed.stdout).toMatch(/= reused iam:group-policy Reviewers ← ReviewPhotosReadOnly/);
      expect(fixed.stdout).toMatch(/✗ read private\/salaries\.csv \(s3:GetObject\): denied \(implicit deny\)\n {8}why: AccessDenied: .* Statement "ReadOnlyPhotos" of ReviewPhotosReadOnly \(attached to group Reviewers\) allows s3:GetObject, but only on /);
      const again = await copy.lab(['check', LAB, '--json'], env);
      expect(again.code, again.stdout).toBe(0);
    } finally {
      copy.remove();
    }
  });
});

describe('iam-policies and lesson 9', () => {
  it('writes the policy the lesson shows, Sids and all', async () => {
    const account = '000000004506';
    const session = await localSession(account);
    const ctx = await contextFor(account);
    await resetLab(session, LAB);
    await solve(session, LAB);
    const PolicyArn = `arn:aws:iam::${account}:policy/${POLICY_NAME}`;
    const { PolicyVersion } = await ctx.clients.iam.send(new GetPolicyVersionCommand({ PolicyArn, VersionId: 'v1' }));
    const lesson = readFileSync(join(projectRoot, 'site/lessons/09-iam-policies.md'), 'utf8');
    const reviewer = [...lesson.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1] ?? '').find((block) => block.includes('"NoDeleteWithoutMfa"')) ?? '';
    const asInTheLesson = JSON.parse(reviewer.replaceAll('123456789012-eu-central-1', `${account}-${ctx.region}`)) as PolicyDocument;
    expect(samePolicy(parsePolicyDocument(PolicyVersion?.Document), asInTheLesson)).toBe(true);
    await resetLab(session, LAB);
  });
});

describe('iam-policies, a policy that can only be replaced', () => {
  it("replaces ReviewPhotosReadOnly when its description differs, although the lab's own group holds it, and attaches the new one", async () => {
    const account = '000000004505';
    const session = await localSession(account);
    const ctx = await contextFor(account);
    await resetLab(session, LAB);
    await solve(session, LAB);
    // As an earlier run with another description left it: IAM cannot change a policy's description.
    const PolicyArn = `arn:aws:iam::${account}:policy/${POLICY_NAME}`;
    const { PolicyVersion } = await ctx.clients.iam.send(new GetPolicyVersionCommand({ PolicyArn, VersionId: 'v1' }));
    await ctx.clients.iam.send(new DetachGroupPolicyCommand({ GroupName: GROUP_NAME, PolicyArn }));
    await ctx.clients.iam.send(new DeletePolicyCommand({ PolicyArn }));
    await ctx.clients.iam.send(new CreatePolicyCommand({ PolicyName: POLICY_NAME, PolicyDocument: decodeURIComponent(PolicyVersion?.Document ?? ''), Description: 'Photos, read only', Tags: ctx.tags() }));
    await ctx.clients.iam.send(new AttachGroupPolicyCommand({ GroupName: GROUP_NAME, PolicyArn }));

    const events = await solve(session, LAB);
    const policy = events.flatMap((e) => (e.type === 'resource' && e.kind.startsWith('iam:') && e.name.includes(POLICY_NAME) ? [`${e.action} ${e.kind}: ${e.detail ?? ''}`] : []));
    expect(policy).toEqual([
      expect.stringMatching(/^replaced iam:policy: description "Photos, read only" → "List and read photos\/ only; no delete without MFA" cannot change in place/),
      'created iam:group-policy: ',
    ]);
    expect(await failingChecks(session, labEntry(LAB))).toEqual([]);
  });
});

describe("iam-policies, photo-reviewer's access keys", () => {
  const account = '000000004503';

  it('deletes the key each run makes, with its description, and tells the key only by its first and last characters', async () => {
    const ctx = await contextFor(account);
    await resetLab(await localSession(account), LAB);
    const ran = await runCli(['run', LAB, '--solution'], localEnv(account));
    expect(ran.code, ran.stdout).toBe(0);
    const made = /made the access key (\w{4})…(\w{4}) of photo-reviewer: its secret stays in this run's memory/.exec(ran.stdout);
    expect(made, ran.stdout).not.toBeNull();
    expect(ran.stdout).toMatch(new RegExp(`deleted the access key ${made?.[1]}…${made?.[2]} of photo-reviewer: it lived only for these requests`));
    expect(await reviewerKeys(ctx)).toEqual([]);
    expect(await reviewerTags(ctx)).toEqual(['workbook:lab=iam-policies']);
  });

  it('a run stopped with Ctrl-C while it holds the key leaves it; the next run deletes it, and so does reset', async () => {
    const ctx = await contextFor(account);
    const env = localEnv(account);
    const copy = copyProject();
    try {
      // The reviewer's step, stopped right after the key is made: the key outlives its run.
      const solution = copy.read(`solutions/${LAB}/lab.ts`);
      const holding = solution.replace('        const decisions = await asReviewer(ctx, AccessKey);', '        ctx.say(\'holding the key\');\n        await new Promise(() => setInterval(() => {}, 1000));\n        const decisions = await asReviewer(ctx, AccessKey);');
      expect(holding).not.toBe(solution);
      copy.write(`labs/${LAB}/lab.ts`, holding);
      const leaveOne = async () => {
        const running = spawnCli(['run', LAB], env, `${copy.root}/bin/lab.js`);
        await running.waitFor(/holding the key/);
        running.child.kill('SIGINT');
        await running.done;
        const left = await reviewerKeys(ctx);
        expect(left).toHaveLength(1);
        return left[0] ?? '';
      };

      const first = await leaveOne();
      expect(await reviewerTags(ctx)).toContainEqual(expect.stringMatching(new RegExp(`^${first}=workbook iam-policies key held in memory by process \\d+ on \\S+$`)));
      const next = await runCli(['run', LAB, '--solution'], env);
      expect(next.code, next.stdout).toBe(0);
      expect(next.stdout).toMatch(new RegExp(`deleted the access key ${first.slice(0, 4)}…${first.slice(-4)} of photo-reviewer, left behind by process \\d+ \\(iam-policies\\), which stopped before it could delete it`));
      expect(next.stdout).not.toContain(first);
      expect(await reviewerKeys(ctx)).toEqual([]);
      expect(await reviewerTags(ctx)).toEqual(['workbook:lab=iam-policies']);

      const second = await leaveOne();
      const reset = await runCli(['reset', LAB, '--yes'], env);
      expect(reset.code, reset.stdout).toBe(0);
      expect(reset.stdout).toMatch(new RegExp(`\\n  - iam:access-key photo-reviewer ${second.slice(0, 4)}…${second.slice(-4)}\\n`));
      expect(reset.stdout).not.toContain(second);
      expect(reset.stdout).toMatch(/✓ iam-policies: removed 7/);
    } finally {
      copy.remove();
    }
  });

  it('never deletes a key it did not make: at IAM limit of two, the run says whose they are and stops', async () => {
    const ctx = await contextFor(account);
    await resetLab(await localSession(account), LAB);
    const env = localEnv(account);
    expect((await runCli(['run', LAB, '--solution'], env)).code).toBe(0);
    const own = [];
    for (let i = 0; i < 2; i++) own.push((await ctx.clients.iam.send(new CreateAccessKeyCommand({ UserName: USER_NAME }))).AccessKey?.AccessKeyId ?? '');
    const refused = await runCli(['run', LAB, '--solution'], env);
    expect(refused.code, refused.stdout).toBe(1);
    expect(refused.stdout).toMatch(/AccessKeyLimit: photo-reviewer has 2 access keys already, IAM's limit: \w{4}…\w{4}, not made by a lab \(someone's own\); \w{4}…\w{4}, not made by a lab/);
    expect((await reviewerKeys(ctx)).sort()).toEqual(own.sort());
    await resetLab(await localSession(account), LAB);
  });
});

describe('iam-policies on a LocalStack without its gate', () => {
  it('refuses to act as the reviewer, and its checks say why they cannot judge, instead of finding everything allowed', async () => {
    const account = '000000004504';
    const ungated = { ...localEnv(account), AWS_ENDPOINT_URL: await rawLocalStack() };
    const ran = await runCli(['run', LAB, '--solution'], ungated);
    expect(ran.code, ran.stdout).toBe(1);
    expect(ran.stdout).toMatch(/IamNotEnforced: Acting as photo-reviewer cannot show what AWS would decide: the local cloud at http:\/\/127\.0\.0\.1:\d+ has no gate in front of LocalStack/);
    expect(ran.stdout).toMatch(/deleted the access key \w{4}…\w{4} of photo-reviewer: it lived only for these requests/);
    const checked = await runCli(['check', LAB, '--json'], ungated);
    const report = JSON.parse(checked.stdout) as { checks: { passed: boolean; detail: string }[] };
    expect(report.checks.map((c) => c.passed)).toEqual([false, false, false, false, false]);
    for (const c of report.checks) expect(c.detail).toMatch(/has no gate in front of LocalStack, and LocalStack alone lets every request through whatever the policies say: start the local cloud with its gate/);
    await resetLab(await localSession(account), LAB);
  });
});
