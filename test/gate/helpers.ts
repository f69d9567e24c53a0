// A gate of a test's own, on a port of its own, in front of the suite's LocalStack itself (behind the suite's gate
// when there is one), and SDK clients that act as an account's root or as a key the test made.
import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { gateStatus } from '../../lab-runner/gate/client.js';
import { startGate, type Gate } from '../../lab-runner/gate/server.js';
import type { Behaviours, Tuning } from '../../lab-runner/gate/behaviours.js';
import { localstackEndpoint } from '../../lab-runner/localstack/endpoint.js';

/** The LocalStack that answers the suite: behind the suite's gate if there is one, else at the endpoint itself. */
export async function rawLocalStack(): Promise<string> {
  const endpoint = localstackEndpoint();
  return (await gateStatus(endpoint))?.upstream ?? endpoint;
}

export interface TestGate extends Gate {
  /** The lines the gate logged. */
  logged: string[];
}

export async function startTestGate(port: number, behaviours: Partial<Behaviours> = {}, tuning: Partial<Tuning> = {}): Promise<TestGate> {
  const logged: string[] = [];
  const gate = await startGate({ port, upstream: await rawLocalStack(), behaviours, tuning, log: (line) => logged.push(line) });
  return Object.assign(gate, { logged });
}

export function rootKeys(account: string): AwsCredentialIdentity {
  return { accessKeyId: account, secretAccessKey: 'test' };
}

export interface TestClients {
  iam: IAMClient;
  sts: STSClient;
  s3: S3Client;
  ec2: EC2Client;
  sqs: SQSClient;
  sns: SNSClient;
  cloudwatch: CloudWatchClient;
}

/** SDK clients at `endpoint`, with the given keys; one attempt unless told, so a refusal is seen as it is. */
export function clientsAt(endpoint: string, credentials: AwsCredentialIdentity, region = 'us-east-1', maxAttempts = 1): TestClients {
  const config = { endpoint, credentials, region, maxAttempts };
  return {
    iam: new IAMClient(config),
    sts: new STSClient(config),
    s3: new S3Client({ ...config, forcePathStyle: true }),
    ec2: new EC2Client(config),
    sqs: new SQSClient(config),
    sns: new SNSClient(config),
    cloudwatch: new CloudWatchClient(config),
  };
}

/**
 * The error a call failed with: its name, its message, its HTTP status, and its code — for JSON services that were
 * once query services (CloudWatch, SQS) the SDK names the error by its JSON type and keeps the query code in `Code`.
 */
export async function failure(call: Promise<unknown>): Promise<{ name: string; code: string; message: string; status?: number }> {
  try {
    await call;
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number }; Code?: string };
    return { name: e.name, code: e.Code ?? e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail, and it succeeded');
}

/** The data points of AWS/Billing EstimatedCharges (Currency=USD) over the last two days, as an alarm on it reads them. */
export async function billingPoints(cw: CloudWatchClient) {
  const { Datapoints = [] } = await cw.send(
    new GetMetricStatisticsCommand({
      Namespace: 'AWS/Billing',
      MetricName: 'EstimatedCharges',
      Dimensions: [{ Name: 'Currency', Value: 'USD' }],
      StartTime: new Date(Date.now() - 2 * 86_400_000),
      EndTime: new Date(Date.now() + 60_000),
      Period: 21_600,
      Statistics: ['Maximum'],
    }),
  );
  return Datapoints;
}
