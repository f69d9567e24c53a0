// Lab `directory-app`: the employee directory on EC2. A private, encrypted photos bucket holding the app (one
// JavaScript file), the newest Amazon Linux 2023 image, and one t3.micro in public-a behind web-sg with the
// EmployeeDirectoryAppRole profile and IMDSv2 required, whose user data (user-data.sh) installs Node.js, fetches the
// app with the role's credentials and runs it on port 80. On LocalStack, where an instance is a record, the last step
// boots the app on this computer. Needs the `vpc` and `ec2-role` labs first.
// Write the bodies marked todo(), then run `npx lab run directory-app`. Stuck? `npx lab hint directory-app <step>`.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  DescribeImagesCommand,
  DescribeInstancesCommand,
  type Image,
  type Instance,
  type RunInstancesCommandOutput,
  StartInstancesCommand,
  waitUntilInstanceRunning,
  waitUntilInstanceStopped,
} from '@aws-sdk/client-ec2';
import {
  type BucketLocationConstraint,
  type CreateBucketCommandOutput,
  type GetObjectCommandOutput,
  type PutBucketEncryptionCommandOutput,
  type PutBucketTaggingCommandOutput,
  type PutObjectCommandOutput,
  type PutPublicAccessBlockCommandOutput,
} from '@aws-sdk/client-s3';
import { type GetParameterCommandOutput } from '@aws-sdk/client-ssm';
import { buildDirectoryApp } from '../../directory-app/build.js';
import { retryWhilePropagating } from '../../lab-runner/iam-propagation.js';
import { defineLab, type LabContext, todo } from '../../lab-runner/lab.js';
import { bootLocalInstance } from '../../lab-runner/local-instance/index.js';
import { findInstanceProfile, findSecurityGroupByName, findSubnetByName, findVpcByName, requireFromLab } from '../../lab-runner/lookup.js';
import { notMadeByLab } from '../../lab-runner/ownership.js';
import { projectRoot } from '../../lab-runner/paths.js';
import { waitForHealth } from './app-client.js';
import { appInstances, bucketExists, bucketIsTagged, instanceDifferences } from './lookups.js';
import {
  AMI_PARAMETER,
  BUNDLE_FILE,
  BUNDLE_KEY,
  INSTANCE_NAME,
  INSTANCE_TYPE,
  LIVE_STATES,
  photosBucketName,
  PROFILE_NAME,
  ROLE_NAME,
  SECURITY_GROUP_NAME,
  SUBNET_NAME,
  VPC_NAME,
} from './spec.js';
import { appEnvironment, renderUserData } from './user-data.js';

