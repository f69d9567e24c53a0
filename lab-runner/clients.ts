// SDK v3 clients bound to one target and region, created on first use.
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, MetadataBearer, MiddlewareStack } from '@smithy/types';

export interface ClientConfig {
  region: string;
  endpoint?: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  maxAttempts: number;
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

const constructors = {
  sts: STSClient,
  ec2: EC2Client,
  iam: IAMClient,
  s3: S3Client,
  ssm: SSMClient,
  cloudwatch: CloudWatchClient,
  sns: SNSClient,
  sqs: SQSClient,
};

export function createClients(config: ClientConfig, onRetry?: RetryNotice): Clients {
  const made: Partial<Clients> = {};
  const clients = {} as Clients;
  for (const name of Object.keys(constructors) as (keyof Clients)[]) {
    Object.defineProperty(clients, name, {
      enumerable: true,
      get() {
        if (!made[name]) made[name] = withRetryNotice(makeClient(name, config), onRetry) as never;
        return made[name];
      },
    });
  }
  return clients;
}

function makeClient<K extends keyof Clients>(name: K, config: ClientConfig): Clients[K] {
  const Client = constructors[name] as unknown as new (c: object) => Clients[K];
  // Path-style S3 addressing: a custom endpoint such as 127.0.0.1 has no per-bucket host names.
  const s3 = name === 's3' && config.endpoint ? { forcePathStyle: true } : {};
  return new Client({ ...config, ...s3 });
}

function withRetryNotice<C extends Clients[keyof Clients]>(client: C, onRetry: RetryNotice | undefined): C {
  if (!onRetry) return client;
  const stack = client.middlewareStack as unknown as MiddlewareStack<object, MetadataBearer>;
  stack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const { attempts = 1, totalRetryDelay = 0 } = result.output.$metadata ?? {};
      if (attempts > 1) onRetry(`${context.clientName ?? ''} ${context.commandName ?? ''}`.trim(), attempts - 1, totalRetryDelay);
      return result;
    },
    { step: 'initialize', name: 'workbookRetryNotice' },
  );
  return client;
}
