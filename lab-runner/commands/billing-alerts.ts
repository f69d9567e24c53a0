// `lab billing-alerts on`: on the local cloud, what "Receive CloudWatch billing alerts" does on AWS: the account starts
// publishing AWS/Billing EstimatedCharges in us-east-1. The gate keeps that setting per account (and, as AWS, lets
// nobody publish into AWS/ namespaces); a LocalStack without the gate gets the metric published directly. On AWS it
// can only be switched on in the Billing console.
import { clientConfigFor, loadServices, makeClient } from '../clients.js';
import { UserError } from '../errors.js';
import { gateStatus, turnOnBillingAlerts } from '../gate/client.js';
import type { Session } from '../session.js';
import { type CommonOptions, session } from './common.js';
import { out } from './out.js';

export async function billingAlerts(state: string, o: CommonOptions): Promise<void> {
  if (state !== 'on') throw new UserError(`"${state}" is not a state billing alerts can be switched to here.`, 'Use: npx lab billing-alerts on');
  const s = await session(o);
  if (s.target.name === 'aws') {
    throw new UserError(
      'On AWS, billing alerts are switched on in the console, by the root user or an IAM identity with billing access.',
      'Billing and Cost Management → Billing preferences → Alert preferences → "Receive CloudWatch billing alerts".',
    );
  }
  await switchOn(s);
  out(`Billing alerts are on for account ${s.account}: AWS/Billing EstimatedCharges (Currency=USD) is published in us-east-1.`);
}

async function switchOn(s: Session): Promise<void> {
  const endpoint = s.target.endpoint ?? '';
  if (await gateStatus(endpoint)) {
    await turnOnBillingAlerts(endpoint, s.account);
    return;
  }
  await loadServices(['cloudwatch']);
  const { PutMetricDataCommand } = await import('@aws-sdk/client-cloudwatch');
  const cloudwatch = makeClient('cloudwatch', clientConfigFor(s.target, 'us-east-1'));
  await cloudwatch.send(
    new PutMetricDataCommand({ Namespace: 'AWS/Billing', MetricData: [{ MetricName: 'EstimatedCharges', Dimensions: [{ Name: 'Currency', Value: 'USD' }], Value: 0, Unit: 'None' }] }),
  );
}
