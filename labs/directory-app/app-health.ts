// Waiting for the app of an instance to answer /health. A first boot installs Node.js and fetches the bundle, which the
// user data retries for minutes; an instance that has run longer than that with a silent app is broken, not slow: the
// lab says so, and how to replace it, instead of reusing it forever.
import type { Instance } from '@aws-sdk/client-ec2';
import { LabProblem, type LabContext } from '../../lab-runner/lab.js';
import { consoleLogFile } from '../../lab-runner/local-instance/records.js';
import { type Health, waitForHealth } from './app-client.js';
import { shortPath } from './local-boot.js';
import { BOOT_BUDGET_MS, REPLACE_OPTION } from './spec.js';

/** How long a local boot may take: it runs a file already here, in seconds. */
const LOCAL_BOOT_MS = 30_000;
/** Even an instance past its boot budget gets this long: the app may be restarting. */
const LAST_CHANCE_MS = 60_000;

export async function waitUntilHealthy(ctx: LabContext, url: string, instance: Instance): Promise<Health> {
  const id = instance.InstanceId ?? '';
  const runningMs = Date.now() - (instance.LaunchTime?.getTime() ?? Date.now());
  const timeoutMs = ctx.isLocal ? LOCAL_BOOT_MS : Math.max(LAST_CHANCE_MS, BOOT_BUDGET_MS - runningMs);
  try {
    return await waitForHealth(url, id, {
      timeoutMs,
      sayEveryMs: 30_000,
      say: (message) => ctx.say(message),
      because: ctx.isLocal ? 'the local boot is starting the app' : 'the user data is still installing Node.js and starting the app',
    });
  } catch (error) {
    throw notHealthy(ctx, id, url, error instanceof Error ? error.message : String(error));
  }
}

function notHealthy(ctx: LabContext, id: string, url: string, seen: string): LabProblem {
  const replace = `To throw this instance away and launch a new one, run \`npx lab run ${ctx.labId} --${REPLACE_OPTION}\` (the records on its disk go with it; the photos stay in the bucket).`;
  const look = ctx.isLocal
    ? `Its console log is ${shortPath(consoleLogFile(id))}.`
    : `Its user data may have failed: read its log with \`aws ec2 get-console-output --instance-id ${id} --latest --query Output --output text --region ${ctx.region}\`, and check that web-sg lets port 80 in.`;
  return new LabProblem('AppNotHealthy', `The app on ${id} does not answer as it should: ${seen}.`, `${look} ${replace}`);
}

/** Port 80 of the instance's public IPv4 address: the only way in from the internet. */
export function publicUrl(publicIp: string, instanceId: string): string {
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(publicIp)) {
    throw new LabProblem('NoPublicAddress', `${instanceId} has no public IPv4 address, so nothing on the internet can reach it.`, 'public-a must give its instances one: the vpc lab turns on MapPublicIpOnLaunch there (run it again), then replace the instance with --replace-instance.');
  }
  return `http://${publicIp}`;
}
