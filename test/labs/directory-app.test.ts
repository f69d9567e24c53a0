// The directory-app lab through the whole cycle against LocalStack, on top of the vpc and ec2-role solutions, each
// check seen failing on its own mistake; then what is particular to it: the local boot (IMDSv2 as EC2 speaks it,
// credentials only from the role, reuse on a rerun, reset stopping it for good), an app that never answers offered a
// replacement instead of being reused forever, grading that reads only unless writes are allowed, standard CPU
// credits, and reset finding the instance in a region the lab ran in that the reset does not name.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DeleteSecurityGroupCommand,
  DescribeInstancesCommand,
  EC2Client,
  ModifyInstanceAttributeCommand,
  ModifyInstanceMetadataOptionsCommand,
  ReplaceIamInstanceProfileAssociationCommand,
  RevokeSecurityGroupIngressCommand,
  RunInstancesCommand,
  type RunInstancesCommandInput,
} from '@aws-sdk/client-ec2';
import { AddRoleToInstanceProfileCommand, CreateInstanceProfileCommand, DeleteInstanceProfileCommand, GetInstanceProfileCommand, RemoveRoleFromInstanceProfileCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, DeleteBucketEncryptionCommand, DeleteObjectCommand, HeadBucketCommand, ListObjectsV2Command, PutObjectCommand, PutPublicAccessBlockCommand } from '@aws-sdk/client-s3';
import { eventually } from '../support/eventually.js';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { labEntry } from '../../lab-runner/catalogue/read.js';
import { createContext, type LabContext } from '../../lab-runner/context.js';
import type { LabEvent } from '../../lab-runner/events.js';
import { bootLocalInstance, liveLocalInstance, readLocalInstance, stopLocalInstance } from '../../lab-runner/local-instance/index.js';
import { findSecurityGroupByName, findSubnetByName, findVpcByName } from '../../lab-runner/lookup.js';
import { removeInstance } from '../../lab-runner/resources/ec2-instances.js';
import { checkLab } from '../../lab-runner/service/check.js';
import { runLabs } from '../../lab-runner/service/run.js';
import { openSession, type Session } from '../../lab-runner/session.js';
import { addEmployee, listedEmployeeIds } from '../../labs/directory-app/app-client.js';
import { appInstances, profileAssociation } from '../../labs/directory-app/lookups.js';
import { samplePng } from '../../labs/directory-app/sample-photo.js';
import { BUNDLE_FILE, BUNDLE_KEY, INSTANCE_NAME, photosBucketName, PROFILE_NAME, ROLE_NAME, SECURITY_GROUP_NAME } from '../../labs/directory-app/spec.js';
import { appEnvironment, renderUserData } from '../../labs/directory-app/user-data.js';
import { runCli } from '../support/cli.js';
import { isRunning } from '../support/processes.js';
import { startFaultProxy } from '../support/fault-proxy.js';
import { describeLabCycle, resetLab, solve, testCaller } from '../support/lab-cycle.js';
import { localEnv, localSession } from '../support/session.js';

// Each of the cycle's nine breakers resets the lab and runs it again, booting the app each time: on a busy machine the
// loop takes minutes, more than the suite's default time limit for a test.
vi.setConfig({ testTimeout: 900_000 });

const account = '000000000301';
const LAB = 'directory-app';
/** Made by the instance-profile breaker: a second profile holding the same role, tagged so that reset removes it. */
const LOOK_ALIKE_PROFILE = 'EmployeeDirectoryAppRole-old';
/** Made by the instance-sg breaker: a group that lets the web in too, but is not web-sg. */
const LOOK_ALIKE_GROUP = 'web-sg-copy';
const CONTROL_BUCKET = `my-own-photos-${account}`;

/** The earlier labs as their solutions leave them: a rerun also puts back what a breaker changed in them. */
async function solveEarlierLabs(session: Session): Promise<void> {
  for (const labId of ['vpc', 'ec2-role']) await solve(session, labId);
}

/** The lab's solution; answers its outputs. */
async function solveApp(session: Session, options: Record<string, string> = {}): Promise<Record<string, string>> {
  const events: LabEvent[] = [];
  const runs = await runLabs({ which: LAB, solution: true, options }, testCaller(session, events));
  const result = runs.at(-1)?.result;
  expect(result, JSON.stringify(events.filter((e) => e.type === 'fail'))).toMatchObject({ outcome: 'completed' });
  return result?.outcome === 'completed' ? result.outputs : {};
}

