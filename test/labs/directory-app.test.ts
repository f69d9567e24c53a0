// The directory-app lab through the whole cycle against LocalStack, on top of the vpc and ec2-role solutions, each
// check seen failing on its own mistake; then the local boot itself: IMDSv2 as EC2 speaks it, credentials only from
// the role, reuse on a rerun, and a stopped app seen by the checks and stopped for good by reset.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  ModifyInstanceAttributeCommand,
  ModifyInstanceMetadataOptionsCommand,
  ReplaceIamInstanceProfileAssociationCommand,
  RevokeSecurityGroupIngressCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
  waitUntilInstanceRunning,
  waitUntilInstanceTerminated,
} from '@aws-sdk/client-ec2';
import { AddRoleToInstanceProfileCommand, CreateInstanceProfileCommand, GetInstanceProfileCommand, RemoveRoleFromInstanceProfileCommand } from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  DeleteBucketEncryptionCommand,
  GetObjectCommand,
  HeadBucketCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { checkLab } from '../../lab-runner/check.js';
import { createContext, type LabContext } from '../../lab-runner/context.js';
import { bootLocalInstance, liveLocalInstance, readLocalInstance, stopLocalInstance } from '../../lab-runner/local-instance/index.js';
import { findSecurityGroupByName, findSubnetByName, findVpcByName } from '../../lab-runner/lookup.js';
import { loadLab } from '../../lab-runner/registry.js';
import { applyReset, planReset } from '../../lab-runner/reset.js';
import { runLab } from '../../lab-runner/run.js';
import type { Session } from '../../lab-runner/session.js';
import { appInstances, profileAssociation } from '../../labs/directory-app/lookups.js';
import { BUNDLE_FILE, BUNDLE_KEY, INSTANCE_NAME, photosBucketName, PROFILE_NAME, ROLE_NAME, SECURITY_GROUP_NAME } from '../../labs/directory-app/spec.js';
import { appEnvironment, renderUserData } from '../../labs/directory-app/user-data.js';
import { describeLabCycle } from '../support/lab-cycle.js';
import { localSession } from '../support/session.js';

const account = '000000000301';
const LAB = 'directory-app';
/** Made by the instance-profile breaker: a second profile holding the same role, tagged so that reset removes it. */
const LOOK_ALIKE_PROFILE = 'EmployeeDirectoryAppRole-old';
/** Made by the instance-sg breaker: a group that lets the web in too, but is not web-sg. */
const LOOK_ALIKE_GROUP = 'web-sg-copy';
const CONTROL_BUCKET = `my-own-photos-${account}`;

let session: Session | undefined;

/** The earlier labs as their solutions leave them: they also put back what a breaker changed in them. */
async function solveEarlierLabs(): Promise<void> {
  session ??= await localSession(account);
  for (const labId of ['vpc', 'ec2-role']) {
    const result = await runLab({ labId, session, solution: true });
    expect(result, `${labId}: ${JSON.stringify(result)}`).toMatchObject({ outcome: 'completed' });
  }
}

// Two breakers change the earlier labs' resources (web-sg's rules, the profile's role): put them back after each test.
afterEach(solveEarlierLabs);

async function theInstance(ctx: LabContext): Promise<string> {
  const [instance] = await appInstances(ctx, ['running'], LAB);
  if (!instance?.InstanceId) throw new Error('the solution left no running instance');
  return instance.InstanceId;
}

async function webSgId(ctx: LabContext): Promise<string> {
  const vpc = await findVpcByName(ctx, 'app-vpc', { lab: 'vpc' });
  const group = await findSecurityGroupByName(ctx, SECURITY_GROUP_NAME, { lab: 'vpc', vpcId: vpc?.VpcId });
  return group?.GroupId ?? '';
}

