// AWS/Billing EstimatedCharges (Currency=USD) exists in us-east-1 only once the account's "Receive Billing Alerts"
// preference is on; no one may publish into AWS/ namespaces. A naive client that assumes the metric, or makes it itself,
// is told no; turning the preference on (the gate's admin call, which the CLI uses) makes it exist with data points.
import { ListMetricsCommand, PutMetricDataCommand, type CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { turnOnBillingAlerts } from '../../lab-runner/gate/client.js';
import { billingPoints, clientsAt, failure, rootKeys, startTestGate, type TestGate } from './helpers.js';

// The preference, once on, stays on for the life of the LocalStack: each run takes an account of 5700–5799 of its own.
const ACCOUNT = `0000000057${String(Math.floor(Date.now() / 1000) % 100).padStart(2, '0')}`;
let gate: TestGate;
let east: CloudWatchClient;

beforeAll(async () => {
  gate = await startTestGate(4626);
  east = clientsAt(gate.url, rootKeys(ACCOUNT)).cloudwatch;
});

afterAll(async () => {
  await gate.close();
});

const billingMetrics = (cw: CloudWatchClient) =>
  cw.send(new ListMetricsCommand({ Namespace: 'AWS/Billing', MetricName: 'EstimatedCharges', Dimensions: [{ Name: 'Currency', Value: 'USD' }] })).then((r) => r.Metrics ?? []);

describe('billing metrics', () => {
  it('a naive client cannot publish the billing metric itself', async () => {
    const put = () => east.send(new PutMetricDataCommand({ Namespace: 'AWS/Billing', MetricData: [{ MetricName: 'EstimatedCharges', Dimensions: [{ Name: 'Currency', Value: 'USD' }], Value: 1 }] }));
    expect(await failure(put())).toMatchObject({ code: 'InvalidParameterValue', status: 400, message: 'The value AWS/Billing for parameter Namespace is invalid.' });
  });

  it('the metric does not exist until billing alerts are turned on, then exists in us-east-1 only, with data points', async () => {
    expect(await billingMetrics(east)).toEqual([]);
    const on = await turnOnBillingAlerts(gate.url, ACCOUNT);
    expect(on).toMatchObject({ account: ACCOUNT, region: 'us-east-1' });
    expect(await billingMetrics(east)).toEqual([{ Namespace: 'AWS/Billing', MetricName: 'EstimatedCharges', Dimensions: [{ Name: 'Currency', Value: 'USD' }] }]);
    expect((await billingPoints(east)).length).toBeGreaterThanOrEqual(4);
    expect(await billingMetrics(clientsAt(gate.url, rootKeys(ACCOUNT), 'eu-west-1').cloudwatch)).toEqual([]);
  });

  it('turning it on needs a 12-digit account id', async () => {
    await expect(turnOnBillingAlerts(gate.url, 'nobody')).rejects.toThrow(/12-digit account id/);
  });
});
