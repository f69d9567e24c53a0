// Yours to write: the code at each todo(). Made from solutions/ec2-role/lab.ts, where it is all written, by `npx lab dev gen`.
// Lab `ec2-role`: the identity the employee directory runs as. A role EmployeeDirectoryAppRole whose trust policy lets
// only the EC2 service assume it, the customer managed policy EmployeeDirectoryPhotosAccess (the app's photos and its
// own code in the photos bucket, nothing else) attached to it, an instance profile that carries it onto an instance,
// and a look at the temporary credentials a role hands out.
// Run it with `npx lab run ec2-role`; stuck at a step? `npx lab hint ec2-role <step>`. Running it again is safe: what
// exists and matches is reused, what differs from your code is updated (a policy gets a new version).
import {
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  CreateInstanceProfileCommand,
  CreatePolicyCommand,
  type CreatePolicyCommandOutput,
  CreateRoleCommand,
  type CreateRoleCommandOutput,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, type AssumeRoleCommandOutput } from '@aws-sdk/client-sts';
import { defineLab, todo } from '../../lab-runner/lab.js';
import { explainInstanceCredentials, explainSessionLimits, isAccessDenied, shownCredentials } from '../../labs/ec2-role/credentials.js';
import { APP_PREFIX, PHOTO_PREFIX, photosBucketName, photosPolicy, POLICY_NAME, PROFILE_NAME, ROLE_NAME, TRUST_POLICY } from '../../labs/ec2-role/spec.js';

/** What the steps hand each other. */
interface Outputs {
  roleArn: string;
  policyArn: string;
  accessKey: string;
  expires: string;
}