/** The student's instance terminated and launched again like the lab does, but in another subnet, and booted here. */
async function relaunchIn(ctx: LabContext, subnetName: string): Promise<void> {
  const old = await theInstance(ctx);
  const [instance] = await appInstances(ctx, ['running'], LAB);
  await stopLocalInstance(old, { discardDisk: true });
  await ctx.clients.ec2.send(new TerminateInstancesCommand({ InstanceIds: [old] }));
  await waitUntilInstanceTerminated({ client: ctx.clients.ec2, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { InstanceIds: [old] });
  const vpc = await findVpcByName(ctx, 'app-vpc', { lab: 'vpc' });
  const subnet = await findSubnetByName(ctx, subnetName, { lab: 'vpc', vpcId: vpc?.VpcId });
  const bucket = photosBucketName(ctx.account, ctx.region);
  const settings = { bucket, region: ctx.region, bundleKey: BUNDLE_KEY };
  const { Instances = [] } = await ctx.clients.ec2.send(
    new RunInstancesCommand({
      ImageId: instance.ImageId,
      InstanceType: 't3.micro',
      MinCount: 1,
      MaxCount: 1,
      SubnetId: subnet?.SubnetId,
      SecurityGroupIds: [await webSgId(ctx)],
      IamInstanceProfile: { Name: PROFILE_NAME },
      MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled' },
      UserData: Buffer.from(renderUserData(settings)).toString('base64'),
      TagSpecifications: [...ctx.ec2Tags('instance', INSTANCE_NAME), ...ctx.ec2Tags('volume', INSTANCE_NAME)],
    }),
  );
  const instanceId = Instances[0]?.InstanceId ?? '';
  await waitUntilInstanceRunning({ client: ctx.clients.ec2, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { InstanceIds: [instanceId] });
  // What its user data would do on AWS.
  const { Body } = await ctx.clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: BUNDLE_KEY }));
  await bootLocalInstance(ctx, {
    instanceId,
    program: { fileName: BUNDLE_FILE, bytes: (await Body?.transformToByteArray()) ?? new Uint8Array() },
    environment: ({ port, host, folder }) => appEnvironment(settings, { port, host, dataDir: join(folder, 'data') }),
  });
}

async function ensureLookAlikeProfile(ctx: LabContext): Promise<void> {
  try {
    await ctx.clients.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: LOOK_ALIKE_PROFILE, Tags: ctx.tags() }));
  } catch (error) {
    if (!(error instanceof Error && error.name === 'EntityAlreadyExistsException')) throw error;
  }
  const { InstanceProfile } = await ctx.clients.iam.send(new GetInstanceProfileCommand({ InstanceProfileName: LOOK_ALIKE_PROFILE }));
  if (!(InstanceProfile?.Roles ?? []).some((r) => r.RoleName === ROLE_NAME)) {
    await ctx.clients.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: LOOK_ALIKE_PROFILE, RoleName: ROLE_NAME }));
  }
}

async function lookAlikeGroup(ctx: LabContext): Promise<string> {
  const vpc = await findVpcByName(ctx, 'app-vpc', { lab: 'vpc' });
  const existing = await findSecurityGroupByName(ctx, LOOK_ALIKE_GROUP, { vpcId: vpc?.VpcId });
  if (existing?.GroupId) return existing.GroupId;
  const { GroupId = '' } = await ctx.clients.ec2.send(
    new CreateSecurityGroupCommand({ GroupName: LOOK_ALIKE_GROUP, Description: 'HTTP from anywhere', VpcId: vpc?.VpcId, TagSpecifications: ctx.ec2Tags('security-group', LOOK_ALIKE_GROUP) }),
  );
  await ctx.clients.ec2.send(
    new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }),
  );
  return GroupId;
}

async function allowHttp(ctx: LabContext): Promise<void> {
  try {
    await ctx.clients.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({ GroupId: await webSgId(ctx), IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }),
    );
  } catch (error) {
    if (!(error instanceof Error && error.name === 'InvalidPermission.Duplicate')) throw error;
  }
}

