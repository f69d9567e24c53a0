import {
  AttachRolePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  GetRoleCommand,
  NoSuchEntityException,
  RemoveRoleFromInstanceProfileCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
} from '@aws-sdk/client-iam';
import type { LabContext } from '../../lab-runner/context.js';
import { describeLabCycle } from '../support/lab-cycle.js';

const ROLE = 'EmployeeDirectoryAppRole';

function ec2Trust(extraPrincipal: Record<string, string> = {}): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com', ...extraPrincipal }, Action: 'sts:AssumeRole' }],
  });
}

async function roleExists(ctx: LabContext, name: string): Promise<boolean> {
  try {
    await ctx.clients.iam.send(new GetRoleCommand({ RoleName: name }));
    return true;
  } catch (error) {
    if (error instanceof NoSuchEntityException) return false;
    throw error;
  }
}

describeLabCycle({
  labId: 'ec2-role',
  account: '000000000202',
  breakers: {
    'trust-ec2-only': async (ctx) => {
      await ctx.clients.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: ROLE, PolicyDocument: ec2Trust({ AWS: '*' }) }));
    },
    'no-admin': async (ctx) => {
      await ctx.clients.iam.send(new AttachRolePolicyCommand({ RoleName: ROLE, PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    },
    // The same actions, on every bucket in the world instead of the photos bucket.
    's3-scoped': async (ctx) => {
      const bucket = `arn:aws:s3:::employee-photos-${ctx.account}-${ctx.region}`;
      const PolicyDocument = JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 's3:ListBucket', Resource: bucket },
          { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: 'arn:aws:s3:::*' },
        ],
      });
      const PolicyArn = `arn:aws:iam::${ctx.account}:policy/EmployeeDirectoryPhotosAccess`;
      await ctx.clients.iam.send(new CreatePolicyVersionCommand({ PolicyArn, PolicyDocument, SetAsDefault: true }));
    },
    'instance-profile': async (ctx) => {
      await ctx.clients.iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: ROLE, RoleName: ROLE }));
    },
    // AWS refuses more than 12 hours; LocalStack takes it and hands out 36-hour credentials, the notes' mistake.
    'temporary-credentials': async (ctx) => {
      await ctx.clients.iam.send(new UpdateRoleCommand({ RoleName: ROLE, MaxSessionDuration: 36 * 60 * 60 }));
    },
  },
  // Someone's own role for EC2, not made by the lab: reset must leave it alone.
  async control(ctx) {
    const name = `${ROLE}-lookalike`;
    await ctx.clients.iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: ec2Trust() }));
    return async () => {
      const exists = await roleExists(ctx, name);
      if (exists) await ctx.clients.iam.send(new DeleteRoleCommand({ RoleName: name }));
      return exists;
    };
  },
});
