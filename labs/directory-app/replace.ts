// `npx lab run directory-app --replace-instance`: the way out of an instance whose app never came up (its user data
// failed, say). The lab's instance is terminated before the launch, so the launch makes a new one.
import type { LabContext } from '../../lab-runner/lab.js';
import { removeInstance } from '../../lab-runner/resources/ec2-instances.js';
import { appInstances } from './lookups.js';
import { LIVE_STATES, REPLACE_OPTION } from './spec.js';

export async function replaceInstanceIfAsked(ctx: LabContext): Promise<void> {
  if (!ctx.options[REPLACE_OPTION]) return;
  const old = await appInstances(ctx, LIVE_STATES, ctx.labId);
  if (old.length === 0) {
    ctx.say(`--${REPLACE_OPTION}: there is no instance to replace yet`);
    return;
  }
  for (const instance of old) {
    const id = instance.InstanceId ?? '';
    ctx.say(`--${REPLACE_OPTION}: terminating ${id} (its records go with its disk; the photos stay in the bucket)`);
    await removeInstance(ctx.clients.ec2, id, ctx);
  }
}
