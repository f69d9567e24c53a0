// EC2 instances, found by their lab tag in each region asked about, in every state but terminated. Removing one stops
// its local boot (on LocalStack an instance's program runs on this computer) and terminates it, waiting through every
// state until EC2 says it is gone, so that the subnet and security group it used can be removed after it.
//
// RunInstances converges on the instance the step names (its Name tag and the lab tag): a matching one is reused, a
// stopped one started, what can change on a running instance is changed in place (security groups, instance profile,
// metadata options, CPU credits), and what cannot (type, subnet, user data) replaces it. A launch carries a client
// token, so a lost answer never launches two (https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-idempotency.html).
import { createHash, randomUUID } from 'node:crypto';
import {
  AssociateIamInstanceProfileCommand,
  DescribeIamInstanceProfileAssociationsCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstanceCreditSpecificationsCommand,
  DescribeInstanceTypeOfferingsCommand,
  DescribeSubnetsCommand,
  DisassociateIamInstanceProfileCommand,
  type EC2Client,
  type Filter,
  type Instance,
  ModifyInstanceAttributeCommand,
  ModifyInstanceCreditSpecificationCommand,
  ModifyInstanceMetadataOptionsCommand,
  paginateDescribeInstances,
  ReplaceIamInstanceProfileAssociationCommand,
  RunInstancesCommand,
  type RunInstancesCommandInput,
  type RunInstancesCommandOutput,
} from '@aws-sdk/client-ec2';
import { describeError, isProfileNotVisibleYet } from '../aws-errors.js';
import { convergeNamed, type Difference, type NamedResource } from '../converge/named.js';
import { StepProblem, unnamed, untagged } from '../converge/problem.js';
import { type ConvergeCall, rule } from '../converge/rule.js';
import { stopLocalInstance } from '../local-instance/index.js';
import { LAB_TAG, labOf, nameTag } from '../tags.js';
import { describeInstance, LIVE_STATES, PRESENT_STATES, startInstance, terminateInstance } from './instance-lifecycle.js';
import type { FoundResource, ResourceKind } from './kind.js';

type Call = ConvergeCall<RunInstancesCommandInput>;

const instanceResource: NamedResource<RunInstancesCommandInput, Instance, RunInstancesCommandOutput> = {
  kind: 'ec2:instance',
  what: 'EC2 instance',
  nameOf: (input) => nameTag(instanceTags(input)) ?? '',
  validate(input, { labId }) {
    if (labOf(instanceTags(input)) !== labId) throw untagged('RunInstances', labId, "TagSpecifications: ctx.ec2Tags('instance', NAME)");
    if (!nameTag(instanceTags(input))) throw unnamed('RunInstances', "Give the instance its Name in the same tags: ctx.ec2Tags('instance', NAME).");
    if ((input.MaxCount ?? 1) !== 1 || (input.MinCount ?? 1) !== 1) {
      throw new StepProblem('OneInstance', `RunInstances asks for ${input.MinCount}–${input.MaxCount} instances; the lab finds its instance by name, so it launches exactly one.`, 'Send MinCount: 1 and MaxCount: 1.');
    }
  },
  find: (call, name) => findNamed(call, name),
  idOf: (instance) => instance.InstanceId ?? '',
  isOurs: async (call, instance) => labOf(instance.Tags) === call.labId,
  adoptOrDelete: (call, instance) => ({
    tag: `aws ec2 create-tags --resources ${instance.InstanceId} --tags Key=${LAB_TAG},Value=${call.labId} --region ${call.region}`,
    remove: `aws ec2 terminate-instances --instance-ids ${instance.InstanceId} --region ${call.region}`,
  }),
  differences: (call, instance) => instanceDifferences(call, instance),
  update: (call, instance, differences) => updateInPlace(call, instance, differences),
  remove: (call, instance) => removeInstance(call.clients.ec2, instance.InstanceId ?? '', call),
  create: (call) => launch(call),
  answer: async (_call, instance) => ({ Instances: [instance], $metadata: {} }),
  idInAnswer: (answer) => answer.Instances?.[0]?.InstanceId ?? '',
};

const runInstances = rule<RunInstancesCommandInput>('ec2', 'RunInstancesCommand', (call) => {
  // One token for every attempt of this launch: EC2 answers a repeat with the instance the first attempt made.
  const input = { ...call.input, ClientToken: call.input.ClientToken ?? randomUUID() };
  return convergeNamed(instanceResource, { ...call, input });
});

