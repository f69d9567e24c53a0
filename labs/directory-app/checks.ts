// Checks for `directory-app`: they read the bucket and the instance from the cloud, and use the app the way a visitor
// would; they never read the lab's outputs. Instance checks judge the newest running instance named
// employee-directory, so a wrong type (say) fails only `instance-running`.
import { DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DescribeVpcsCommand, type Instance, type IpPermission } from '@aws-sdk/client-ec2';
import { GetBucketEncryptionCommand, GetObjectCommand, GetPublicAccessBlockCommand, ListObjectsV2Command, type PublicAccessBlockConfiguration } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { type CheckOutcome, defineChecks, expect, fail, type LabContext, pass } from '../../lab-runner/lab.js';
import { nameTag } from '../../lab-runner/tags.js';
import { addEmployee, deleteEmployee, readHealth } from './app-client.js';
import { appAddress, appInstances, bucketExists, profileAssociation, profileNameOf } from './lookups.js';
import { samplePng } from './sample-photo.js';
import { INSTANCE_NAME, INSTANCE_TYPE, PHOTO_PREFIX, photosBucketName, PROFILE_NAME, SECURITY_GROUP_NAME, SUBNET_NAME, VPC_NAME } from './spec.js';

const BLOCK_SETTINGS: (keyof PublicAccessBlockConfiguration)[] = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'];
const ANYWHERE = '0.0.0.0/0';