export default defineLab({
  id: 'directory-app',
  title: 'Host the employee directory on EC2',
  lesson: '10-hosting-the-app',
  goal:
    'Put the employee directory on the internet. Create a private, encrypted S3 bucket for the employees\' photos and ' +
    'upload the app, one JavaScript file, into it. Look up the newest Amazon Linux 2023 image through its public SSM ' +
    'parameter and launch one t3.micro instance in the public subnet public-a, behind web-sg, with the ' +
    'EmployeeDirectoryAppRole instance profile and IMDSv2 required. Its user data installs Node.js, fetches the app ' +
    'from the bucket and runs it as a service on port 80. There is no access key anywhere: the CLI and the app on the ' +
    'instance get short-lived credentials for the role from the instance metadata service. The records live on the ' +
    'instance\'s disk and disappear with it, which later weeks fix with a database.',
  region: 'target',
  requires: ['vpc', 'ec2-role'],
  cost:
    'About 0.40 USD a day while the instance exists: a t3.micro costs about 0.0104 USD an hour in us-east-1, its ' +
    'public IPv4 address 0.005 USD an hour and its 8 GB disk about 0.02 USD a day (free-tier or Free-plan credits may ' +
    'cover them); the photos cost cents a month in S3. Run `npx lab reset directory-app` when you are done.',
  localNote:
    'LocalStack keeps an EC2 instance as a record and runs nothing, so the last step boots the app on this computer: ' +
    'the same bundle from the (LocalStack) bucket, the environment the user data sets (but a free local port, ' +
    '127.0.0.1 and a folder under .workbook/instances/), and a local IMDSv2 metadata service that answers the ' +
    'instance\'s id, zone, region and its role\'s credentials. The app keeps running after the lab; `npx lab reset ' +
    'directory-app` stops it. LocalStack does not enforce IAM policies, and the public address it shows is made up.',
  steps: [
    {
      title: 'Find the network and the role from the earlier labs',
      command:
        'SUBNET_ID=$(aws ec2 describe-subnets --filters Name=tag:Name,Values=public-a Name=tag:workbook:lab,Values=vpc --query "Subnets[0].SubnetId" --output text) && ' +
        'SG_ID=$(aws ec2 describe-security-groups --filters Name=group-name,Values=web-sg Name=tag:workbook:lab,Values=vpc --query "SecurityGroups[0].GroupId" --output text) && ' +
        'aws iam get-instance-profile --instance-profile-name EmployeeDirectoryAppRole --query "InstanceProfile.Roles[].RoleName"',
      hint:
        'Nothing to write: the instance goes into the vpc lab\'s subnet public-a with its security group web-sg, and runs ' +
        'as the ec2-role lab\'s role through the instance profile EmployeeDirectoryAppRole. If one is missing, run that lab first.',
      async run(ctx) {
        const vpc = (await findVpcByName(ctx, VPC_NAME, { lab: 'vpc' })) ?? requireFromLab(`VPC ${VPC_NAME}`, 'vpc');
        const subnet = (await findSubnetByName(ctx, SUBNET_NAME, { lab: 'vpc', vpcId: vpc.VpcId })) ?? requireFromLab(`subnet ${SUBNET_NAME}`, 'vpc');
        const group =
          (await findSecurityGroupByName(ctx, SECURITY_GROUP_NAME, { lab: 'vpc', vpcId: vpc.VpcId })) ??
          requireFromLab(`security group ${SECURITY_GROUP_NAME}`, 'vpc');
        const profile = (await findInstanceProfile(ctx, PROFILE_NAME)) ?? requireFromLab(`instance profile ${PROFILE_NAME}`, 'ec2-role');
        if (!(profile.Roles ?? []).some((r) => r.RoleName === ROLE_NAME)) {
          throw new Error(`instance profile ${PROFILE_NAME} holds no role ${ROLE_NAME}, so the instance would get no credentials: run \`npx lab run ec2-role --solution\` (or your own) again`);
        }
        ctx.output('subnet', subnet.SubnetId ?? '');
        ctx.output('web-sg', group.GroupId ?? '');
        ctx.say(`${SUBNET_NAME} is in ${subnet.AvailabilityZone}; ${PROFILE_NAME} carries the role ${ROLE_NAME}`);
      },
    },
    {
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
        if (await bucketExists(ctx, bucket)) {
          if (!(await bucketIsTagged(ctx, bucket))) {
            throw notMadeByLab({
              what: `S3 bucket ${bucket}`,
              labId: ctx.labId,
              tagCommand: `aws s3api put-bucket-tagging --bucket ${bucket} --tagging 'TagSet=[{Key=workbook:lab,Value=${ctx.labId}}]'`,
              deleteCommand: `aws s3 rb s3://${bucket} --force`,
            });
          }
          ctx.say('the bucket exists already: reused');
        } else {
          // us-east-1 is S3's original region: it takes no LocationConstraint, and refuses one that names it.
          const location = ctx.region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: ctx.region as BucketLocationConstraint } };
          const created: CreateBucketCommandOutput = todo('send a CreateBucketCommand with ctx.clients.s3: Bucket bucket, ...location');
          const tagged: PutBucketTaggingCommandOutput = todo('send a PutBucketTaggingCommand: Bucket bucket, Tagging { TagSet: ctx.tags() }');
        }
        // Both calls set the whole configuration, so running them again puts right whatever was changed by hand.
        const blocked: PutPublicAccessBlockCommandOutput = todo(
          'send a PutPublicAccessBlockCommand: Bucket bucket, PublicAccessBlockConfiguration with BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy and RestrictPublicBuckets all true',
        );
        const encrypted: PutBucketEncryptionCommandOutput = todo(
          "send a PutBucketEncryptionCommand: Bucket bucket, ServerSideEncryptionConfiguration { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] }",
        );
        ctx.say('public access blocked (all four settings); new objects encrypted with SSE-S3 (AES256)');
      },
    },
    {
      title: 'Upload the app to the bucket',
      command: 'npx tsx directory-app/build.ts && aws s3 cp directory-app/dist/directory-app.mjs "s3://$BUCKET/app/directory-app.mjs"',
      hint:
        'The app is built for you into one file. Send a PutObjectCommand with Bucket, Key BUNDLE_KEY, Body (the file\'s bytes) ' +
        'and ContentType \'text/javascript\'. The instance will fetch it from there with its role; nothing in the bucket is public.',
      async run(ctx) {
        const bundle = await buildDirectoryApp();
        const bytes = readFileSync(bundle);
        const uploaded: PutObjectCommandOutput = todo(
          "send a PutObjectCommand with ctx.clients.s3: Bucket ctx.outputs.bucket, Key BUNDLE_KEY, Body bytes, ContentType 'text/javascript'",
        );
        ctx.say(`${shortPath(bundle)} (${Math.round(bytes.length / 1024)} KB) → s3://${ctx.outputs.bucket}/${BUNDLE_KEY}`);
      },
    },
    {
      title: 'Look up the newest Amazon Linux 2023 image',
      command: 'AMI_ID=$(aws ssm get-parameter --name /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64 --query Parameter.Value --output text)',
      hint:
        'GetParameterCommand on ctx.clients.ssm with Name AMI_PARAMETER: AWS keeps the id of the newest Amazon Linux 2023 image ' +
        'of each region in this public parameter, so you never copy an AMI id that differs by region and ages by the week.',
      async run(ctx) {
        let imageId: string | undefined;
        try {
          const { Parameter }: GetParameterCommandOutput = todo('send a GetParameterCommand with ctx.clients.ssm: Name AMI_PARAMETER');
          imageId = Parameter?.Value;
        } catch (error) {
          if (!(ctx.isLocal && error instanceof Error && error.name === 'ParameterNotFound')) throw error;
        }
        const image = imageId ? await describeImage(ctx, imageId) : undefined;
        if (image) {
          ctx.say(`${AMI_PARAMETER} → ${image.ImageId} (${image.Name})`);
          ctx.output('ami', image.ImageId ?? '');
          return;
        }
        if (!ctx.isLocal) throw new Error(`${AMI_PARAMETER} names ${imageId ?? 'no image'}, which DescribeImages does not know in ${ctx.region}`);
        const standIn = await localAmazonLinuxImage(ctx);
        ctx.say(`LocalStack has no usable ${AMI_PARAMETER} in ${ctx.region}: using its own image ${standIn.ImageId} (${standIn.Name}), found with DescribeImages`);
        ctx.output('ami', standIn.ImageId ?? '');
      },
    },
    {
      title: 'Launch the instance employee-directory',
      command:
        'INSTANCE_ID=$(aws ec2 run-instances --image-id "$AMI_ID" --instance-type t3.micro --subnet-id "$SUBNET_ID" --security-group-ids "$SG_ID" ' +
        '--iam-instance-profile Name=EmployeeDirectoryAppRole --metadata-options HttpTokens=required,HttpEndpoint=enabled ' +
        '--user-data file://user-data.sh ' +
        '--tag-specifications \'ResourceType=instance,Tags=[{Key=Name,Value=employee-directory},{Key=workbook:lab,Value=directory-app}]\' ' +
        '\'ResourceType=volume,Tags=[{Key=Name,Value=employee-directory},{Key=workbook:lab,Value=directory-app}]\' ' +
        '--query "Instances[0].InstanceId" --output text)   # user-data.sh with its values filled in',
      hint:
        'RunInstancesCommand with ImageId (ctx.outputs.ami), InstanceType INSTANCE_TYPE, MinCount and MaxCount 1, SubnetId, ' +
        'SecurityGroupIds [the web-sg id], IamInstanceProfile { Name: PROFILE_NAME }, MetadataOptions { HttpTokens: \'required\', ' +
        'HttpEndpoint: \'enabled\' } (IMDSv2 only), UserData (the script, base64-encoded: the SDK does not encode it, the CLI does) ' +
        'and TagSpecifications for the instance and its volume (ctx.ec2Tags(\'instance\', INSTANCE_NAME) and ctx.ec2Tags(\'volume\', INSTANCE_NAME)). ' +
        'Read labs/directory-app/user-data.sh: it is what the instance runs at first boot.',
      async run(ctx) {
        const existing = await appInstances(ctx, LIVE_STATES, ctx.labId);
        if (existing.length > 1) {
          const ids = existing.map((i) => i.InstanceId).join(', ');
          throw new Error(`More than one ${INSTANCE_NAME} instance (${ids}): terminate the extra ones, or start over with \`npx lab reset ${ctx.labId}\``);
        }
        if (existing.length === 1) return reuseInstance(ctx, existing[0]);
        const foreign = (await appInstances(ctx, LIVE_STATES))[0];
        if (foreign) {
          throw notMadeByLab({
            what: `EC2 instance ${INSTANCE_NAME} (${foreign.InstanceId})`,
            labId: ctx.labId,
            tagCommand: `aws ec2 create-tags --resources ${foreign.InstanceId} --tags Key=workbook:lab,Value=${ctx.labId}`,
            deleteCommand: `aws ec2 terminate-instances --instance-ids ${foreign.InstanceId}`,
          });
        }
        const userData = renderUserData({ bucket: ctx.outputs.bucket, region: ctx.region, bundleKey: BUNDLE_KEY });
        // On AWS, EC2 may not know an instance profile made seconds ago yet ("Invalid IAM Instance Profile name").
        const { Instances = [] }: RunInstancesCommandOutput = await retryWhilePropagating(ctx, async () =>
          todo(
            'send a RunInstancesCommand with ctx.clients.ec2: ImageId ctx.outputs.ami, InstanceType INSTANCE_TYPE, MinCount 1, MaxCount 1, ' +
              "SubnetId ctx.outputs.subnet, SecurityGroupIds [ctx.outputs['web-sg']], IamInstanceProfile { Name: PROFILE_NAME }, " +
              "MetadataOptions { HttpTokens: 'required', HttpEndpoint: 'enabled' }, UserData userData base64-encoded, " +
              "TagSpecifications for the instance and the volume (ctx.ec2Tags('instance', INSTANCE_NAME), ctx.ec2Tags('volume', INSTANCE_NAME))",
          ),
        );
        const instanceId = Instances[0]?.InstanceId ?? '';
        ctx.say(`launched ${instanceId}: ${INSTANCE_TYPE}, ${SUBNET_NAME}, ${SECURITY_GROUP_NAME}, profile ${PROFILE_NAME}, IMDSv2 required`);
        ctx.output('instance', instanceId);
      },
    },
    {
      title: 'Wait until it runs',
      command:
        'aws ec2 wait instance-running --instance-ids "$INSTANCE_ID" && ' +
        'PUBLIC_IP=$(aws ec2 describe-instances --instance-ids "$INSTANCE_ID" --query "Reservations[0].Instances[0].PublicIpAddress" --output text)',
      hint:
        'waitUntilInstanceRunning({ client: ctx.clients.ec2, maxWaitTime: 300 }, { InstanceIds: [ctx.outputs.instance] }) polls ' +
        'DescribeInstances until the state is running. "Running" means the machine has booted, not that the app is up yet.',
      async run(ctx) {
        const instanceId = ctx.outputs.instance;
        const waited: Awaited<ReturnType<typeof waitUntilInstanceRunning>> = todo(
          'await waitUntilInstanceRunning({ client: ctx.clients.ec2, maxWaitTime: 300, ...waitDelays(ctx) }, { InstanceIds: [instanceId] })',
        );
        const instance = await describeInstance(ctx, instanceId);
        ctx.output('zone', instance.Placement?.AvailabilityZone ?? '');
        ctx.output('public-ip', instance.PublicIpAddress ?? '(none)');
        if (ctx.isLocal) ctx.say('on LocalStack "running" is a state in a record: nothing boots there, the next step boots the app on this computer');
      },
    },
    {
      title: 'Open the app',
      command: 'curl "http://$PUBLIC_IP/health"',
      hint:
        'On AWS nothing to write: the step asks the app\'s /health on the public address until the user data has installed ' +
        'and started it (a minute or two). On LocalStack, send a GetObjectCommand for the bundle (Bucket, Key BUNDLE_KEY) ' +
        'and read its Body with transformToByteArray(), as the user data\'s `aws s3 cp` does; the runner boots it locally.',
      async run(ctx) {
        const instanceId = ctx.outputs.instance;
        const url = ctx.isLocal ? await bootLocally(ctx, instanceId) : publicUrl(ctx);
        const health = await waitForHealth(url, instanceId, {
          timeoutMs: ctx.isLocal ? 30_000 : 600_000,
          sayEveryMs: 30_000,
          say: (message) => ctx.say(message),
          because: 'the user data is still installing Node.js and starting the app',
        });
        ctx.say(`/health: instance ${health.instanceId} in ${health.availabilityZone}, read by the app through IMDSv2`);
        ctx.say('open the URL in a browser, add an employee with a photo, and look for the photo in the bucket');
        ctx.output('url', url);
      },
    },
  ],
});

