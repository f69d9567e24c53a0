// The instance's user data: the template user-data.sh with the bucket, the bundle's key and the region filled in,
// and the app's environment written as the systemd unit's Environment= lines. The local boot on LocalStack uses the
// same environment (appEnvironment), adapted to a computer that is not an instance: another port, host and folder.
import { readFileSync } from 'node:fs';
import { BUNDLE_FILE } from './spec.js';

export interface AppSettings {
  bucket: string;
  region: string;
  bundleKey: string;
}

/** Where the app listens and keeps its records. */
export interface AppPlacement {
  port: number;
  host: string;
  dataDir: string;
}

/** On the instance: port 80 on every interface, records in the folder systemd's StateDirectory= gives the service. */
export const ON_INSTANCE: AppPlacement = { port: 80, host: '0.0.0.0', dataDir: '/var/lib/employee-directory' };

const template = new URL('./user-data.sh', import.meta.url);

/** What the app reads from its environment (see directory-app/README.md); credentials are not among them. */
export function appEnvironment({ bucket, region }: AppSettings, { port, host, dataDir }: AppPlacement = ON_INSTANCE): Record<string, string> {
  return {
    PORT: String(port),
    HOST: host,
    PHOTOS_BUCKET: bucket,
    AWS_REGION: region,
    DATA_DIR: dataDir,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

/** The user data script for these settings, as text (RunInstances wants it base64-encoded). */
export function renderUserData(settings: AppSettings): string {
  assertSafe('bucket', settings.bucket, /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/);
  assertSafe('region', settings.region, /^[a-z]{2}(-[a-z]+)+-\d+$/);
  assertSafe('bundle key', settings.bundleKey, /^[A-Za-z0-9][A-Za-z0-9/_.-]*$/);
  const environment = Object.entries(appEnvironment(settings))
    .map(([name, value]) => `Environment=${name}=${value}`)
    .join('\n');
  const values: Record<string, string> = {
    __REGION__: settings.region,
    __BUCKET__: settings.bucket,
    __BUNDLE_KEY__: settings.bundleKey,
    __BUNDLE_FILE__: BUNDLE_FILE,
    __ENVIRONMENT__: environment,
  };
  return readFileSync(template, 'utf8').replace(/__[A-Z_]+__/g, (placeholder) => {
    const value = values[placeholder];
    if (value === undefined) throw new Error(`user-data.sh has an unknown placeholder ${placeholder}`);
    return value;
  });
}

/** The values go into single quotes and systemd lines: only characters that mean nothing there are let through. */
function assertSafe(what: string, value: string, pattern: RegExp): void {
  if (!pattern.test(value)) throw new Error(`The ${what} "${value}" cannot go into the user data: it has characters a shell or systemd would interpret`);
}