async function failedChecks(session: Session, writes = false): Promise<{ id: string; detail: string }[]> {
  const report = await checkLab(labEntry(LAB), testCaller(session), { writes });
  expect(report.error).toBeUndefined();
  return report.checks.filter((c) => !c.passed).map(({ id, detail }) => ({ id, detail }));
}

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

/** The lab's instance, terminated and launched again by hand as the lab does but with `changes`, and booted here. */
async function relaunchWith(ctx: LabContext, changes: (ctx: LabContext) => Promise<Partial<RunInstancesCommandInput>>): Promise<string> {
  const old = await theInstance(ctx);
  const [instance] = await appInstances(ctx, ['running'], LAB);
  await removeInstance(ctx.clients.ec2, old, ctx);
  const vpc = await findVpcByName(ctx, 'app-vpc', { lab: 'vpc' });
  const subnet = await findSubnetByName(ctx, 'public-a', { lab: 'vpc', vpcId: vpc?.VpcId });
  const bucket = photosBucketName(ctx.account, ctx.region);
  const settings = { bucket, region: ctx.region, bundleKey: BUNDLE_KEY };
  const { Instances = [] } = await ctx.clients.ec2.send(
    new RunInstancesCommand({
      ImageId: instance?.ImageId,
      InstanceType: 't3.micro',
      MinCount: 1,
      MaxCount: 1,
      SubnetId: subnet?.SubnetId,
      SecurityGroupIds: [await webSgId(ctx)],
      IamInstanceProfile: { Name: PROFILE_NAME },
      MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled' },
      CreditSpecification: { CpuCredits: 'standard' },
      UserData: Buffer.from(renderUserData(settings)).toString('base64'),
      TagSpecifications: [...ctx.ec2Tags('instance', INSTANCE_NAME), ...ctx.ec2Tags('volume', INSTANCE_NAME)],
      ...(await changes(ctx)),
    }),
  );
  const instanceId = Instances[0]?.InstanceId ?? '';
  // What its user data would do on AWS.
  const { Body } = await ctx.clients.s3.send(new (await import('@aws-sdk/client-s3')).GetObjectCommand({ Bucket: bucket, Key: BUNDLE_KEY }));
  await bootLocalInstance(ctx, {
    instanceId,
    program: { fileName: BUNDLE_FILE, bytes: (await Body?.transformToByteArray()) ?? new Uint8Array() },
    environment: ({ port, host, folder }) => appEnvironment(settings, { port, host, dataDir: join(folder, 'data') }),
  });
  return instanceId;
}

async function ensureLookAlikeProfile(ctx: LabContext): Promise<void> {
  try {
    await ctx.clients.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: LOOK_ALIKE_PROFILE, Tags: ctx.tags() }));
  } catch (error) {
    if (!(error instanceof Error && error.name === 'EntityAlreadyExistsException')) throw error;
  }
  const { InstanceProfile } = await eventually(() => ctx.clients.iam.send(new GetInstanceProfileCommand({ InstanceProfileName: LOOK_ALIKE_PROFILE })));
  if (!(InstanceProfile?.Roles ?? []).some((r) => r.RoleName === ROLE_NAME)) {
    await eventually(() => ctx.clients.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: LOOK_ALIKE_PROFILE, RoleName: ROLE_NAME })));
  }
}

async function lookAlikeGroup(ctx: LabContext): Promise<string> {
  const vpc = await findVpcByName(ctx, 'app-vpc', { lab: 'vpc' });
  const existing = await findSecurityGroupByName(ctx, LOOK_ALIKE_GROUP, { vpcId: vpc?.VpcId });
  if (existing?.GroupId) return existing.GroupId;
  const { GroupId = '' } = await ctx.clients.ec2.send(
    new CreateSecurityGroupCommand({ GroupName: LOOK_ALIKE_GROUP, Description: 'HTTP from anywhere', VpcId: vpc?.VpcId, TagSpecifications: ctx.ec2Tags('security-group', LOOK_ALIKE_GROUP) }),
  );
  await eventually(() =>
    ctx.clients.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }),
    ),
  );
  return GroupId;
}

