// What "Receive CloudWatch billing alerts" does on AWS, done for a test account the way `npx lab billing-alerts on`
// does it on the gated local cloud: AWS/Billing EstimatedCharges then exists in us-east-1. Nobody may publish it
// themselves, as on AWS.
import { turnOnBillingAlerts } from '../../lab-runner/gate/client.js';
import { localstackEndpoint } from '../../lab-runner/localstack/endpoint.js';

export async function billingAlertsOn(account: string): Promise<void> {
  await turnOnBillingAlerts(localstackEndpoint(), account);
}