const instances: ResourceKind = {
  kind: 'ec2:instance',
  global: false,
  order: 10,
  async findTagged(ctx) {
    const found = await describeAll(ctx.clients.ec2, [
      { Name: 'tag-key', Values: [LAB_TAG] },
      { Name: 'instance-state-name', Values: PRESENT_STATES },
    ]);
    return found.flatMap((i): FoundResource[] => {
      const lab = labOf(i.Tags);
      const name = nameTag(i.Tags);
      return lab && i.InstanceId ? [{ kind: 'ec2:instance', id: i.InstanceId, lab, ...(name ? { name } : {}) }] : [];
    });
  },
  async remove(ctx, instance) {
    await removeInstance(ctx.clients.ec2, instance.id, ctx);
  },
  rules: [runInstances],
};

export const ec2InstancesKinds: ResourceKind[] = [instances];

/** Terminates the instance, and first stops its local boot, as terminating a real one stops what runs on it. */
export async function removeInstance(ec2: EC2Client, instanceId: string, pace: { isLocal: boolean; say?: (message: string) => void }): Promise<void> {
  if (pace.isLocal) await stopLocalInstance(instanceId, { discardDisk: true });
  await terminateInstance(ec2, instanceId, pace);
}

function instanceTags(input: RunInstancesCommandInput): { Key?: string; Value?: string }[] {
  return (input.TagSpecifications ?? []).filter((s) => s.ResourceType === 'instance').flatMap((s) => s.Tags ?? []);
}

async function describeAll(ec2: EC2Client, Filters: Filter[]): Promise<Instance[]> {
  const found: Instance[] = [];
  for await (const page of paginateDescribeInstances({ client: ec2 }, { Filters })) found.push(...(page.Reservations ?? []).flatMap((r) => r.Instances ?? []));
  return found.sort((a, b) => (b.LaunchTime?.getTime() ?? 0) - (a.LaunchTime?.getTime() ?? 0));
}

/** The lab's instance with this name, else anyone's (to refuse it); two of the lab's is a mess not to guess through. */
async function findNamed(call: Call, name: string): Promise<Instance | undefined> {
  const all = await describeAll(call.clients.ec2, [
    { Name: 'tag:Name', Values: [name] },
    { Name: 'instance-state-name', Values: LIVE_STATES },
  ]);
  const ours = all.filter((i) => labOf(i.Tags) === call.labId);
  if (ours.length > 1) {
    const ids = ours.map((i) => i.InstanceId).join(' ');
    throw new StepProblem(
      'MoreThanOneInstance',
      `${ours.length} instances named ${name} are tagged ${LAB_TAG}=${call.labId} (${ids}); the lab runs one.`,
      `Terminate all but one (aws ec2 terminate-instances --instance-ids … --region ${call.region}), or start over with \`npx lab reset ${call.labId}\`.`,
    );
  }
  return ours[0] ?? all[0];
}

