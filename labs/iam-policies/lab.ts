// Yours to write: the code at each todo(). Made from solutions/iam-policies/lab.ts, where it is all written, by `npx lab dev gen`.
// Lab `iam-policies`: lesson 9's photo reviewer. A bucket policy-lab-<account>-<region> with a photo under photos/ and
// a file under private/; the customer managed policy ReviewPhotosReadOnly (list and read photos/ only, and no delete
// without MFA); the group Reviewers with that policy; the user photo-reviewer in the group. Then the lab acts as
// photo-reviewer, with an access key that lives only in this run's memory, and shows what AWS decides for each of the
// lesson's requests, and why.
// Run it with `npx lab run iam-policies`; stuck at a step? `npx lab hint iam-policies <step>`. Change the policy below
// and run again: the policy gets a new version, and the last step shows the new decisions.
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  CreateAccessKeyCommand,
  type CreateAccessKeyCommandOutput,
  CreateGroupCommand,
  CreatePolicyCommand,
  type CreatePolicyCommandOutput,
  CreateUserCommand,
  type CreateUserCommandOutput,
} from '@aws-sdk/client-iam';
import { type BucketLocationConstraint, CreateBucketCommand, PutBucketTaggingCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { labPath } from '../../lab-runner/iam-path.js';
import { defineLab, todo } from '../../lab-runner/lab.js';
import type { PolicyDocument } from '../../lab-runner/policy-document.js';
import { asReviewer } from '../../labs/iam-policies/as-reviewer.js';
import { summary } from '../../labs/iam-policies/decision.js';
import type { RequestId } from '../../labs/iam-policies/requests.js';
import { bucketArn, GROUP_NAME, POLICY_NAME, policyLabBucket, SAMPLE_OBJECTS, USER_NAME } from '../../labs/iam-policies/spec.js';

/** What the steps hand each other, and what AWS decided for each request photo-reviewer made. */
interface Outputs extends Record<RequestId, string> {
  bucket: string;
  policyArn: string;
  reviewer: string;
}

/**
 * ReviewPhotosReadOnly, as lesson 9 writes it: list and read what is under photos/, nothing else; and even if another
 * policy ever allowed deleting, no delete without MFA. Long-term access keys carry no MFA information at all, which is
 * why the condition is BoolIfExists: a missing aws:MultiFactorAuthPresent counts as "no MFA".
 */
function reviewPhotosReadOnly(bucket: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'ListOnlyPhotos', Effect: 'Allow', Action: 's3:ListBucket', Resource: bucket, Condition: { StringLike: { 's3:prefix': ['photos/', 'photos/*'] } } },
      { Sid: 'ReadOnlyPhotos', Effect: 'Allow', Action: 's3:GetObject', Resource: `${bucket}/photos/*` },
      { Sid: 'NoDeleteWithoutMfa', Effect: 'Deny', Action: 's3:DeleteObject', Resource: `${bucket}/*`, Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
    ],
  };
}

