// SDK v3 clients bound to one target and region, created on first use.
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

export interface ClientConfig {
  region: string;
  endpoint?: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  maxAttempts: number;
}

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

export function createClients(config: ClientConfig): Clients {
  const made: Partial<Clients> = {};
  const clients = {} as Clients;
  for (const name of Object.keys(constructors) as (keyof Clients)[]) {
    Object.defineProperty(clients, name, {
      enumerable: true,
      get() {
        if (!made[name]) made[name] = makeClient(name, config) as never;
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
