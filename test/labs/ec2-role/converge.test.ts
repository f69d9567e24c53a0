// The ec2-role lab run again after a mistake: what an earlier (wrong) run left is updated, replaced, detached or
// refused, and the run says which. The student's code is changed in a copy of the project; other earlier states are
// made with the SDK, as an earlier run would have left them.
import {
  AddRoleToInstanceProfileCommand,
  AttachUserPolicyCommand,
  CreateInstanceProfileCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteRoleCommand,
  DeleteUserCommand,
  DetachUserPolicyCommand,
  GetInstanceProfileCommand,
  GetRoleCommand,
  ListPolicyVersionsCommand,
  RemoveRoleFromInstanceProfileCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labEntry } from '../../../lab-runner/catalogue/read.js';
import { createContext, type LabContext } from '../../../lab-runner/context.js';
import type { LabEvent } from '../../../lab-runner/events.js';
import { unlessMissing } from '../../../lab-runner/missing.js';
import { runLabs } from '../../../lab-runner/service/run.js';
import type { Session } from '../../../lab-runner/session.js';
import { photosBucketName, photosPolicy, POLICY_NAME, PROFILE_NAME, ROLE_NAME } from '../../../labs/ec2-role/spec.js';
import { eventually } from '../../support/eventually.js';
import { failingChecks, resetLab, solve, testCaller } from '../../support/lab-cycle.js';
import { copyProject } from '../../support/project-copy.js';
import { localEnv, localSession } from '../../support/session.js';
import { ec2Trust, removeLabNames, wholeBucketPolicy } from './fixtures.js';

const LAB = 'ec2-role';

type ResourceEvent = Extract<LabEvent, { type: 'resource' }>;

function resources(events: LabEvent[]): ResourceEvent[] {
  return events.filter((e): e is ResourceEvent => e.type === 'resource');
}

function said(events: LabEvent[]): string[] {
  return events.flatMap((e) => (e.type === 'say' ? [e.message] : []));
}

async function runAndFail(session: Session): Promise<{ events: LabEvent[]; error: string; step: number }> {
  const events: LabEvent[] = [];
  const runs = await runLabs({ which: LAB, solution: true }, testCaller(session, events));
  const failed = events.find((e) => e.type === 'fail');
  expect(runs.at(-1)?.result.outcome).toBe('failed');
  if (failed?.type !== 'fail') return { events, error: '', step: 0 };
  return { events, error: `${failed.error.code}: ${failed.error.message} ${failed.error.advice}`, step: failed.step };
}

describe('ec2-role, run again after a fix (through a copy of the project)', () => {
  it('refuses an untagged create, then updates the trust policy, makes a new policy version and detaches an extra policy, saying each', async () => {
    const copy = copyProject();
    const env = localEnv('000000002101');
    try {
      const session = await localSession('000000002101');
      await removeLabNames(createContext({ target: session.target, lab: labEntry(LAB), account: session.account }).clients.iam, session.account);
      const solution = copy.read(`solutions/${LAB}/lab.ts`);
      const untagged = solution.replace(
        /PolicyDocument: JSON\.stringify\(document\),\n(\s+)Description: ('[^']+'),\n\s+Tags: ctx\.tags\(\),/,
        'PolicyDocument: JSON.stringify(document),\n$1Description: $2,',
      );
      expect(untagged).not.toBe(solution);
      copy.write(`labs/${LAB}/lab.ts`, untagged);
      const refused = await copy.lab(['run', LAB], env);
      expect(refused.code, refused.stdout).toBe(1);
      expect(refused.stdout).toMatch(/CreatePolicy was sent without the tag workbook:lab=ec2-role/);

      const wrong = solution
        .replace('AssumeRolePolicyDocument: JSON.stringify(TRUST_POLICY),\n', `AssumeRolePolicyDocument: ${JSON.stringify(ec2Trust({ AWS: '*' }))},\n`)
        .replace('const document = photosPolicy(bucket, ctx.partition);', "const document = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };")
        .replace(
          'await ctx.clients.iam.send(new AttachRolePolicyCommand({ RoleName: ROLE_NAME, PolicyArn: ctx.outputs.policyArn }));',
          "$&\n        await ctx.clients.iam.send(new AttachRolePolicyCommand({ RoleName: ROLE_NAME, PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' }));",
        );
      copy.write(`labs/${LAB}/lab.ts`, wrong);
      const ranWrong = await copy.lab(['run', LAB], env);
      expect(ranWrong.code, ranWrong.stdout).toBe(0);
      const checked = JSON.parse((await copy.lab(['check', LAB, '--json'], env)).stdout) as { checks: { id: string; passed: boolean }[] };
      expect(checked.checks.filter((c) => !c.passed).map((c) => c.id)).toEqual(['trust-ec2-only', 'no-admin', 's3-scoped']);

      copy.write(`labs/${LAB}/lab.ts`, solution);
      const fixed = await copy.lab(['run', LAB], env);
      expect(fixed.code, fixed.stdout).toBe(0);
      expect(fixed.stdout).toMatch(
        /~ updated iam:role EmployeeDirectoryAppRole \(.+\): trust policy Allow sts:AssumeRole for Service ec2\.amazonaws\.com, AWS \* → Allow sts:AssumeRole for Service ec2\.amazonaws\.com\n/,
      );
      expect(fixed.stdout).toMatch(/~ updated iam:policy EmployeeDirectoryPhotosAccess \(.+\): policy document v1: Allow s3:\* on \* → Allow s3:ListBucket on arn:aws:s3:::employee-photos-/);
      expect(fixed.stdout).toMatch(/EmployeeDirectoryPhotosAccess: version v2 is the default now; v1 is kept/);
      expect(fixed.stdout).toMatch(/- removed iam:policy-attachment AmazonS3FullAccess → EmployeeDirectoryAppRole \(.+\): this step does not attach it \(an earlier run did\)/);
      expect(fixed.stdout).toMatch(/= reused iam:policy-attachment EmployeeDirectoryPhotosAccess → EmployeeDirectoryAppRole/);
      const again = await copy.lab(['check', LAB, '--json'], env);
      expect(again.code, again.stdout).toBe(0);
    } finally {
      copy.remove();
    }
  });
});

