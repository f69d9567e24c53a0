// Throttling (opt-in): a burst beyond an account's allowance for a service is refused with that service's throttling
// error; a naive client with no retries sees it, the SDK's standard retry with backoff gets every call through.
// https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html
import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { ListUsersCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientsAt, rootKeys, startTestGate, type TestGate } from './helpers.js';

const BURST = 5;
let gate: TestGate;

beforeAll(async () => {
  gate = await startTestGate(4628, { throttling: true }, { throttleBurst: BURST, throttleRatePerSecond: 10 });
});

afterAll(async () => {
  await gate.close();
});

async function outcomes(calls: Promise<unknown>[]): Promise<string[]> {
  return (await Promise.allSettled(calls)).map((r) => (r.status === 'fulfilled' ? 'ok' : `${(r.reason as Error).name} ${(r.reason as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode}`));
}

describe('throttling', () => {
  it('a burst beyond the allowance gets RequestLimitExceeded from EC2 and Throttling from IAM', async () => {
    const naive = clientsAt(gate.url, rootKeys('000000005900'));
    const ec2 = await outcomes(Array.from({ length: BURST * 3 }, () => naive.ec2.send(new DescribeVpcsCommand({}))));
    expect(ec2.filter((o) => o === 'ok').length).toBeLessThan(BURST * 2);
    expect(ec2).toContain('RequestLimitExceeded 503');
    const iam = await outcomes(Array.from({ length: BURST * 3 }, () => naive.iam.send(new ListUsersCommand({}))));
    expect(iam).toContain('Throttling 400');
  });

  it('each account has its own allowance, and the SDK retrying with backoff gets every call through', async () => {
    const patient = clientsAt(gate.url, rootKeys('000000005901'), 'us-east-1', 10);
    const ec2 = await outcomes(Array.from({ length: BURST * 3 }, () => patient.ec2.send(new DescribeVpcsCommand({}))));
    expect(ec2.every((o) => o === 'ok')).toBe(true);
  });

  it('off, nothing is refused (the default for students)', async () => {
    gate.configure({ behaviours: { throttling: false } });
    try {
      const naive = clientsAt(gate.url, rootKeys('000000005902'));
      expect((await outcomes(Array.from({ length: BURST * 3 }, () => naive.ec2.send(new DescribeVpcsCommand({}))))).every((o) => o === 'ok')).toBe(true);
    } finally {
      gate.configure({ behaviours: { throttling: true } });
    }
  });
});
