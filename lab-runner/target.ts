// Which cloud a command talks to: LocalStack (default), a real AWS account, or any AWS-compatible endpoint.
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { UserError } from './errors.js';
import { localstackEndpoint } from './localstack/endpoint.js';
import { isKnownRegion } from './regions.js';

export type TargetName = 'localstack' | 'aws' | 'endpoint';

export interface TargetOptions {
  target?: string;
  endpoint?: string;
  profile?: string;
  region?: string;
}

export interface Target {
  name: TargetName;
  /** Undefined for AWS: the SDK picks each service's own endpoint. */
  endpoint?: string;
  profile?: string;
  region: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** A short label for reports and the state file, e.g. `localstack http://127.0.0.1:4566`. */
  label: string;
}

const DEFAULT_LOCAL_REGION = 'us-east-1';

export async function resolveTarget(options: TargetOptions, env: NodeJS.ProcessEnv = process.env): Promise<Target> {
  const name = targetName(options);
  if (name === 'aws') return awsTarget(options, env);
  const endpoint = name === 'endpoint' ? parseEndpoint(options.endpoint ?? '') : parseEndpoint(localstackEndpoint(env));
  const region = checkRegion(options.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || DEFAULT_LOCAL_REGION);
  const credentials = options.profile ? profileCredentials(options.profile) : localCredentials(env);
  return { name, endpoint, profile: options.profile, region, credentials, label: `${name} ${endpoint}` };
}

function targetName(options: TargetOptions): TargetName {
  const target = options.target ?? 'localstack';
  if (target !== 'localstack' && target !== 'aws') {
    throw new UserError(`Unknown target "${target}".`, 'Use --target localstack (the default) or --target aws, or --endpoint URL.');
  }
  if (!options.endpoint) return target;
  if (target === 'aws') throw new UserError('--target aws and --endpoint cannot be used together.', 'Drop --endpoint to use AWS itself.');
  return 'endpoint';
}

export function parseEndpoint(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UserError(`"${raw}" is not a URL.`, 'Give the endpoint as http://host:port, for example http://127.0.0.1:4566.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UserError(`Endpoint "${raw}" must start with http:// or https://.`);
  }
  return url.origin;
}

function checkRegion(region: string): string {
  if (!isKnownRegion(region)) {
    throw new UserError(`Unknown region "${region}".`, 'Use a region code such as us-east-1 or eu-west-1.');
  }
  return region;
}

/** LocalStack accepts any keys; a 12-digit access key id selects that account, which tests use to keep apart. */
function localCredentials(env: NodeJS.ProcessEnv): AwsCredentialIdentity {
  return {
    accessKeyId: env.AWS_ACCESS_KEY_ID || 'test',
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY || 'test',
    ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
  };
}

function profileCredentials(profile: string): AwsCredentialIdentityProvider {
  return fromIni({ profile });
}

async function awsTarget(options: TargetOptions, env: NodeJS.ProcessEnv): Promise<Target> {
  const profile = options.profile || env.AWS_PROFILE || undefined;
  const region = checkRegion(options.region || (await configuredRegion(profile)) || '');
  const credentials = profile ? profileCredentials(profile) : fromNodeProviderChain();
  return { name: 'aws', profile, region, credentials, label: `aws${profile ? ` profile ${profile}` : ''}` };
}

async function configuredRegion(profile: string | undefined): Promise<string | undefined> {
  // The SDK reads the region the same way the aws CLI does: environment, then the profile's config.
  try {
    return await new STSClient({ profile }).config.region();
  } catch {
    throw new UserError('No region is set for --target aws.', 'Pass --region (for example --region eu-west-1) or set one with `aws configure`.');
  }
}
