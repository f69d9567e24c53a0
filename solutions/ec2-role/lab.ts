// Lab `ec2-role`, completed: the identity the employee directory runs as. A role that only the EC2 service may assume,
// a least-privilege policy on the photos bucket attached to it, an instance profile that carries it onto an instance,
// and a look at the temporary credentials a role hands out.
import {
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  CreateInstanceProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  GetPolicyVersionCommand,
  ListAttachedRolePoliciesCommand,
  type Policy,
  type Role,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, type Credentials } from '@aws-sdk/client-sts';
import { describeError } from '../../lab-runner/aws-errors.js';
import { retryWhilePropagating } from '../../lab-runner/iam-propagation.js';
import { defineLab, type LabContext } from '../../lab-runner/lab.js';
import { findInstanceProfile, findManagedPolicy, findRole } from '../../lab-runner/lookup.js';
import { notMadeByLab } from '../../lab-runner/ownership.js';
import { type PolicyDocument, parsePolicyDocument, samePolicy } from '../../lab-runner/policy-document.js';
import { hasLabTag } from '../../lab-runner/tags.js';

const ROLE = 'EmployeeDirectoryAppRole';
const PROFILE = 'EmployeeDirectoryAppRole';
const POLICY = 'EmployeeDirectoryPhotosAccess';

/** Who may assume the role: the EC2 service, on behalf of an instance launched with the role's profile. Nobody else. */
const TRUST_POLICY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

/** The bucket the `directory-app` lab creates later; a policy may name a bucket before it exists. */
function photosBucket(ctx: LabContext): string {
  return `employee-photos-${ctx.account}-${ctx.region}`;
}

