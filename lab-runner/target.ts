// Which cloud a command talks to: LocalStack (default), a real AWS account, or any AWS-compatible endpoint.
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
  /** Undefined for AWS: the SDK picks each service's own endpoint (or AWS_ENDPOINT_URL, as the aws CLI does). */
  endpoint?: string;
  profile?: string;
  region: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** A short label for reports, e.g. `localstack http://127.0.0.1:4566`. */
  label: string;
}

const DEFAULT_LOCAL_REGION = 'us-east-1';

export async function resolveTarget(options: TargetOptions, env: NodeJS.ProcessEnv = process.env): Promise<Target> {
  const name = targetName(options);
  if (name === 'aws') return awsTarget(options, env);
  const endpoint = name === 'endpoint' ? parseEndpoint(options.endpoint ?? '') : parseEndpoint(localstackEndpoint(env));
  const region = checkRegion(options.region || envRegion(env) || DEFAULT_LOCAL_REGION);
  const credentials = options.profile ? fromProfile(options.profile) : localCredentials(env);
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

/** As the aws CLI reads them: AWS_REGION first, then AWS_DEFAULT_REGION (the SDK alone reads only the first). */
function envRegion(env: NodeJS.ProcessEnv): string | undefined {
  return env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
}

/** Keys from the environment. LocalStack accepts any; a 12-digit access key id selects that account. */
function localCredentials(env: NodeJS.ProcessEnv): AwsCredentialIdentity {
  return {
    accessKeyId: env.AWS_ACCESS_KEY_ID || 'test',
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY || 'test',
    ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
  };
}

/**
 * The aws CLI's order: --profile, then keys in the environment, then AWS_PROFILE (and SSO, the config files, a role
 * on an instance). The printed `aws` commands then act as the same identity the lab does.
 */
async function awsTarget(options: TargetOptions, env: NodeJS.ProcessEnv): Promise<Target> {
  const keysInEnv = Boolean(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY);
  const profile = options.profile || (keysInEnv ? undefined : env.AWS_PROFILE) || undefined;
  const settings = await profileSettings(profile ?? env.AWS_PROFILE ?? 'default', env);
  const region = checkRegion(options.region || envRegion(env) || settings.region || (await configuredRegion(profile)) || '');
  const credentials = options.profile ? fromProfile(options.profile) : keysInEnv ? localCredentials(env) : fromDefaultChain();
  const who = options.profile ? ` profile ${options.profile}` : keysInEnv ? ' (keys from the environment)' : profile ? ` profile ${profile}` : '';
  // AWS_ENDPOINT_URL, else the profile's endpoint_url, points every service elsewhere, as for the aws CLI: a class
  // rehearsed on LocalStack, a stand-in for AWS in tests (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html).
  const ignoreConfigured = /^true$/i.test(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? settings.ignore_configured_endpoint_urls ?? '');
  const configured = env.AWS_ENDPOINT_URL || (ignoreConfigured ? undefined : settings.endpoint_url);
  const endpoint = configured ? parseEndpoint(configured) : undefined;
  return { name: 'aws', profile, region, credentials, label: `aws${who}`, ...(endpoint ? { endpoint } : {}) };
}

/** The profile's own lines in the config file that AWS_CONFIG_FILE (or ~/.aws/config) names. */
async function profileSettings(profile: string, env: NodeJS.ProcessEnv): Promise<Record<string, string | undefined>> {
  const { loadSharedConfigFiles } = await import('@smithy/core/config');
  try {
    const { configFile } = await loadSharedConfigFiles({ configFilepath: env.AWS_CONFIG_FILE, filepath: env.AWS_SHARED_CREDENTIALS_FILE, ignoreCache: true });
    return configFile[profile] ?? {};
  } catch {
    return {};
  }
}

async function configuredRegion(profile: string | undefined): Promise<string | undefined> {
  // The SDK reads the profile's region from the config files the same way the aws CLI does.
  const { STSClient } = await import('@aws-sdk/client-sts');
  try {
    return await new STSClient({ profile }).config.region();
  } catch {
    throw new UserError('No region is set for --target aws.', 'Pass --region (for example --region eu-west-1), set AWS_REGION, or set one with `aws configure`.');
  }
}

type CredentialProviders = typeof import('@aws-sdk/credential-providers');

/**
 * A provider from @aws-sdk/credential-providers, loaded when it is first asked for credentials: a local run with keys
 * in the environment never needs the package (tens of milliseconds of each command's start).
 */
function loadedWhenAsked(make: (providers: CredentialProviders) => AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
  let provider: Promise<AwsCredentialIdentityProvider> | undefined;
  return async (properties) => (await (provider ??= import('@aws-sdk/credential-providers').then(make)))(properties);
}

function fromProfile(profile: string): AwsCredentialIdentityProvider {
  return loadedWhenAsked(({ fromIni }) => fromIni({ profile }));
}

function fromDefaultChain(): AwsCredentialIdentityProvider {
  return loadedWhenAsked(({ fromNodeProviderChain }) => fromNodeProviderChain());
}