async function removeLookAlikes(session: Session): Promise<void> {
  await resetLab(session, LAB);
  const ctx = createContext({ target: session.target, lab: labEntry(LAB), account: session.account });
  await ctx.clients.iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: LOOK_ALIKE_PROFILE, RoleName: ROLE_NAME })).catch(() => undefined);
  await ctx.clients.iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: LOOK_ALIKE_PROFILE })).catch(() => undefined);
  const vpc = await findVpcByName(ctx, 'app-vpc', { lab: 'vpc' });
  const group = await findSecurityGroupByName(ctx, LOOK_ALIKE_GROUP, { vpcId: vpc?.VpcId });
  if (group?.GroupId) await ctx.clients.ec2.send(new DeleteSecurityGroupCommand({ GroupId: group.GroupId }));
}

/** The app's address, as the checks find it: its local boot. */
function appUrl(instanceId: string): string {
  const boot = readLocalInstance(instanceId);
  if (!boot) throw new Error(`${instanceId} has no local boot`);
  return boot.url;
}

describe('directory-app, the cycle', () => {
  // Two breakers change the earlier labs' resources (web-sg's rules, the profile's role): put them back after each test.
  afterEach(async () => solveEarlierLabs(await localSession(account)));
  // Two make look-alikes of kinds the lab itself never makes, which its reset leaves alone.
  afterAll(async () => removeLookAlikes(await localSession(account)));

  describeLabCycle({
    labId: LAB,
    account,
    prepare: solveEarlierLabs,
    // app-health last: it changes the vpc lab's web-sg, which the prerequisite check of the loop's next run would
    // refuse; afterEach puts it back once the loop is over.
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
        await relaunchWith(ctx, async (c) => {
          const vpc = await findVpcByName(c, 'app-vpc', { lab: 'vpc' });
          return { SubnetId: (await findSubnetByName(c, 'public-b', { lab: 'vpc', vpcId: vpc?.VpcId }))?.SubnetId };
        });
      },
      async 'instance-sg'(ctx) {
        await ctx.clients.ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: await theInstance(ctx), Groups: [await lookAlikeGroup(ctx)] }));
      },
      async 'photo-roundtrip'(ctx) {
        // A visitor adds an employee, and the photo the app stored disappears from the bucket: the app lists an
        // employee whose photo is not under employees/<id>/ (grading reads only, so this is what it can see).
        const url = appUrl(await theInstance(ctx));
        const id = await addEmployee(url, { name: 'Ada', location: 'Here', jobTitle: 'Engineer', photo: { bytes: samplePng(), fileName: 'ada.png', contentType: 'image/png' } });
        const Bucket = photosBucketName(ctx.account, ctx.region);
        const { Contents = [] } = await ctx.clients.s3.send(new ListObjectsV2Command({ Bucket, Prefix: `employees/${id}/` }));
        for (const object of Contents) await ctx.clients.s3.send(new DeleteObjectCommand({ Bucket, Key: object.Key }));
      },
      async 'app-health'(ctx) {
        // The app still runs, but web-sg no longer lets HTTP in: nobody on the internet could reach it.
        await ctx.clients.ec2.send(
          new RevokeSecurityGroupIngressCommand({ GroupId: await webSgId(ctx), IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }),
        );
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
});