export default defineLab<Outputs>({
  id: 'ec2-role',
  title: 'A role for the app: trusted by EC2 only, allowed only its photos',
  lessons: ['10-iam-roles'],
  goal:
    'The employee directory runs on an EC2 instance and stores photos in S3. It must not carry an IAM user\'s long-lived ' +
    'access keys: it gets a role instead. Create the role EmployeeDirectoryAppRole; its trust policy, part of the role, lets ' +
    'only the EC2 service assume it. Write the customer managed policy EmployeeDirectoryPhotosAccess, which lets the app ' +
    'write, read and delete employees\' photos and read its own code in the photos bucket, and nothing else, and attach it ' +
    'to the role. Put the role in an instance profile, the container EC2 uses to hand a role to an instance. Then see what ' +
    'a role gives out: temporary credentials that expire (15 minutes to 12 hours with AssumeRole; on an instance, EC2 ' +
    'replaces them before they expire).',
  region: 'target',
  requires: [],
  cost: 'Free: IAM roles, policies and instance profiles cost nothing.',
  localNote:
    'LocalStack does not enforce trust policies, so here the lab assumes the role itself to show its credentials. ' +
    'On AWS only EC2 may assume it: the lab shows the refusal and how an instance reads the credentials from its metadata service.',
  services: ['iam', 'sts', 's3'],
  resources: ['iam:role', 'iam:policy', 'iam:policy-attachment', 'iam:instance-profile', 'iam:profile-role'],
  steps: [
    {
      id: 'role',
      title: 'Create the role EmployeeDirectoryAppRole, with a trust policy that lets only EC2 assume it',
      command:
        'aws iam create-role --role-name EmployeeDirectoryAppRole --assume-role-policy-document \'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}\' --description "The employee directory app on EC2" --tags Key=workbook:lab,Value=ec2-role',
      hint:
        'CreateRoleCommand on ctx.clients.iam with RoleName, AssumeRolePolicyDocument: JSON.stringify(TRUST_POLICY), a Description and Tags: ctx.tags(). ' +
        'The trust policy is part of the role (never attached): it says who may become the role. What the role may do comes next.',
      async run(ctx) {
        const { Role }: CreateRoleCommandOutput = todo('send a CreateRoleCommand with ctx.clients.iam: RoleName ROLE_NAME, AssumeRolePolicyDocument JSON.stringify(TRUST_POLICY), a Description, Tags ctx.tags()');
        ctx.output('roleArn', Role?.Arn ?? '');
        ctx.say(`MaxSessionDuration ${Role?.MaxSessionDuration ?? 3600} s: an AssumeRole session lasts 15 minutes up to this (at most 12 hours)`);
      },
    },
    {
      id: 'policy',
      title: 'Write the customer managed policy EmployeeDirectoryPhotosAccess',
      command:
        'aws iam create-policy --policy-name EmployeeDirectoryPhotosAccess --policy-document file://photos-policy.json --description "The employee directory app: its photos and its own code in the photos bucket" --tags Key=workbook:lab,Value=ec2-role',
      hint:
        'CreatePolicyCommand on ctx.clients.iam with PolicyName, PolicyDocument: JSON.stringify(document), a Description and Tags: ctx.tags(). ' +
        'A customer managed policy is its own resource, with an ARN and versions: a new document becomes a new version. ' +
        'The CLI reads the JSON from a file: save the document photosPolicy() builds as photos-policy.json.',
      async run(ctx) {
        const bucket = photosBucketName(ctx.account, ctx.region);
        const document = photosPolicy(bucket, ctx.partition);
        const { Policy }: CreatePolicyCommandOutput = todo('send a CreatePolicyCommand with ctx.clients.iam: PolicyName POLICY_NAME, PolicyDocument JSON.stringify(document), a Description, Tags ctx.tags()');
        ctx.output('policyArn', Policy?.Arn ?? '');
        ctx.say(`s3:PutObject, s3:DeleteObject, s3:GetObject on ${bucket}/${PHOTO_PREFIX}*: the employees' photos`);
        ctx.say(`s3:GetObject on ${bucket}/${APP_PREFIX}*: the app's own code, which it may read but never overwrite`);
        ctx.say(`s3:ListBucket on ${bucket} for the prefix ${PHOTO_PREFIX} only: a missing photo then answers 404, not 403`);
        ctx.say('the bucket itself comes in the directory-app lab (run it in this same region): a policy may name it before it exists');
      },
    },
    {
      id: 'attach',
      title: 'Attach the managed policy to the role',
      command:
        'aws iam attach-role-policy --role-name EmployeeDirectoryAppRole --policy-arn "arn:aws:iam::$(aws sts get-caller-identity --query Account --output text):policy/EmployeeDirectoryPhotosAccess"',
      hint:
        'AttachRolePolicyCommand on ctx.clients.iam with RoleName and PolicyArn: ctx.outputs.policyArn. The role\'s permissions are now what its ' +
        'attached policies allow; the runner detaches any other policy an earlier run left on the role, and says so.',
      async run(ctx) {
        todo('send an AttachRolePolicyCommand with ctx.clients.iam: RoleName ROLE_NAME, PolicyArn ctx.outputs.policyArn');
        ctx.say(`${ROLE_NAME} may do what ${POLICY_NAME} allows, and nothing more`);
      },
    },
    {
      id: 'instance-profile',
      title: 'Create the instance profile EmployeeDirectoryAppRole and put the role in it',
      command:
        'aws iam create-instance-profile --instance-profile-name EmployeeDirectoryAppRole --tags Key=workbook:lab,Value=ec2-role && aws iam add-role-to-instance-profile --instance-profile-name EmployeeDirectoryAppRole --role-name EmployeeDirectoryAppRole',
      hint:
        'CreateInstanceProfileCommand (InstanceProfileName, Tags: ctx.tags()), then AddRoleToInstanceProfileCommand (InstanceProfileName, RoleName). ' +
        'A profile holds one role. The console makes it for you when you create a role for EC2; the API does not.',
      async run(ctx) {
        todo('send a CreateInstanceProfileCommand with ctx.clients.iam: InstanceProfileName PROFILE_NAME, Tags ctx.tags()');
        todo('send an AddRoleToInstanceProfileCommand with ctx.clients.iam: InstanceProfileName PROFILE_NAME, RoleName ROLE_NAME');
        ctx.say(`an instance launched with --iam-instance-profile Name=${PROFILE_NAME} runs as ${ROLE_NAME}`);
      },
    },
    {
      id: 'credentials',
      title: 'See the temporary credentials a role hands out',
      command:
        'aws sts assume-role --role-arn "arn:aws:iam::$(aws sts get-caller-identity --query Account --output text):role/EmployeeDirectoryAppRole" --role-session-name workbook-demo --query "{Session: AssumedRoleUser.Arn, Expires: Credentials.Expiration}"',
      hint:
        'AssumeRoleCommand on ctx.clients.sts with RoleArn: ctx.outputs.roleArn and a RoleSessionName; leave DurationSeconds out for the default hour. ' +
        'Show only shownCredentials(Credentials): never print the secret access key or the session token. On AWS the trust policy refuses you, ' +
        'which is the point: the lab then shows how an instance gets them.',
      async run(ctx) {
        try {
          const { Credentials }: AssumeRoleCommandOutput = todo('send an AssumeRoleCommand with ctx.clients.sts: RoleArn ctx.outputs.roleArn, RoleSessionName "workbook-demo"');
          const shown = shownCredentials(Credentials);
          ctx.output('accessKey', shown.accessKey);
          ctx.output('expires', shown.expires);
          if (!ctx.isLocal) ctx.say(`warning: AWS let you assume ${ROLE_NAME}, which only EC2 should; look at its trust policy (npx lab check ec2-role)`);
        } catch (error) {
          // On AWS the refusal is the lesson, not a step gone wrong; it is not waited out either: it will not change.
          if (ctx.isLocal || !isAccessDenied(error)) throw error;
          explainInstanceCredentials(ctx, ROLE_NAME);
        }
        explainSessionLimits(ctx);
      },
    },
  ],
});