function waitDelays(ctx: LabContext): { minDelay: number; maxDelay: number } {
  // The waiter's default of a call every 15 s suits AWS; LocalStack answers at once.
  return ctx.isLocal ? { minDelay: 1, maxDelay: 2 } : { minDelay: 5, maxDelay: 15 };
}

async function describeInstance(ctx: LabContext, instanceId: string): Promise<Instance> {
  const { Reservations = [] } = await ctx.clients.ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  const instance = Reservations.flatMap((r) => r.Instances ?? [])[0];
  if (!instance) throw new Error(`instance ${instanceId} is not there any more`);
  return instance;
}

async function describeImage(ctx: LabContext, imageId: string): Promise<Image | undefined> {
  try {
    return (await ctx.clients.ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] }))).Images?.[0];
  } catch (error) {
    if (error instanceof Error && /^InvalidAMIID\./.test(error.name)) return undefined;
    throw error;
  }
}

/** The newest standard (not minimal, not ECS) Amazon Linux 2023 x86_64 image LocalStack knows. */
async function localAmazonLinuxImage(ctx: LabContext): Promise<Image> {
  const { Images = [] } = await ctx.clients.ec2.send(
    new DescribeImagesCommand({
      Owners: ['amazon'],
      Filters: [
        { Name: 'name', Values: ['al2023-ami-2023.*-x86_64'] },
        { Name: 'architecture', Values: ['x86_64'] },
      ],
    }),
  );
  const newest = Images.sort((a, b) => (b.CreationDate ?? b.Name ?? '').localeCompare(a.CreationDate ?? a.Name ?? ''))[0];
  if (!newest) throw new Error(`LocalStack knows no Amazon Linux 2023 image in ${ctx.region}`);
  return newest;
}

