// Billing metrics: AWS publishes AWS/Billing EstimatedCharges (Currency=USD), month to date, in us-east-1 only, and
// only after the account turns on "Receive Billing Alerts" in its billing preferences; no one else may publish into an
// AWS/ namespace. https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/monitor_estimated_charges_with_cloudwatch.html
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricData.html ("AWS/" is reserved)
// Turning the preference on locally publishes the metric with a day of data points; until then it does not exist.
import { PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { invalidParameter, type AwsError } from './errors.js';
import type { IdentityStore } from './identity.js';
import type { GateRequest } from './request.js';

export const BILLING_REGION = 'us-east-1';
const HOURS_OF_DATA = 24;
const EVERY_HOURS = 6;

/** PutMetricData into an AWS/ namespace is AWS's alone. */
export function refuseAwsNamespace(request: GateRequest): AwsError | undefined {
  if (request.service !== 'monitoring' || request.operation !== 'PutMetricData') return undefined;
  const namespace = request.params.Namespace ?? '';
  if (!namespace.startsWith('AWS/')) return undefined;
  return invalidParameter('InvalidParameterValue', `The value ${namespace} for parameter Namespace is invalid.`);
}

/**
 * The local stand-in for the console's "Receive Billing Alerts": publishes EstimatedCharges for Currency=USD in
 * us-east-1, one point every six hours over the last day, each the month-to-date charge of a local cloud (0 USD).
 */
export async function turnOnBillingAlerts(store: IdentityStore, account: string): Promise<{ account: string; region: string; points: number }> {
  const now = Date.now();
  const points = Array.from({ length: HOURS_OF_DATA / EVERY_HOURS + 1 }, (_, i) => new Date(now - (HOURS_OF_DATA - i * EVERY_HOURS) * 3_600_000));
  await store.rootClients(account, BILLING_REGION).cloudwatch.send(
    new PutMetricDataCommand({
      Namespace: 'AWS/Billing',
      MetricData: points.map((at) => ({ MetricName: 'EstimatedCharges', Dimensions: [{ Name: 'Currency', Value: 'USD' }], Timestamp: at, Value: 0, Unit: 'None' })),
    }),
  );
  return { account, region: BILLING_REGION, points: points.length };
}
