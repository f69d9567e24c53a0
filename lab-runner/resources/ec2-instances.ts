// EC2 instances found by their lab tag, in every state but terminated; terminating one also stops its local boot
// (on LocalStack an instance's program runs on this computer) and waits until EC2 says it is gone, so that the
// subnets and security groups it used can be removed after it.
import { DescribeInstancesCommand, type Instance, TerminateInstancesCommand, waitUntilInstanceTerminated } from '@aws-sdk/client-ec2';
import type { LabContext } from '../context.js';
import { stopLocalInstance } from '../local-instance/index.js';
import { LAB_TAG, nameTag } from '../tags.js';
import type { ResourceKind } from './kind.js';

const LIVE_STATES = ['pending', 'running', 'stopping', 'stopped'];
/** Terminating takes a minute or two on AWS; LocalStack answers at once. */
const TERMINATE_WAIT_SECONDS = 600;

const instances: ResourceKind = {
  kind: 'ec2:instance',
  order: 10,
  async find(ctx) {
    const found: Instance[] = [];
    let NextToken: string | undefined;
    do {
      const page = await ctx.clients.ec2.send(
        new DescribeInstancesCommand({
          Filters: [
            { Name: `tag:${LAB_TAG}`, Values: [ctx.labId] },
            { Name: 'instance-state-name', Values: LIVE_STATES },
          ],
          NextToken,
        }),
      );
      found.push(...(page.Reservations ?? []).flatMap((r) => r.Instances ?? []));
      NextToken = page.NextToken;
    } while (NextToken);
    return found.map((i) => ({ kind: 'ec2:instance', id: i.InstanceId ?? '', ...(nameTag(i.Tags) ? { name: nameTag(i.Tags) } : {}) }));
  },
  async remove(ctx, instance) {
    await stopLocalInstance(instance.id, { discardDisk: true });
    try {
      await ctx.clients.ec2.send(new TerminateInstancesCommand({ InstanceIds: [instance.id] }));
    } catch (error) {
      if (error instanceof Error && error.name === 'InvalidInstanceID.NotFound') return;
      throw error;
    }
    await waitUntilInstanceTerminated(
      { client: ctx.clients.ec2, maxWaitTime: TERMINATE_WAIT_SECONDS, ...waitDelays(ctx) },
      { InstanceIds: [instance.id] },
    );
  },
};

/** Polling every 15 s (the waiter's default) is right for AWS and only slow against LocalStack. */
function waitDelays(ctx: LabContext): { minDelay: number; maxDelay: number } {
  return ctx.isLocal ? { minDelay: 1, maxDelay: 2 } : { minDelay: 10, maxDelay: 30 };
}

export const ec2InstancesKinds: ResourceKind[] = [instances];
