// The LocalStack the workbook runs. 4.13.1 is the newest release whose source still runs on Python 3.11
// (the 2026.x releases need 3.12); requirements.txt pins every dependency as of its release, because newer
// cbor2, pyOpenSSL and twisted releases break it.
import { join } from 'node:path';
import { cacheDir, runnerDir } from '../paths.js';

export const LOCALSTACK_VERSION = '4.13.1';
export const LOCALSTACK_IMAGE = `localstack/localstack:${LOCALSTACK_VERSION}`;
export const DOCKER_CONTAINER = 'cloud-workbook-localstack';
export const SERVICES = ['iam', 'sts', 'ec2', 'cloudwatch', 'sns', 'sqs', 's3', 'ssm'];
export const requirementsFile = join(runnerDir, 'localstack', 'requirements.txt');

/** Everything host mode keeps, per pinned version, shared by every clone of the workbook. */
export function localstackHome(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheDir(env), `localstack-${LOCALSTACK_VERSION}`);
}
