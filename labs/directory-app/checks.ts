// Checks for `directory-app`: they read the bucket and the instance from the cloud, and use the app the way a visitor
// would; they never read the lab's outputs. They only read: the photo round trip adds a test employee only when the
// caller allows writing checks (see photo-check.ts). Instance checks judge the newest running instance named
// employee-directory, so a wrong type (say) fails only `instance-running`.
import { DescribeInstanceCreditSpecificationsCommand, DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DescribeVpcsCommand, type Instance, type IpPermission } from '@aws-sdk/client-ec2';
import { GetBucketEncryptionCommand, GetPublicAccessBlockCommand, type PublicAccessBlockConfiguration } from '@aws-sdk/client-s3';
import { type CheckOutcome, defineChecks, expect, fail, type LabContext, pass } from '../../lab-runner/lab.js';
import { nameTag } from '../../lab-runner/tags.js';
import { readHealth } from './app-client.js';
import { appAddress, appInstances, bucketExists, profileAssociation, profileNameOf } from './lookups.js';
import { checkPhotos } from './photo-check.js';
import { CPU_CREDITS, INSTANCE_NAME, INSTANCE_TYPE, PHOTO_PREFIX, photosBucketName, PROFILE_NAME, SECURITY_GROUP_NAME, SUBNET_NAME, VPC_NAME } from './spec.js';

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
    title: `Exactly one instance named ${INSTANCE_NAME} is running, and it is a ${INSTANCE_TYPE} with ${CPU_CREDITS} CPU credits`,
    async run(ctx) {
      const running = await appInstances(ctx, ['running']);
      const [instance, ...more] = running;
      if (!instance) {
        const [other] = await appInstances(ctx, ['pending', 'stopping', 'stopped']);
        return fail(other ? `${INSTANCE_NAME} (${other.InstanceId}) is ${other.State?.Name}, not running` : `no instance named ${INSTANCE_NAME}`);
      }
      if (more.length > 0) return fail(`${running.length} running instances named ${INSTANCE_NAME} (${running.map((i) => i.InstanceId).join(', ')}), expected one`);
      const credits = await cpuCredits(ctx, instance.InstanceId ?? '');
      const detail = `${instance.InstanceId} is a ${instance.InstanceType} with ${credits ?? 'no'} CPU credits`;
      const problems = [
        instance.InstanceType !== INSTANCE_TYPE && `expected a ${INSTANCE_TYPE}`,
        credits !== CPU_CREDITS && `expected ${CPU_CREDITS} credits (unlimited bills surplus credits when the CPU stays busy)`,
      ].filter((p): p is string => typeof p === 'string');
      return expect(problems.length === 0, problems.length === 0 ? detail : `${detail}; ${problems.join('; ')}`);
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
        return checkPhotos(ctx, address.url);
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

/** The instance's CPU credit option (T instances only): `standard` or `unlimited`. */
async function cpuCredits(ctx: LabContext, instanceId: string): Promise<string | undefined> {
  const { InstanceCreditSpecifications = [] } = await ctx.clients.ec2.send(new DescribeInstanceCreditSpecificationsCommand({ InstanceIds: [instanceId] }));
  return InstanceCreditSpecifications[0]?.CpuCredits;
}
