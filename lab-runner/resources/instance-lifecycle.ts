// Moving an EC2 instance between states the way AWS really behaves, without the SDK's waiters: the terminated waiter
// gives up when it sees `pending` or `stopping`, and "not found" right after a launch or a terminate can be eventual
// consistency rather than an answer (https://docs.aws.amazon.com/ec2/latest/devguide/eventual-consistency.html).
// Every state is handled: a live one is terminated (again: TerminateInstances is idempotent), `shutting-down` is
// waited for, and only `terminated` or a lasting "not found" ends the wait.
import { DescribeInstancesCommand, type EC2Client, type Instance, StartInstancesCommand, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { isMissing } from '../missing.js';

export interface Pace {
  /** LocalStack answers at once and keeps no state in transition for long; AWS takes minutes. */
  isLocal: boolean;
  say?: (message: string) => void;
  sleep?: (ms: number) => Promise<void>;
}

/** The states in which an instance still exists (and bills, or will bill again). */
export const LIVE_STATES = ['pending', 'running', 'stopping', 'stopped'];
/** Live, or on its way out: reset waits for these too, so that its subnet and security group can go after it. */
export const PRESENT_STATES = [...LIVE_STATES, 'shutting-down'];

/** How many "not found" answers in a row, after seeing the instance, count as "gone for good". */
const NOT_FOUND_TO_BELIEVE = 4;

export async function describeInstance(ec2: EC2Client, instanceId: string): Promise<Instance | undefined> {
  try {
    const { Reservations = [] } = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    return Reservations.flatMap((r) => r.Instances ?? []).find((i) => i.InstanceId === instanceId);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** Terminates the instance and waits until EC2 says it is terminated (or has forgotten it for good). */
export async function terminateInstance(ec2: EC2Client, instanceId: string, pace: Pace): Promise<void> {
  const sleep = pace.sleep ?? wait;
  const deadline = Date.now() + (pace.isLocal ? 60_000 : 15 * 60_000);
  let notFound = 0;
  let last = 'unknown';
  for (let poll = 0; Date.now() < deadline; poll++) {
    const instance = await describeInstance(ec2, instanceId);
    const state = instance?.State?.Name;
    if (state === 'terminated') return;
    if (state === undefined) {
      // Not proof on its own: a launch or a terminate a moment ago may not be visible yet.
      if (++notFound >= NOT_FOUND_TO_BELIEVE) return;
    } else {
      notFound = 0;
      last = state;
      if (state !== 'shutting-down') await sendTerminate(ec2, instanceId);
      if (poll > 0 && poll % 6 === 0) pace.say?.(`${instanceId} is ${state}; waiting until it is terminated`);
    }
    await sleep(delay(pace, poll));
  }
  throw new Error(`${instanceId} was still ${last} after ${pace.isLocal ? 'a minute' : '15 minutes'}: see it with aws ec2 describe-instances --instance-ids ${instanceId}`);
}

/** TerminateInstances answering "not found" proves nothing: the caller describes again and decides. */
async function sendTerminate(ec2: EC2Client, instanceId: string): Promise<void> {
  try {
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
}

/** Waits for a `stopping` instance to be `stopped`, then starts it; answers the state it was found in. */
export async function startInstance(ec2: EC2Client, instanceId: string, pace: Pace): Promise<string> {
  const sleep = pace.sleep ?? wait;
  const deadline = Date.now() + (pace.isLocal ? 60_000 : 10 * 60_000);
  let state = (await describeInstance(ec2, instanceId))?.State?.Name ?? 'missing';
  const found = state;
  for (let poll = 0; state === 'stopping' && Date.now() < deadline; poll++) {
    await sleep(delay(pace, poll));
    state = (await describeInstance(ec2, instanceId))?.State?.Name ?? 'missing';
  }
  if (state === 'stopped') await ec2.send(new StartInstancesCommand({ InstanceIds: [instanceId] }));
  else if (state !== 'pending' && state !== 'running') throw new Error(`${instanceId} is ${state}: it cannot be started`);
  return found;
}

function delay({ isLocal }: Pace, poll: number): number {
  return isLocal ? 500 : Math.min(5_000 * 1.5 ** poll, 15_000);
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
