// SDK v3 clients bound to one target and region, created on first use, each call with time limits. A service's SDK
// package is loaded only when a lab or command says it uses that service (`loadServices`): loading all eight would
// cost every command half a second.
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { STSClient } from '@aws-sdk/client-sts';
import { StandardRetryStrategy } from '@smithy/core/retry';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, MetadataBearer, MiddlewareStack, RetryErrorInfo, StandardRetryToken } from '@smithy/types';
import type { Target } from './target.js';

export interface ClientConfig {
  region: string;
  endpoint?: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  maxAttempts: number;
  /**
   * `throttling`: only a throttled call is tried again. For calls sent once (a create whose answer may be lost is
   * looked up, not sent again): a throttled request was refused before anything was done, so sending it again is safe.
   */
  retryOnly?: 'throttling';
}

/** Told when a call succeeded only after the SDK retried it (throttling, a 5xx): the student should know. */
export type RetryNotice = (call: string, retries: number, waitedMs: number) => void;

export interface Clients {
  sts: STSClient;
  ec2: EC2Client;
  iam: IAMClient;
  s3: S3Client;
  ssm: SSMClient;
  cloudwatch: CloudWatchClient;
  sns: SNSClient;
  sqs: SQSClient;
}

export type ServiceName = keyof Clients;

/** One call a step makes, as the converge rules see it before it goes out. */
export interface InterceptedCall {
  service: ServiceName;
  /** e.g. `CreateVpcCommand` */
  command: string;
  input: object;
  /** Sends the call on, as it is or with another input. */
  send(input: object): Promise<object>;
}

/** Answers a call itself (reusing, updating, replacing) or sends it on; see lab-runner/converge/. */
export type Interceptor = (call: InterceptedCall) => Promise<object>;

export interface ClientHooks {
  onRetry?: RetryNotice;
  intercept?: Interceptor;
}

type Constructor<K extends ServiceName> = new (config: object) => Clients[K];

const packages: { [K in ServiceName]: () => Promise<Constructor<K>> } = {
  sts: async () => (await import('@aws-sdk/client-sts')).STSClient,
  ec2: async () => (await import('@aws-sdk/client-ec2')).EC2Client,
  iam: async () => (await import('@aws-sdk/client-iam')).IAMClient,
  s3: async () => (await import('@aws-sdk/client-s3')).S3Client,
  ssm: async () => (await import('@aws-sdk/client-ssm')).SSMClient,
  cloudwatch: async () => (await import('@aws-sdk/client-cloudwatch')).CloudWatchClient,
  sns: async () => (await import('@aws-sdk/client-sns')).SNSClient,
  sqs: async () => (await import('@aws-sdk/client-sqs')).SQSClient,
};

const loaded: { [K in ServiceName]?: Constructor<K> } = {};

export const SERVICE_NAMES = Object.keys(packages) as ServiceName[];

/** Loads the SDK packages of these services, once; clients of other services cannot be made until loaded. */
export async function loadServices(names: readonly ServiceName[]): Promise<void> {
  await Promise.all(names.map(async <K extends ServiceName>(name: K) => {
    (loaded as Record<K, Constructor<K>>)[name] ??= await packages[name]();
  }));
}

/**
 * A target that accepts a connection and never answers must not hang a lab: a connection gets 5 s, a quiet socket
 * 45 s (longer than SQS long polling's 20 s). The SDK retries 5xx and throttling itself, up to `maxAttempts`.
 * A slow network (or a test) can set other limits in the environment.
 */
function timeLimits(env: NodeJS.ProcessEnv = process.env): { connectionTimeout: number; requestTimeout: number; throwOnRequestTimeout: true } {
  const limit = (value: string | undefined, fallback: number) => (value && Number(value) > 0 ? Number(value) : fallback);
  return {
    connectionTimeout: limit(env.WORKBOOK_CONNECT_TIMEOUT_MS, 5_000),
    requestTimeout: limit(env.WORKBOOK_REQUEST_TIMEOUT_MS, 45_000),
    // Without it, this SDK only warns when a request passes its time limit, and goes on waiting.
    throwOnRequestTimeout: true,
  };
}

export function clientConfigFor(target: Pick<Target, 'endpoint' | 'credentials'>, region: string, maxAttempts = 6): ClientConfig {
  return { region, endpoint: target.endpoint, credentials: target.credentials, maxAttempts };
}

/** The same clients, but a call is tried again only when it is throttled; see `retryOnly`. */
export function onceConfig(config: ClientConfig): ClientConfig {
  return { ...config, retryOnly: 'throttling' };
}

class RetryOnlyThrottling extends StandardRetryStrategy {
  override refreshRetryTokenForRetry(token: StandardRetryToken, errorInfo: RetryErrorInfo): Promise<StandardRetryToken> {
    if (errorInfo.errorType !== 'THROTTLING') return Promise.reject(new Error('Only a throttled call is tried again'));
    return super.refreshRetryTokenForRetry(token, errorInfo);
  }
}

export function createClients(config: ClientConfig, hooks: ClientHooks = {}): Clients {
  const made: Partial<Record<ServiceName, unknown>> = {};
  const clients = {} as Clients;
  for (const name of SERVICE_NAMES) {
    Object.defineProperty(clients, name, {
      enumerable: true,
      get() {
        made[name] ??= withHooks(name, makeClient(name, config), hooks);
        return made[name];
      },
    });
  }
  return clients;
}

/** `quick`: a call that never waits on purpose (who am I), so a silent endpoint is given up on sooner. */
export function makeClient<K extends ServiceName>(name: K, config: ClientConfig, { quick = false } = {}): Clients[K] {
  const Client = (loaded as Partial<Record<K, Constructor<K>>>)[name];
  if (!Client) throw new Error(`The ${name} client is used but its service was not loaded: a lab lists the services it calls in \`services\`.`);
  // Path-style S3 addressing: a custom endpoint such as 127.0.0.1 has no per-bucket host names.
  const s3 = name === 's3' && config.endpoint ? { forcePathStyle: true } : {};
  const limits = timeLimits();
  const { retryOnly, ...sdkConfig } = config;
  const retry = retryOnly === 'throttling' ? { retryStrategy: new RetryOnlyThrottling(config.maxAttempts) } : {};
  return new Client({ ...sdkConfig, ...s3, ...retry, requestHandler: quick ? { ...limits, requestTimeout: Math.min(limits.requestTimeout, 10_000) } : limits });
}

function withHooks<C extends Clients[ServiceName]>(service: ServiceName, client: C, { onRetry, intercept }: ClientHooks): C {
  const stack = client.middlewareStack as unknown as MiddlewareStack<object, MetadataBearer>;
  if (intercept) {
    stack.add(
      (next, context) => async (args) => {
        const command = String(context.commandName ?? '');
        const call = { service, command, input: (args as { input: object }).input };
        const output = await intercept({
          ...call,
          send: async (input) => (await next({ ...args, input } as typeof args)).output,
        });
        return { output: output as MetadataBearer, response: undefined };
      },
      { step: 'initialize', name: 'workbookConverge', priority: 'high' },
    );
  }
  if (onRetry) {
    stack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        const { attempts = 1, totalRetryDelay = 0 } = result.output.$metadata ?? {};
        if (attempts > 1) onRetry(`${context.clientName ?? ''} ${context.commandName ?? ''}`.trim(), attempts - 1, totalRetryDelay);
        return result;
      },
      { step: 'initialize', name: 'workbookRetryNotice' },
    );
  }
  return client;
}