/** An instance made by an earlier run: kept if it is right, started if it was stopped, reported if it is wrong. */
async function reuseInstance(ctx: LabContext, instance: Instance): Promise<void> {
  const instanceId = instance.InstanceId ?? '';
  const differences = await instanceDifferences(ctx, instance, { subnetId: ctx.outputs.subnet, groupId: ctx.outputs['web-sg'] });
  if (differences.length > 0) {
    throw new Error(`${INSTANCE_NAME} (${instanceId}) ${differences.join('; ')}. Fix it by hand, or start over with \`npx lab reset ${ctx.labId}\`.`);
  }
  const state = instance.State?.Name;
  if (state === 'stopping' || state === 'stopped') {
    if (state === 'stopping') await waitUntilInstanceStopped({ client: ctx.clients.ec2, maxWaitTime: 300, ...waitDelays(ctx) }, { InstanceIds: [instanceId] });
    await ctx.clients.ec2.send(new StartInstancesCommand({ InstanceIds: [instanceId] }));
    ctx.say(`${instanceId} was ${state}: started it again (its user data does not run again; systemd starts the app)`);
  } else {
    ctx.say(`${instanceId} is ${state} already: reused`);
  }
  ctx.output('instance', instanceId);
}

/** Port 80 of the instance's public address: the only way in from the internet. */
function publicUrl(ctx: LabContext): string {
  const ip = ctx.outputs['public-ip'];
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(ip)) {
    throw new Error(`${ctx.outputs.instance} has no public IPv4 address: ${SUBNET_NAME} must give its instances one (the vpc lab turns on MapPublicIpOnLaunch)`);
  }
  return `http://${ip}`;
}