describe('directory-app beyond the cycle', () => {
  const own = '000000002311';
  let session: Session;
  let ctx: LabContext;

  beforeAll(async () => {
    session = await localSession(own);
    ctx = createContext({ target: session.target, lab: labEntry(LAB), account: own });
    await solveEarlierLabs(session);
    await resetLab(session, LAB);
  });

  afterEach(async () => {
    await solveEarlierLabs(session);
  });

  afterAll(async () => {
    await resetLab(session, LAB);
  });

  it('answers IMDSv2 as EC2 does, and gives the app credentials only through it', async () => {
    const outputs = await solveApp(session);
    const boot = readLocalInstance(outputs.instance ?? '');
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
    expect(Date.parse(credentials.Expiration ?? '')).toBeGreaterThan(Date.now() + 30 * 60_000);

    // The app's own environment holds no keys: it must have used the role to store photos (Linux shows it in /proc).
    const appPid = programPid(outputs.instance ?? '');
    if (process.platform === 'linux' && appPid) {
      const environment = readFileSync(`/proc/${appPid}/environ`, 'utf8').split('\0');
      expect(environment.filter((v) => /^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|PROFILE)=/.test(v))).toEqual([]);
      expect(environment).toContain(`AWS_EC2_METADATA_SERVICE_ENDPOINT=${imds}`);
    }
    const log = readFileSync(join(process.env.WORKBOOK_STATE_DIR ?? '', 'instances', outputs.instance ?? '', 'console.log'), 'utf8');
    expect(log).not.toContain(credentials.SecretAccessKey);
    expect(log).not.toContain(credentials.Token);
  });

  it('reuses a live boot on a rerun, sees a stopped app, boots it again, and reset stops it for good', async () => {
    const first = await solveApp(session);
    const instance = first.instance ?? '';
    const pid = readLocalInstance(instance)?.pid;
    const again = await solveApp(session);
    expect(again.instance).toBe(instance);
    expect(readLocalInstance(instance)?.pid).toBe(pid);

    expect(await stopLocalInstance(instance)).toBe(true);
    expect(await liveLocalInstance(instance)).toBeUndefined();
    // Without the app nothing answers: both app checks fail, the cloud's own state still holds.
    expect((await failedChecks(session)).map((c) => c.id)).toEqual(['app-health', 'photo-roundtrip']);

    const rebooted = await solveApp(session);
    expect(readLocalInstance(instance)?.pid).not.toBe(pid);
    expect(await failedChecks(session)).toEqual([]);

    const supervisor = readLocalInstance(rebooted.instance ?? '')?.pid ?? 0;
    await resetLab(session, LAB);
    expect(readLocalInstance(instance)).toBeUndefined();
    expect(isRunning(supervisor)).toBe(false);
    expect(await appInstances(ctx, ['pending', 'running'], LAB)).toEqual([]);
  });

  it('says so when the app of a reused instance never answers, and --replace-instance launches a new one', async () => {
    const first = await solveApp(session);
    const broken = first.instance ?? '';
    // The instance runs, but its app is broken: something answers on its address, never a healthy /health.
    await stopLocalInstance(broken);
    await bootLocalInstance(ctx, {
      instanceId: broken,
      program: { fileName: 'broken.mjs', bytes: new TextEncoder().encode("import { createServer } from 'node:http';\ncreateServer((q, s) => { s.writeHead(503); s.end('starting'); }).listen(Number(process.env.PORT), process.env.HOST);\n") },
      environment: ({ port, host }) => ({ PORT: String(port), HOST: host }),
    });
    const events: LabEvent[] = [];
    const rerun = (await runLabs({ which: LAB, solution: true }, testCaller(session, events))).at(-1)?.result;
    expect(rerun).toMatchObject({ outcome: 'failed', step: 7, error: { code: 'AppNotHealthy' } });
    const advice = rerun?.outcome === 'failed' ? rerun.error.advice : '';
    expect(advice).toContain('npx lab run directory-app --replace-instance');
    expect(events.some((e) => e.type === 'resource' && e.action === 'reused' && e.kind === 'ec2:instance')).toBe(true);

    const replaced = await solveApp(session, { 'replace-instance': 'yes' });
    expect(replaced.instance).not.toBe(broken);
    const { Reservations = [] } = await ctx.clients.ec2.send(new DescribeInstancesCommand({ InstanceIds: [broken] }));
    expect(Reservations[0]?.Instances?.[0]?.State?.Name).toBe('terminated');
    expect(readLocalInstance(broken)).toBeUndefined();
    expect(await failedChecks(session)).toEqual([]);
  });

  it('grades without writing: the photo round trip adds a test employee only when writing checks are allowed', async () => {
    const outputs = await solveApp(session);
    // A fresh boot whose role is then taken out of its profile: the app gets no credentials for the bucket.
    await stopLocalInstance(outputs.instance ?? '');
    await solveApp(session);
    await ctx.clients.iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: PROFILE_NAME, RoleName: ROLE_NAME }));
    const rebootedUrl = appUrl(outputs.instance ?? '');

    const readOnly = await checkLab(labEntry(LAB), testCaller(session));
    const photo = readOnly.checks.find((c) => c.id === 'photo-roundtrip');
    expect(photo).toMatchObject({ passed: true });
    expect(photo?.detail).toContain('the write test (adding an employee with a photo through the app) was skipped');
    expect(await listedEmployeeIds(rebootedUrl)).toEqual([]);

    const writing = await failedChecks(session, true);
    expect(writing).toEqual([{ id: 'photo-roundtrip', detail: expect.stringMatching(/^adding an employee with a photo at .* failed: adding an employee answered 502/) }]);
    expect(readOnly.checks.map((c) => c.id)).toEqual(labEntry(LAB).checks.map((c) => c.id));
  });

  it('launches with standard CPU credits, and the check fails an instance that bills surplus credits', async () => {
    // LocalStack keeps no credit setting (it always answers standard): the proxy shows the request and plays AWS's answer.
    const proxy = await startFaultProxy();
    try {
      const through = await openSession({ endpoint: proxy.url }, localEnv(own));
      await resetLab(through, LAB);
      await solveApp(through);
      const launch = proxy.bodies().find((b) => b.includes('Action=RunInstances')) ?? '';
      expect(new URLSearchParams(launch).get('CreditSpecification.CpuCredits')).toBe('standard');
      const id = await theInstance(ctx);
      proxy.answer('Action=DescribeInstanceCreditSpecifications', 1, {
        status: 200,
        body: `<DescribeInstanceCreditSpecificationsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>x</requestId><instanceCreditSpecificationSet><item><instanceId>${id}</instanceId><cpuCredits>unlimited</cpuCredits></item></instanceCreditSpecificationSet></DescribeInstanceCreditSpecificationsResponse>`,
      });
      const failed = (await checkLab(labEntry(LAB), testCaller(through))).checks.filter((c) => !c.passed).map(({ id: check, detail }) => ({ id: check, detail }));
      expect(failed).toEqual([{ id: 'instance-running', detail: `${id} is a t3.micro with unlimited CPU credits; expected standard credits (unlimited bills surplus credits when the CPU stays busy)` }]);
      // Its local boot reads the cloud through the proxy: boot it again without.
      await stopLocalInstance(id);
    } finally {
      await proxy.stop();
    }
  });

  it('states the region its cost estimate priced, with the disk and the public IPv4 address', () => {
    const { cost } = labEntry(LAB);
    expect(cost).toMatch(/^Priced for us-east-1/);
    expect(cost).toMatch(/t3\.micro costs 0\.0104 USD an hour/);
    expect(cost).toMatch(/public IPv4 address 0\.005 USD an hour/);
    expect(cost).toMatch(/8 GiB gp3 disk/);
  });
});