describeLabCycle({
  labId: LAB,
  account,
  prepare: solveEarlierLabs,
  // In this order: the last two change the earlier labs, which afterEach puts back only once the loop is over.
  breakers: {
    async 'bucket-private'(ctx) {
      await ctx.clients.s3.send(
        new PutPublicAccessBlockCommand({
          Bucket: photosBucketName(ctx.account, ctx.region),
          PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: true },
        }),
      );
    },
    async 'bucket-encrypted'(ctx) {
      // On AWS this would put back the default SSE-S3; LocalStack removes the configuration altogether.
      await ctx.clients.s3.send(new DeleteBucketEncryptionCommand({ Bucket: photosBucketName(ctx.account, ctx.region) }));
    },
    async 'instance-running'(ctx) {
      // AWS changes the type only of a stopped instance; LocalStack takes it while running, which keeps the app up.
      await ctx.clients.ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: await theInstance(ctx), InstanceType: { Value: 't3.small' } }));
    },
    async 'imdsv2-required'(ctx) {
      // LocalStack fails the call without a hop limit.
      await ctx.clients.ec2.send(
        new ModifyInstanceMetadataOptionsCommand({ InstanceId: await theInstance(ctx), HttpTokens: 'optional', HttpEndpoint: 'enabled', HttpPutResponseHopLimit: 1 }),
      );
    },
    async 'instance-profile'(ctx) {
      // The wrong profile, though it carries the same role: the app still gets its credentials.
      await ensureLookAlikeProfile(ctx);
      const association = await profileAssociation(ctx, await theInstance(ctx));
      await ctx.clients.ec2.send(
        new ReplaceIamInstanceProfileAssociationCommand({ AssociationId: association?.AssociationId, IamInstanceProfile: { Name: LOOK_ALIKE_PROFILE } }),
      );
    },
    async 'instance-subnet'(ctx) {
      // An instance cannot move: launched in public-b instead.
      await relaunchIn(ctx, 'public-b');
    },
    async 'instance-sg'(ctx) {
      await ctx.clients.ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: await theInstance(ctx), Groups: [await lookAlikeGroup(ctx)] }));
    },
    async 'app-health'(ctx) {
      // The app still runs, but web-sg no longer lets HTTP in: nobody on the internet could reach it.
      await ctx.clients.ec2.send(
        new RevokeSecurityGroupIngressCommand({ GroupId: await webSgId(ctx), IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }),
      );
    },
    async 'photo-roundtrip'(ctx) {
      // Put back what the app-health breaker changed, then take the role out of the profile: the instance keeps
      // EmployeeDirectoryAppRole as its profile, but its metadata service has no credentials left to hand the app.
      await allowHttp(ctx);
      await ctx.clients.iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: PROFILE_NAME, RoleName: ROLE_NAME }));
    },
  },
  async control(ctx) {
    try {
      await ctx.clients.s3.send(new CreateBucketCommand({ Bucket: CONTROL_BUCKET }));
    } catch (error) {
      if (!(error instanceof Error && /^BucketAlready/.test(error.name))) throw error;
    }
    await ctx.clients.s3.send(new PutObjectCommand({ Bucket: CONTROL_BUCKET, Key: 'employees/me.png', Body: 'not really a photo' }));
    return async () => {
      await ctx.clients.s3.send(new HeadBucketCommand({ Bucket: CONTROL_BUCKET }));
      return true;
    };
  },
});