async function launch(call: Call): Promise<RunInstancesCommandOutput> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call.once.ec2.send(new RunInstancesCommand(call.input));
    } catch (error) {
      const { code, message } = describeError(error);
      if (code === 'Unsupported') throw await unsupported(call, message);
      const missing = notVisibleYet(call, error);
      if (!missing || attempt >= missing.attempts) throw error;
      const wait = Math.min(1000 * 2 ** (attempt - 1), 8000);
      call.say(`EC2 does not know ${missing.what} yet (it was made moments ago, and AWS is eventually consistent); trying again in ${wait / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/** About 40 s in all: how long a new instance profile can take to reach EC2. */
const PROFILE_ATTEMPTS = 8;
/** About 7 s: a new security group is visible sooner, and a group that truly is not there should be said soon. */
const GROUP_ATTEMPTS = 4;

/**
 * What a launch names that was made moments ago and is not visible yet: the instance profile IAM made just before
 * (EC2 answers "Invalid IAM Instance Profile name";
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency)
 * or a security group just made (InvalidGroup.NotFound; https://docs.aws.amazon.com/ec2/latest/devguide/eventual-consistency.html).
 * Any other invalid value is the request's own mistake, said at once.
 */
function notVisibleYet(call: Call, error: unknown): { what: string; attempts: number } | undefined {
  if (isProfileNotVisibleYet(error)) return { what: `the instance profile ${profileName(call.input) ?? ''}`, attempts: PROFILE_ATTEMPTS };
  const { code, message } = describeError(error);
  const group = /'(sg-[0-9a-f]+)'/.exec(message)?.[1];
  if (code === 'InvalidGroup.NotFound' && group && call.input.SecurityGroupIds?.includes(group)) return { what: `the security group ${group}`, attempts: GROUP_ATTEMPTS };
  return undefined;
}

/** The type is not offered in the subnet's zone: say which zones offer it, and who made the subnet there. */
async function unsupported(call: Call, message: string): Promise<StepProblem> {
  const type = call.input.InstanceType ?? 'this instance type';
  const subnet = call.input.SubnetId ? (await call.clients.ec2.send(new DescribeSubnetsCommand({ SubnetIds: [call.input.SubnetId] })).catch(() => undefined))?.Subnets?.[0] : undefined;
  const zone = subnet?.AvailabilityZone ?? /Availability Zone \(([^)]+)\)/.exec(message)?.[1] ?? 'its zone';
  const offered = await offeringZones(call, type);
  const subnetName = nameTag(subnet?.Tags) ?? subnet?.SubnetId;
  const subnetLab = labOf(subnet?.Tags);
  const where = subnetName ? `the subnet ${subnetName} (${subnet?.SubnetId}) is in ${zone}` : `the launch asks for ${zone}`;
  const fix = subnetLab
    ? `${subnetName} was made by the lab ${subnetLab}: rebuild it in a zone that offers ${type} (\`npx lab reset ${subnetLab} --with-dependants\`, then \`npx lab run ${subnetLab}\`), then run this lab again.`
    : `Launch into a subnet in one of those zones.`;
  return new StepProblem(
    'Unsupported',
    `RunInstances answered Unsupported: ${type} is not offered in ${zone}, and ${where}. Zones of ${call.region} that offer it: ${offered.join(', ') || '(none found)'}.`,
    `${fix} See the offerings yourself: aws ec2 describe-instance-type-offerings --location-type availability-zone --filters Name=instance-type,Values=${type} --region ${call.region}`,
  );
}

async function offeringZones(call: Call, type: string): Promise<string[]> {
  try {
    const { InstanceTypeOfferings = [] } = await call.clients.ec2.send(
      new DescribeInstanceTypeOfferingsCommand({ LocationType: 'availability-zone', Filters: [{ Name: 'instance-type', Values: [type] }] }),
    );
    return InstanceTypeOfferings.flatMap((o) => (o.Location ? [o.Location] : [])).sort();
  } catch {
    return [];
  }
}

/** What the request asks for that the instance does not have; only what an instance can change while it exists is `inPlace`. */
async function instanceDifferences(call: Call, instance: Instance): Promise<Difference[]> {
  const { input } = call;
  const ec2 = call.clients.ec2;
  const id = instance.InstanceId ?? '';
  const differences: Difference[] = [];
  const differ = (what: string, have: string | undefined, want: string | undefined, inPlace: boolean) => {
    if (want !== undefined && have !== want) differences.push({ what, have: have ?? '(none)', want, inPlace });
  };
  differ('instance type', instance.InstanceType, input.InstanceType, false);
  differ('subnet', instance.SubnetId, input.SubnetId, false);
  if (input.SecurityGroupIds) differ('security groups', groupList((instance.SecurityGroups ?? []).map((g) => g.GroupId ?? '')), groupList(input.SecurityGroupIds), true);
  differ('HttpTokens', instance.MetadataOptions?.HttpTokens, input.MetadataOptions?.HttpTokens, true);
  differ('HttpEndpoint', instance.MetadataOptions?.HttpEndpoint, input.MetadataOptions?.HttpEndpoint, true);
  const profile = await currentProfile(ec2, id);
  differ('instance profile', profile?.name, profileName(input) ?? (profile ? '(none)' : undefined), true);
  if (input.CreditSpecification?.CpuCredits) {
    // LocalStack does not implement ModifyInstanceCreditSpecification: there the instance is replaced instead.
    differ('CPU credits', await cpuCredits(ec2, id), input.CreditSpecification.CpuCredits, !call.isLocal);
  }
  const userData = await userDataOf(ec2, id);
  if ((userData ?? '') !== (input.UserData ?? '')) differences.push({ what: 'user data (it runs only at first boot)', have: digest(userData), want: digest(input.UserData), inPlace: false });
  const state = instance.State?.Name ?? '';
  if (state === 'stopped' || state === 'stopping') differences.push({ what: 'state', have: state, want: 'running', inPlace: true });
  if (input.ImageId && instance.ImageId !== input.ImageId) {
    // An image is only where an instance starts from: a newer one is no reason to throw a running instance away.
    call.say(`${id} was launched from ${instance.ImageId}; the request names ${input.ImageId}. A running instance keeps its image: replace the instance to move to the new one.`);
  }
  return differences;
}

async function updateInPlace(call: Call, instance: Instance, differences: Difference[]): Promise<void> {
  const { input } = call;
  const ec2 = call.clients.ec2;
  const InstanceId = instance.InstanceId ?? '';
  const changes = new Set(differences.map((d) => d.what));
  if (changes.has('security groups')) await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId, Groups: input.SecurityGroupIds }));
  if (changes.has('HttpTokens') || changes.has('HttpEndpoint')) {
    const current = instance.MetadataOptions ?? {};
    await ec2.send(
      new ModifyInstanceMetadataOptionsCommand({
        InstanceId,
        HttpTokens: input.MetadataOptions?.HttpTokens ?? current.HttpTokens,
        HttpEndpoint: input.MetadataOptions?.HttpEndpoint ?? current.HttpEndpoint,
        HttpPutResponseHopLimit: input.MetadataOptions?.HttpPutResponseHopLimit ?? current.HttpPutResponseHopLimit ?? 2,
      }),
    );
  }
  if (changes.has('instance profile')) await setProfile(ec2, InstanceId, input);
  if (changes.has('CPU credits')) {
    await ec2.send(new ModifyInstanceCreditSpecificationCommand({ InstanceCreditSpecifications: [{ InstanceId, CpuCredits: input.CreditSpecification?.CpuCredits }] }));
  }
  if (changes.has('state')) {
    const was = await startInstance(ec2, InstanceId, call);
    call.say(`${InstanceId} was ${was}: started it again (its user data does not run again; what it set up at first boot starts with it)`);
  }
}