describe('directory-app in another region', () => {
  it('is found and removed by a reset that does not name the region the lab ran in', async () => {
    const elsewhere = '000000002312';
    const env = localEnv(elsewhere);
    for (const lab of ['vpc', 'ec2-role', LAB]) {
      const run = await runCli(['run', lab, '--solution', '--region', 'eu-west-1'], env);
      expect(run.code, `${lab}: ${run.stdout}${run.stderr}`).toBe(0);
    }
    const ireland = new EC2Client({ region: 'eu-west-1', endpoint: 'http://127.0.0.1:4566', credentials: { accessKeyId: elsewhere, secretAccessKey: 'test' } });
    const live = async () => {
      const { Reservations = [] } = await ireland.send(
        new DescribeInstancesCommand({ Filters: [{ Name: 'tag:workbook:lab', Values: [LAB] }, { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] }] }),
      );
      return Reservations.flatMap((r) => r.Instances ?? []).map((i) => i.InstanceId);
    };
    expect(await live()).toHaveLength(1);

    const reset = await runCli(['reset', LAB, '--yes'], env);
    expect(reset.code, reset.stdout + reset.stderr).toBe(0);
    expect(reset.stdout).toMatch(/eu-west-1/);
    expect(await live()).toEqual([]);
    await runCli(['reset', 'vpc', '--yes', '--region', 'eu-west-1'], env);
  });
});

/** The program of a local boot: the process running its bundle. */
function programPid(instanceId: string): number | undefined {
  const listing = spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).stdout;
  const line = listing.split('\n').find((l) => l.includes(`${instanceId}/${BUNDLE_FILE}`));
  return line ? Number(line.trim().split(/\s+/)[0]) : undefined;
}