export default defineChecks([
  {
    id: 'bucket-private',
    title: 'The photos bucket exists and blocks all public access (all four Block Public Access settings on)',
    async run(ctx) {
      const bucket = bucketOf(ctx);
      if (!(await bucketExists(ctx, bucket))) return fail(`there is no bucket ${bucket}`);
      const settings = await publicAccessBlock(ctx, bucket);
      if (!settings) return fail(`${bucket} has no public access block: anyone could be granted access by a bucket policy or ACL`);
      const off = BLOCK_SETTINGS.filter((name) => settings[name] !== true);
      return expect(off.length === 0, off.length === 0 ? `${bucket}: all four settings on` : `${bucket}: ${off.join(', ')} off, expected all four on`);
    },
  },
  {
    id: 'bucket-encrypted',
    title: 'New objects in the photos bucket are encrypted at rest by default with SSE-S3 (AES256)',
    async run(ctx) {
      const bucket = bucketOf(ctx);
      if (!(await bucketExists(ctx, bucket))) return fail(`there is no bucket ${bucket}`);
      const algorithms = await defaultEncryption(ctx, bucket);
      if (algorithms.includes('AES256')) return pass(`${bucket}: SSE-S3 (AES256) by default`);
      if (algorithms.length === 0) return fail(`${bucket} has no default encryption, expected SSE-S3 (AES256)`);
      return fail(`${bucket} encrypts with ${algorithms.join(', ')} by default, expected SSE-S3 (AES256): with SSE-KMS the role would also need KMS permissions`);
    },
  },
  {
    id: 'instance-running',
    title: `Exactly one instance named ${INSTANCE_NAME} is running, and it is a ${INSTANCE_TYPE}`,
    async run(ctx) {
      const running = await appInstances(ctx, ['running']);
      if (running.length === 0) {
        const others = await appInstances(ctx, ['pending', 'stopping', 'stopped']);
        return fail(others.length === 0 ? `no instance named ${INSTANCE_NAME}` : `${INSTANCE_NAME} (${others[0].InstanceId}) is ${others[0].State?.Name}, not running`);
      }
      if (running.length > 1) return fail(`${running.length} running instances named ${INSTANCE_NAME} (${running.map((i) => i.InstanceId).join(', ')}), expected one`);
      const [instance] = running;
      const detail = `${instance.InstanceId} is a ${instance.InstanceType}`;
      return expect(instance.InstanceType === INSTANCE_TYPE, instance.InstanceType === INSTANCE_TYPE ? detail : `${detail}, expected ${INSTANCE_TYPE}`);
    },
  },
  {
    id: 'imdsv2-required',
    title: 'The instance requires IMDSv2: metadata only with a session token (HttpTokens required, endpoint enabled)',
    run: (ctx) =>
      withInstance(ctx, async (instance) => {
        const { HttpTokens, HttpEndpoint } = instance.MetadataOptions ?? {};
        const problems = [
          HttpTokens !== 'required' && `HttpTokens is ${HttpTokens ?? '(unset)'}, expected required: IMDSv1 requests without a token are still answered`,
          HttpEndpoint === 'disabled' && 'the metadata endpoint is disabled: the app could get neither its identity nor its credentials',
        ].filter((p): p is string => typeof p === 'string');
        return problems.length > 0 ? fail(`${instance.InstanceId}: ${problems.join('; ')}`) : pass(`${instance.InstanceId}: HttpTokens required`);
      }),
  },
  {
    id: 'instance-profile',
    title: `The instance runs with the instance profile ${PROFILE_NAME}`,
    run: (ctx) =>
      withInstance(ctx, async (instance) => {
        const association = await profileAssociation(ctx, instance.InstanceId ?? '');
        const profile = profileNameOf(association?.IamInstanceProfile?.Arn);
        if (!profile) return fail(`${instance.InstanceId} has no instance profile: the app would have no credentials for the bucket`);
        return expect(profile === PROFILE_NAME, `${instance.InstanceId} has the instance profile ${profile}${profile === PROFILE_NAME ? '' : `, expected ${PROFILE_NAME}`}`);
      }),
  },
  {
    id: 'instance-subnet',
    title: `The instance is in the public subnet ${SUBNET_NAME} of ${VPC_NAME}`,
    run: (ctx) =>
      withInstance(ctx, async (instance) => {
        const { subnet, vpc } = await networkNames(ctx, instance);
        const ok = subnet === SUBNET_NAME && vpc === VPC_NAME;
        const where = `${instance.InstanceId} is in subnet ${subnet ?? instance.SubnetId} of VPC ${vpc ?? instance.VpcId}`;
        return expect(ok, ok ? where : `${where}, expected ${SUBNET_NAME} of ${VPC_NAME}`);
      }),
  },
  {
    id: 'instance-sg',
    title: `The instance is in the security group ${SECURITY_GROUP_NAME}`,
    run: (ctx) =>
      withInstance(ctx, async (instance) => {
        const names = (instance.SecurityGroups ?? []).map((g) => g.GroupName ?? g.GroupId ?? '?');
        const ok = names.includes(SECURITY_GROUP_NAME);
        const detail = `${instance.InstanceId} is in ${names.join(', ') || 'no security group'}`;
        return expect(ok, ok ? detail : `${detail}, expected ${SECURITY_GROUP_NAME}`);
      }),
  },
  {
    id: 'app-health',
    title: 'The app answers on port 80 of the instance\'s public address, and its /health reports that instance\'s id',
    run: (ctx) =>
      withInstance(ctx, async (instance) => {
        const id = instance.InstanceId ?? '';
        const address = appAddress(ctx, instance);
        if (!address.ok) return fail(address.problem);
        let health;
        try {
          health = await readHealth(address.url);
        } catch (error) {
          return fail(`nothing healthy answers at ${address.url}/health: ${error instanceof Error ? error.message : String(error)}`);
        }
        if (health.status !== 'ok' || health.instanceId !== id) {
          return fail(`${address.url}/health reports status ${health.status}, instance ${health.instanceId ?? '(unknown)'}; expected ok and ${id}`);
        }
        // On LocalStack the app answers on this computer whatever the network says; judge the way in from the records.
        const unreachable = ctx.isLocal ? await unreachableFromInternet(ctx, instance) : undefined;
        if (unreachable) return fail(`${unreachable}, so on AWS nothing could reach the app (on LocalStack it answered at ${address.where})`);
        return pass(`${address.where}/health: ok, instance ${id} in ${health.availabilityZone}`);
      }),
  },
  {
    id: 'photo-roundtrip',
    title: `A photo uploaded through the app lands in the photos bucket under ${PHOTO_PREFIX}<id>/ and reads back unchanged`,
    run: (ctx) =>
      withInstance(ctx, async (instance) => {
        const address = appAddress(ctx, instance);
        if (!address.ok) return fail(address.problem);
        return photoRoundTrip(ctx, address.url);
      }),
  },
]);

function bucketOf(ctx: LabContext): string {
  return photosBucketName(ctx.account, ctx.region);
}

/** Runs `judge` on the newest running employee-directory instance, or fails when there is none. */
async function withInstance(ctx: LabContext, judge: (instance: Instance) => Promise<CheckOutcome>): Promise<CheckOutcome> {
  const [newest] = await appInstances(ctx, ['running']);
  return newest ? judge(newest) : fail(`no running instance named ${INSTANCE_NAME}`);
}