/** What the app does with photos, and nothing more: list the bucket, read, write and delete the objects in it. */
function photosPolicy(bucket: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'ListPhotos', Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${bucket}` },
      { Sid: 'ReadWritePhotos', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: `arn:aws:s3:::${bucket}/*` },
    ],
  };
}

export default defineLab({
  id: 'ec2-role',
  title: 'A role for the app: trusted by EC2 only, allowed only its photos',
  lesson: '08-iam-roles',
  goal:
    'The employee directory runs on an EC2 instance and stores photos in S3. It must not carry an IAM user\'s long-lived ' +
    'access keys: it gets a role instead. Create the role EmployeeDirectoryAppRole with a trust policy that lets only the ' +
    'EC2 service assume it, give it a least-privilege policy that reaches the photos bucket and nothing else, and put it ' +
    'in an instance profile, the container EC2 uses to hand a role to an instance. Then see what a role gives out: ' +
    'temporary credentials that expire (15 minutes to 12 hours) and are renewed automatically.',
  region: 'target',
  requires: [],
  cost: 'Free: IAM roles, policies and instance profiles cost nothing.',
  localNote:
    'LocalStack does not enforce trust policies, so here the lab assumes the role itself to show its credentials. ' +
    'On AWS only EC2 may assume it: the lab shows the refusal and how an instance reads the credentials from its metadata service.',
  steps: [
    {
      title: 'Create the role EmployeeDirectoryAppRole, which only EC2 may assume',
      command:
        'aws iam create-role --role-name EmployeeDirectoryAppRole --assume-role-policy-document \'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}\' --tags Key=workbook:lab,Value=ec2-role',
      hint: 'CreateRoleCommand with RoleName, AssumeRolePolicyDocument: JSON.stringify(TRUST_POLICY), a Description and Tags: ctx.tags(). The trust policy says who may become the role; what the role may do comes next.',
      async run(ctx) {
        const existing = await findRole(ctx, ROLE);
        if (existing) {
          checkExistingRole(ctx, existing);
          ctx.say(`reusing ${ROLE}`);
          ctx.output('role', existing.Arn ?? '');
          return;
        }
        const { Role: created } = await ctx.clients.iam.send(
          new CreateRoleCommand({
            RoleName: ROLE,
            AssumeRolePolicyDocument: JSON.stringify(TRUST_POLICY),
            Description: 'The employee directory app on EC2: photos bucket only',
            Tags: ctx.tags(),
          }),
        );
        ctx.output('role', created?.Arn ?? '');
        ctx.say(`MaxSessionDuration ${created?.MaxSessionDuration ?? 3600} s: an AssumeRole session lasts 15 minutes up to this (at most 12 hours)`);
      },
    },
    {
      title: 'Write a least-privilege policy for the photos bucket',
      command:
        'aws iam create-policy --policy-name EmployeeDirectoryPhotosAccess --policy-document file://photos-policy.json --tags Key=workbook:lab,Value=ec2-role',
      hint: 'CreatePolicyCommand with PolicyName, PolicyDocument: JSON.stringify(photosPolicy(bucket)), a Description and Tags: ctx.tags(). A customer managed policy is its own resource: versioned, reusable, visible in the console. The CLI reads the JSON from a file: save the document photosPolicy() builds as photos-policy.json.',
      async run(ctx) {
        const bucket = photosBucket(ctx);
        const document = photosPolicy(bucket);
        const existing = await findManagedPolicy(ctx, POLICY);
        if (existing) {
          await checkExistingPolicy(ctx, existing, document);
          ctx.say(`reusing ${POLICY}`);
          ctx.output('policy', existing.Arn ?? '');
          return;
        }
        const { Policy: created } = await ctx.clients.iam.send(
          new CreatePolicyCommand({
            PolicyName: POLICY,
            PolicyDocument: JSON.stringify(document),
            Description: `List, read, write and delete objects in ${bucket}, nothing else`,
            Tags: ctx.tags(),
          }),
        );
        ctx.output('policy', created?.Arn ?? '');
        ctx.say(`s3:ListBucket on arn:aws:s3:::${bucket}`);
        ctx.say(`s3:GetObject, s3:PutObject, s3:DeleteObject on arn:aws:s3:::${bucket}/*`);
        ctx.say('the bucket itself comes in the directory-app lab (run it in this same region): a policy may name it before it exists');
      },
    },
    {
      title: 'Attach the policy to the role',
      command:
        'aws iam attach-role-policy --role-name EmployeeDirectoryAppRole --policy-arn "arn:aws:iam::$(aws sts get-caller-identity --query Account --output text):policy/EmployeeDirectoryPhotosAccess"',
      hint: 'AttachRolePolicyCommand with RoleName and PolicyArn (ctx.outputs.policy). Wrap it in retryWhilePropagating(ctx, () => …): on AWS a policy made a second ago may not be visible everywhere yet.',
      async run(ctx) {
        const { AttachedPolicies = [] } = await ctx.clients.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: ROLE }));
        const others = AttachedPolicies.filter((p) => p.PolicyArn !== ctx.outputs.policy).map((p) => p.PolicyName);
        if (others.length > 0) ctx.say(`note: ${ROLE} also has ${others.join(', ')} attached; \`npx lab check ec2-role\` says whether that is too much`);
        if (AttachedPolicies.some((p) => p.PolicyArn === ctx.outputs.policy)) {
          ctx.say(`${POLICY} is attached already`);
          return;
        }
        await retryWhilePropagating(ctx, () => ctx.clients.iam.send(new AttachRolePolicyCommand({ RoleName: ROLE, PolicyArn: ctx.outputs.policy })));
      },
    },
    {
      title: 'Create the instance profile EmployeeDirectoryAppRole and put the role in it',
      command:
        'aws iam create-instance-profile --instance-profile-name EmployeeDirectoryAppRole --tags Key=workbook:lab,Value=ec2-role && aws iam add-role-to-instance-profile --instance-profile-name EmployeeDirectoryAppRole --role-name EmployeeDirectoryAppRole',
      hint: 'CreateInstanceProfileCommand (InstanceProfileName, Tags: ctx.tags()), then AddRoleToInstanceProfileCommand (InstanceProfileName, RoleName) inside retryWhilePropagating. A profile holds one role. The console makes it for you when you create a role for EC2; the API does not.',
      async run(ctx) {
        const existing = await findInstanceProfile(ctx, PROFILE);
        if (existing && !hasLabTag(existing.Tags, ctx.labId)) {
          throw notMadeByLab({
            what: `Instance profile ${PROFILE}`,
            labId: ctx.labId,
            tagCommand: `aws iam tag-instance-profile --instance-profile-name ${PROFILE} --tags Key=workbook:lab,Value=${ctx.labId}`,
            deleteCommand: `aws iam delete-instance-profile --instance-profile-name ${PROFILE}`,
          });
        }
        const roles = (existing?.Roles ?? []).map((r) => r.RoleName);
        if (roles.some((name) => name !== ROLE)) throw wrong(ctx, `instance profile ${PROFILE} holds the role ${roles.join(', ')}, not ${ROLE}`);
        if (!existing) {
          await ctx.clients.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: PROFILE, Tags: ctx.tags() }));
        }
        if (!roles.includes(ROLE)) {
          await retryWhilePropagating(ctx, () => ctx.clients.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: PROFILE, RoleName: ROLE })));
        }
        ctx.say(`an instance launched with --iam-instance-profile Name=${PROFILE} runs as ${ROLE}`);
      },
    },
    {
      title: 'See the temporary credentials a role hands out',
      command:
        'aws sts assume-role --role-arn "arn:aws:iam::$(aws sts get-caller-identity --query Account --output text):role/EmployeeDirectoryAppRole" --role-session-name workbook-demo --query "Credentials.[AccessKeyId,Expiration]"',
      hint: 'AssumeRoleCommand on ctx.clients.sts with RoleArn (ctx.outputs.role) and a RoleSessionName; leave DurationSeconds out for the default hour. On AWS the trust policy refuses you, which is the point: the lab then shows how an instance gets them.',
      async run(ctx) {
        try {
          const { Credentials: credentials } = await ctx.clients.sts.send(
            new AssumeRoleCommand({ RoleArn: ctx.outputs.role, RoleSessionName: 'workbook-demo' }),
          );
          showCredentials(ctx, credentials);
          if (!ctx.isLocal) ctx.say(`warning: AWS let you assume ${ROLE}, which only EC2 should; look at its trust policy (npx lab check ec2-role)`);
        } catch (error) {
          if (ctx.isLocal || !isAccessDenied(error)) throw error;
          explainInstanceCredentials(ctx);
        }
        ctx.say('a role session lasts 15 minutes to the role\'s MaxSessionDuration (1 hour by default, 12 hours at most);');
        ctx.say('36 hours is the limit of GetSessionToken, which is for IAM users, not roles');
      },
    },
  ],
});

function wrong(ctx: LabContext, what: string): Error {
  return new Error(`${what}. Fix it by hand, or start over with \`npx lab reset ${ctx.labId}\`.`);
}

function checkExistingRole(ctx: LabContext, role: Role): void {
  if (!hasLabTag(role.Tags, ctx.labId)) {
    throw notMadeByLab({
      what: `IAM role ${ROLE}`,
      labId: ctx.labId,
      tagCommand: `aws iam tag-role --role-name ${ROLE} --tags Key=workbook:lab,Value=${ctx.labId}`,
      deleteCommand: `aws iam delete-role --role-name ${ROLE}`,
    });
  }
  if (!samePolicy(parsePolicyDocument(role.AssumeRolePolicyDocument), TRUST_POLICY)) {
    throw wrong(ctx, `role ${ROLE} exists with another trust policy: ${JSON.stringify(parsePolicyDocument(role.AssumeRolePolicyDocument))}`);
  }
}

async function checkExistingPolicy(ctx: LabContext, policy: Policy, wanted: PolicyDocument): Promise<void> {
  if (!hasLabTag(policy.Tags, ctx.labId)) {
    throw notMadeByLab({
      what: `IAM policy ${POLICY}`,
      labId: ctx.labId,
      tagCommand: `aws iam tag-policy --policy-arn ${policy.Arn} --tags Key=workbook:lab,Value=${ctx.labId}`,
      deleteCommand: `aws iam delete-policy --policy-arn ${policy.Arn}`,
    });
  }
  const { PolicyVersion } = await ctx.clients.iam.send(new GetPolicyVersionCommand({ PolicyArn: policy.Arn, VersionId: policy.DefaultVersionId }));
  if (!samePolicy(parsePolicyDocument(PolicyVersion?.Document), wanted)) {
    throw wrong(ctx, `policy ${POLICY} exists and says something else (version ${policy.DefaultVersionId}): ${JSON.stringify(parsePolicyDocument(PolicyVersion?.Document))}`);
  }
}

/** Only the start of the key id: the secret and the session token are never printed. */
function showCredentials(ctx: LabContext, credentials: Credentials | undefined): void {
  const expires = credentials?.Expiration;
  const minutes = expires ? Math.round((expires.getTime() - Date.now()) / 60_000) : 0;
  ctx.output('access-key', `${(credentials?.AccessKeyId ?? '').slice(0, 4)}… (secret key and session token not shown)`);
  ctx.output('expires', `${expires?.toISOString() ?? 'unknown'}, in ${minutes} minutes`);
}

function explainInstanceCredentials(ctx: LabContext): void {
  ctx.say(`AccessDenied, as intended: the trust policy lets only ec2.amazonaws.com assume ${ROLE}, not you.`);
  ctx.say('An instance launched with the profile reads the role\'s credentials from its metadata service (IMDSv2):');
  ctx.say('  TOKEN=$(curl -sX PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 21600")');
  ctx.say(`  curl -s -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/iam/security-credentials/${ROLE}`);
  ctx.say('EC2 renews them before they expire (its own schedule, not MaxSessionDuration), and the SDKs on the instance pick them up by themselves.');
  ctx.say('No demonstration credentials are made here: that would need a principal the trust policy does not allow.');
}

function isAccessDenied(error: unknown): boolean {
  return /^AccessDenied/.test(describeError(error).code);
}