describe('ec2-role, what an earlier run left', () => {
  let session: Session;
  let ctx: LabContext;
  const otherRole = 'EmployeeDirectoryOldRole';
  const outsider = 'photo-auditor';

  beforeAll(async () => {
    session = await localSession('000000002102');
    ctx = createContext({ target: session.target, lab: labEntry(LAB), account: session.account });
    await cleanUp();
  });
  afterAll(cleanUp);

  async function cleanUp(): Promise<void> {
    const PolicyArn = `arn:aws:iam::${session.account}:policy/${POLICY_NAME}`;
    await unlessMissing(ctx.clients.iam.send(new DetachUserPolicyCommand({ UserName: outsider, PolicyArn })));
    await unlessMissing(ctx.clients.iam.send(new DeleteUserCommand({ UserName: outsider })));
    await resetLab(session, LAB);
    await removeLabNames(ctx.clients.iam, session.account);
  }

  it('puts the lab role back into an instance profile that holds another role, and says so', async () => {
    await solve(session, LAB);
    const iam = ctx.clients.iam;
    await iam.send(new CreateRoleCommand({ RoleName: otherRole, AssumeRolePolicyDocument: ec2Trust(), Tags: ctx.tags() }));
    await iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: PROFILE_NAME, RoleName: ROLE_NAME }));
    await eventually(() => iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: PROFILE_NAME, RoleName: otherRole })));
    expect(await failingChecks(session, labEntry(LAB))).toEqual(['instance-profile']);

    const events = await solve(session, LAB);
    expect(resources(events).find((e) => e.kind === 'iam:profile-role')).toMatchObject({
      action: 'updated',
      name: `${ROLE_NAME} in ${PROFILE_NAME}`,
      detail: expect.stringMatching(/the profile held EmployeeDirectoryOldRole → EmployeeDirectoryAppRole: a profile holds one role/),
    });
    const { InstanceProfile } = await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: PROFILE_NAME }));
    expect((InstanceProfile?.Roles ?? []).map((r) => r.RoleName)).toEqual([ROLE_NAME]);
    expect(await failingChecks(session, labEntry(LAB))).toEqual([]);
  });

  it('deletes the oldest version that is not the default when the policy has five already, and says so', async () => {
    await resetLab(session, LAB);
    await solve(session, LAB);
    const PolicyArn = `arn:aws:iam::${session.account}:policy/${POLICY_NAME}`;
    for (let i = 0; i < 4; i++) {
      await ctx.clients.iam.send(new CreatePolicyVersionCommand({ PolicyArn, PolicyDocument: wholeBucketPolicy(session.account, ctx.region), SetAsDefault: true }));
    }
    const events = await solve(session, LAB);
    expect(said(events)).toContain(
      `${POLICY_NAME} had 5 versions, the most IAM keeps: deleted the oldest one that is not the default, v1, to make room`,
    );
    expect(said(events)).toContain(`${POLICY_NAME}: version v6 is the default now; v5 is kept, so the change can be rolled back (aws iam set-default-policy-version)`);
    const { Versions = [] } = await ctx.clients.iam.send(new ListPolicyVersionsCommand({ PolicyArn }));
    expect(Versions.map((v) => `${v.VersionId}${v.IsDefaultVersion ? '*' : ''}`).sort()).toEqual(['v2', 'v3', 'v4', 'v5', 'v6*']);
    expect(await failingChecks(session, labEntry(LAB))).toEqual([]);
  });

  it('replaces a policy whose description differs (a description cannot change), and says why', async () => {
    await resetLab(session, LAB);
    const document = JSON.stringify(photosPolicy(photosBucketName(session.account, ctx.region)));
    await ctx.clients.iam.send(new CreatePolicyCommand({ PolicyName: POLICY_NAME, PolicyDocument: document, Description: 'Photos', Tags: ctx.tags() }));
    const events = await solve(session, LAB);
    expect(resources(events).find((e) => e.kind === 'iam:policy')).toMatchObject({
      action: 'replaced',
      detail: expect.stringMatching(/^description "Photos" → "The employee directory app: .+" cannot change in place: the old arn:aws:iam::\d+:policy\/EmployeeDirectoryPhotosAccess was removed$/),
    });
    expect(await failingChecks(session, labEntry(LAB))).toEqual([]);
  });

  it('refuses to replace a policy that something outside the lab is attached to, naming it', async () => {
    await resetLab(session, LAB);
    const document = JSON.stringify(photosPolicy(photosBucketName(session.account, ctx.region)));
    const { Policy } = await ctx.clients.iam.send(new CreatePolicyCommand({ PolicyName: POLICY_NAME, PolicyDocument: document, Description: 'Photos', Tags: ctx.tags() }));
    await ctx.clients.iam.send(new CreateUserCommand({ UserName: outsider }));
    await ctx.clients.iam.send(new AttachUserPolicyCommand({ UserName: outsider, PolicyArn: Policy?.Arn }));
    const { error, step } = await runAndFail(session);
    expect(step).toBe(2);
    expect(error).toMatch(/^CannotReplace: IAM policy EmployeeDirectoryPhotosAccess .+ can only be replaced, but the user photo-auditor still uses it\./);
  });

  it('replaces a role and an instance profile made under another path, the path being part of their ARNs', async () => {
    await cleanUp();
    await ctx.clients.iam.send(new CreateRoleCommand({ RoleName: ROLE_NAME, Path: '/old/', AssumeRolePolicyDocument: ec2Trust(), Description: 'The employee directory app on EC2', Tags: ctx.tags() }));
    await ctx.clients.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: PROFILE_NAME, Path: '/old/', Tags: ctx.tags() }));
    const events = await solve(session, LAB);
    const replaced = resources(events).filter((e) => e.action === 'replaced').map((e) => `${e.kind}: ${e.detail}`);
    expect(replaced).toEqual([
      expect.stringMatching(/^iam:role: path \/old\/ → \/ cannot change in place/),
      expect.stringMatching(/^iam:instance-profile: path \/old\/ → \/ cannot change in place/),
    ]);
    const { Role } = await ctx.clients.iam.send(new GetRoleCommand({ RoleName: ROLE_NAME }));
    expect(Role?.Path).toBe('/');
    expect(await failingChecks(session, labEntry(LAB))).toEqual([]);
  });

  it('refuses a role of the same name that the lab did not make, saying how to adopt or delete it', async () => {
    await resetLab(session, LAB);
    await ctx.clients.iam.send(new CreateRoleCommand({ RoleName: ROLE_NAME, AssumeRolePolicyDocument: ec2Trust() }));
    try {
      const { error, step } = await runAndFail(session);
      expect(step).toBe(1);
      expect(error).toMatch(/^NotMadeByThisLab: IAM role EmployeeDirectoryAppRole \(arn:aws:iam::\d+:role\/EmployeeDirectoryAppRole\) exists but is not tagged workbook:lab=ec2-role/);
      expect(error).toMatch(/aws iam tag-role --role-name EmployeeDirectoryAppRole --tags Key=workbook:lab,Value=ec2-role/);
    } finally {
      await ctx.clients.iam.send(new DeleteRoleCommand({ RoleName: ROLE_NAME }));
    }
  });
});