/** LocalStack runs no instance: take the bundle from the bucket as the user data does, and run it on this computer. */
async function bootLocally(ctx: LabContext, instanceId: string): Promise<string> {
  const { Body }: GetObjectCommandOutput = todo('send a GetObjectCommand with ctx.clients.s3: Bucket ctx.outputs.bucket, Key BUNDLE_KEY');
  const bytes = (await Body?.transformToByteArray()) ?? new Uint8Array();
  const settings = { bucket: ctx.outputs.bucket, region: ctx.region, bundleKey: BUNDLE_KEY };
  const boot = await bootLocalInstance(ctx, {
    instanceId,
    program: { fileName: BUNDLE_FILE, bytes },
    environment: ({ port, host, folder }) => appEnvironment(settings, { port, host, dataDir: join(folder, 'data') }),
  });
  if (boot.reused) {
    ctx.say(`the local boot of ${instanceId} still runs: reused (supervisor pid ${boot.pid})`);
  } else {
    ctx.say(`booted ${instanceId} on this computer: node ${BUNDLE_FILE} with the user data's environment (supervisor pid ${boot.pid})`);
    ctx.say(`its metadata service (IMDSv2) is at ${boot.imdsUrl}; its console log is ${shortPath(boot.consoleLog)}`);
  }
  return boot.url;
}

/** A path inside the project as the student sees it from there; others in full. */
function shortPath(path: string): string {
  const inside = relative(projectRoot, path);
  return inside.startsWith('..') ? path : inside;
}
