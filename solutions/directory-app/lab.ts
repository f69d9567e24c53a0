// Lab `directory-app`: the employee directory on EC2. A private, encrypted photos bucket holding the app (one
// JavaScript file), the newest Amazon Linux 2023 image, and one t3.micro in public-a behind web-sg with the
// EmployeeDirectoryAppRole profile, IMDSv2 required and standard CPU credits, whose user data (user-data.sh) installs
// Node.js, fetches the app with the role's credentials and runs it on port 80. On LocalStack, where an instance is a
// record, the last step boots the app on this computer. Needs the `vpc` and `ec2-role` labs first.
// Run it with `npx lab run directory-app`; stuck at a step? `npx lab hint directory-app <step>`. Running it again is
// safe: what exists and matches is reused, what differs from your code is updated or replaced, and said so.
// An instance whose app never answers: `npx lab run directory-app --replace-instance` launches a new one.
import { RunInstancesCommand, type RunInstancesCommandOutput, waitUntilInstanceRunning } from '@aws-sdk/client-ec2';
import {
  type BucketLocationConstraint,
  CreateBucketCommand,
  GetObjectCommand,
  type GetObjectCommandOutput,
  PutBucketEncryptionCommand,
  PutBucketTaggingCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { GetParameterCommand, type GetParameterCommandOutput } from '@aws-sdk/client-ssm';
import { defineLab } from '../../lab-runner/lab.js';
import { publicUrl, waitUntilHealthy } from '../../labs/directory-app/app-health.js';
import { appBundle } from '../../labs/directory-app/bundle.js';
import { findFoundations } from '../../labs/directory-app/foundations.js';
import { knownImage } from '../../labs/directory-app/image.js';
import { bootLocally } from '../../labs/directory-app/local-boot.js';
import { describeAppInstance } from '../../labs/directory-app/lookups.js';
import { replaceInstanceIfAsked } from '../../labs/directory-app/replace.js';
import {
  AMI_PARAMETER,
  BUNDLE_KEY,
  CPU_CREDITS,
  INSTANCE_NAME,
  INSTANCE_TYPE,
  photosBucketName,
  PROFILE_NAME,
  SECURITY_GROUP_NAME,
  SUBNET_NAME,
} from '../../labs/directory-app/spec.js';
import { renderUserData } from '../../labs/directory-app/user-data.js';

/** What the steps hand each other. */
interface Outputs {
  subnet: string;
  securityGroup: string;
  bucket: string;
  ami: string;
  instance: string;
  zone: string;
  publicIp: string;
  url: string;
}

export default defineLab<Outputs>({
  id: 'directory-app',
  title: 'Host the employee directory on EC2',
  lessons: ['13-hosting-the-app'],
  goal:
    'Put the employee directory on the internet. Create a private, encrypted S3 bucket for the employees\' photos and ' +
    'upload the app, one JavaScript file, into it. Look up the newest Amazon Linux 2023 image through its public SSM ' +
    'parameter and launch one t3.micro instance in the public subnet public-a, behind web-sg, with the ' +
    'EmployeeDirectoryAppRole instance profile, IMDSv2 required and standard CPU credits. Its user data installs Node.js, ' +
    'fetches the app from the bucket and runs it as a service on port 80. There is no access key anywhere: the CLI and ' +
    'the app on the instance get short-lived credentials for the role from the instance metadata service. The records ' +
    'live on the instance\'s disk and disappear with it, which later weeks fix with a database.',
  region: 'target',
  requires: ['vpc', 'ec2-role'],
  cost:
    'Priced for us-east-1, on demand (other regions cost somewhat more): about 0.39 USD a day while the instance exists. ' +
    'The t3.micro costs 0.0104 USD an hour (launched with standard CPU credits, so never more), its public IPv4 address ' +
    '0.005 USD an hour, and its 8 GiB gp3 disk 0.08 USD per GB-month (about 0.02 USD a day); the photos cost cents a month ' +
    'in S3. Free Tier credits may cover it. Run `npx lab reset directory-app` when you are done.',
  localNote:
    'LocalStack keeps an EC2 instance as a record and runs nothing, so the last step boots the app on this computer: ' +
    'the same bundle from the (LocalStack) bucket, the environment the user data sets (but a free local port, ' +
    '127.0.0.1 and a folder under .workbook/instances/), and a local IMDSv2 metadata service that answers the ' +
    'instance\'s id, zone, region and its role\'s credentials. The app keeps running after the lab; `npx lab reset ' +
    'directory-app` stops it. LocalStack does not enforce IAM policies, and the public address it shows is made up.',
  services: ['ec2', 'iam', 's3', 'ssm'],
  resources: ['ec2:instance', 's3:bucket'],
  steps: [
    {
      id: 'foundations',
      title: 'Find the network and the role from the earlier labs',
      command:
        'SUBNET_ID=$(aws ec2 describe-subnets --filters Name=tag:Name,Values=public-a Name=tag:workbook:lab,Values=vpc --query "Subnets[0].SubnetId" --output text) && ' +
        'SG_ID=$(aws ec2 describe-security-groups --filters Name=group-name,Values=web-sg Name=tag:workbook:lab,Values=vpc --query "SecurityGroups[0].GroupId" --output text) && ' +
        'aws iam get-instance-profile --instance-profile-name EmployeeDirectoryAppRole --query "InstanceProfile.Roles[].RoleName"',
      hint:
        'Nothing to write: the instance goes into the vpc lab\'s subnet public-a with its security group web-sg, and runs ' +
        'as the ec2-role lab\'s role through the instance profile EmployeeDirectoryAppRole. If one is missing, run that lab first.',
      async run(ctx) {
        const { subnet, group } = await findFoundations(ctx);
        ctx.output('subnet', subnet.SubnetId ?? '');
        ctx.output('securityGroup', group.GroupId ?? '');
        ctx.say(`${SUBNET_NAME} is in ${subnet.AvailabilityZone}; ${SECURITY_GROUP_NAME} is ${group.GroupId}; ${PROFILE_NAME} carries its role`);
      },
    },
    {
      id: 'bucket',
      title: 'Create the photos bucket: private, encrypted, tagged',
      command:
        'REGION=$(aws configure get region) && BUCKET="employee-photos-$(aws sts get-caller-identity --query Account --output text)-$REGION" && ' +
        'aws s3api create-bucket --bucket "$BUCKET" --create-bucket-configuration LocationConstraint="$REGION" && ' +
        'aws s3api put-bucket-tagging --bucket "$BUCKET" --tagging \'TagSet=[{Key=workbook:lab,Value=directory-app}]\' && ' +
        'aws s3api put-public-access-block --bucket "$BUCKET" --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true && ' +
        'aws s3api put-bucket-encryption --bucket "$BUCKET" --server-side-encryption-configuration \'{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"}}]}\'   # in us-east-1, leave out --create-bucket-configuration',
      hint:
        'CreateBucketCommand with Bucket (and, outside us-east-1, CreateBucketConfiguration: { LocationConstraint: ctx.region }), ' +
        'then PutBucketTaggingCommand with Tagging: { TagSet: ctx.tags() }, PutPublicAccessBlockCommand with all four settings true, ' +
        'and PutBucketEncryptionCommand with one rule: ApplyServerSideEncryptionByDefault { SSEAlgorithm: \'AES256\' } (SSE-S3). ' +
        'Bucket names are global across all of AWS; the account id and region make this one yours.',
      async run(ctx) {
        const bucket = photosBucketName(ctx.account, ctx.region);
        ctx.output('bucket', bucket);
        // us-east-1 is S3's original region: it takes no LocationConstraint, and refuses one that names it.
        const location = ctx.region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: ctx.region as BucketLocationConstraint } };
        // solution: send a CreateBucketCommand with ctx.clients.s3: Bucket bucket, ...location
        await ctx.clients.s3.send(new CreateBucketCommand({ Bucket: bucket, ...location }));
        // end solution
        // solution: send a PutBucketTaggingCommand with ctx.clients.s3: Bucket bucket, Tagging { TagSet: ctx.tags() }
        await ctx.clients.s3.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: ctx.tags() } }));
        // end solution
        // solution: send a PutPublicAccessBlockCommand with ctx.clients.s3: Bucket bucket, PublicAccessBlockConfiguration with all four settings true
        await ctx.clients.s3.send(
          new PutPublicAccessBlockCommand({
            Bucket: bucket,
            PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
          }),
        );
        // end solution
        // solution: send a PutBucketEncryptionCommand with ctx.clients.s3: Bucket bucket, ServerSideEncryptionConfiguration { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] }
        await ctx.clients.s3.send(
          new PutBucketEncryptionCommand({
            Bucket: bucket,
            ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
          }),
        );
        // end solution
        ctx.say('public access blocked (all four settings); new objects encrypted with SSE-S3 (AES256)');
      },
    },
    {
      id: 'upload',
      title: 'Upload the app to the bucket',
      command: 'npx tsx directory-app/build.ts && aws s3 cp directory-app/dist/directory-app.mjs "s3://$BUCKET/app/directory-app.mjs"',
      hint:
        'The app is built for you into one file (bundle.bytes). Send a PutObjectCommand with Bucket, Key BUNDLE_KEY, Body bundle.bytes ' +
        'and ContentType \'text/javascript\'. The instance will fetch it from there with its role; nothing in the bucket is public.',
      async run(ctx) {
        const bundle = await appBundle();
        // solution: send a PutObjectCommand with ctx.clients.s3: Bucket ctx.outputs.bucket, Key BUNDLE_KEY, Body bundle.bytes, ContentType 'text/javascript'
        await ctx.clients.s3.send(new PutObjectCommand({ Bucket: ctx.outputs.bucket, Key: BUNDLE_KEY, Body: bundle.bytes, ContentType: 'text/javascript' }));
        // end solution
        ctx.say(`${bundle.path} (${Math.round(bundle.bytes.length / 1024)} KB) → s3://${ctx.outputs.bucket}/${BUNDLE_KEY}`);
      },
    },
    {
      id: 'image',
      title: 'Look up the newest Amazon Linux 2023 image',
      command: 'AMI_ID=$(aws ssm get-parameter --name /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64 --query Parameter.Value --output text)',
      hint:
        'GetParameterCommand on ctx.clients.ssm with Name AMI_PARAMETER: AWS keeps the id of the newest Amazon Linux 2023 image ' +
        'of each region in this public parameter, so you never copy an AMI id that differs by region and ages by the week.',
      async run(ctx) {
        // solution: send a GetParameterCommand with ctx.clients.ssm: Name AMI_PARAMETER
        const { Parameter }: GetParameterCommandOutput = await ctx.clients.ssm.send(new GetParameterCommand({ Name: AMI_PARAMETER }));
        // end solution
        const image = await knownImage(ctx, Parameter?.Value);
        ctx.say(`${AMI_PARAMETER} → ${image.ImageId} (${image.Name})`);
        ctx.output('ami', image.ImageId ?? '');
      },
    },
    {
      id: 'launch',
      title: 'Launch the instance employee-directory',
      command:
        'INSTANCE_ID=$(aws ec2 run-instances --image-id "$AMI_ID" --instance-type t3.micro --subnet-id "$SUBNET_ID" --security-group-ids "$SG_ID" ' +
        '--iam-instance-profile Name=EmployeeDirectoryAppRole --metadata-options HttpTokens=required,HttpEndpoint=enabled ' +
        '--credit-specification CpuCredits=standard --user-data file://user-data.sh ' +
        '--tag-specifications \'ResourceType=instance,Tags=[{Key=Name,Value=employee-directory},{Key=workbook:lab,Value=directory-app}]\' ' +
        '\'ResourceType=volume,Tags=[{Key=Name,Value=employee-directory},{Key=workbook:lab,Value=directory-app}]\' ' +
        '--query "Instances[0].InstanceId" --output text)   # user-data.sh with its values filled in',
      hint:
        'RunInstancesCommand with ImageId (ctx.outputs.ami), InstanceType INSTANCE_TYPE, MinCount and MaxCount 1, SubnetId, ' +
        'SecurityGroupIds [ctx.outputs.securityGroup], IamInstanceProfile { Name: PROFILE_NAME }, MetadataOptions { HttpTokens: \'required\', ' +
        'HttpEndpoint: \'enabled\' } (IMDSv2 only), CreditSpecification { CpuCredits: CPU_CREDITS } (\'standard\': T3 would otherwise ' +
        'bill surplus credits), UserData (the script, base64-encoded: the SDK does not encode it, the CLI does) and TagSpecifications ' +
        'for the instance and its volume (ctx.ec2Tags(\'instance\', INSTANCE_NAME) and ctx.ec2Tags(\'volume\', INSTANCE_NAME)). ' +
        'Read labs/directory-app/user-data.sh: it is what the instance runs at first boot.',
      timeoutSeconds: 1200,
      async run(ctx) {
        await replaceInstanceIfAsked(ctx);
        const userData = renderUserData({ bucket: ctx.outputs.bucket, region: ctx.region, bundleKey: BUNDLE_KEY });
        // solution: send a RunInstancesCommand with ctx.clients.ec2 and the settings of the command above (UserData: Buffer.from(userData).toString('base64'))
        const { Instances = [] }: RunInstancesCommandOutput = await ctx.clients.ec2.send(
          new RunInstancesCommand({
            ImageId: ctx.outputs.ami,
            InstanceType: INSTANCE_TYPE,
            MinCount: 1,
            MaxCount: 1,
            SubnetId: ctx.outputs.subnet,
            SecurityGroupIds: [ctx.outputs.securityGroup],
            IamInstanceProfile: { Name: PROFILE_NAME },
            MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled' },
            CreditSpecification: { CpuCredits: CPU_CREDITS },
            UserData: Buffer.from(userData).toString('base64'),
            TagSpecifications: [...ctx.ec2Tags('instance', INSTANCE_NAME), ...ctx.ec2Tags('volume', INSTANCE_NAME)],
          }),
        );
        // end solution
        const instanceId = Instances[0]?.InstanceId ?? '';
        ctx.say(`${instanceId}: ${INSTANCE_TYPE} (${CPU_CREDITS} credits), ${SUBNET_NAME}, ${SECURITY_GROUP_NAME}, profile ${PROFILE_NAME}, IMDSv2 required`);
        ctx.output('instance', instanceId);
      },
    },
    {
      id: 'wait',
      title: 'Wait until it runs',
      command:
        'aws ec2 wait instance-running --instance-ids "$INSTANCE_ID" && ' +
        'PUBLIC_IP=$(aws ec2 describe-instances --instance-ids "$INSTANCE_ID" --query "Reservations[0].Instances[0].PublicIpAddress" --output text)',
      hint:
        'waitUntilInstanceRunning({ client: ctx.clients.ec2, maxWaitTime: 300 }, { InstanceIds: [ctx.outputs.instance] }) polls ' +
        'DescribeInstances until the state is running. "Running" means the machine has booted, not that the app is up yet.',
      timeoutSeconds: 600,
      async run(ctx) {
        // solution: wait with waitUntilInstanceRunning({ client: ctx.clients.ec2, maxWaitTime: 300 }, { InstanceIds: [ctx.outputs.instance] })
        await waitUntilInstanceRunning({ client: ctx.clients.ec2, maxWaitTime: 300 }, { InstanceIds: [ctx.outputs.instance] });
        // end solution
        const instance = await describeAppInstance(ctx, ctx.outputs.instance);
        ctx.output('zone', instance.Placement?.AvailabilityZone ?? '');
        ctx.output('publicIp', instance.PublicIpAddress ?? '(none)');
        if (ctx.isLocal) ctx.say('on LocalStack "running" is a state in a record: nothing boots there, the next step boots the app on this computer');
      },
    },
    {
      id: 'open',
      title: 'Open the app',
      command: 'curl "http://$PUBLIC_IP/health"',
      hint:
        'On AWS nothing to write: the step asks the app\'s /health on the public address until the user data has installed ' +
        'and started it (a few minutes at most). On LocalStack, send a GetObjectCommand for the bundle (Bucket, Key BUNDLE_KEY) ' +
        'and read its Body with transformToByteArray(), as the user data\'s `aws s3 cp` does; the runner boots it locally.',
      timeoutSeconds: 1200,
      async run(ctx) {
        if (ctx.isLocal) {
          // solution: send a GetObjectCommand with ctx.clients.s3: Bucket ctx.outputs.bucket, Key BUNDLE_KEY
          const { Body }: GetObjectCommandOutput = await ctx.clients.s3.send(new GetObjectCommand({ Bucket: ctx.outputs.bucket, Key: BUNDLE_KEY }));
          // end solution
          const bundle = (await Body?.transformToByteArray()) ?? new Uint8Array();
          ctx.output('url', await bootLocally(ctx, ctx.outputs.instance, ctx.outputs.bucket, bundle));
        } else {
          ctx.output('url', publicUrl(ctx.outputs.publicIp, ctx.outputs.instance));
        }
        const health = await waitUntilHealthy(ctx, ctx.outputs.url, await describeAppInstance(ctx, ctx.outputs.instance));
        ctx.say(`/health: instance ${health.instanceId} in ${health.availabilityZone}, read by the app through IMDSv2`);
        ctx.say('open the URL in a browser, add an employee with a photo, and look for the photo in the bucket');
      },
    },
  ],
});
