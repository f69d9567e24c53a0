// Billing metrics: AWS publishes AWS/Billing EstimatedCharges (Currency=USD), month to date, in us-east-1 only, and
// only after the account turns on "Receive Billing Alerts" in its billing preferences; no one else may publish into an
// AWS/ namespace. https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/monitor_estimated_charges_with_cloudwatch.html
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricData.html ("AWS/" is reserved)
// Turning the preference on locally publishes the metric with a day of data points; until then it does not exist.
// AWS offers no way to turn it off again; the gate does, for tests only, by hiding the account's billing metrics.
import { PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { invalidParameter, type AwsError } from './errors.js';
import type { IdentityStore } from './identity.js';
import type { GateRequest } from './request.js';

export const BILLING_REGION = 'us-east-1';
const BILLING_NAMESPACE = 'AWS/Billing';
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
      Namespace: BILLING_NAMESPACE,
      MetricData: points.map((at) => ({ MetricName: 'EstimatedCharges', Dimensions: [{ Name: 'Currency', Value: 'USD' }], Timestamp: at, Value: 0, Unit: 'None' })),
    }),
  );
  return { account, region: BILLING_REGION, points: points.length };
}

/**
 * Accounts whose billing alerts a test turned off. LocalStack cannot forget a metric, so the gate hides theirs: AWS/Billing
 * is left out of ListMetrics, and GetMetricStatistics on it answers no data points. Memory only: a gate started again
 * shows them again, as AWS would (there, once on, the preference stays on).
 */
export class HiddenBilling {
  private readonly off = new Set<string>();

  turnOff(account: string): void {
    this.off.add(account);
  }

  turnOn(account: string): void {
    this.off.delete(account);
  }

  /** Whether the answer to this request must lose the account's billing metrics. Binary (CBOR) answers are left alone. */
  hides(request: GateRequest, account: string): boolean {
    if (!this.off.has(account) || request.service !== 'monitoring' || !['json', 'query'].includes(request.protocol)) return false;
    if (request.operation === 'ListMetrics') return true;
    return request.operation === 'GetMetricStatistics' && request.params.Namespace === BILLING_NAMESPACE;
  }

  filter(request: GateRequest, answer: string): string {
    if (request.operation === 'ListMetrics') return request.protocol === 'json' ? listedJson(answer) : listedXml(answer);
    return request.protocol === 'json' ? JSON.stringify({ ...(JSON.parse(answer) as object), Datapoints: [] }) : answer.replace(/<Datapoints>[\s\S]*<\/Datapoints>/, '<Datapoints/>');
  }
}

function listedJson(answer: string): string {
  const parsed = JSON.parse(answer) as { Metrics?: { Namespace?: string }[] };
  return JSON.stringify({ ...parsed, Metrics: (parsed.Metrics ?? []).filter((m) => m.Namespace !== BILLING_NAMESPACE) });
}

/** The query protocol's <Metrics>: each metric a <member>, with its dimensions as nested <member>s. */
function listedXml(answer: string): string {
  const start = answer.indexOf('<Metrics>');
  const end = answer.indexOf('</Metrics>');
  if (start < 0 || end < 0) return answer;
  const inner = answer.slice(start + '<Metrics>'.length, end);
  const kept = topLevelMembers(inner).filter((member) => !member.includes(`<Namespace>${BILLING_NAMESPACE}</Namespace>`));
  return `${answer.slice(0, start)}<Metrics>${kept.join('')}${answer.slice(end)}`;
}

function topLevelMembers(xml: string): string[] {
  const members: string[] = [];
  const tag = /<(\/?)member>/g;
  let depth = 0;
  let from = 0;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    if (m[1] === '') {
      if (depth === 0) from = m.index;
      depth += 1;
    } else {
      depth -= 1;
      if (depth === 0) members.push(xml.slice(from, m.index + m[0].length));
    }
  }
  return members;
}
