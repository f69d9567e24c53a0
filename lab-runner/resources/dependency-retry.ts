// Removing something an instance used (its security group, its subnet) fails with DependencyViolation while that
// instance is still on its way out: its network interface is released some time after it reaches `terminated`, or a
// reset of the network runs while another one still terminates the instance. That answer means "not yet", so the
// removal is tried again for a while before its error is believed.
import { describeError } from '../aws-errors.js';
import type { Pace } from './instance-lifecycle.js';

export async function retryWhileInUse<T>(what: string, remove: () => Promise<T>, pace: Pace): Promise<T> {
  const sleep = pace.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = Date.now() + (pace.isLocal ? 30_000 : 5 * 60_000);
  for (let attempt = 0; ; attempt++) {
    try {
      return await remove();
    } catch (error) {
      if (describeError(error).code !== 'DependencyViolation' || Date.now() >= deadline) throw error;
      if (attempt % 4 === 0) pace.say?.(`${what} is still in use (DependencyViolation), most likely by an instance still shutting down; trying again`);
      await sleep(pace.isLocal ? 500 : Math.min(2_000 * 2 ** attempt, 15_000));
    }
  }
}