export default defineLab<Outputs>({
  id: 'iam-policies',
  title: 'IAM policies: a photo reviewer, and why AWS says no',
  lessons: ['09-iam-policies'],
  goal:
    'Every request to AWS is authorized by policies: an explicit deny wins, then anything that allows it, and otherwise it is denied. ' +
    'Build lesson 9\'s photo reviewer: a bucket with a photo under photos/ and a file under private/; the customer managed policy ' +
    'ReviewPhotosReadOnly, which allows listing and reading photos/ only and explicitly denies deleting without MFA; the group ' +
    'Reviewers with that policy; and the user photo-reviewer in the group, with no policies of its own. Then act as photo-reviewer, ' +
    'with an access key that lives only in the run\'s memory, and see for each request whether AWS allows it, and why not: ' +
    'the statement that denied it, or that nothing allowed it.',
  region: 'target',
  requires: [],
  cost: 'Free: IAM costs nothing, and the bucket holds two small objects (S3 charges fractions of a cent for them, within the Free Tier).',
  localNote:
    'LocalStack on its own enforces no IAM: the local cloud\'s gate decides each request as AWS does, and says which statement decided ' +
    'and why, where AWS names the kind of policy (at most the policy). Without the gate in front, the last step refuses to act as the reviewer.',
  services: ['iam', 's3'],
  resources: ['s3:bucket', 'iam:policy', 'iam:group', 'iam:group-policy', 'iam:user', 'iam:group-membership', 'iam:access-key'],
  steps: [
    {
      id: 'bucket',
      title: 'Create the bucket policy-lab-<account>-<region> and tag it',
      command:
        'REGION=$(aws configure get region) && BUCKET="policy-lab-$(aws sts get-caller-identity --query Account --output text)-$REGION" && ' +
        'aws s3api create-bucket --bucket "$BUCKET" --create-bucket-configuration LocationConstraint="$REGION" && ' +
        'aws s3api put-bucket-tagging --bucket "$BUCKET" --tagging \'TagSet=[{Key=workbook:lab,Value=iam-policies}]\'   # in us-east-1, leave out --create-bucket-configuration',
      hint:
        'CreateBucketCommand on ctx.clients.s3 with Bucket (and, outside us-east-1, the ...location the step works out), then PutBucketTaggingCommand with ' +
        'Bucket and Tagging: { TagSet: ctx.tags() }. Bucket names are global across all of AWS: the account id and region make this one yours.',
      async run(ctx) {
        const bucket = policyLabBucket(ctx.account, ctx.region);
        // us-east-1 is S3's original region: it takes no LocationConstraint, and refuses one that names it.
        const location = ctx.region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: ctx.region as BucketLocationConstraint } };
        todo('send a CreateBucketCommand with ctx.clients.s3: Bucket bucket, ...location');
        todo('send a PutBucketTaggingCommand with ctx.clients.s3: Bucket bucket, Tagging { TagSet: ctx.tags() }');
        ctx.output('bucket', bucket);
      },
    },
    {
      id: 'objects',
      title: 'Put a photo under photos/ and a file under private/',
      command:
        'echo "a photo" > team.jpg && echo "name,salary" > salaries.csv && ' +
        'aws s3 cp team.jpg "s3://$BUCKET/photos/team.jpg" && aws s3 cp salaries.csv "s3://$BUCKET/private/salaries.csv"',
      hint:
        'For each object of SAMPLE_OBJECTS, PutObjectCommand on ctx.clients.s3 with Bucket: ctx.outputs.bucket and the object\'s Key, Body and ContentType. ' +
        'S3 has no folders: photos/ and private/ are only the start of the keys, and a policy can tell them apart by it.',
      async run(ctx) {
        for (const object of SAMPLE_OBJECTS) {
          todo('send a PutObjectCommand with ctx.clients.s3: Bucket ctx.outputs.bucket, Key object.Key, Body object.Body, ContentType object.ContentType');
        }
        ctx.say(`s3://${ctx.outputs.bucket}/ holds ${SAMPLE_OBJECTS.map((o) => o.Key).join(' and ')}`);
      },
    },
    {
      id: 'policy',
      title: 'Write the customer managed policy ReviewPhotosReadOnly',
      command:
        'aws iam create-policy --policy-name ReviewPhotosReadOnly --policy-document file://review-photos-read-only.json ' +
        '--description "List and read photos/ only; no delete without MFA" --tags Key=workbook:lab,Value=iam-policies',
      hint:
        'CreatePolicyCommand on ctx.clients.iam with PolicyName, PolicyDocument: JSON.stringify(document), a Description and Tags: ctx.tags(). ' +
        'The document is reviewPhotosReadOnly() above, lesson 9\'s policy: change it and run again, and the policy gets a new version.',
      async run(ctx) {
        const document = reviewPhotosReadOnly(bucketArn(ctx.outputs.bucket, ctx.partition));
        const { Policy }: CreatePolicyCommandOutput = todo('send a CreatePolicyCommand with ctx.clients.iam: PolicyName POLICY_NAME, PolicyDocument JSON.stringify(document), a Description, Tags ctx.tags()');
        ctx.output('policyArn', Policy?.Arn ?? '');
      },
    },
    {
      id: 'group',
      title: 'Create the group Reviewers and attach the policy to it',
      command:
        'aws iam create-group --group-name Reviewers --path /workbook/iam-policies/ && ' +
        'aws iam attach-group-policy --group-name Reviewers --policy-arn "arn:aws:iam::$(aws sts get-caller-identity --query Account --output text):policy/ReviewPhotosReadOnly"',
      hint:
        'CreateGroupCommand with GroupName and Path labPath(ctx.labId) (groups cannot be tagged, so the lab marks its group by its path), ' +
        'then AttachGroupPolicyCommand with GroupName and PolicyArn: ctx.outputs.policyArn. Permissions go on groups; people join groups.',
      async run(ctx) {
        todo('send a CreateGroupCommand with ctx.clients.iam: GroupName GROUP_NAME, Path labPath(ctx.labId)');
        todo('send an AttachGroupPolicyCommand with ctx.clients.iam: GroupName GROUP_NAME, PolicyArn ctx.outputs.policyArn');
        ctx.say(`every member of ${GROUP_NAME} may do what ${POLICY_NAME} allows, and nothing it denies`);
      },
    },
    {
      id: 'user',
      title: 'Create the user photo-reviewer and add it to Reviewers',
      command: 'aws iam create-user --user-name photo-reviewer --tags Key=workbook:lab,Value=iam-policies && aws iam add-user-to-group --group-name Reviewers --user-name photo-reviewer',
      hint: 'CreateUserCommand with UserName and Tags: ctx.tags(); then AddUserToGroupCommand with GroupName and UserName. The user gets no policies of its own: it has what its group has.',
      async run(ctx) {
        const { User }: CreateUserCommandOutput = todo('send a CreateUserCommand with ctx.clients.iam: UserName USER_NAME, Tags ctx.tags()');
        todo('send an AddUserToGroupCommand with ctx.clients.iam: GroupName GROUP_NAME, UserName USER_NAME');
        ctx.output('reviewer', User?.Arn ?? '');
      },
    },
    {
      id: 'act-as-reviewer',
      title: 'Act as photo-reviewer: what AWS allows, what it denies, and why',
      command:
        'aws iam create-access-key --user-name photo-reviewer   # then, with its keys in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: ' +
        'aws s3api get-object --bucket "$BUCKET" --key private/salaries.csv salaries.csv; aws s3api delete-object --bucket "$BUCKET" --key photos/team.jpg; ' +
        'aws iam delete-access-key --user-name photo-reviewer --access-key-id <id>',
      hint:
        'CreateAccessKeyCommand on ctx.clients.iam with UserName: it answers AccessKey, whose SecretAccessKey AWS shows this once and never again. ' +
        'asReviewer(ctx, AccessKey) signs lesson 9\'s requests with it, shows what AWS decides for each and why, and deletes the key when it is done: ' +
        'the secret never leaves this run\'s memory.',
      async run(ctx) {
        const { AccessKey }: CreateAccessKeyCommandOutput = todo('send a CreateAccessKeyCommand with ctx.clients.iam: UserName USER_NAME');
        const decisions = await asReviewer(ctx, AccessKey);
        for (const { request, decision } of decisions) ctx.output(request.id, summary(decision));
      },
    },
  ],
});
