// For tests only, the gate turns an account's billing alerts off again (AWS cannot): its AWS/Billing metrics are hidden
// from ListMetrics and GetMetricStatistics, in JSON (the SDK) and in the query protocol (the aws CLI), until they are
// turned on again. Other accounts, and the account's other metrics, are untouched.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ListMetricsCommand, PutMetricDataCommand, type CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { turnOffBillingAlerts, turnOnBillingAlerts } from '../../lab-runner/gate/client.js';
import { billingPoints, clientsAt, rootKeys, startTestGate, type TestGate } from './helpers.js';

const ACCOUNT = '000000004001';
const NEIGHBOUR = '000000004002';
const OWN_NAMESPACE = 'Workbook/Test';
let gate: TestGate;
let east: CloudWatchClient;

beforeAll(async () => {
  gate = await startTestGate(4629);
  east = clientsAt(gate.url, rootKeys(ACCOUNT)).cloudwatch;
  await Promise.all([turnOnBillingAlerts(gate.url, ACCOUNT), turnOnBillingAlerts(gate.url, NEIGHBOUR)]);
  await east.send(new PutMetricDataCommand({ Namespace: OWN_NAMESPACE, MetricData: [{ MetricName: 'Visits', Dimensions: [{ Name: 'Page', Value: 'home' }], Value: 1 }] }));
});

afterAll(async () => {
  await gate.close();
});

const namespaces = async (cw: CloudWatchClient) => [...new Set(((await cw.send(new ListMetricsCommand({}))).Metrics ?? []).map((m) => m.Namespace))].sort();


/** `aws cloudwatch list-metrics` as a student types it: the query protocol, answered in XML. */
async function cliNamespaces(account: string): Promise<string[]> {
  const env = { ...process.env, AWS_ACCESS_KEY_ID: account, AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1' };
  const { stdout } = await promisify(execFile)('aws', ['--endpoint-url', gate.url, 'cloudwatch', 'list-metrics', '--output', 'json'], { env });
  return [...new Set((JSON.parse(stdout) as { Metrics: { Namespace: string }[] }).Metrics.map((m) => m.Namespace))].sort();
}

describe('billing alerts turned off for a test', () => {
  it('hides the billing metric of that account only, keeps its other metrics, and shows it again once turned on', async () => {
    expect(await namespaces(east)).toEqual(['AWS/Billing', OWN_NAMESPACE]);
    await turnOffBillingAlerts(gate.url, ACCOUNT);
    expect(await namespaces(east)).toEqual([OWN_NAMESPACE]);
    expect(await cliNamespaces(ACCOUNT)).toEqual([OWN_NAMESPACE]);
    expect(await billingPoints(east)).toEqual([]);
    const neighbour = clientsAt(gate.url, rootKeys(NEIGHBOUR)).cloudwatch;
    expect(await namespaces(neighbour)).toEqual(['AWS/Billing']);
    expect((await billingPoints(neighbour)).length).toBeGreaterThan(0);

    await turnOnBillingAlerts(gate.url, ACCOUNT);
    expect(await namespaces(east)).toEqual(['AWS/Billing', OWN_NAMESPACE]);
    expect(await cliNamespaces(ACCOUNT)).toEqual(['AWS/Billing', OWN_NAMESPACE]);
    expect((await billingPoints(east)).length).toBeGreaterThan(0);
  });

  it('needs a 12-digit account id', async () => {
    await expect(turnOffBillingAlerts(gate.url, 'nobody')).rejects.toThrow(/12-digit account id/);
  });
});