async function publicAccessBlock(ctx: LabContext, bucket: string): Promise<PublicAccessBlockConfiguration | undefined> {
  try {
    return (await ctx.clients.s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }))).PublicAccessBlockConfiguration;
  } catch (error) {
    if (error instanceof Error && error.name === 'NoSuchPublicAccessBlockConfiguration') return undefined;
    throw error;
  }
}

async function defaultEncryption(ctx: LabContext, bucket: string): Promise<string[]> {
  try {
    const { ServerSideEncryptionConfiguration } = await ctx.clients.s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
    return (ServerSideEncryptionConfiguration?.Rules ?? []).flatMap((r) => r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ?? []);
  } catch (error) {
    if (error instanceof Error && error.name === 'ServerSideEncryptionConfigurationNotFoundError') return [];
    throw error;
  }
}

async function networkNames(ctx: LabContext, instance: Instance): Promise<{ subnet?: string; vpc?: string }> {
  const [{ Subnets = [] }, { Vpcs = [] }] = await Promise.all([
    ctx.clients.ec2.send(new DescribeSubnetsCommand({ SubnetIds: [instance.SubnetId ?? ''] })),
    ctx.clients.ec2.send(new DescribeVpcsCommand({ VpcIds: [instance.VpcId ?? ''] })),
  ]);
  return { subnet: nameTag(Subnets[0]?.Tags), vpc: nameTag(Vpcs[0]?.Tags) };
}

/** Why the internet could not reach port 80 of the instance, judged from its public address and security groups. */
async function unreachableFromInternet(ctx: LabContext, instance: Instance): Promise<string | undefined> {
  if (!instance.PublicIpAddress) return `${instance.InstanceId} has no public IPv4 address`;
  const groupIds = (instance.SecurityGroups ?? []).flatMap((g) => (g.GroupId ? [g.GroupId] : []));
  const { SecurityGroups = [] } = groupIds.length > 0 ? await ctx.clients.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: groupIds })) : {};
  if (SecurityGroups.some((g) => (g.IpPermissions ?? []).some(lets80InFromAnywhere))) return undefined;
  const names = SecurityGroups.map((g) => g.GroupName).join(', ') || 'none';
  return `none of the instance's security groups (${names}) lets TCP port 80 in from ${ANYWHERE}`;
}

function lets80InFromAnywhere(rule: IpPermission): boolean {
  const port80 = rule.IpProtocol === '-1' || (rule.IpProtocol === 'tcp' && (rule.FromPort ?? 0) <= 80 && 80 <= (rule.ToPort ?? 0));
  return port80 && (rule.IpRanges ?? []).some((r) => r.CidrIp === ANYWHERE);
}

/** Adds an employee with a fresh PNG through the app, finds the photo in the bucket, compares bytes, deletes the employee. */
async function photoRoundTrip(ctx: LabContext, url: string): Promise<CheckOutcome> {
  const bucket = bucketOf(ctx);
  const photo = samplePng();
  let id: string;
  try {
    id = await addEmployee(url, {
      name: `Workbook check ${randomBytes(3).toString('hex')}`,
      location: 'Grader',
      jobTitle: 'Photo round trip',
      photo: { bytes: photo, fileName: 'check.png', contentType: 'image/png' },
    });
  } catch (error) {
    return fail(`adding an employee with a photo at ${url} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  let outcome: CheckOutcome;
  try {
    outcome = await comparePhoto(ctx, bucket, id, photo);
  } catch (error) {
    outcome = fail(`reading the photo back from ${bucket} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    await deleteEmployee(url, id);
  } catch (error) {
    outcome = { ...outcome, detail: `${outcome.detail} (the test employee ${id} could not be deleted: ${error instanceof Error ? error.message : String(error)})` };
  }
  return outcome;
}

async function comparePhoto(ctx: LabContext, bucket: string, id: string, photo: Buffer): Promise<CheckOutcome> {
  const prefix = `${PHOTO_PREFIX}${id}/`;
  const { Contents = [] } = await ctx.clients.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  if (Contents.length !== 1) return fail(`expected one photo under s3://${bucket}/${prefix}, found ${Contents.length}`);
  const key = Contents[0].Key ?? '';
  const { Body } = await ctx.clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const stored = Buffer.from((await Body?.transformToByteArray()) ?? []);
  const same = stored.equals(photo);
  return expect(
    same,
    same ? `a ${photo.length}-byte PNG went in through the app and came back unchanged from s3://${bucket}/${key}` : `s3://${bucket}/${key} holds ${stored.length} bytes that differ from the ${photo.length} sent`,
  );
}