async function currentProfile(ec2: EC2Client, instanceId: string): Promise<{ name: string; associationId: string } | undefined> {
  const { IamInstanceProfileAssociations = [] } = await ec2.send(
    new DescribeIamInstanceProfileAssociationsCommand({ Filters: [{ Name: 'instance-id', Values: [instanceId] }] }),
  );
  const association = IamInstanceProfileAssociations.find((a) => a.State === 'associated' || a.State === 'associating');
  const name = association?.IamInstanceProfile?.Arn?.split('/').pop();
  return name && association?.AssociationId ? { name, associationId: association.AssociationId } : undefined;
}

async function setProfile(ec2: EC2Client, InstanceId: string, input: RunInstancesCommandInput): Promise<void> {
  const current = await currentProfile(ec2, InstanceId);
  const IamInstanceProfile = input.IamInstanceProfile;
  if (!profileName(input)) {
    if (current) await ec2.send(new DisassociateIamInstanceProfileCommand({ AssociationId: current.associationId }));
  } else if (current) {
    await ec2.send(new ReplaceIamInstanceProfileAssociationCommand({ AssociationId: current.associationId, IamInstanceProfile }));
  } else {
    await ec2.send(new AssociateIamInstanceProfileCommand({ InstanceId, IamInstanceProfile }));
  }
}

function profileName(input: RunInstancesCommandInput): string | undefined {
  return input.IamInstanceProfile?.Name ?? input.IamInstanceProfile?.Arn?.split('/').pop();
}

async function cpuCredits(ec2: EC2Client, InstanceId: string): Promise<string | undefined> {
  try {
    const { InstanceCreditSpecifications = [] } = await ec2.send(new DescribeInstanceCreditSpecificationsCommand({ InstanceIds: [InstanceId] }));
    return InstanceCreditSpecifications[0]?.CpuCredits;
  } catch {
    return undefined; // not a burstable type: it has no credit setting
  }
}

async function userDataOf(ec2: EC2Client, InstanceId: string): Promise<string | undefined> {
  const { UserData } = await ec2.send(new DescribeInstanceAttributeCommand({ InstanceId, Attribute: 'userData' }));
  return UserData?.Value || undefined;
}

function groupList(ids: string[]): string {
  return [...ids].sort().join(', ') || '(none)';
}

/** User data in a line: its size and the start of its SHA-256, enough to see that two scripts differ. */
function digest(base64: string | undefined): string {
  if (!base64) return '(none)';
  const bytes = Buffer.from(base64, 'base64');
  return `${bytes.length} bytes, sha256 ${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}`;
}