describe('directory-app on this computer (the local boot)', () => {
  let ctx: LabContext;

  const solve = async () => {
    session ??= await localSession(account);
    const result = await runLab({ labId: LAB, session, solution: true });
    expect(result, JSON.stringify(result)).toMatchObject({ outcome: 'completed' });
    return result.outcome === 'completed' ? result.outputs : {};
  };
  const failedIds = async () => (await checkLab(LAB, session as Session)).checks.filter((c) => !c.passed).map((c) => c.id);
  const reset = async () => {
    const result = await applyReset(await planReset(LAB, session as Session), session as Session);
    expect(result.failed).toEqual([]);
  };

  afterAll(async () => {
    if (session) await reset();
  });

  it('answers IMDSv2 as EC2 does, and gives the app credentials only through it', async () => {
    session ??= await localSession(account);
    ctx = createContext({ target: session.target, lab: await loadLab(LAB), account });
    const outputs = await solve();
    const boot = readLocalInstance(outputs.instance);
    expect(boot).toMatchObject({ instanceId: outputs.instance, url: outputs.url });
    const imds = boot?.imdsUrl ?? '';

    expect((await fetch(`${imds}/latest/meta-data/instance-id`)).status).toBe(401);
    expect((await fetch(`${imds}/latest/api/token`, { method: 'PUT' })).status).toBe(400);
    const token = await (await fetch(`${imds}/latest/api/token`, { method: 'PUT', headers: { 'X-aws-ec2-metadata-token-ttl-seconds': '60' } })).text();
    const get = (path: string, t = token) => fetch(`${imds}/latest/meta-data/${path}`, { headers: { 'X-aws-ec2-metadata-token': t } });
    expect((await get('instance-id', 'not-a-token')).status).toBe(401);
    expect(await (await get('instance-id')).text()).toBe(outputs.instance);
    expect(await (await get('placement/availability-zone')).text()).toBe(outputs.zone);
    expect(await (await get('placement/region')).text()).toBe('us-east-1');
    expect(await (await get('iam/security-credentials/')).text()).toBe(ROLE_NAME);
    const credentials = (await (await get(`iam/security-credentials/${ROLE_NAME}`)).json()) as Record<string, string>;
    expect(Object.keys(credentials).sort()).toEqual(['AccessKeyId', 'Code', 'Expiration', 'LastUpdated', 'SecretAccessKey', 'Token', 'Type']);
    expect(credentials.Code).toBe('Success');
    expect(Date.parse(credentials.Expiration)).toBeGreaterThan(Date.now() + 30 * 60_000);

    // The app's own environment holds no keys: it must have used the role to store photos (Linux shows it in /proc).
    const appPid = programPid(outputs.instance);
    if (process.platform === 'linux' && appPid) {
      const environment = readFileSync(`/proc/${appPid}/environ`, 'utf8').split('\0');
      expect(environment.filter((v) => /^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|PROFILE)=/.test(v))).toEqual([]);
      expect(environment).toContain(`AWS_EC2_METADATA_SERVICE_ENDPOINT=${imds}`);
    }
    const log = readFileSync(join(process.env.WORKBOOK_STATE_DIR ?? '', 'instances', outputs.instance, 'console.log'), 'utf8');
    expect(log).not.toContain(credentials.SecretAccessKey);
    expect(log).not.toContain(credentials.Token);
  });

  it('reuses a live boot on a rerun, sees a stopped app, boots it again, and reset stops it for good', async () => {
    const first = await solve();
    const pid = readLocalInstance(first.instance)?.pid;
    const again = await solve();
    expect(again.instance).toBe(first.instance);
    expect(readLocalInstance(again.instance)?.pid).toBe(pid);

    expect(await stopLocalInstance(first.instance)).toBe(true);
    expect(await liveLocalInstance(first.instance)).toBeUndefined();
    // Without the app nothing answers: both app checks fail, the cloud's own state still holds.
    expect(await failedIds()).toEqual(['app-health', 'photo-roundtrip']);

    const rebooted = await solve();
    expect(readLocalInstance(rebooted.instance)?.pid).not.toBe(pid);
    expect(await failedIds()).toEqual([]);

    const supervisor = readLocalInstance(rebooted.instance)?.pid ?? 0;
    await reset();
    expect(readLocalInstance(rebooted.instance)).toBeUndefined();
    expect(isRunning(supervisor)).toBe(false);
    expect(await theInstanceOrNone(ctx)).toBeUndefined();
  });
});

async function theInstanceOrNone(ctx: LabContext): Promise<string | undefined> {
  return (await appInstances(ctx, ['pending', 'running'], LAB))[0]?.InstanceId;
}

/** The program of a local boot: the process running its bundle. */
function programPid(instanceId: string): number | undefined {
  const listing = spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).stdout;
  const line = listing.split('\n').find((l) => l.includes(`${instanceId}/${BUNDLE_FILE}`));
  return line ? Number(line.trim().split(/\s+/)[0]) : undefined;
}

/** Whether the process runs; one that exited and waits for its parent to collect it does not. */
function isRunning(pid: number): boolean {
  const state = spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim();
  return state !== '' && !state.startsWith('Z');
}
