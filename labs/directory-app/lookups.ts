// Look-ups the directory-app lab, its solution and its checks share: the app's instances, the instance's profile
// association, the photos bucket, and where the app answers (the public address on AWS, the local boot on LocalStack).
import {
  DescribeIamInstanceProfileAssociationsCommand,
  DescribeInstancesCommand,
  type Filter,
  type IamInstanceProfileAssociation,
  type Instance,
} from '@aws-sdk/client-ec2';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import type { LabContext } from '../../lab-runner/lab.js';
import { readLocalInstance } from '../../lab-runner/local-instance/index.js';
import { INSTANCE_NAME } from './spec.js';

/** Instances named employee-directory in the given states, newest first; `labId` narrows to the lab's own. */
export async function appInstances(ctx: LabContext, states: string[], labId?: string): Promise<Instance[]> {
  const Filters: Filter[] = [
    { Name: 'tag:Name', Values: [INSTANCE_NAME] },
    { Name: 'instance-state-name', Values: states },
    ...(labId ? [{ Name: 'tag:workbook:lab', Values: [labId] }] : []),
  ];
  const found: Instance[] = [];
  let NextToken: string | undefined;
  do {
    const page = await ctx.clients.ec2.send(new DescribeInstancesCommand({ Filters, NextToken }));
    found.push(...(page.Reservations ?? []).flatMap((r) => r.Instances ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return found.sort((a, b) => (b.LaunchTime?.getTime() ?? 0) - (a.LaunchTime?.getTime() ?? 0));
}

/** The instance as EC2 describes it now; an error that names it when it is gone. */
export async function describeAppInstance(ctx: LabContext, instanceId: string): Promise<Instance> {
  const { Reservations = [] } = await ctx.clients.ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  const instance = Reservations.flatMap((r) => r.Instances ?? [])[0];
  if (!instance) throw new Error(`instance ${instanceId} is not there any more`);
  return instance;
}

/**
 * The instance's current profile association. DescribeIamInstanceProfileAssociations is where EC2 keeps it (and
 * LocalStack's DescribeInstances still shows the old profile after ReplaceIamInstanceProfileAssociation).
 */
export async function profileAssociation(ctx: LabContext, instanceId: string): Promise<IamInstanceProfileAssociation | undefined> {
  const { IamInstanceProfileAssociations = [] } = await ctx.clients.ec2.send(
    new DescribeIamInstanceProfileAssociationsCommand({ Filters: [{ Name: 'instance-id', Values: [instanceId] }] }),
  );
  return IamInstanceProfileAssociations.find((a) => a.State === 'associated' || a.State === 'associating');
}

/** `arn:aws:iam::123456789012:instance-profile/some/path/Name` → `Name`. */
export function profileNameOf(arn: string | undefined): string | undefined {
  return arn?.split('/').pop();
}

export async function bucketExists(ctx: LabContext, bucket: string): Promise<boolean> {
  try {
    await ctx.clients.s3.send(new HeadBucketCommand({ Bucket: bucket }));
    return true;
  } catch (error) {
    if (error instanceof Error && (error.name === 'NotFound' || error.name === 'NoSuchBucket')) return false;
    // Bucket names are global: a 403 means the name exists in an account these credentials cannot see into.
    if (error instanceof Error && error.name === 'Forbidden') throw new Error(`the bucket name ${bucket} is taken by another AWS account`);
    throw error;
  }
}

export type AppAddress = { ok: true; url: string; where: string } | { ok: false; problem: string };

/** Where the app on `instance` answers: port 80 of its public address on AWS; its local boot on LocalStack. */
export function appAddress(ctx: LabContext, instance: Instance): AppAddress {
  const id = instance.InstanceId ?? '';
  if (ctx.isLocal) {
    const boot = readLocalInstance(id);
    if (!boot) return { ok: false, problem: `${id} has no local boot on this computer: run \`npx lab run ${ctx.labId}\`, which boots it` };
    return { ok: true, url: boot.url, where: `its local boot at ${boot.url}` };
  }
  if (!instance.PublicIpAddress) return { ok: false, problem: `${id} has no public IPv4 address, so nothing on the internet can reach it` };
  return { ok: true, url: `http://${instance.PublicIpAddress}`, where: `http://${instance.PublicIpAddress}` };
}
