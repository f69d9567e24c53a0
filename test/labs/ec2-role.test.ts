// The ec2-role lab through the whole cycle against LocalStack, each check seen failing on its own mistake, and an
// untagged look-alike of each kind the lab makes left alone by reset.
import {
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  CreateInstanceProfileCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  DeleteInstanceProfileCommand,
  DeletePolicyCommand,
  DeleteRoleCommand,
  DetachRolePolicyCommand,
  GetInstanceProfileCommand,
  GetPolicyCommand,
  GetRoleCommand,
  RemoveRoleFromInstanceProfileCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, DeleteBucketCommand, PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import type { LabContext } from '../../lab-runner/context.js';
import { unlessMissing } from '../../lab-runner/missing.js';
import { otherBucketName } from '../../labs/ec2-role/act-as-role.js';
import { POLICY_NAME, PROFILE_NAME, ROLE_NAME } from '../../labs/ec2-role/spec.js';
import { eventually } from '../support/eventually.js';
import { describeLabCycle } from '../support/lab-cycle.js';
import { ec2Trust, wholeBucketPolicy } from './ec2-role/fixtures.js';

const LOOKALIKE = `${ROLE_NAME}-lookalike`;
const LOOKALIKE_POLICY = `${POLICY_NAME}-lookalike`;

describeLabCycle({
  labId: 'ec2-role',
  account: '000000000202',
  breakers: {
    'trust-ec2-only': async (ctx) => {
      await ctx.clients.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: ROLE_NAME, PolicyDocument: ec2Trust({ AWS: '*' }) }));
    },
    'no-admin': async (ctx) => {
      await ctx.clients.iam.send(new AttachRolePolicyCommand({ RoleName: ROLE_NAME, PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    },
    's3-scoped': async (ctx) => {
      const PolicyArn = `arn:aws:iam::${ctx.account}:policy/${POLICY_NAME}`;
      await ctx.clients.iam.send(new CreatePolicyVersionCommand({ PolicyArn, PolicyDocument: wholeBucketPolicy(ctx.account, ctx.region), SetAsDefault: true }));
    },
    'instance-profile': async (ctx) => {
      await ctx.clients.iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: PROFILE_NAME, RoleName: ROLE_NAME }));
    },
    // AWS refuses more than 12 hours; LocalStack takes it and hands out 36-hour credentials, the notes' mistake.
    'temporary-credentials': async (ctx) => {
      await ctx.clients.iam.send(new UpdateRoleCommand({ RoleName: ROLE_NAME, MaxSessionDuration: 36 * 60 * 60 }));
    },
    // Nothing in the role's own policies changes: another bucket's policy lets the role in. Only acting as it shows that.
    'acts-as-role': async (ctx) => {
      const Bucket = otherBucketName(ctx.account);
      await removeOtherBucket(ctx);
      await ctx.clients.s3.send(new CreateBucketCommand({ Bucket }));
      const Policy = JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ctx.account}:role/${ROLE_NAME}` }, Action: 's3:ListBucket', Resource: `arn:aws:s3:::${Bucket}` }],
      });
      await ctx.clients.s3.send(new PutBucketPolicyCommand({ Bucket, Policy }));
      return () => removeOtherBucket(ctx);
    },
  },
  // Someone's own role, policy and profile for EC2, not made by the lab: reset must leave them alone.
  async control(ctx) {
    const iam = ctx.clients.iam;
    await removeLookalikes(ctx, `arn:aws:iam::${ctx.account}:policy/${LOOKALIKE_POLICY}`);
    await iam.send(new CreateRoleCommand({ RoleName: LOOKALIKE, AssumeRolePolicyDocument: ec2Trust() }));
    const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: LOOKALIKE_POLICY, PolicyDocument: wholeBucketPolicy(ctx.account, ctx.region) }));
    await eventually(() => iam.send(new AttachRolePolicyCommand({ RoleName: LOOKALIKE, PolicyArn: Policy?.Arn })));
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: LOOKALIKE }));
    await eventually(() => iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: LOOKALIKE, RoleName: LOOKALIKE })));
    return async () => {
      const survived = await lookalikesExist(ctx, Policy?.Arn ?? '');
      await removeLookalikes(ctx, Policy?.Arn ?? '');
      return survived;
    };
  },
});

async function removeOtherBucket(ctx: LabContext): Promise<void> {
  await unlessMissing(ctx.clients.s3.send(new DeleteBucketCommand({ Bucket: otherBucketName(ctx.account) })));
}

async function lookalikesExist(ctx: LabContext, policyArn: string): Promise<boolean> {
  const iam = ctx.clients.iam;
  const [role, policy, profile] = await Promise.all([
    unlessMissing(iam.send(new GetRoleCommand({ RoleName: LOOKALIKE }))),
    unlessMissing(iam.send(new GetPolicyCommand({ PolicyArn: policyArn }))),
    unlessMissing(iam.send(new GetInstanceProfileCommand({ InstanceProfileName: LOOKALIKE }))),
  ]);
  const inProfile = (profile?.InstanceProfile?.Roles ?? []).some((r) => r.RoleName === LOOKALIKE);
  return Boolean(role?.Role && policy?.Policy?.AttachmentCount === 1 && inProfile);
}

async function removeLookalikes(ctx: LabContext, policyArn: string): Promise<void> {
  const iam = ctx.clients.iam;
  await unlessMissing(iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: LOOKALIKE, RoleName: LOOKALIKE })));
  await unlessMissing(iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: LOOKALIKE })));
  await unlessMissing(iam.send(new DetachRolePolicyCommand({ RoleName: LOOKALIKE, PolicyArn: policyArn })));
  await unlessMissing(iam.send(new DeletePolicyCommand({ PolicyArn: policyArn })));
  await unlessMissing(iam.send(new DeleteRoleCommand({ RoleName: LOOKALIKE })));
}
