// On LocalStack no instance runs: the app the user data would fetch is booted on this computer instead, with the
// environment the user data gives it (adapted: a free local port, 127.0.0.1, a folder of its own).
import { join, relative } from 'node:path';
import type { LabContext } from '../../lab-runner/lab.js';
import { bootLocalInstance } from '../../lab-runner/local-instance/index.js';
import { projectRoot } from '../../lab-runner/paths.js';
import { BUNDLE_FILE, BUNDLE_KEY } from './spec.js';
import { appEnvironment } from './user-data.js';

/** Boots (or finds still running) the app of `instanceId` from the bundle's bytes; answers its local address. */
export async function bootLocally(ctx: LabContext, instanceId: string, bucket: string, bundle: Uint8Array): Promise<string> {
  const settings = { bucket, region: ctx.region, bundleKey: BUNDLE_KEY };
  const boot = await bootLocalInstance(ctx, {
    instanceId,
    program: { fileName: BUNDLE_FILE, bytes: bundle },
    environment: ({ port, host, folder }) => appEnvironment(settings, { port, host, dataDir: join(folder, 'data') }),
  });
  if (boot.reused) {
    ctx.say(`the local boot of ${instanceId} still runs: reused (supervisor pid ${boot.pid})`);
  } else {
    ctx.say(`booted ${instanceId} on this computer: node ${BUNDLE_FILE} with the user data's environment (supervisor pid ${boot.pid})`);
    ctx.say(`its metadata service (IMDSv2) is at ${boot.imdsUrl}; its console log is ${shortPath(boot.consoleLog)}`);
  }
  return boot.url;
}

/** A path inside the project as the student sees it from there; others in full. */
export function shortPath(path: string): string {
  const inside = relative(projectRoot, path);
  return inside.startsWith('..') ? path : inside;
}
